"""REST API /api/v1/: the same access rules as the screens, with a personal bearer token."""

from datetime import date, datetime, timedelta

from django.http import Http404
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from tremplin.accounts.models import ApiToken
from tremplin.api.common import require
from tremplin.audit.models import AccessLog, log_read
from tremplin.core.permissions import Perm, Section
from tremplin.documents.writing import MAX_TEXT_LENGTH, check_text, summarize
from tremplin.people.access import get_person_for_user
from tremplin.people.models import Person


class TokenAuth(HttpBearer):
    """`Authorization: Bearer trp_…` — the token acts as one membership of one user."""

    def authenticate(self, request, token):
        if not token:
            return None
        found = (
            ApiToken.objects.usable()
            .select_related("membership__user", "membership__structure")
            .filter(key_hash=ApiToken.hash_key(token))
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        user = found.membership.user
        user.active_membership = found.membership
        request.user = user
        return user


api = NinjaAPI(
    title="API Tremplin",
    version="1.0.0",
    description=(
        "API des structures d'insertion. Authentification par jeton personnel "
        "(en-tête `Authorization: Bearer <jeton>`), créé depuis « Jetons d'accès à l'API ». "
        "Les droits sont ceux de la personne et du rôle du jeton ; chaque lecture de dossier est "
        "enregistrée dans le journal des consultations."
    ),
    auth=TokenAuth(),
    urls_namespace="api-1.0.0",
)


class MeOut(Schema):
    email: str
    first_name: str
    last_name: str
    structure: str
    structure_id: int
    role: str


@api.get("/moi", response=MeOut, summary="Le compte et la structure du jeton")
def me(request):
    membership = request.user.active_membership
    return MeOut(
        email=request.user.email,
        first_name=request.user.first_name,
        last_name=request.user.last_name,
        structure=membership.structure.name,
        structure_id=membership.structure_id,
        role=membership.role,
    )


class PersonSummary(Schema):
    id: int
    last_name: str
    first_name: str
    birth_date: date
    commune_insee: str | None = Field(None, alias="commune_id")
    commune: str | None = None

    @staticmethod
    def resolve_commune(obj):
        return obj.commune.name if obj.commune_id else None


class PersonSearch(Schema):
    q: str = Field(..., min_length=2, max_length=100, description="Nom ou prénom, fautes tolérées")


@api.get("/personnes", response=list[PersonSummary], summary="Les personnes visibles")
@paginate(PageNumberPagination, page_size=50)
def list_people(request):
    require(request, Perm.PERSON_VIEW)
    return (
        Person.objects.visible_to(request.user).select_related("commune").order_by("sort_key", "pk")
    )


@api.post(
    "/personnes/recherche",
    response=list[PersonSummary],
    summary="Rechercher une personne par son nom (le nom voyage dans le corps, jamais dans l'URL)",
)
@paginate(PageNumberPagination, page_size=50)
def search_people(request, search: PersonSearch):
    require(request, Perm.PERSON_VIEW)
    return Person.objects.visible_to(request.user).select_related("commune").search(search.q)


class PersonDetail(Schema):
    id: int
    sections: list[str]
    identity: dict | None = None
    situation: dict | None = None
    health: dict | None = None
    justice: dict | None = None
    updated_at: datetime


def _section_values(person: Person, section: Section) -> dict:
    values = {}
    for name in Person.SECTION_FIELDS[section]:
        field = person._meta.get_field(name)
        if field.many_to_many:
            values[name] = list(getattr(person, name).values_list("pk", flat=True))
        elif field.is_relation:
            values[name] = getattr(person, field.attname)
        else:
            values[name] = getattr(person, name)
    if section == Section.IDENTITY:
        values["nir_tail"] = person.nir_tail or None
    return values


@api.get(
    "/personnes/{person_id}",
    response=PersonDetail,
    summary="Le dossier d'une personne, limité aux parties visibles",
)
def get_person(request, person_id: int):
    require(request, Perm.PERSON_VIEW)
    try:
        access = get_person_for_user(request.user, person_id, section=Section.IDENTITY)
    except Http404:
        raise HttpError(404, "Dossier introuvable.") from None
    person = access.person
    payload = {
        "id": person.pk,
        "sections": sorted(access.sections),
        "updated_at": person.updated_at,
    }
    for section, key in (
        (Section.IDENTITY, "identity"),
        (Section.SITUATION, "situation"),
        (Section.HEALTH, "health"),
        (Section.JUSTICE, "justice"),
    ):
        if access.can_see(section):
            payload[key] = _section_values(person, section)
            log_read(
                user=request.user, person=person, section=section, channel=AccessLog.Channel.API
            )
    return payload


class ReviewIn(Schema):
    text: str = Field(
        ...,
        min_length=1,
        max_length=MAX_TEXT_LENGTH,
        description="Le texte à relire. Il n'est ni enregistré ni journalisé.",
    )


class FindingOut(Schema):
    start: int = Field(..., description="Position du premier caractère signalé (à partir de 0)")
    end: int = Field(..., description="Position qui suit le dernier caractère signalé")
    words: str
    category: str = Field(..., description="`judgement` ou `sensitive`")
    category_label: str
    topic: str
    topic_label: str
    explanation: str
    suggestion: str
    rule: str


class ReviewOut(Schema):
    summary: str
    findings: list[FindingOut]


@api.post(
    "/relecture",
    response=ReviewOut,
    summary="Relire un texte avant de le partager (formulations jugeantes, informations sensibles)",
)
def review_text(request, payload: ReviewIn):
    require(request, Perm.TEXT_REVIEW)
    findings = check_text(payload.text)
    return {"summary": summarize(findings), "findings": [f.as_dict() for f in findings]}


# Routers of the activity apps (after the people endpoints, so that their paths match first).
from tremplin.api import agenda as agenda_api  # noqa: E402
from tremplin.api import diagnosis as diagnosis_api  # noqa: E402
from tremplin.api import directory as directory_api  # noqa: E402
from tremplin.api import employers as employers_api  # noqa: E402
from tremplin.api import employment as employment_api  # noqa: E402
from tremplin.api import fse as fse_api  # noqa: E402
from tremplin.api import immersions as immersions_api  # noqa: E402
from tremplin.api import pathways as pathways_api  # noqa: E402
from tremplin.api import privacy as privacy_api  # noqa: E402
from tremplin.api import projects as projects_api  # noqa: E402
from tremplin.api import proposals as proposals_api  # noqa: E402
from tremplin.api import reception as reception_api  # noqa: E402
from tremplin.api import referrals as referrals_api  # noqa: E402
from tremplin.api import reports as reports_api  # noqa: E402
from tremplin.api import rights as rights_api  # noqa: E402
from tremplin.api import workshops as workshops_api  # noqa: E402

api.add_router("", reception_api.router)
api.add_router("", diagnosis_api.router)
api.add_router("", referrals_api.router)
api.add_router("", directory_api.router)
api.add_router("", agenda_api.router)
api.add_router("", pathways_api.router)
api.add_router("", fse_api.router)
api.add_router("", immersions_api.router)
api.add_router("", workshops_api.router)
api.add_router("", employers_api.router)
api.add_router("", projects_api.router)
api.add_router("", proposals_api.router)
api.add_router("", employment_api.router)
api.add_router("", reports_api.router)
api.add_router("", rights_api.router)
api.add_router("", privacy_api.router)
