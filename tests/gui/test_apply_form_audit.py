"""The form, review, consent and photo screens of an application pass the accessibility audit
(kiosk.ui.tools.audit) in every presentation and both languages on the landscape terminal, and
in normal and elder mode on the compact and the portrait one: the tour's own steps, through
the journey's real screens."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import QApplication

from kiosk.ui.tools.audit import audit_tour, format_table
from kiosk.ui.tools.tour import DEFAULT_SIZE
from kiosk.ui.tools.tour_apply import APPLY_STEPS

AUDITED = ("apply-photo", "apply-form", "apply-form-errors", "apply-review", "apply-consent")
STEPS = [step for step in APPLY_STEPS if step.name in AUDITED]


@pytest.mark.timeout(600)  # every screen in every presentation and language
def test_the_form_screens_pass_the_audit_in_each_presentation(qapp: QApplication) -> None:
    assert [step.name for step in STEPS] == list(AUDITED)
    report = audit_tour(size=DEFAULT_SIZE, steps=STEPS)
    assert report.windows == 3 * 2 * len(STEPS)
    assert report.findings == [], "\n" + format_table(report)


@pytest.mark.timeout(600)  # every screen in every presentation and language
@pytest.mark.parametrize("size", [QSize(1366, 768), QSize(1080, 1920)], ids=["compact", "portrait"])
def test_the_form_screens_pass_the_audit_on_smaller_terminals(
    qapp: QApplication, size: QSize
) -> None:
    report = audit_tour(size=size, modes=("normal", "elder"), steps=STEPS)
    assert report.findings == [], "\n" + format_table(report)
