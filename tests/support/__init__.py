"""Helpers shared by the test tiers (no Qt here)."""
