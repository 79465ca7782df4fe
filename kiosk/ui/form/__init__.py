"""The widgets of an application form (Qt): one editor per field type, the row around it, and
the words for what a citizen entered.

- ``words``: a field's problem (``kiosk.forms.problems``) in the session's language, and the
  "verified from ..." mark of a locked field;
- ``display``: a value in words (a choice's label, an address's region names, a date in words),
  for the review and for a locked field;
- ``pickers``: a grid of large choice buttons and a button that opens a picker;
- ``editors``: the editor of each field type (a text field with the right on-screen keyboard,
  big radio buttons or a list, ``date`` and ``address`` pickers);
- ``row``: a field with its label, help, editor or verified value, and its problem.

Every value goes to the journey's ``FormModel`` as it changes (the screens do that); the widgets
hold only what is shown. Thread contract: GUI thread only.
"""
