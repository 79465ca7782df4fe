"""Devices: camera frame sources, QR decoding, receipt printers.

Each device is a ``typing.Protocol`` with a real driver and a shipped fake with fault injection.
Only the adapters under ``kiosk.devices.qt`` may import Qt.
"""
