"""Spoken prompts: the catalogue of recordings, what each screen says, the placeholder build
and the guide that decides when to speak. Qt-free; played through ``kiosk.devices.speaker``."""
