"""Which parts of a professional project a user may see. Built on people.access.

Every helper returns the object and the file access, or raises Http404: the object is of the
user's structure, about a file the user may open, and the user may read Section.PROJECT.
"""

from django.http import Http404
from django.shortcuts import get_object_or_404

from tremplin.core.permissions import Section
from tremplin.people.access import FileAccess, file_access
from tremplin.projects.models import (
    Application,
    Education,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    Training,
)


def _get(model, user, pk, *, person_path="person", related=()):
    obj = get_object_or_404(
        model.objects.visible_to(user).select_related(person_path, *related), pk=pk
    )
    person = obj
    for part in person_path.split("__"):
        person = getattr(person, part)
    access = file_access(user, person)
    if not access.can_see(Section.PROJECT):
        raise Http404
    return obj, access


def get_target_job_for_user(user, pk) -> tuple[TargetJob, FileAccess]:
    return _get(TargetJob, user, pk, related=("appellation__fiche",))


def get_reality_check_for_user(user, pk) -> tuple[RealityCheck, FileAccess]:
    return _get(RealityCheck, user, pk, person_path="target_job__person")


def get_experience_for_user(user, pk) -> tuple[Experience, FileAccess]:
    return _get(Experience, user, pk)


def get_education_for_user(user, pk) -> tuple[Education, FileAccess]:
    return _get(Education, user, pk)


def get_skill_for_user(user, pk) -> tuple[PersonSkill, FileAccess]:
    return _get(PersonSkill, user, pk)


def get_training_for_user(user, pk) -> tuple[Training, FileAccess]:
    return _get(Training, user, pk)


def get_application_for_user(user, pk) -> tuple[Application, FileAccess]:
    return _get(Application, user, pk)
