"""Opening a person's file: the one way views and the API load a person or their things.

`get_person_for_user` returns the person only if `user` may see the requested section,
and raises Http404 otherwise (never a hint that the file exists). `open_file` does the
same and writes the access-log row.
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section, role_can, sections_for
from tremplin.people.enums import ConsentPurpose
from tremplin.people.models import Consent, Document, ExceptionalAccess, Follow, Person


@dataclass(frozen=True)
class FileAccess:
    """What the acting user may do with one file."""

    person: Person
    sections: frozenset[Section]
    follows: bool  # the user's structure follows the person (not a mere partner)
    is_referent: bool
    role: str
    # Restricted sections opened for the day by exceptional accesses, with each one's
    # reason. Kept apart from `sections`: only the Santé and Justice pages read them
    # (`open_file(..., exceptional=True)`); every other module still sees them closed.
    exceptional_reasons: dict = field(default_factory=dict)
    # Restricted sections this user could open by an exceptional access (not yet open).
    openable: frozenset[Section] = field(default_factory=frozenset)
    # The structure the user acts for. Each structure is answerable for what it records
    # itself; another structure's records (documents, consents, reads) reach it only
    # through the person's consent to share them with it.
    structure_id: int | None = None
    # Common parts of the file closed to a structure that took the person in from another's
    # referral, the person not having agreed to open them to it (`Follow.opened_sections`).
    closed: frozenset[Section] = field(default_factory=frozenset)

    @cached_property
    def shared_by(self) -> dict[int, frozenset[Section]]:
        """Sections each other structure shares with the user's, by the person's consents
        in force: structure id → sections."""
        shared: dict[int, set[Section]] = {}
        for consent in Consent.objects.active().filter(
            person=self.person,
            purpose=ConsentPurpose.SHARE_WITH_PARTNER,
            partner_id=self.structure_id,
        ):
            shared.setdefault(consent.structure_id, set()).update(
                Section(s) for s in consent.sections if s in Section.values
            )
        return {structure: frozenset(sections) for structure, sections in shared.items()}

    @property
    def exceptional(self) -> frozenset[Section]:
        return frozenset(self.exceptional_reasons)

    @property
    def exceptional_labels(self) -> list[str]:
        return [str(section.label) for section in sorted(self.exceptional)]

    def can_see(self, section: Section) -> bool:
        return section in self.sections

    def can(self, perm: Perm) -> bool:
        # Partners read what was shared with them; they never change another structure's file.
        # An anonymised file is read-only for everyone: nothing written to it could be erased.
        return self.follows and role_can(self.role, perm) and not self.is_anonymised

    @property
    def is_anonymised(self) -> bool:
        # The anonymisation (privacy app, a floor above) is read through the relation only.
        try:
            return self.person.anonymisation is not None
        except ObjectDoesNotExist:
            return False

    @property
    def visible_fields(self) -> set[str]:
        fields: set[str] = set()
        for section, names in Person.SECTION_FIELDS.items():
            if section in self.sections:
                fields.update(names)
        return fields


def file_access(user, person: Person) -> FileAccess:
    membership = user.active_membership
    follow = (
        Follow.objects.filter(person=person, structure_id=membership.structure_id)
        .order_by(F("ended_on").desc(nulls_first=True))
        .first()
    )
    if follow is not None:
        is_referent = follow.referent_id == user.pk and follow.ended_on is None
        closed = follow.closed_sections
        sections = sections_for(membership.role, is_referent=is_referent) - closed
        restricted = sections_for(membership.role, is_referent=True) - sections - closed
        own = {"structure_id": membership.structure_id, "closed": closed}
        if is_referent or not restricted or follow.ended_on is not None:
            return FileAccess(person, sections, True, is_referent, membership.role, **own)
        # Every grant still running counts (one for health at 10:00, one for justice at 11:00);
        # a section opened twice keeps the latest reason.
        reasons: dict[Section, str] = {}
        for grant in (
            ExceptionalAccess.objects.active()
            .filter(person=person, user=user, structure_id=membership.structure_id)
            .order_by("granted_at", "pk")
        ):
            for value in grant.sections:
                if value in Section.values and Section(value) in restricted:
                    reasons[Section(value)] = grant.reason
        return FileAccess(
            person,
            sections,
            True,
            is_referent,
            membership.role,
            exceptional_reasons=reasons,
            openable=frozenset(restricted - set(reasons)),
            **own,
        )
    shared: set[Section] = set()
    for consent in Consent.objects.active().filter(
        person=person, purpose=ConsentPurpose.SHARE_WITH_PARTNER, partner_id=membership.structure_id
    ):
        shared.update(Section(s) for s in consent.sections if s in Section.values)
    sections = sections_for(membership.role, shared_sections=frozenset(shared))
    return FileAccess(
        person, sections, False, False, membership.role, structure_id=membership.structure_id
    )


def get_person_for_user(
    user, pk, *, section: Section = Section.IDENTITY, exceptional: bool = False
) -> FileAccess:
    """The file `pk` as `user` may see it, or Http404. With `exceptional`, a section opened
    by an exceptional access counts as visible (the Santé and Justice pages only)."""
    # The anonymisation (privacy app, a floor above) is read through the relation only.
    person = get_object_or_404(
        Person.objects.visible_to(user).select_related("commune", "anonymisation"), pk=pk
    )
    access = file_access(user, person)
    if not access.can_see(section) and not (exceptional and section in access.exceptional):
        raise Http404
    return access


def open_file(
    user,
    pk,
    *,
    section: Section,
    channel: str = AccessLog.Channel.WEB,
    exceptional: bool = False,
) -> FileAccess:
    """Load the file for reading and trace the read in the access log."""
    access = get_person_for_user(user, pk, section=section, exceptional=exceptional)
    log_read(
        user=user,
        person=access.person,
        section=section,
        channel=channel,
        reason=read_reason(access, section),
    )
    return access


def read_reason(access: FileAccess, section: Section) -> str:
    """What the read log says of a read made through an exceptional access."""
    if section in access.exceptional and not access.can_see(section):
        return f"Accès exceptionnel : {access.exceptional_reasons[section]}"[:255]
    return ""


def require(access: FileAccess, perm: Perm) -> None:
    if not access.can(perm):
        raise Http404


def get_document_for_user(user, pk) -> tuple[Document, FileAccess]:
    document = get_object_or_404(Document.objects.visible_to(user), pk=pk)
    access = file_access(user, document.person)
    scope = _document_scope(access)
    if scope is None or not Document.objects.filter(scope, pk=document.pk).exists():
        raise Http404
    return document, access


def get_consent_for_user(user, pk) -> tuple[Consent, FileAccess]:
    consent = get_object_or_404(Consent.objects.visible_to(user), pk=pk)
    access = file_access(user, consent.person)
    if not access.can_see(Section.CONSENTS):
        raise Http404
    if not visible_consents(access).filter(pk=consent.pk).exists():
        raise Http404
    return consent, access


def visible_consents(access: FileAccess):
    """The consents a structure answers for: those it recorded, and those that let another
    structure share with it. The person's consents to other structures are theirs."""
    if not access.can_see(Section.CONSENTS):
        return Consent.objects.none()
    return Consent.objects.filter(person=access.person).filter(
        Q(structure_id=access.structure_id) | Q(partner_id=access.structure_id)
    )


def visible_reads(access: FileAccess):
    """The reads of the file a structure answers for: its own members', and those of the
    partners it shared the file with. Another structure that follows the person answers for
    its own (the person sees every read in their space)."""
    others = (
        Follow.objects.filter(person=access.person)
        .exclude(structure_id=access.structure_id)
        .values("structure_id")
    )
    return AccessLog.objects.for_person(access.person).exclude(structure_id__in=others)


def get_follow_for_user(user, pk) -> tuple[Follow, FileAccess]:
    """A follow of the user's own structure (others' follows are not theirs to change)."""
    membership = user.active_membership
    if membership is None:
        raise Http404
    follow = get_object_or_404(
        Follow.objects.visible_to(user).filter(structure_id=membership.structure_id), pk=pk
    )
    return follow, file_access(user, follow.person)


DOCUMENT_SECTIONS = (
    (Section.DOCUMENTS, "general"),
    (Section.SITUATION, "social"),
    (Section.HEALTH, "health"),
    (Section.JUSTICE, "justice"),
)


def _document_scope(access: FileAccess) -> Q | None:
    """Which documents of the file this access reaches: its own structure's, as far as its
    sections go; another structure's where the person agreed that it share its documents,
    and that part of the file, with the user's structure. None: no document at all."""
    if not access.can_see(Section.DOCUMENTS):
        return None

    def sensitivities(sections) -> list[str]:
        return [level for section, level in DOCUMENT_SECTIONS if section in sections]

    scope = Q(structure_id=access.structure_id, sensitivity__in=sensitivities(access.sections))
    for structure_id, shared in access.shared_by.items():
        if structure_id == access.structure_id or Section.DOCUMENTS not in shared:
            continue
        levels = sensitivities(shared & access.sections)
        scope |= Q(structure_id=structure_id, sensitivity__in=levels)
    return scope


def visible_documents(access: FileAccess):
    """Documents of the file that this access may list, newest first."""
    scope = _document_scope(access)
    if scope is None:
        return Document.objects.none()
    return (
        Document.objects.filter(person=access.person, deleted_at__isnull=True)
        .filter(scope)
        .select_related("uploaded_by", "structure")
    )
