"""Technician mode's Qt-free services: the PIN and its lockout, the audit log, the terminal's
status, the outbox's dead letters, settings, logs and imports from a USB drive. The screens
(``kiosk.ui.screens.tech_*``) and the command line (``kiosk technician``, ``kiosk status``,
``kiosk audit``) call the same services, which the terminal (``kiosk.terminal``) builds."""
