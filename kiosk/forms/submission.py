"""The platform's check of an opened application's form against the catalogue item.

``check_submission(item, form_json, role=..., identity=..., today=...)`` returns every problem
of the ``"form"`` object of an application: keys the item does not ask of that role (or
identity), answers of the wrong JSON shape (``INVALID``), required answers missing and each
answer's own problem (``kiosk.forms.check``). The terminal checks the same before it sends, so
a citizen never meets a refusal from here; what comes back is for a technician: keys and
problem names, never values. Anything may arrive: nothing raises.

Thread contract: pure; any thread.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from kiosk.domain.catalog import ApplicantRole, CatalogItem, IdentityKind
from kiosk.forms.check import check_field
from kiosk.forms.form import fields_for
from kiosk.forms.problems import FieldError, FieldProblem
from kiosk.forms.values import FormDataError, empty_value, from_json

MAX_KEY_CHARS = 40  # a field key's longest (catalogue FieldKey); a longer key is cut in errors


def _shown_key(key: object) -> str:
    text = key if isinstance(key, str) else repr(key)
    return text if len(text) <= MAX_KEY_CHARS else text[:MAX_KEY_CHARS] + "…"


def check_submission(
    item: CatalogItem,
    form_json: Mapping[str, object],
    *,
    role: ApplicantRole,
    today: date,
    identity: IdentityKind = "eid",
) -> list[FieldError]:
    """Every problem of ``form_json`` as ``item``'s form for ``role`` (see the module)."""
    fields = fields_for(item, role, identity)
    asked = {field.key for field in fields}
    errors = [
        FieldError(_shown_key(key), FieldProblem.UNKNOWN_FIELD)
        for key in form_json
        if key not in asked
    ]
    for field in fields:
        if field.key in form_json:
            try:
                value = from_json(field, form_json[field.key])
            except FormDataError:
                errors.append(FieldError(field.key, FieldProblem.INVALID))
                continue
        else:
            value = empty_value(field)
        error = check_field(field, value, today=today)
        if error is not None:
            errors.append(error)
    return errors
