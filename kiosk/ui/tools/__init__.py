"""Qt tools that are not screens of the kiosk: the screenshot tour (``kiosk tour``), the Qt
probe run by ``kiosk doctor`` in a child process, and the live camera measurement of
``kiosk scan-test``. They import Qt, so they live under ``kiosk.ui``; nothing in the kiosk's
own window imports them."""
