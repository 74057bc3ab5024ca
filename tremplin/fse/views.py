"""The FSE+ page of a pathway (counselor) and the 6-month survey page (the person, by link)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.http import private
from tremplin.core.permissions import Perm, Section
from tremplin.fse import actions, rules
from tremplin.fse.enums import LabourStatus
from tremplin.fse.forms import AnswerForm, ParticipationForm
from tremplin.fse.models import Participation, Survey
from tremplin.pathways.access import get_pathway_for_user
from tremplin.pathways.forms import add_validation_errors
from tremplin.people.access import require
from tremplin.people.tabs import file_context


def _read(request, pathway_id):
    pathway, access = get_pathway_for_user(request.user, pathway_id)
    log_read(user=request.user, person=access.person, section=Section.PATHWAY)
    require(access, Perm.PATHWAY_MANAGE)
    return pathway, access


# The diagnosis' employment situations (diagnosis/domains.py, « trouver-un-emploi »).
_WORKING = frozenset({"employed", "precarious"})
_NOT_WORKING = frozenset({"never", "less_1y", "1y_2y", "more_2y"})
# Its housing situations that are homelessness or housing exclusion (FSE+, ETHOS):
# staying with family or friends for want of a home, emergency or insertion housing, the
# street, precarious or unfit housing.
_HOUSING_EXCLUDED = frozenset({"family", "institution", "emergency", "street", "unfit"})


def _diagnosis_facts(user, access) -> dict:
    """The situation facts of the latest diagnosis the user may read: {fact: value}."""
    if user is None or access is None or not access.can_see(Section.DIAGNOSIS):
        return {}
    from tremplin.diagnosis.access import visible_diagnoses, visible_domains
    from tremplin.diagnosis.models import DomainAssessment

    domains = visible_domains(access) & {"trouver-un-emploi", "logement-hebergement"}
    latest = (
        DomainAssessment.objects.filter(
            version__diagnosis__in=visible_diagnoses(user, access), domain__in=domains
        )
        .order_by("-version__created_at", "-version__number")
        .values_list("domain", "facts")
    )
    facts: dict = {}
    seen = set()
    for domain, domain_facts in latest:
        if domain in seen:
            continue
        seen.add(domain)
        facts.update({k: v for k, v in (domain_facts or {}).items() if v not in (None, "")})
    return facts


def _initial_from_file(person, can_see_health: bool, *, user=None, access=None) -> dict:
    """What the file already says, offered for the counselor to confirm with the person."""
    initial = {"education_level": person.education_level}
    # The registration at France Travail is in the situation: a structure that took the
    # person in from another's referral reads it only if she opened that part to it.
    registered = person.is_registered_jobseeker and (
        access is None or access.can_see(Section.SITUATION)
    )
    if registered and person.jobseeker_since:
        initial["jobseeker_since"] = person.jobseeker_since
    facts = _diagnosis_facts(user, access)
    # The situation on the labour market, only when the file says it clearly.
    work = facts.get("work_situation")
    if work in _WORKING:
        initial["labour_status"] = LabourStatus.EMPLOYED
    elif registered:
        initial["labour_status"] = LabourStatus.UNEMPLOYED
    elif work in _NOT_WORKING:
        # Without work: seeking (available now or within the month) or inactive.
        availability = facts.get("availability")
        if availability in ("now", "month"):
            initial["labour_status"] = LabourStatus.UNEMPLOYED
        elif availability == "later":
            initial["labour_status"] = LabourStatus.INACTIVE
    if person.is_domiciled or facts.get("housing") in _HOUSING_EXCLUDED:
        initial["housing_exclusion"] = "yes"
    elif facts.get("housing") == "own":
        initial["housing_exclusion"] = "no"
    # « rural »: the commune referential has no density grid (grille de densité) — not proposed.
    if can_see_health and (person.has_rqth or person.is_aah_beneficiary):
        initial["disability"] = "yes"
    return initial


def _values(indicators, values, *, can_see_health=True):
    return [
        (indicator, values[indicator.key])
        for indicator in indicators
        if can_see_health or not indicator.is_sensitive
    ]


def _page(request, pathway, access, form, answer_form, status=200):
    participation = Participation.objects.filter(pathway=pathway).first()
    exit_ = getattr(pathway, "exit", None)
    survey = Survey.objects.filter(pathway=pathway).select_related("recorded_by").first()
    can_see_health = access.can_see(Section.HEALTH)
    values = actions.pathway_values(
        pathway, access.person, participation=participation, exit_=exit_, survey=survey
    )
    context = file_context(request, access, tab="pathway")
    context.update(
        pathway=pathway,
        form=form,
        answer_form=answer_form,
        is_fse=actions.is_fse(pathway),
        pseudonym=actions.pseudonym(pathway.structure_id, access.person.public_id),
        participation=participation,
        entry_values=_values(rules.ENTRY_INDICATORS, values.entry, can_see_health=can_see_health),
        exit=exit_,
        survey=survey,
        improvement_labels=[
            AnswerForm.PHONE_IMPROVEMENTS[i].lower()
            for i in (survey.improvements if survey is not None and survey.is_answered else ())
            if i in AnswerForm.PHONE_IMPROVEMENTS
        ],
    )
    if exit_ is not None:
        context["exit_values"] = _values(rules.EXIT_INDICATORS, values.exit)
        context["six_values"] = _values(rules.SIX_MONTH_INDICATORS, values.six_months)
        first_day, last_day = rules.survey_window(exit_.exit_on)
        context.update(
            six_month_on=rules.six_month_date(exit_.exit_on),
            window=(first_day, last_day),
            window_open=timezone.localdate() >= first_day,
            has_consent=actions.has_survey_consent(access.person.pk, pathway.structure_id),
        )
    return render(request, "fse/participation.html", context, status=status)


@permission_required(Perm.PATHWAY_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def participation(request, pathway_id):
    pathway, access = _read(request, pathway_id)
    can_see_health = access.can_see(Section.HEALTH)
    instance = getattr(pathway, "fse_participation", None)
    creating = instance is None
    if creating:
        instance = Participation(pathway=pathway, recorded_by=request.user)
    form = ParticipationForm(
        request.POST if request.method == "POST" else None,
        instance=instance,
        pathway=pathway,
        can_see_health=can_see_health,
        initial=(
            _initial_from_file(access.person, can_see_health, user=request.user, access=access)
            if creating
            else None
        ),
    )
    if request.method == "POST" and form.is_valid():
        saved = False
        if creating:
            try:
                with transaction.atomic():
                    form.save()
                saved = True
            except IntegrityError:
                form.add_error(
                    None,
                    "Quelqu'un vient d'enregistrer ces données : rechargez la page pour les voir.",
                )
        else:
            saved = form.save_checked()
        if saved:
            messages.success(request, "Données FSE+ du parcours enregistrées.")
            return redirect("fse:participation", pathway_id=pathway.pk)
    return _page(
        request,
        pathway,
        access,
        form,
        AnswerForm(by_phone=True, employed_at_entry=actions.employed_at_entry(pathway.pk)),
        status=400 if request.method == "POST" else 200,
    )


@permission_required(Perm.PATHWAY_MANAGE)
@require_POST
def phone_answer(request, pathway_id):
    pathway, access = _read(request, pathway_id)
    answer_form = AnswerForm(
        request.POST, by_phone=True, employed_at_entry=actions.employed_at_entry(pathway.pk)
    )
    if answer_form.is_valid():
        try:
            actions.record_phone_answer(
                pathway=pathway, by=request.user, data=answer_form.cleaned_data
            )
        except ValidationError as error:
            add_validation_errors(answer_form, error)
        else:
            messages.success(request, "Réponse à l'enquête à 6 mois enregistrée.")
            return redirect("fse:participation", pathway_id=pathway.pk)
    instance = getattr(pathway, "fse_participation", None)
    form = ParticipationForm(
        instance=instance or Participation(pathway=pathway),
        pathway=pathway,
        can_see_health=access.can_see(Section.HEALTH),
    )
    return _page(request, pathway, access, form, answer_form, status=400)


PROBLEMS = {
    actions.LinkProblem.INVALID: (
        "Ce lien n'est pas valide",
        "Il est peut-être incomplet : copiez-le en entier depuis le message reçu, ou "
        "contactez la structure qui vous a accompagné·e.",
    ),
    actions.LinkProblem.EXPIRED: (
        "Ce lien a expiré",
        "Le délai pour répondre est passé, et rien n'a été enregistré. Si vous souhaitez "
        "tout de même donner des nouvelles, contactez la structure qui vous a accompagné·e.",
    ),
    actions.LinkProblem.ANSWERED: (
        "Vous avez déjà répondu",
        "Votre réponse est enregistrée : merci. On ne peut répondre qu'une fois ; pour la "
        "corriger, contactez la structure qui vous a accompagné·e.",
    ),
}


def _problem(request, problem: str):
    title, text = PROBLEMS[problem]
    return private(
        render(request, "fse/link_invalid.html", {"title": title, "text": text}, status=410)
    )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def survey_link(request, token):
    """The person's page, without an account: two questions and nothing about them."""
    survey, problem = actions.survey_from_token(token)
    if survey is None:
        return _problem(request, problem)
    form = AnswerForm(
        request.POST if request.method == "POST" else None,
        employed_at_entry=actions.employed_at_entry(survey.pathway_id),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.answer_by_link(survey=survey, data=form.cleaned_data)
        except ValidationError as error:
            add_validation_errors(form, error)
        else:
            return private(
                render(
                    request,
                    "fse/link_done.html",
                    {"structure": survey.pathway.structure},
                )
            )
    return private(
        render(
            request,
            "fse/link_survey.html",
            {"form": form, "structure": survey.pathway.structure, "survey": survey},
            status=400 if request.method == "POST" else 200,
        )
    )
