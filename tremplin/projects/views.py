"""The « Projet » tab of a person's file: target jobs, inventory and CV, trainings and
applications. Every page reads Section.PROJECT and writes its access-log row."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.documents.rendering import document_response
from tremplin.pathways.forms import add_validation_errors
from tremplin.people.access import open_file, require
from tremplin.people.tabs import file_context
from tremplin.projects import actions
from tremplin.projects.access import (
    get_application_for_user,
    get_education_for_user,
    get_experience_for_user,
    get_reality_check_for_user,
    get_skill_for_user,
    get_target_job_for_user,
    get_training_for_user,
)
from tremplin.projects.documents import EmptyCv, cv_document
from tremplin.projects.forms import (
    ApplicationForm,
    BmoOccupationForm,
    CvForm,
    DecisionForm,
    EducationForm,
    ExperienceForm,
    HealthForm,
    PersonSkillForm,
    RealityCheckForm,
    SkillsForm,
    TargetJobEditForm,
    TargetJobForm,
    TrainingForm,
)
from tremplin.projects.hiring import hiring_block
from tremplin.projects.models import (
    Application,
    Education,
    Experience,
    PersonSkill,
    RealityCheck,
    TargetJob,
    TargetJobHealth,
    Training,
)
from tremplin.referentials.models import RomeAppellation, RomeMobility
from tremplin.territory import outlook as bmo


def _context(request, access, **extra) -> dict:
    context = file_context(request, access, tab="project")
    context["can_manage"] = access.can(Perm.PROJECT_MANAGE)
    context.update(extra)
    return context


def _data(request):
    return request.POST if request.method == "POST" else None


def _log(request, access):
    log_read(user=request.user, person=access.person, section=Section.PROJECT)


def _open(request, person_id, *, manage=False):
    access = open_file(request.user, person_id, section=Section.PROJECT)
    if manage:
        require(access, Perm.PROJECT_MANAGE)
    return access


def _load(getter, request, pk, *, manage=True):
    obj, access = getter(request.user, pk)
    _log(request, access)
    if manage:
        require(access, Perm.PROJECT_MANAGE)
    return obj, access


def _back(person_id, anchor=""):
    response = redirect("projects:person", person_id=person_id)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


def _back_to(target, anchor):
    response = redirect("projects:target", target_id=target.pk)
    response["Location"] += f"#{anchor}"
    return response


def _form_page(request, access, form, *, heading, intro="", back=None, delete_url=""):
    return render(
        request,
        "projects/form.html",
        _context(
            request,
            access,
            form=form,
            heading=heading,
            intro=intro,
            back=back,
            delete_url=delete_url,
        ),
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_project(request, person_id):
    access = _open(request, person_id)
    person = access.person
    structure_id = request.user.active_membership.structure_id
    mine = {"person": person, "structure_id": structure_id}
    targets = list(
        TargetJob.objects.filter(**mine)
        .select_related("appellation__fiche")
        .prefetch_related("reality_checks")
    )
    # The jobs the person said they sought at the first contact, not yet in the project.
    wishes = person.sought_appellations.exclude(
        pk__in=[target.appellation_id for target in targets]
    ).order_by("label")
    return render(
        request,
        "projects/person.html",
        _context(
            request,
            access,
            targets=targets,
            wishes=wishes,
            experiences=Experience.objects.filter(**mine).select_related("appellation"),
            educations=Education.objects.filter(**mine),
            skills=PersonSkill.objects.filter(**mine).select_related("rome_skill"),
            trainings=Training.objects.filter(**mine).select_related("target_job__appellation"),
            applications=Application.objects.filter(**mine).select_related(
                "target_job__appellation"
            ),
            today=timezone.localdate(),
        ),
    )


@permission_required(Perm.PROJECT_MANAGE)
def target_create(request, person_id):
    access = _open(request, person_id, manage=True)
    membership = request.user.active_membership
    # « Ajouter au projet » from a related job suggested by the ROME names its appellation.
    suggested = RomeAppellation.objects.filter(pk=request.GET.get("appellation", "")[:10]).first()
    form = TargetJobForm(
        _data(request),
        instance=TargetJob(person=access.person),
        initial={"appellation": suggested, "decided_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            target = actions.add_target_job(
                target_job=form.save(commit=False),
                membership=membership,
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Métier ajouté au projet.")
            return redirect("projects:target", target_id=target.pk)
    return _form_page(
        request,
        access,
        form,
        heading="Ajouter un métier visé",
        intro="Cherchez le métier dans le ROME, notez avec les mots de la personne pourquoi il "
        "l'intéresse, et où elle en est : à explorer, confirmé ou abandonné.",
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def target_detail(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id, manage=False)
    fiche = target.appellation.fiche
    related = list(RomeMobility.objects.filter(source=fiche).select_related("target")[:12])
    mains = {
        a.fiche_id: a
        for a in RomeAppellation.objects.filter(
            fiche_id__in=[m.target_id for m in related], is_main=True
        )
    }
    for mobility in related:
        mobility.main_appellation = mains.get(mobility.target_id)
    health = None
    if access.can_see(Section.HEALTH):
        # The health part of the project is a read of the HEALTH section of the file.
        log_read(user=request.user, person=access.person, section=Section.HEALTH)
        health = TargetJobHealth.objects.filter(target_job=target).first()
    return render(
        request,
        "projects/target.html",
        _context(
            request,
            access,
            target=target,
            fiche=fiche,
            held=target.skills_held.order_by("label"),
            to_acquire=target.skills_to_acquire.order_by("label"),
            related=related,
            decisions=target.decisions.select_related("decided_by"),
            checks=target.reality_checks.all(),
            can_see_health=access.can_see(Section.HEALTH),
            health=health,
            hiring=hiring_block(target, request.user.active_membership.structure),
            can_watch=request.user.active_membership.can(Perm.TERRITORY_WATCH),
            existing=set(
                TargetJob.objects.filter(
                    person=target.person, structure_id=target.structure_id
                ).values_list("appellation__fiche_id", flat=True)
            ),
        ),
    )


@permission_required(Perm.PROJECT_MANAGE)
def target_edit(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id)
    form = TargetJobEditForm(_data(request), instance=target)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Métier visé enregistré.")
        return redirect("projects:target", target_id=target.pk)
    return _form_page(
        request, access, form, heading=f"Modifier — {target.appellation}", back=target
    )


@permission_required(Perm.PROJECT_MANAGE)
@require_POST
def target_bmo(request, target_id):
    """« C'est ce métier » (or « Changer »): the BMO occupation of the target job."""
    target, _access = _load(get_target_job_for_user, request, target_id)
    year = bmo.latest_year()
    form = BmoOccupationForm(request.POST, occupations=bmo.occupations(year) if year else [])
    if not form.is_valid():
        errors = form.errors.get("metier") or form.errors.get("version")
        messages.error(request, errors[0])
    elif not actions.set_bmo_occupation(
        target_job=target, code=form.cleaned_data["metier"], version=form.cleaned_data["version"]
    ):
        messages.error(
            request,
            "Ce métier visé a été modifié entre-temps par quelqu'un d'autre : rien n'a été "
            "changé. Vérifiez la page, puis recommencez.",
        )
    elif target.bmo_occupation_code:
        messages.success(request, "Métier de l'enquête confirmé pour ce métier visé.")
    else:
        messages.success(request, "Correspondance retirée : choisissez le métier de l'enquête.")
    return _back_to(target, "perspectives")


@permission_required(Perm.PROJECT_MANAGE)
def target_skills(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id)
    show_all = request.method == "POST" or request.GET.get("toutes") == "1"
    form = SkillsForm(_data(request), instance=target, core_only=not show_all)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Compétences enregistrées.")
        return redirect("projects:target", target_id=target.pk)
    intro = f"Les compétences de la fiche ROME {target.appellation.fiche}"
    if not show_all:
        intro += " : celles du cœur de métier, et celles déjà cochées."
    return render(
        request,
        "projects/skills_form.html",
        _context(
            request,
            access,
            form=form,
            heading=f"Compétences — {target.appellation}",
            intro=intro,
            back=target,
            show_all=show_all,
            target=target,
        ),
    )


@permission_required(Perm.PROJECT_MANAGE)
def target_decide(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id)
    form = DecisionForm(_data(request), initial={"decision": target.decision})
    if request.method == "POST" and form.is_valid():
        try:
            actions.decide(target_job=target, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            messages.success(request, "Décision enregistrée.")
            return redirect("projects:target", target_id=target.pk)
    return _form_page(
        request, access, form, heading=f"Décision — {target.appellation}", back=target
    )


@permission_required(Perm.PROJECT_MANAGE)
def target_health(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id)
    if not access.can_see(Section.HEALTH):
        raise Http404
    log_read(user=request.user, person=access.person, section=Section.HEALTH)
    instance = TargetJobHealth.objects.filter(target_job=target).first()
    form = HealthForm(_data(request), instance=instance)
    if request.method == "POST" and form.is_valid():
        actions.save_health(
            target_job=target, restrictions=form.cleaned_data["restrictions"], by=request.user
        )
        messages.success(request, "Restrictions de santé enregistrées.")
        return redirect("projects:target", target_id=target.pk)
    return _form_page(
        request,
        access,
        form,
        heading=f"Restrictions de santé — {target.appellation}",
        intro="Partie santé du dossier : seuls le ou la référent·e et la direction la voient.",
        back=target,
    )


@permission_required(Perm.PROJECT_MANAGE)
def check_create(request, target_id):
    target, access = _load(get_target_job_for_user, request, target_id)
    form = RealityCheckForm(
        _data(request), instance=RealityCheck(target_job=target, created_by=request.user)
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Enquête métier enregistrée.")
        return redirect("projects:target", target_id=target.pk)
    return _form_page(
        request,
        access,
        form,
        heading=f"Enquête métier — {target.appellation}",
        intro="Qui la personne a rencontré, quand, ce qu'elle a appris et ce qu'elle en "
        "conclut pour son projet.",
        back=target,
    )


@permission_required(Perm.PROJECT_MANAGE)
def check_edit(request, check_id):
    check, access = _load(get_reality_check_for_user, request, check_id)
    form = RealityCheckForm(_data(request), instance=check)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Enquête métier enregistrée.")
        return redirect("projects:target", target_id=check.target_job_id)
    return _form_page(
        request, access, form, heading="Modifier l'enquête métier", back=check.target_job
    )


def _owned_create(request, person_id, form_class, *, heading, anchor, message, extra=False):
    access = _open(request, person_id, manage=True)
    structure_id = request.user.active_membership.structure_id
    instance = form_class._meta.model(
        person=access.person, structure_id=structure_id, created_by=request.user
    )
    form_kwargs = {"person": access.person, "structure_id": structure_id} if extra else {}
    form = form_class(_data(request), instance=instance, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, message)
        return _back(access.person.pk, anchor)
    return _form_page(request, access, form, heading=heading)


def _owned_edit(
    request, getter, pk, form_class, *, heading, anchor, message, extra=False, delete=""
):
    obj, access = _load(getter, request, pk)
    kwargs = {"person": obj.person, "structure_id": obj.structure_id} if extra else {}
    form = form_class(_data(request), instance=obj, **kwargs)
    if request.method == "POST" and form.is_valid():
        saved = form.save_checked() if hasattr(form, "save_checked") else bool(form.save())
        if saved:
            messages.success(request, message)
            return _back(obj.person_id, anchor)
    delete_url = reverse(delete, args=[obj.pk]) if delete else ""
    return _form_page(request, access, form, heading=heading, delete_url=delete_url)


@permission_required(Perm.PROJECT_MANAGE)
def experience_create(request, person_id):
    return _owned_create(
        request,
        person_id,
        ExperienceForm,
        heading="Ajouter une expérience",
        anchor="inventaire",
        message="Expérience ajoutée.",
    )


@permission_required(Perm.PROJECT_MANAGE)
def experience_edit(request, experience_id):
    return _owned_edit(
        request,
        get_experience_for_user,
        experience_id,
        ExperienceForm,
        heading="Modifier l'expérience",
        anchor="inventaire",
        message="Expérience enregistrée.",
        delete="projects:experience-delete",
    )


@permission_required(Perm.PROJECT_MANAGE)
def education_create(request, person_id):
    return _owned_create(
        request,
        person_id,
        EducationForm,
        heading="Ajouter un diplôme ou une formation suivie",
        anchor="inventaire",
        message="Diplôme ajouté.",
    )


@permission_required(Perm.PROJECT_MANAGE)
def education_edit(request, education_id):
    return _owned_edit(
        request,
        get_education_for_user,
        education_id,
        EducationForm,
        heading="Modifier le diplôme",
        anchor="inventaire",
        message="Diplôme enregistré.",
        delete="projects:education-delete",
    )


@permission_required(Perm.PROJECT_MANAGE)
def skill_create(request, person_id):
    return _owned_create(
        request,
        person_id,
        PersonSkillForm,
        heading="Ajouter une compétence ou une qualité",
        anchor="inventaire",
        message="Compétence ajoutée.",
        extra=True,
    )


def _delete(request, getter, pk, *, what, message):
    thing, access = _load(getter, request, pk)
    if request.method == "POST":
        thing.delete()
        messages.success(request, message)
        return _back(thing.person_id, "inventaire")
    return render(
        request, "projects/confirm_delete.html", _context(request, access, thing=thing, what=what)
    )


@permission_required(Perm.PROJECT_MANAGE)
def skill_delete(request, skill_id):
    return _delete(
        request,
        get_skill_for_user,
        skill_id,
        what="cette compétence",
        message="Compétence retirée de l'inventaire.",
    )


@permission_required(Perm.PROJECT_MANAGE)
def experience_delete(request, experience_id):
    return _delete(
        request,
        get_experience_for_user,
        experience_id,
        what="cette expérience",
        message="Expérience retirée de l'inventaire.",
    )


@permission_required(Perm.PROJECT_MANAGE)
def education_delete(request, education_id):
    return _delete(
        request,
        get_education_for_user,
        education_id,
        what="ce diplôme",
        message="Diplôme retiré de l'inventaire.",
    )


@permission_required(Perm.PROJECT_MANAGE)
def training_create(request, person_id):
    return _owned_create(
        request,
        person_id,
        TrainingForm,
        heading="Ajouter une formation",
        anchor="formations",
        message="Formation enregistrée.",
        extra=True,
    )


@permission_required(Perm.PROJECT_MANAGE)
def training_edit(request, training_id):
    return _owned_edit(
        request,
        get_training_for_user,
        training_id,
        TrainingForm,
        heading="Modifier la formation",
        anchor="formations",
        message="Formation enregistrée.",
        extra=True,
    )


@permission_required(Perm.PROJECT_MANAGE)
def application_create(request, person_id):
    return _owned_create(
        request,
        person_id,
        ApplicationForm,
        heading="Ajouter une candidature",
        anchor="candidatures",
        message="Candidature enregistrée.",
        extra=True,
    )


@permission_required(Perm.PROJECT_MANAGE)
def application_edit(request, application_id):
    return _owned_edit(
        request,
        get_application_for_user,
        application_id,
        ApplicationForm,
        heading="Modifier la candidature",
        anchor="candidatures",
        message="Candidature enregistrée.",
        extra=True,
    )


@permission_required(Perm.PERSON_VIEW)
@require_safe
def cv(request, person_id):
    """Choose what goes on the CV; the same form, submitted, downloads it."""
    access = _open(request, person_id)
    structure_id = request.user.active_membership.structure_id
    submitted = "fmt" in request.GET
    form = CvForm(
        request.GET if submitted else None, person=access.person, structure_id=structure_id
    )
    if submitted and form.is_valid():
        options = dict(form.cleaned_data)
        fmt = options.pop("fmt")
        try:
            document = cv_document(person=access.person, structure_id=structure_id, **options)
        except EmptyCv as error:
            form.add_error(None, str(error))
        else:
            return document_response(document, fmt=fmt, filename=f"cv-{access.person.pk}")
    return render(request, "projects/cv.html", _context(request, access, form=form))
