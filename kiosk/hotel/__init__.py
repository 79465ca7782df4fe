"""The hotel desk's Qt-free core: a guest as a verified e-ID names them, a room's stay and the
rules for saving it (minors, duplicates), the report to the platform, and the desk's register
with its retention. Journeys (``kiosk.journeys.desk``) and the platform build on it."""
