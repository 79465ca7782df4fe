"""The form a citizen fills in at the terminal: the fields asked, the answers, what is locked.

``fields_for(items, role, identity)`` is the list of fields asked of an applicant in ``role``
who identified with ``identity`` (``"eid"`` or ``"e-resident"``): each item's
``CatalogItem.fields_for(role, identity)``, the fields whose ``roles`` are empty or hold
``role``, without those prefilled from the other identity credential (an e-ID applicant has no
resident card number to give, an overseas resident no resident identity number). For a bundle
(several items), the fields are merged by key: the first item's field with a key is the one
asked; the same answer goes to every item that asks that key.

``FormModel`` holds the answers of one visit. ``prefill(sources)`` fills the fields that the
catalogue prefills from a verified credential, and locks them: ``sources`` maps a credential
code (``"eid"``, ``"e-resident"``, ``"business-licence"``) to a getter of its claims (``name``,
``id_number``, ``birth_date``, ``holder_name``, ``holder_identifier``, ``field.<key>``: None
when the credential does not carry it). A locked answer cannot be changed (``set`` ignores it)
and ``locked(key)`` names the credential it came from, for the "verified" mark; a claim that
fails the field's own check is filled in but left unlocked, for the citizen to correct. ``set``
normalises what was typed and returns the field's problem at once; ``errors()`` checks every
field; ``payload(item)`` is the JSON of the answers one item asks (absent: not answered).
``wipe()`` forgets every answer and lock: the model holds the citizen's data and nothing else
keeps a copy.

Thread contract: a FormModel belongs to the thread that drives the journey (not thread-safe);
``fields_for`` is pure.
"""

from __future__ import annotations

from collections.abc import Callable, Container, Iterable, Mapping
from datetime import date

from kiosk.domain.catalog import ApplicantRole, CatalogItem, FormField, IdentityKind
from kiosk.forms.check import check_field, check_form, normalise
from kiosk.forms.problems import FieldError
from kiosk.forms.values import Address, FormValue, JsonValue, empty_value, is_empty, to_json

ClaimGetter = Callable[[str], str | date | None]
"""A verified credential's claim by name (``"name"``, ``"field.legal_representative"``), or
None when the credential does not carry it."""


def fields_for(
    items: CatalogItem | Iterable[CatalogItem],
    role: ApplicantRole,
    identity: IdentityKind = "eid",
) -> tuple[FormField, ...]:
    """The fields asked of ``role`` identified with ``identity`` (the module says which)."""
    chosen: dict[str, FormField] = {}
    for item in (items,) if isinstance(items, CatalogItem) else items:
        for field in item.fields_for(role, identity):
            chosen.setdefault(field.key, field)
    return tuple(chosen.values())


class FormModel:
    """The answers of one application (or one bundle) in one visit; see the module."""

    def __init__(
        self,
        items: CatalogItem | Iterable[CatalogItem],
        role: ApplicantRole,
        *,
        today: date,
        identity: IdentityKind = "eid",
    ) -> None:
        self.role: ApplicantRole = role
        self.identity: IdentityKind = identity
        self.today = today
        self.fields = fields_for(items, role, identity)
        self._by_key = {field.key: field for field in self.fields}
        self._values: dict[str, FormValue] = {}
        self._locked: dict[str, str] = {}

    def field(self, key: str) -> FormField:
        """The field ``key`` (KeyError if the form does not ask it)."""
        return self._by_key[key]

    def prefill(
        self, sources: Mapping[str, ClaimGetter], *, keys: Container[str] | None = None
    ) -> None:
        """Fill and lock every field the catalogue prefills from one of ``sources`` (only the
        fields named in ``keys``, when given: an agent's own e-ID fills the agent's fields,
        never those of the person they act for)."""
        for field in self.fields:
            if field.prefill is None or field.type == "address":
                continue
            if keys is not None and field.key not in keys:
                continue
            getter = sources.get(field.prefill.credential)
            claim = getter(field.prefill.claim) if getter is not None else None
            if claim is None:
                continue
            text = claim.isoformat() if isinstance(claim, date) else normalise(field, claim)
            if not text:
                continue
            self._values[field.key] = text
            # A claim this form would refuse stays the citizen's to correct: shown as verified
            # and locked, it could never be sent.
            if check_field(field, text, today=self.today) is None:
                self._locked[field.key] = field.prefill.credential

    def locked(self, key: str) -> str | None:
        """The credential code a locked answer came from, or None if the citizen answers it."""
        return self._locked.get(key)

    def set(self, key: str, value: FormValue) -> FieldError | None:
        """Answer ``key`` (text normalised; an address's street part too) unless it is locked;
        the answer's problem, if any."""
        field = self._by_key[key]
        if key not in self._locked:
            if isinstance(value, Address):
                value = Address(
                    value.province, value.city, value.district, normalise(field, value.detail)
                )
            else:
                value = normalise(field, value)
            if is_empty(value):
                self._values.pop(key, None)
            else:
                self._values[key] = value
        return self.error(key)

    def value(self, key: str) -> FormValue:
        """The answer to ``key`` (empty when not answered)."""
        return self._values.get(key, empty_value(self._by_key[key]))

    def error(self, key: str) -> FieldError | None:
        """The problem of the answer to ``key``, or None."""
        return check_field(self._by_key[key], self.value(key), today=self.today)

    def errors(self) -> list[FieldError]:
        """Every field's problem, in the form's order (empty: the form can be sent)."""
        return check_form(self.fields, self._values, today=self.today)

    def payload(self, item: CatalogItem | None = None) -> dict[str, JsonValue]:
        """The answers as JSON, of the fields ``item`` asks (all fields without one)."""
        keys = (
            [field.key for field in fields_for(item, self.role, self.identity)]
            if item is not None
            else [field.key for field in self.fields]
        )
        return {key: to_json(self._values[key]) for key in keys if key in self._values}

    def wipe(self) -> None:
        """Forget every answer and lock."""
        self._values.clear()
        self._locked.clear()
