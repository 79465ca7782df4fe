"""The Qt Widgets user interface: thin screens over the Qt-free journeys.

The only package (with the Qt device adapters) that imports PySide6.
"""
