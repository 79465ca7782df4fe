"""The on-screen keyboard inside the kiosk window.

- ``environment``: what Qt must be told before the ``QApplication`` exists (the virtual keyboard
  as input method, no separate keyboard window, the QML disk cache in a kiosk folder).
- ``fields``: ``configure_field(line_edit, FieldKind.X)``, the one way a journey prepares a text
  field (input hints, privacy, validator, which keyboard shows).
- ``host``: ``KeyboardDock``, the strip at the bottom of the main window that shows either Qt
  Virtual Keyboard (pinyin, English, digits, phone pad; loaded asynchronously after the first
  paint) or the kiosk's own keypad; it takes room in the window's layout and scrolls the edited
  field into view, so the keyboard never covers it.
- ``keypad``: the keypad for identity numbers (0-9, X) and unified social credit codes.
- ``tryout``: the ``kiosk keyboard-test`` window and ``show_pinyin_candidates`` (for the tour).

Thread contract: GUI thread only.
"""
