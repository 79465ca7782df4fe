"""Application forms, Qt-free: the values, their checks, the regions of the address pickers,
the form a citizen fills in and the platform's check of a submitted one.

``problems`` (what can be wrong, as translatable texts), ``regions`` (GB/T 2260 divisions),
``values`` (a form value and its JSON), ``check`` (normalise and check one answer, an age rule,
a whole form), ``form`` (the fields asked and the answers of one visit), ``submission`` (what
the platform runs on an opened application). Imports only kiosk.domain and kiosk.runtime.
"""
