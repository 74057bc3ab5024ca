"""Which pathways, and which of their parts, a user may see. Built on people.access."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import (
    Action,
    Commitment,
    ContractSignature,
    Funder,
    Interview,
    Objective,
    Pathway,
    Review,
)
from tremplin.people.access import FileAccess, file_access


def get_pathway_for_user(user, pk) -> tuple[Pathway, FileAccess]:
    """The pathway `pk` if `user` may read the pathway section of its file, else Http404."""
    pathway = get_object_or_404(
        Pathway.objects.visible_to(user).select_related("person", "referent", "structure"),
        pk=pk,
    )
    access = file_access(user, pathway.person)
    if not access.can_see(Section.PATHWAY):
        raise Http404
    return pathway, access


def get_iae_pathway_for_user(user, pk) -> tuple[Pathway, FileAccess]:
    """The IAE pathway `pk` (its PASS IAE), as get_pathway_for_user; another framework: 404."""
    pathway, access = get_pathway_for_user(user, pk)
    if pathway.framework != Framework.IAE:
        raise Http404
    return pathway, access


def _get_part(model, user, pk, *related):
    part = get_object_or_404(
        model.objects.filter(pathway__in=Pathway.objects.visible_to(user)).select_related(
            "pathway__person", *related
        ),
        pk=pk,
    )
    access = file_access(user, part.pathway.person)
    if not access.can_see(Section.PATHWAY):
        raise Http404
    return part, access


def get_objective_for_user(user, pk) -> tuple[Objective, FileAccess]:
    return _get_part(Objective, user, pk)


def get_action_for_user(user, pk) -> tuple[Action, FileAccess]:
    return _get_part(Action, user, pk)


def get_commitment_for_user(user, pk) -> tuple[Commitment, FileAccess]:
    return _get_part(Commitment, user, pk)


def get_signature_for_user(user, pk) -> tuple[ContractSignature, FileAccess]:
    return _get_part(ContractSignature, user, pk, "recorded_by")


def get_interview_for_user(user, pk) -> tuple[Interview, FileAccess]:
    return _get_part(Interview, user, pk, "author")


def get_review_for_user(user, pk) -> tuple[Review, FileAccess]:
    return _get_part(Review, user, pk, "author")


def get_funder_for_user(user, pk) -> Funder:
    """A funder of the user's active structure, else Http404."""
    return get_object_or_404(Funder.objects.visible_to(user), pk=pk)
