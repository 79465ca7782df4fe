"""Reusable kiosk widgets: labels and buttons by role, tiles, header, footer, idle overlay."""
