"""Signed e-ID and e-licence credentials: codec, COSE verification, trust list. No Qt."""
