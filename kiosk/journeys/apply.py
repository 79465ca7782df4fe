"""Applying for an item (or a bundle of items, 一件事一次办) at the terminal.

    ROLE --chosen--> IDENTITY (scan; the e-ID is used up) --read--> IDENTITY_RESULT
    IDENTITY_RESULT --scan again--> IDENTITY        (a refusal, with what to do next)
    IDENTITY_RESULT --continue--> MATERIALS ⇄ MATERIAL_SCAN (scan) / PHOTO (a paper copy)
    MATERIALS --continue--> FORM --continue--> REVIEW --continue--> CONSENT
    CONSENT --agree--> SUBMITTING --answered or offline--> RECEIPT --done--> DONE → home

ROLE is skipped when the item allows one role only. MATERIAL_SCAN and PHOTO return to
MATERIALS by "back" (the result of a scan is a notice on the checklist). "Back" keeps what was
entered; home, cancel and idle wipe it all (``on_end``). Nothing goes back once the citizen has
agreed: the application is queued in the outbox (sealed, on disk) before anything is said,
then the terminal waits a few seconds for the platform's acceptance number; offline, the
receipt carries the local reference and the application is sent when the network returns.

Thread contract: GUI thread only. Blocking work (the outbox) runs through the ``TaskRunner``;
its results come back on the GUI thread. ``tick`` is called by the host a few times a second.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from kiosk.credentials.errors import Reason
from kiosk.credentials.model import ElectronicLicence
from kiosk.credentials.purpose import Purpose
from kiosk.credentials.registry import IDENTITY_TYPES, CredentialType, HolderKind
from kiosk.devices.document_photo import MAX_PHOTO_BYTES
from kiosk.domain.acceptance import build_receipt, receipt_part, with_answer, with_part_answer
from kiosk.domain.catalog import ApplicantRole, Bundle, CatalogItem
from kiosk.domain.names import pinyin_of
from kiosk.domain.text import Bilingual, Language
from kiosk.domain.timezone import CHINA_TIME
from kiosk.forms.form import FormModel
from kiosk.journeys.apply_identity import (
    Advice,
    Applicant,
    Company,
    advice_for,
    applicant_of,
    company_of,
    same_person,
)
from kiosk.journeys.apply_materials import (
    AUTHORISATION,
    Checklist,
    How,
    Provided,
    checklist,
    licence_facts,
    with_identity,
)
from kiosk.journeys.apply_payload import application_payload, receipt_summary
from kiosk.journeys.journey import (
    IdleRule,
    Journey,
    JourneyDefinition,
    JourneyState,
    Screen,
    StepSpec,
)
from kiosk.journeys.scan_step import ScanOutcome, ScanRequest, judge
from kiosk.runtime.clock import Clock
from kiosk.runtime.messages import Msg
from kiosk.sync.applications import Answer, Application, ApplicationOffice

if TYPE_CHECKING:
    from kiosk.catalog.library import CatalogLibrary
    from kiosk.credentials.verifier import VerificationResult
    from kiosk.domain.receipt import Receipt
    from kiosk.journeys.receipt import ReceiptDesk, ReceiptView
    from kiosk.runtime.tasks import TaskRunner
    from kiosk.sync.outbox import Queued

IDENTITY_CODES = frozenset(kind.value for kind in IDENTITY_TYPES)
ANSWER_WAIT_S = 8.0
"""How long the terminal waits for the platform's acceptance number before it prints the
receipt with the local reference (the application is queued either way)."""
PHOTO_BUDGET_BYTES = 2 * MAX_PHOTO_BYTES
"""Photographs one application may carry: each travels base64-encoded inside the sealed
payload, which the outbox bounds (``MAX_SEALED_BYTES``, 256 KiB); more papers go to a counter.
Measured against as photos are taken, so the citizen learns it at the materials, not after
consenting."""
DONE_SECONDS = 20.0
"""How long "take your receipt and your phone" stays before the terminal goes home."""


class ApplyStep(enum.Enum):
    ROLE = "role"
    IDENTITY = "identity"
    IDENTITY_RESULT = "identity_result"
    MATERIALS = "materials"
    MATERIAL_SCAN = "material_scan"
    PHOTO = "photo"
    FORM = "form"
    REVIEW = "review"
    CONSENT = "consent"
    SUBMITTING = "submitting"
    RECEIPT = "receipt"
    DONE = "done"


class ApplyEvent(enum.Enum):
    ROLE_CHOSEN = "role_chosen"
    READ = "read"
    SCAN_AGAIN = "scan_again"
    CONTINUE = "continue"
    SCAN_MATERIAL = "scan_material"
    PHOTOGRAPH = "photograph"
    AGREE = "agree"
    ANSWERED = "answered"
    FINISH = "finish"


APPLY = JourneyDefinition(
    "apply",
    first=ApplyStep.ROLE,
    steps={
        ApplyStep.ROLE: StepSpec(Screen.APPLY_ROLE, IdleRule.STANDARD),
        ApplyStep.IDENTITY: StepSpec(Screen.SCAN, IdleRule.STANDARD),
        ApplyStep.IDENTITY_RESULT: StepSpec(Screen.APPLY_IDENTITY, IdleRule.STANDARD),
        ApplyStep.MATERIALS: StepSpec(Screen.APPLY_MATERIALS, IdleRule.EXTENDED),
        ApplyStep.MATERIAL_SCAN: StepSpec(Screen.SCAN, IdleRule.STANDARD),
        ApplyStep.PHOTO: StepSpec(Screen.APPLY_PHOTO, IdleRule.EXTENDED),
        ApplyStep.FORM: StepSpec(Screen.APPLY_FORM, IdleRule.EXTENDED),
        ApplyStep.REVIEW: StepSpec(Screen.APPLY_REVIEW, IdleRule.EXTENDED),
        ApplyStep.CONSENT: StepSpec(Screen.APPLY_CONSENT, IdleRule.EXTENDED),
        ApplyStep.SUBMITTING: StepSpec(Screen.APPLY_SUBMITTING, IdleRule.STANDARD, back=False),
        ApplyStep.RECEIPT: StepSpec(Screen.RECEIPT, IdleRule.STANDARD, back=False),
        ApplyStep.DONE: StepSpec(Screen.APPLY_DONE, IdleRule.STANDARD, back=False),
    },
    transitions=[
        (ApplyStep.ROLE, ApplyEvent.ROLE_CHOSEN, ApplyStep.IDENTITY),
        (ApplyStep.IDENTITY, ApplyEvent.READ, ApplyStep.IDENTITY_RESULT),
        (ApplyStep.IDENTITY_RESULT, ApplyEvent.SCAN_AGAIN, ApplyStep.IDENTITY),
        (ApplyStep.IDENTITY_RESULT, ApplyEvent.CONTINUE, ApplyStep.MATERIALS),
        (ApplyStep.MATERIALS, ApplyEvent.SCAN_MATERIAL, ApplyStep.MATERIAL_SCAN),
        (ApplyStep.MATERIALS, ApplyEvent.PHOTOGRAPH, ApplyStep.PHOTO),
        (ApplyStep.MATERIALS, ApplyEvent.CONTINUE, ApplyStep.FORM),
        (ApplyStep.FORM, ApplyEvent.CONTINUE, ApplyStep.REVIEW),
        (ApplyStep.REVIEW, ApplyEvent.CONTINUE, ApplyStep.CONSENT),
        (ApplyStep.CONSENT, ApplyEvent.AGREE, ApplyStep.SUBMITTING),
        (ApplyStep.SUBMITTING, ApplyEvent.ANSWERED, ApplyStep.RECEIPT),
        (ApplyStep.RECEIPT, ApplyEvent.FINISH, ApplyStep.DONE),
    ],
)


@dataclass(frozen=True)
class ApplicationServices:
    """What applying needs beyond the catalogue: the office that queues applications, the
    runner of blocking work, and what a receipt's status code is made with (the terminal's
    status key from enrolment and the platform's public status page)."""

    office: ApplicationOffice
    tasks: TaskRunner
    status_key: bytes = field(repr=False)
    status_base: str


@dataclass(frozen=True)
class ApplyEntry:
    """What is applied for: one item, or a bundle of items (一件事一次办)."""

    item_code: str | None = None
    bundle_code: str | None = None

    @classmethod
    def item(cls, code: str) -> ApplyEntry:
        return cls(item_code=code)

    @classmethod
    def bundle(cls, code: str) -> ApplyEntry:
        return cls(bundle_code=code)


class IdentityProblem(enum.Enum):
    """Why a genuine identity cannot apply for these items here."""

    TOO_YOUNG = "too_young"
    TOO_OLD = "too_old"
    NOT_ALLOWED = "not_allowed"  # an overseas electronic resident, for an item not open to them


class NoticeKind(enum.Enum):
    """What the last material scan did (shown on the checklist)."""

    ACCEPTED = "accepted"
    REFUSED = "refused"  # not verified: ``reason`` says why (revoked, expired, ...)
    WRONG_TYPE = "wrong_type"  # a genuine e-licence of another type: ``shown`` and ``expected``
    NOT_THE_HOLDER = "not_the_holder"  # someone else's licence
    AUTHORISATION_NEEDED = "authorisation_needed"  # not the company's legal representative
    PHOTOS_FULL = "photos_full"  # no room for another photograph: the paper to the counter


@dataclass(frozen=True)
class MaterialNotice:
    index: int
    kind: NoticeKind
    reason: Reason | None = None
    shown: CredentialType | None = None
    expected: frozenset[CredentialType] = frozenset()

    @property
    def advice(self) -> Advice | None:
        if self.reason is None:
            return None
        return advice_for(self.reason)


class SubmitProblem(enum.Enum):
    """Why an application could not be queued or was refused (the citizen is told calmly)."""

    NOT_ENROLLED = "not_enrolled"  # the terminal cannot seal applications yet
    TOO_LARGE = "too_large"  # the photographs do not fit: fewer or to the counter
    STORAGE = "storage"  # the terminal's disk or database failed: nothing was queued
    REFUSED = "refused"  # the platform refused it (a technician sees the dead letter)


@dataclass(frozen=True)
class ConsentView:
    """What the consent screen says, for these items."""

    items: tuple[Bilingual, ...]
    # The personal data collected besides the applicant's name and identity number (which
    # every application takes from the identity shown): the form's fields and the materials.
    collected: tuple[Bilingual, ...]
    recipients: tuple[tuple[Bilingual, Bilingual], ...]  # per item: (Sichuan, Chongqing)


@dataclass
class ApplyState(JourneyState):
    """Everything this visit entered or verified (personal data), wiped when it ends."""

    role: ApplicantRole | None = None
    # Personal: never in a repr (a traceback's locals, a debug line).
    identity: ScanOutcome | None = field(default=None, repr=False)
    identity_problem: IdentityProblem | None = None
    applicant: Applicant | None = field(default=None, repr=False)
    company: Company | None = field(default=None, repr=False)
    materials: Checklist = field(default_factory=Checklist, repr=False)
    material_index: int | None = None
    notice: MaterialNotice | None = None
    form: FormModel | None = field(default=None, repr=False)
    show_errors: bool = False
    focus_key: str | None = None
    consented_at: datetime | None = None
    queued: tuple[Queued, ...] = ()
    answers: dict[str, Answer] = field(default_factory=dict)
    problem: SubmitProblem | None = None
    receipt: Receipt | None = field(default=None, repr=False)


class ApplyJourney(Journey[ApplyStep, ApplyEvent, ApplyState]):
    """One application (or a bundle's applications) from role to receipt."""

    def __init__(
        self,
        library: CatalogLibrary,
        entry: ApplyEntry,
        *,
        services: ApplicationServices,
        clock: Clock,
        language: Callable[[], Language],
        terminal_id: str,
        centre: Bilingual,
        receipts: ReceiptDesk | None = None,
    ) -> None:
        """Raises ValueError when ``entry`` names nothing completable here."""
        super().__init__(APPLY, ApplyState())
        self._library = library
        self._edition = library.latest()
        self._office = services.office
        self._tasks = services.tasks
        self._clock = clock
        self._language = language
        self._terminal_id = terminal_id
        self._centre = centre
        self._status_key = services.status_key
        self._status_base = services.status_base
        self._receipts = receipts
        self._bundle: Bundle | None = None
        self.items = self._items_of(entry)
        self._reading = False
        self._deadline: float | None = None
        self._done_at: float | None = None
        roles = self.roles()
        if len(roles) == 1:
            self.state.role = roles[0]
            self.fire(ApplyEvent.ROLE_CHOSEN, remember=False)

    def _items_of(self, entry: ApplyEntry) -> tuple[CatalogItem, ...]:
        catalog = self._edition.catalog
        codes: Sequence[str] = ()
        if entry.bundle_code is not None:
            self._bundle = catalog.bundle(entry.bundle_code)
            codes = self._bundle.items if self._bundle is not None else ()
        elif entry.item_code is not None:
            codes = (entry.item_code,)
        items = tuple(item for code in codes if (item := catalog.item(code)) is not None)
        if not items or len(items) != len(codes) or not all(i.completable_here for i in items):
            raise ValueError("nothing here can be applied for at this terminal")
        return items

    # ------------------------------------------------------------------ what is applied for
    @property
    def bundle(self) -> Bundle | None:
        return self._bundle

    @property
    def title(self) -> Bilingual:
        """The bundle's name, or the item's."""
        return self._bundle.name if self._bundle is not None else self.items[0].name

    @property
    def return_item(self) -> str | None:
        """The item whose details "back" from the first step returns to."""
        return self.items[0].code if self._bundle is None else None

    def roles(self) -> tuple[ApplicantRole, ...]:
        """Who may apply, in the catalogue's order (a bundle: the roles every item allows)."""
        first = self.items[0].applicants
        return tuple(r for r in first if all(r in item.applicants for item in self.items))

    def choose_role(self, role: ApplicantRole) -> None:
        if role not in self.roles() or not self.can_fire(ApplyEvent.ROLE_CHOSEN):
            return
        if self.state.role is not None and self.state.role != role:
            self._forget_identity()  # a new role asks for other materials and fields
        self.state.role = role
        self.fire(ApplyEvent.ROLE_CHOSEN)

    def _role(self) -> ApplicantRole:
        return self.state.role or "in_person"

    @property
    def enterprise(self) -> bool:
        return any(item.audience == "enterprise" for item in self.items)

    # ------------------------------------------------------------------ identity (scan step)
    @property
    def overseas_allowed(self) -> bool:
        """Whether an overseas electronic resident card may prove who applies (every item
        allows it)."""
        return all("e-resident" in item.identities for item in self.items)

    def accepted_identities(self) -> frozenset[CredentialType]:
        return IDENTITY_TYPES if self.overseas_allowed else frozenset({CredentialType.EID})

    @property
    def scan_request(self) -> ScanRequest:
        if self.step is ApplyStep.MATERIAL_SCAN and self.state.material_index is not None:
            need = self.state.materials.needed[self.state.material_index]
            return ScanRequest(
                Purpose.SERVICE_APPLICATION,
                prompt=Msg.SCAN_PROMPT_LICENCE,
                accepts=need.scannable,
            )
        return ScanRequest(
            Purpose.SERVICE_APPLICATION,
            prompt=(
                Msg.SCAN_PROMPT_IDENTITY_OR_RESIDENT
                if self.overseas_allowed
                else Msg.SCAN_PROMPT_IDENTITY
            ),
            accepts=self.accepted_identities(),
            uses_up=True,
        )

    def scan_finished(self, result: VerificationResult | None) -> None:
        """The scan screen read a code (``result`` None: the terminal could not verify it)."""
        if self.ended:
            return
        if self.step is ApplyStep.IDENTITY:
            self._identity_read(judge(self.scan_request, result))
        elif self.step is ApplyStep.MATERIAL_SCAN:
            self._material_read(judge(self.scan_request, result))

    def _identity_read(self, outcome: ScanOutcome) -> None:
        state = self.state
        state.identity = outcome
        state.identity_problem = None
        credential = outcome.result.credential
        applicant = applicant_of(credential) if outcome.accepted and credential else None
        if applicant is not None:
            state.identity_problem = self._problem_of(applicant)
            if state.applicant is None or state.applicant.number != applicant.number:
                self._forget_identity()
                state.identity = outcome
                state.identity_problem = self._problem_of(applicant)
            if state.identity_problem is None:
                state.applicant = applicant
        self.fire(ApplyEvent.READ)

    def _problem_of(self, applicant: Applicant) -> IdentityProblem | None:
        if applicant.overseas and not self.overseas_allowed:
            return IdentityProblem.NOT_ALLOWED
        today = self.today()
        for item in self.items:
            rule = item.applicant_age
            if rule is None or applicant.birth_date is None:
                continue
            age = _age(applicant.birth_date, today)
            if rule.minimum is not None and age < rule.minimum:
                return IdentityProblem.TOO_YOUNG
            if rule.maximum is not None and age > rule.maximum:
                return IdentityProblem.TOO_OLD
        return None

    @property
    def identity_ok(self) -> bool:
        """The last code shown was accepted and its holder may apply (a refused code shown after
        an accepted one leaves the citizen to show a good one again)."""
        outcome = self.state.identity
        return (
            outcome is not None
            and outcome.accepted
            and self.state.applicant is not None
            and self.state.identity_problem is None
        )

    @property
    def identity_advice(self) -> Advice | None:
        """What to do after the identity scan was refused (None: it was accepted)."""
        outcome = self.state.identity
        if outcome is None or self.identity_ok:
            return None
        if self.state.identity_problem is not None:
            return Advice.USE_COUNTER
        return advice_for(outcome.result.reason, wrong_type=outcome.wrong_type)

    def scan_identity_again(self) -> None:
        if self.can_fire(ApplyEvent.SCAN_AGAIN):
            self.state.identity = None
            self.state.identity_problem = None
            self.fire(ApplyEvent.SCAN_AGAIN, remember=False)

    def continue_to_materials(self) -> None:
        if not self.identity_ok or not self.can_fire(ApplyEvent.CONTINUE):
            return
        if not self.state.materials.needed:
            self.state.materials = self._checklist()
        self.fire(ApplyEvent.CONTINUE)

    def _checklist(self) -> Checklist:
        agent = self.state.role == "agent"
        made = checklist(self.items, authorisation=agent)
        applicant = self.state.applicant
        credential = applicant.credential if applicant is not None else "eid"
        return made if agent else with_identity(made, credential)

    def _forget_identity(self) -> None:
        state = self.state
        if state.form is not None:
            state.form.wipe()
        state.applicant = state.company = state.form = state.notice = None
        state.identity = state.identity_problem = None
        state.materials = Checklist()
        state.material_index = None

    # ------------------------------------------------------------------ materials
    @property
    def materials(self) -> Checklist:
        return self.state.materials

    @property
    def notice(self) -> MaterialNotice | None:
        return self.state.notice

    def scan_material(self, index: int) -> None:
        need = self._need(index)
        if need is None or not need.scannable or not self.can_fire(ApplyEvent.SCAN_MATERIAL):
            return
        self.state.material_index = index
        self.state.notice = None
        self.fire(ApplyEvent.SCAN_MATERIAL)

    def _material_read(self, outcome: ScanOutcome) -> None:
        state = self.state
        index = state.material_index
        if index is None:
            return
        need = state.materials.needed[index]
        result = outcome.result
        credential = result.credential
        if outcome.wrong_type and credential is not None:
            state.notice = MaterialNotice(
                index,
                NoticeKind.WRONG_TYPE,
                shown=credential.type,
                expected=need.scannable,
            )
        elif not outcome.accepted or not isinstance(credential, ElectronicLicence):
            state.notice = MaterialNotice(index, NoticeKind.REFUSED, reason=result.reason)
        else:
            state.notice = self._take_licence(index, credential)
        state.material_index = None
        self.back()  # to the checklist, with the notice

    def _take_licence(self, index: int, licence: ElectronicLicence) -> MaterialNotice:
        state = self.state
        applicant = state.applicant
        holder = licence.holder
        if holder.kind is HolderKind.ORGANISATION:
            if state.role == "in_person":  # applying for oneself: a company's is not one's own
                return MaterialNotice(index, NoticeKind.NOT_THE_HOLDER)
            company = company_of(licence)
            if company is not None:
                state.company = company
                if (
                    state.role == "legal_representative"
                    and applicant is not None
                    and not same_person(applicant, company.legal_representative)
                ):
                    self._provide(index, licence)
                    self._need_authorisation()
                    # On the letter's own row: it is what is needed now (listed first).
                    return MaterialNotice(0, NoticeKind.AUTHORISATION_NEEDED)
        elif (
            state.role == "in_person"
            and applicant is not None
            and holder.identifier.upper() != applicant.number.upper()
        ):
            return MaterialNotice(index, NoticeKind.NOT_THE_HOLDER)
        self._provide(index, licence)
        return MaterialNotice(index, NoticeKind.ACCEPTED)

    def _provide(self, index: int, licence: ElectronicLicence) -> None:
        facts = licence_facts(
            licence.type,
            number=licence.number,
            region=licence.region,
            holder_name=licence.holder.name,
            holder_identifier=licence.holder.identifier,
        )
        self.state.materials = self.state.materials.with_provided(
            index, Provided(How.E_LICENCE, licence=facts)
        )
        if self.state.form is not None:
            self._prefill(self.state.form)

    def _need_authorisation(self) -> None:
        current = self.state.materials
        if any(need.authorisation for need in current.needed):
            return
        fresh = checklist(self.items, authorisation=True)
        # Keep what was provided: the fresh list is the old one shifted by the letter.
        provided = (fresh.provided[0], *current.provided)
        self.state.materials = Checklist(fresh.needed, provided)

    def photograph(self, index: int) -> None:
        need = self._need(index)
        if need is None or not need.photographable or not self.can_fire(ApplyEvent.PHOTOGRAPH):
            return
        self.state.material_index = index
        self.state.notice = None
        self.fire(ApplyEvent.PHOTOGRAPH)

    @property
    def material_name(self) -> Bilingual:
        """The material being photographed (the photo step's title)."""
        index = self.state.material_index
        return self.state.materials.needed[index].name if index is not None else AUTHORISATION

    def photo_room(self) -> int:
        """Bytes of photographs this application can still carry."""
        used = sum(len(given.photo or b"") for given in self.state.materials.provided)
        return PHOTO_BUDGET_BYTES - used

    def photo_taken(self, jpeg: bytes) -> None:
        index = self.state.material_index
        if self.step is not ApplyStep.PHOTO or index is None:
            return
        current = self.state.materials.provided[index].photo or b""  # a retake replaces it
        if len(jpeg) > self.photo_room() + len(current):
            self.state.notice = MaterialNotice(index, NoticeKind.PHOTOS_FULL)
        else:
            self.state.materials = self.state.materials.with_provided(
                index, Provided(How.PHOTO, photo=jpeg)
            )
        self.state.material_index = None
        self.back()

    def photo_cancelled(self) -> None:
        if self.step is ApplyStep.PHOTO:
            self.state.material_index = None
            self.back()

    def bring_to_counter(self, index: int) -> None:
        """The citizen will show this material's paper at a service counter."""
        self._set_how(index, How.COUNTER)

    def skip(self, index: int) -> None:
        need = self._need(index)
        if need is not None and need.optional:
            self._set_how(index, How.SKIPPED)

    def undo(self, index: int) -> None:
        """Take back how a material was provided (it is needed again)."""
        need = self._need(index)
        if need is not None and self.state.materials.provided[index].how is not How.IDENTITY:
            self._set_how(index, How.NEEDED)

    def _set_how(self, index: int, how: How) -> None:
        if self.step is not ApplyStep.MATERIALS or self._need(index) is None:
            return
        self.state.notice = None
        self.state.materials = self.state.materials.with_provided(index, Provided(how))
        self._changed_in_place()

    def _need(self, index: int) -> Any:
        needed = self.state.materials.needed
        return needed[index] if 0 <= index < len(needed) else None

    def continue_to_form(self) -> None:
        if not self.state.materials.complete or not self.can_fire(ApplyEvent.CONTINUE):
            return
        if self.state.form is None:
            form = FormModel(
                self.items,
                self._role(),
                today=self.today(),
                identity=self.state.applicant.credential if self.state.applicant else "eid",
            )
            self._prefill(form)
            self.state.form = form
        self.state.show_errors = False
        self.fire(ApplyEvent.CONTINUE)

    def _prefill(self, form: FormModel) -> None:
        """Fill the fields the verified credentials answer. An agent's own identity fills only
        the fields asked of agents (their own name and number): the applicant they act for is
        typed, and a company's facts come from its licence whoever applies."""
        sources: dict[str, Callable[[str], str | date | None]] = {}
        applicant, company = self.state.applicant, self.state.company
        if applicant is not None:
            sources[applicant.credential] = applicant.claim
        if company is not None:
            sources[CredentialType.BUSINESS_LICENCE.value] = company.claim
        keys = None
        if self.state.role == "agent":
            keys = {
                field.key
                for field in form.fields
                if field.roles == ("agent",)
                or (field.prefill is not None and field.prefill.credential not in IDENTITY_CODES)
            }
        form.prefill(sources, keys=keys)

    # ------------------------------------------------------------------ the form
    @property
    def form(self) -> FormModel | None:
        return self.state.form

    def today(self) -> date:
        return self._clock.now().astimezone(CHINA_TIME).date()

    def form_done(self) -> bool:
        """ "Next" on the form: on to the review when every field is right, else the errors
        are shown next to their fields (False)."""
        form = self.state.form
        if form is None or not self.can_fire(ApplyEvent.CONTINUE):
            return False
        if form.errors():
            self.state.show_errors = True
            self._changed_in_place()
            return False
        self.state.focus_key = None
        self.fire(ApplyEvent.CONTINUE)
        return True

    def edit(self, key: str) -> None:
        """ "Change" beside a field on the review: back to the form at that field."""
        if self.step is ApplyStep.REVIEW:
            self.state.focus_key = key
            self.back()

    def continue_to_consent(self) -> None:
        if self.step is ApplyStep.REVIEW:
            self.fire(ApplyEvent.CONTINUE)

    # ------------------------------------------------------------------ consent
    def consent(self) -> ConsentView:
        collected: list[Bilingual] = []
        form = self.state.form
        if form is not None:
            collected.extend(field.label for field in form.fields)
        for need, given in zip(
            self.state.materials.needed, self.state.materials.provided, strict=True
        ):
            if given.how in (How.E_LICENCE, How.PHOTO):
                collected.append(need.name)
        return ConsentView(
            items=tuple(item.name for item in self.items),
            collected=tuple(collected),
            recipients=tuple(
                (item.departments.sichuan, item.departments.chongqing) for item in self.items
            ),
        )

    def agree(self) -> None:
        """ "I agree": the deliberate action that queues the application(s)."""
        if not self.can_fire(ApplyEvent.AGREE) or self.state.applicant is None:
            return
        self.state.consented_at = self._clock.now()
        self.fire(ApplyEvent.AGREE, remember=False)
        self._queue()

    # ------------------------------------------------------------------ submission
    def _applications(self) -> list[Application]:
        state = self.state
        applicant, form, consented = state.applicant, state.form, state.consented_at
        if applicant is None or form is None or consented is None:
            raise RuntimeError("an application needs an applicant, a form and consent")
        return [
            Application(
                item.code,
                application_payload(
                    item,
                    bundle=self._bundle.code if self._bundle is not None else None,
                    role=state.role or "in_person",
                    applicant=applicant,
                    company=state.company,
                    form=form.payload(item),
                    checklist=state.materials,
                    consented_at=consented,
                ),
                receipt_summary(item, applicant=applicant, submitted_at=consented),
            )
            for item in self.items
        ]

    def _queue(self) -> None:
        from kiosk.sync.outbox import NotConfigured, PayloadTooLarge  # noqa: PLC0415

        try:
            applications = self._applications()
        except RuntimeError:
            self._failed(SubmitProblem.STORAGE)
            return
        office = self._office

        def queued(result: list[Queued]) -> None:
            if self.ended:
                return
            self.state.queued = tuple(result)
            self._deadline = self._clock.monotonic() + ANSWER_WAIT_S
            self._changed_in_place()  # "saved on this terminal" can be said now
            self._read_answers()

        def failed(error: BaseException) -> None:
            if self.ended:
                return
            if isinstance(error, NotConfigured):
                self._failed(SubmitProblem.NOT_ENROLLED)
            elif isinstance(error, PayloadTooLarge):
                self._failed(SubmitProblem.TOO_LARGE)
            else:
                self._failed(SubmitProblem.STORAGE)

        self._tasks.submit("queue application", lambda: office.submit(applications), queued, failed)

    def _failed(self, problem: SubmitProblem) -> None:
        self.state.problem = problem
        self._changed_in_place()

    @property
    def problem(self) -> SubmitProblem | None:
        return self.state.problem

    @property
    def references(self) -> tuple[str, ...]:
        return tuple(queued.local_reference for queued in self.state.queued)

    def tick(self) -> None:
        """Called by the host a few times a second: on SUBMITTING, look for the platform's
        answers until they are in, delivery failed once, or the wait is over; on DONE, leave
        after a while."""
        if self.ended:
            return
        now = self._clock.monotonic()
        if self.step is ApplyStep.SUBMITTING and self.state.queued and not self._reading:
            self._read_answers()
        elif self.step is ApplyStep.DONE and self._done_at is not None and now >= self._done_at:
            self._done_at = None
            self.finished = True

    def _read_answers(self) -> None:
        if self._reading or self.state.problem is not None:
            return
        self._reading = True
        references = self.references
        office = self._office

        def read(answers: dict[str, Answer]) -> None:
            self._reading = False
            if self.ended or self.step is not ApplyStep.SUBMITTING:
                return
            self.state.answers = answers
            self._maybe_answered()

        def failed(_error: BaseException) -> None:
            self._reading = False
            if not self.ended and self.step is ApplyStep.SUBMITTING:
                self._maybe_answered()

        self._tasks.submit(
            "read application answers", lambda: office.answers(references), read, failed
        )

    def _maybe_answered(self) -> None:
        answers = [self.state.answers.get(ref) for ref in self.references]
        if any(answer is not None and answer.refused for answer in answers):
            self._failed(SubmitProblem.REFUSED)
            return
        every = all(a is not None and a.acknowledgement is not None for a in answers)
        offline = any(a is not None and a.failed_once for a in answers)
        late = self._deadline is not None and self._clock.monotonic() >= self._deadline
        if every or offline or late:
            self._deadline = None
            self._print_receipt()

    @property
    def offline(self) -> bool:
        """The receipt was made before the platform answered (sent later)."""
        receipt = self.state.receipt
        return receipt is not None and receipt.queued

    def _print_receipt(self) -> None:
        receipt = self._receipt()
        self.state.receipt = receipt
        if self._receipts is not None:
            self._receipts.submit(receipt)
        self.fire(ApplyEvent.ANSWERED, remember=False)

    def _receipt(self) -> Receipt:
        """One receipt for the visit: the first item's, listing a bundle's other items with
        their own references, the company, and what to show at a counter by when."""
        state = self.state
        applicant = state.applicant
        submitted = state.consented_at
        if applicant is None or submitted is None:
            raise RuntimeError("no application was queued")
        calendar = self._library.calendar()
        first, *others = zip(self.items, state.queued, strict=True)
        parts = []
        for item, queued in others:
            part = receipt_part(
                item,
                local_reference=queued.local_reference,
                submitted_at=submitted,
                calendar=calendar,
            )
            parts.append(part)
        counter = state.materials.counter()
        received = tuple(
            need.name
            for need, given in zip(state.materials.needed, state.materials.provided, strict=True)
            if given.how in (How.IDENTITY, How.E_LICENCE, How.PHOTO)
        )
        company = state.company
        item, queued = first
        name, number = applicant.name, applicant.number
        principal = self._principal()
        if principal is not None:  # an agent applied: the receipt names whom for
            name, number = principal
        receipt = build_receipt(
            item,
            local_reference=queued.local_reference,
            applicant_name=name,
            applicant_id=number,
            submitted_at=submitted,
            calendar=calendar,
            terminal_id=self._terminal_id,
            service_centre=self._centre,
            status_key=self._status_key,
            status_base=self._status_base,
            language=self._language(),
            applicant_latin=(name if applicant.overseas and principal is None else pinyin_of(name)),
            applicant_id_kind=(
                "passport" if applicant.overseas and principal is None else "resident_id"
            ),
            company_name=company.name if company is not None else self._company_typed(),
            company_code=company.credit_code if company is not None else None,
            materials=received,
            counter_materials=counter,
            bundle_name=self._bundle.name if self._bundle is not None else None,
            parts=parts,
        )
        answers = state.answers
        answer = answers.get(queued.local_reference)
        if answer is not None and answer.acknowledgement is not None:
            receipt = with_answer(receipt, answer.acknowledgement, self._status_key)
        for item, queued in others:
            answer = answers.get(queued.local_reference)
            if answer is not None and answer.acknowledgement is not None:
                receipt = with_part_answer(receipt, item.code, answer.acknowledgement)
        return receipt

    def _principal(self) -> tuple[str, str] | None:
        """The name and identity number of the person an agent applied for, as typed."""
        form = self.state.form
        if self.state.role != "agent" or form is None or self.enterprise:
            return None
        keys = {field.key for field in form.fields}
        if not {"applicant_name", "id_number"} <= keys:
            return None
        name, number = form.value("applicant_name"), form.value("id_number")
        if isinstance(name, str) and isinstance(number, str) and name and number:
            return name, number
        return None

    def _company_typed(self) -> str | None:
        """A new company's name as typed on the form (a bundle opening a business)."""
        form = self.state.form
        if form is None or not self.enterprise:
            return None
        for key in ("company_name", "proposed_name", "business_name"):
            if key in {field.key for field in form.fields}:
                value = form.value(key)
                if isinstance(value, str) and value:
                    return value
        return None

    def receipt(self) -> ReceiptView | None:
        return self._receipts.view() if self._receipts is not None else None

    def receipt_done(self) -> None:
        """ "Done" on the receipt: "take your receipt and your phone", then home."""
        if self.can_fire(ApplyEvent.FINISH):
            self._done_at = self._clock.monotonic() + DONE_SECONDS
            self.fire(ApplyEvent.FINISH, remember=False)

    # ------------------------------------------------------------------ the end
    def _changed_in_place(self) -> None:
        """Something on the current step changed (no step change): screens redraw."""
        self._changed()

    def on_back(self) -> None:
        if self.step is ApplyStep.IDENTITY:
            self.state.identity = None
            self.state.identity_problem = None

    def on_end(self) -> None:
        form = self.state.form
        if form is not None:
            form.wipe()
        self._deadline = self._done_at = None
        if self._receipts is not None:
            self._receipts.clear()


def _age(birth: date, today: date) -> int:
    return today.year - birth.year - ((today.month, today.day) < (birth.month, birth.day))
