"""The reference government service platform: a real HTTP server implementing the platform API.

It lets the kiosk be demonstrated, tested and load-tested end to end without a real government
backend, and documents the API by a working implementation. It never imports ``kiosk.ui``.
"""
