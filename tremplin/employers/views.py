"""Screens of employer relations: the company file and its timeline, prospection
campaigns, recruitment needs, job offers and their publication."""

from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.documents.rendering import document_response
from tremplin.employers import actions, enums
from tremplin.employers.access import (
    get_campaign_action_for_user,
    get_campaign_for_user,
    get_company_for_user,
    get_contact_for_user,
    get_interaction_for_user,
    get_need_for_user,
    get_offer_for_user,
)
from tremplin.employers.campaigns import indicators, suggested_targets
from tremplin.employers.documents import job_description_document, offer_document
from tremplin.employers.forms import (
    CampaignActionForm,
    CampaignForm,
    CompanyContactForm,
    CompanyForm,
    CompanySearchForm,
    InteractionForm,
    JobOfferForm,
    OfferStatusForm,
    PublicationRequestForm,
    PublicationReturnForm,
    PublicationReviewForm,
    PublishForm,
    RecruitmentNeedForm,
)
from tremplin.employers.models import (
    Campaign,
    CampaignAction,
    Company,
    Interaction,
    JobOffer,
    PublicationConfirmation,
    PublicationRequest,
    RecruitmentNeed,
)
from tremplin.people.models import Person

PAGE_SIZE = 25
CAMPAIGN_DURATION = timedelta(days=90)
SEGMENT_LIMIT = 50  # companies of the segment not contacted yet, listed on the campaign


def _data(request):
    return request.POST if request.method == "POST" else None


def _can_manage(request) -> bool:
    return request.user.active_membership.can(Perm.EMPLOYERS_MANAGE)


def _render(request, template, **context):
    context.setdefault("nav", "employers")
    prefix = template.split("_")[0]
    context.setdefault(
        "section",
        {
            "company": "companies",
            "need": "companies",
            "campaign": "campaigns",
            "offer": "offers",
        }.get(prefix, ""),
    )
    context.setdefault("can_manage", _can_manage(request))
    return render(request, f"employers/{template}", context)


def _form_page(request, *, form, heading, back, intro=""):
    return _render(request, "simple_form.html", form=form, heading=heading, back=back, intro=intro)


# --- companies --------------------------------------------------------------------------------


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def company_list(request):
    form = CompanySearchForm(request.GET or None)
    companies = (
        Company.objects.visible_to(request.user)
        .select_related("naf", "commune")
        .annotate(
            open_offers=Count("offers", filter=Q(offers__status=enums.OfferStatus.PUBLISHED)),
        )
        .order_by("name", "pk")
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            companies = companies.search(data["q"])
        if data["naf"]:
            companies = companies.in_naf(data["naf"])
        if data["commune"]:
            companies = companies.filter(commune=data["commune"])
    elif form.is_bound:
        companies = companies.none()
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    today = timezone.localdate()
    due_steps = (
        Interaction.objects.visible_to(request.user)
        .filter(next_step__gt="", next_step_done_on__isnull=True, next_step_due_on__lte=today)
        .select_related("company", "next_step_owner")
        .order_by("next_step_due_on")[:20]
    )
    return _render(
        request,
        "company_list.html",
        form=form,
        page=page,
        query=query.urlencode(),
        due_steps=due_steps,
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def company_create(request):
    membership = request.user.active_membership
    form = CompanyForm(
        _data(request),
        instance=Company(structure_id=membership.structure_id),
        structure_id=membership.structure_id,
    )
    if request.method == "POST" and form.is_valid():
        company = form.save(commit=False)
        company.created_by = request.user
        company.save()
        messages.success(request, "Entreprise ajoutée au fichier de votre structure.")
        return redirect("employers:company", company_id=company.pk)
    return _form_page(
        request,
        form=form,
        heading="Nouvelle entreprise",
        back=reverse("employers:companies", args=[]),
        intro="Le SIRET et le code NAF figurent sur l'avis de situation Sirene (annuaire-entreprises.data.gouv.fr).",
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def company_detail(request, company_id):
    company = get_company_for_user(request.user, company_id)
    timeline = list(
        company.interactions.select_related(
            "contact", "campaign", "author", "next_step_owner"
        ).order_by("-occurred_on", "-pk")
    )
    return _render(
        request,
        "company_detail.html",
        company=company,
        contacts=list(company.contacts.all()),
        timeline=timeline,
        needs=list(company.needs.select_related("appellation")),
        offers=list(company.offers.select_related("appellation", "commune")),
        today=timezone.localdate(),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def company_edit(request, company_id):
    company = get_company_for_user(request.user, company_id)
    name = company.name
    form = CompanyForm(_data(request), instance=company, structure_id=company.structure_id)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Entreprise enregistrée.")
        return redirect("employers:company", company_id=company.pk)
    return _render(
        request,
        "simple_form.html",
        form=form,
        heading=f"Modifier {name}",
        back=reverse("employers:company", args=[company.pk]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def contact_create(request, company_id):
    company = get_company_for_user(request.user, company_id)
    form = CompanyContactForm(_data(request))
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.company = company
        contact.save()
        messages.success(request, "Contact ajouté.")
        return redirect("employers:company", company_id=company.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Nouveau contact chez {company.name}",
        back=reverse("employers:company", args=[company.pk]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def contact_edit(request, company_contact_id):
    contact = get_contact_for_user(request.user, company_contact_id)
    form = CompanyContactForm(_data(request), instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Contact enregistré.")
        return redirect("employers:company", company_id=contact.company_id)
    return _form_page(
        request,
        form=form,
        heading=f"Modifier un contact chez {contact.company.name}",
        back=reverse("employers:company", args=[contact.company_id]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def interaction_create(request, company_id):
    company = get_company_for_user(request.user, company_id)
    initial = {"occurred_on": timezone.localdate(), "next_step_owner": request.user.pk}
    campaign_id = request.GET.get("campagne", "")
    if campaign_id.isdigit():
        initial["campaign"] = int(campaign_id)
    form = InteractionForm(
        _data(request), instance=Interaction(company=company), company=company, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        interaction = form.save(commit=False)
        interaction.author = request.user
        interaction.save()
        messages.success(request, "Échange ajouté à l'historique.")
        return redirect("employers:company", company_id=company.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Noter un échange avec {company.name}",
        back=reverse("employers:company", args=[company.pk]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def interaction_edit(request, interaction_id):
    interaction = get_interaction_for_user(request.user, interaction_id)
    company = interaction.company
    form = InteractionForm(_data(request), instance=interaction, company=company)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Échange enregistré.")
        return redirect("employers:company", company_id=company.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Modifier un échange avec {company.name}",
        back=reverse("employers:company", args=[company.pk]),
    )


# --- campaigns --------------------------------------------------------------------------------


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def campaign_list(request):
    campaigns = (
        Campaign.objects.visible_to(request.user).select_related("owner").order_by("-starts_on")
    )
    return _render(request, "campaign_list.html", campaigns=campaigns)


def _targets(request):
    return suggested_targets(
        Person.objects.visible_to(request.user),
        structure_id=request.user.active_membership.structure_id,
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def campaign_create(request):
    membership = request.user.active_membership
    today = timezone.localdate()
    form = CampaignForm(
        _data(request),
        instance=Campaign(structure_id=membership.structure_id),
        structure_id=membership.structure_id,
        initial={
            "owner": request.user.pk,
            "starts_on": today,
            "ends_on": today + CAMPAIGN_DURATION,
        },
    )
    if request.method == "POST" and form.is_valid():
        campaign = form.save_new(structure_id=membership.structure_id, created_by=request.user)
        messages.success(request, "Campagne créée. Planifiez ses actions.")
        return redirect("employers:campaign", campaign_id=campaign.pk)
    return _render(
        request, "campaign_form.html", form=form, campaign=None, targets=_targets(request)
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def campaign_detail(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    contacted = Interaction.objects.filter(campaign=campaign).values("company_id")
    to_contact = (
        Company.objects.visible_to(request.user)
        .in_segment(campaign)
        .exclude(pk__in=contacted)
        .select_related("commune")
        .order_by("name")
    )
    return _render(
        request,
        "campaign_detail.html",
        campaign=campaign,
        to_contact=list(to_contact[:SEGMENT_LIMIT]),
        indicators=indicators(campaign),
        actions=list(campaign.actions.select_related("owner")),
        interactions=list(
            campaign.interactions.select_related("company", "author").order_by("-occurred_on")[:50]
        ),
        needs=list(campaign.needs.select_related("company", "appellation")),
        offers=list(campaign.offers.select_related("company")),
        naf=list(campaign.target_naf.all()),
        fiches=list(campaign.target_fiches.all()),
        communes=list(campaign.target_communes.all()),
        sizes=[enums.SizeBracket(code).label for code in campaign.target_size_brackets],
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def campaign_edit(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    form = CampaignForm(_data(request), instance=campaign, structure_id=campaign.structure_id)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Campagne enregistrée.")
        return redirect("employers:campaign", campaign_id=campaign.pk)
    return _render(
        request, "campaign_form.html", form=form, campaign=campaign, targets=_targets(request)
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def campaign_action_create(request, campaign_id):
    campaign = get_campaign_for_user(request.user, campaign_id)
    form = CampaignActionForm(
        _data(request),
        instance=CampaignAction(campaign=campaign),
        structure_id=campaign.structure_id,
        initial={"owner": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Action planifiée.")
        return redirect("employers:campaign", campaign_id=campaign.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Nouvelle action — {campaign.name}",
        back=reverse("employers:campaign", args=[campaign.pk]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def campaign_action_edit(request, campaign_action_id):
    action = get_campaign_action_for_user(request.user, campaign_action_id)
    form = CampaignActionForm(
        _data(request), instance=action, structure_id=action.campaign.structure_id
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Action enregistrée.")
        return redirect("employers:campaign", campaign_id=action.campaign_id)
    return _form_page(
        request,
        form=form,
        heading=f"Modifier l'action — {action.campaign.name}",
        back=reverse("employers:campaign", args=[action.campaign_id]),
    )


# --- recruitment needs ------------------------------------------------------------------------


@permission_required(Perm.EMPLOYERS_MANAGE)
def need_create(request, company_id):
    company = get_company_for_user(request.user, company_id)
    form = RecruitmentNeedForm(
        _data(request),
        instance=RecruitmentNeed(company=company),
        company=company,
        initial={"collected_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        need = form.save(commit=False)
        need.created_by = request.user
        need.save()
        messages.success(
            request, "Besoin enregistré. Complétez l'analyse du poste et ses compétences."
        )
        return redirect("employers:need-edit", recruitment_need_id=need.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Recueillir un besoin de recrutement — {company.name}",
        back=reverse("employers:company", args=[company.pk]),
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def need_detail(request, recruitment_need_id):
    need = get_need_for_user(request.user, recruitment_need_id)
    return _render(
        request,
        "need_detail.html",
        need=need,
        company=need.company,
        skills=list(need.skills.order_by("label")),
        offers=list(need.offers.all()),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def need_edit(request, recruitment_need_id):
    need = get_need_for_user(request.user, recruitment_need_id)
    job = need.appellation.label
    if request.method != "POST" and need.status == enums.NeedStatus.COLLECTED:
        need.status = enums.NeedStatus.ANALYSED  # proposed: saving the analysis says so
    form = RecruitmentNeedForm(_data(request), instance=need, company=need.company)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        messages.success(request, "Analyse du poste enregistrée. La fiche de poste est prête.")
        return redirect("employers:need", recruitment_need_id=need.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Analyse du poste — {job}",
        back=reverse("employers:need", args=[need.pk]),
        intro="Avec l'employeur : la mission, les tâches, les conditions, les compétences "
        "attendues ; n'exigez que ce que le poste impose vraiment.",
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def need_document(request, recruitment_need_id, fmt):
    need = get_need_for_user(request.user, recruitment_need_id)
    return document_response(
        job_description_document(need), fmt=fmt, filename=f"fiche-de-poste-{need.pk}"
    )


# --- job offers -------------------------------------------------------------------------------


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def offer_list(request):
    status = request.GET.get("etat", "")
    offers = (
        JobOffer.objects.visible_to(request.user)
        .select_related("company", "commune", "appellation")
        .order_by("-created_at", "-pk")
    )
    if status in enums.OfferStatus.values:
        offers = offers.filter(status=status)
    awaiting = PublicationConfirmation.objects.awaiting_review().filter(offer=OuterRef("pk"))
    offers = offers.annotate(
        awaiting_review=Exists(awaiting),
        # Four eyes: what the user confirmed waits for someone else's review.
        awaiting_other_review=Exists(awaiting.filter(confirmed_by=request.user)),
    )
    offers = offers.annotate(
        awaiting_decision=Exists(PublicationRequest.objects.pending().filter(offer=OuterRef("pk")))
    )
    to_review = request.GET.get("relecture") == "1"
    to_decide = request.GET.get("decision") == "1" and not to_review
    own_waiting = 0
    if to_review:
        own_waiting = offers.filter(awaiting_other_review=True).count()
        offers = offers.filter(awaiting_review=True, awaiting_other_review=False)
    if to_decide:
        offers = offers.filter(awaiting_decision=True)
    page = Paginator(offers, PAGE_SIZE).get_page(request.GET.get("page"))
    return _render(
        request,
        "offer_list.html",
        page=page,
        status=status,
        to_review=to_review,
        to_decide=to_decide,
        own_waiting=own_waiting,
        statuses=enums.OfferStatus.choices,
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def offer_create(request, company_id):
    company = get_company_for_user(request.user, company_id)
    need = None
    initial = {"commune": company.commune, "address": company.address, "positions": 1}
    need_id = request.GET.get("besoin", "")
    if need_id.isdigit():
        need = (
            RecruitmentNeed.objects.visible_to(request.user)
            .filter(pk=int(need_id), company=company)
            .select_related("appellation")
            .first()
        )
    if need is not None:
        initial.update(
            title=need.appellation.label,
            appellation=need.appellation,
            positions=need.positions,
            start_on=need.wished_start_on,
            description=need.mission + ("\n" + need.tasks if need.tasks else ""),
            working_conditions=need.working_conditions,
            qualifications=need.qualifications,
            driving_licences=need.driving_licences,
            campaign=need.campaign_id,
        )
    form = JobOfferForm(
        _data(request), instance=JobOffer(company=company), company=company, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        offer = actions.create_offer(
            offer=form.save(commit=False), membership=request.user.active_membership, need=need
        )
        messages.success(
            request,
            "Offre enregistrée en brouillon. Vérifiez ses compétences, puis publiez-la : "
            "sa rédaction sera contrôlée.",
        )
        return redirect("employers:offer", job_offer_id=offer.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Nouvelle offre — {company.name}",
        back=reverse("employers:company", args=[company.pk]),
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def offer_detail(request, job_offer_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    return _offer_page(request, offer, PublicationReviewForm())


def _hires(offer) -> int:
    """The hires recorded on the offer's proposals (mises en relation)."""
    return offer.proposals.filter(status="hired").count()


def _offer_page(request, offer, review_form):
    confirmations = list(offer.confirmations.select_related("confirmed_by", "reviewed_by"))
    awaiting = next((c for c in confirmations if c.reviewed_at is None), None)
    may_review = request.user.active_membership.can(Perm.OFFER_REVIEW)
    # Four eyes: a reviewer who confirmed the publication is told who else may review it.
    is_own = may_review and awaiting is not None and awaiting.confirmed_by_id == request.user.pk
    return _render(
        request,
        "offer_detail.html",
        offer=offer,
        skills=list(offer.required_skills.order_by("label")),
        confirmations=confirmations,
        publication_requests=list(
            offer.publication_requests.select_related("requested_by", "closed_by")
        ),
        licences=offer.driving_licences,
        hires=_hires(offer),
        can_review=may_review and not is_own,
        is_own_confirmation=is_own,
        other_reviewers=list(awaiting.other_reviewers()) if is_own else [],
        review_form=review_form,
    )


def _published_message(confirmation) -> str:
    """What publishing despite the findings leads to: a review by someone else, or, when
    nobody else may review, the publisher's own responsibility (never a promised review)."""
    if confirmation is None:
        return "Offre publiée."
    if confirmation.other_reviewers().exists():
        return (
            "Offre publiée malgré les constats : votre confirmation et son motif sont "
            "enregistrés ; un·e responsable de service les relira."
        )
    return (
        "Offre publiée malgré les constats : votre confirmation et son motif sont enregistrés. "
        "Personne d'autre dans la structure ne peut la relire pour l'instant : l'offre reste "
        "publiée sous votre responsabilité."
    )


@permission_required(Perm.OFFER_REVIEW)
@require_POST
def offer_review(request, job_offer_id):
    """The manager keeps or withdraws an offer published despite the checker's findings."""
    offer = get_offer_for_user(request.user, job_offer_id)
    confirmation = (
        PublicationConfirmation.objects.visible_to(request.user)
        .awaiting_review()
        .filter(offer=offer)
        .order_by("-confirmed_at", "-pk")
        .first()
    )
    if confirmation is None:
        messages.info(request, "Aucune publication de cette offre n'attend de relecture.")
        return redirect("employers:offer", job_offer_id=offer.pk)
    if confirmation.confirmed_by_id == request.user.pk:
        messages.error(request, actions.OWN_CONFIRMATION_ERROR)
        return redirect("employers:offer", job_offer_id=offer.pk)
    form = PublicationReviewForm(request.POST)
    if form.is_valid():
        try:
            actions.review_publication(
                confirmation=confirmation,
                by=request.user,
                decision=form.cleaned_data["decision"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                "Offre retirée : elle redevient un brouillon, à corriger puis à vérifier de "
                "nouveau."
                if form.cleaned_data["decision"] == enums.PublicationReview.WITHDRAWN
                else "Relecture enregistrée : la publication est maintenue.",
            )
            return redirect("employers:offer", job_offer_id=offer.pk)
    return _offer_page(request, offer, form)


@permission_required(Perm.EMPLOYERS_MANAGE)
def offer_edit(request, job_offer_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    if not offer.is_editable:
        messages.error(request, "Cette offre est pourvue ou close : elle ne change plus.")
        return redirect("employers:offer", job_offer_id=offer.pk)
    title = offer.title
    form = JobOfferForm(_data(request), instance=offer, company=offer.company)
    if request.method == "POST" and form.is_valid() and form.save_checked():
        was_published = offer.status == enums.OfferStatus.PUBLISHED
        if was_published and actions.recheck_published(offer=offer):
            messages.warning(
                request,
                "Offre enregistrée, mais sa nouvelle rédaction est signalée : elle repasse en "
                "brouillon. Vérifiez-la avant de la publier à nouveau.",
            )
            return redirect("employers:offer-publish", job_offer_id=offer.pk)
        messages.success(request, "Offre enregistrée.")
        return redirect("employers:offer", job_offer_id=offer.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Modifier l'offre — {title}",
        back=reverse("employers:offer", args=[offer.pk]),
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def offer_publish(request, job_offer_id):
    """Check the wording, show each finding, publish — or confirm with a reason. Findings
    plainly unlawful block: the liaison corrects the offer or submits it to the manager,
    who alone may publish despite them (or send it back for correction)."""
    offer = get_offer_for_user(request.user, job_offer_id)
    if offer.status != enums.OfferStatus.DRAFT:
        messages.info(request, "Cette offre n'est plus un brouillon.")
        return redirect("employers:offer", job_offer_id=offer.pk)
    found = actions.offer_findings(offer)
    blocking = actions.needs_confirmation(found)
    blocking_findings = actions.blocking_findings(found)
    may_decide = actions.may_publish_despite_blocking(request.user)
    pending_request = (
        offer.publication_requests.pending()
        .select_related("requested_by")
        .order_by("-requested_at", "-pk")
        .first()
    )
    action = request.POST.get("action", "publish") if request.method == "POST" else ""
    form = PublishForm(_data(request) if action == "publish" else None, needs_confirmation=blocking)
    request_form = PublicationRequestForm(request.POST if action == "request" else None)
    return_form = PublicationReturnForm(request.POST if action == "return" else None)
    if action == "publish" and form.is_valid():
        try:
            confirmation = actions.publish_offer(
                offer=offer,
                by=request.user,
                confirm=form.cleaned_data["confirm"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _published_message(confirmation))
            return redirect("employers:offer", job_offer_id=offer.pk)
    elif action == "request" and request_form.is_valid():
        try:
            actions.request_publication(
                offer=offer, by=request.user, reason=request_form.cleaned_data["reason"]
            )
        except ValidationError as error:
            request_form.add_error(None, error)
        else:
            messages.success(
                request,
                "Offre soumise au ou à la responsable : elle reste en brouillon jusqu'à sa "
                "décision.",
            )
            return redirect("employers:offer", job_offer_id=offer.pk)
    elif action == "return" and may_decide and return_form.is_valid():
        try:
            actions.return_request(
                offer=offer, by=request.user, note=return_form.cleaned_data["note"]
            )
        except ValidationError as error:
            return_form.add_error(None, error)
        else:
            messages.success(request, "Offre renvoyée pour correction : elle reste en brouillon.")
            return redirect("employers:offer", job_offer_id=offer.pk)
    return _render(
        request,
        "offer_publish.html",
        offer=offer,
        found=found,
        blocking=blocking,
        blocking_findings=blocking_findings,
        may_decide=may_decide,
        pending_request=pending_request,
        count=sum(len(ff.findings) for ff in found if ff.field != "pay"),
        pay_count=sum(not f.is_caution for ff in found if ff.field == "pay" for f in ff.findings),
        form=form,
        request_form=request_form,
        return_form=return_form,
    )


@permission_required(Perm.EMPLOYERS_MANAGE)
def offer_status(request, job_offer_id):
    offer = get_offer_for_user(request.user, job_offer_id)
    if not offer.is_editable:
        messages.info(request, "Cette offre est déjà pourvue ou close.")
        return redirect("employers:offer", job_offer_id=offer.pk)
    # The hires recorded on its proposals, else as many as positions.
    form = OfferStatusForm(
        _data(request), initial={"hired_count": _hires(offer) or offer.positions}
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.end_offer(
                offer=offer,
                status=form.cleaned_data["status"],
                hired_count=form.cleaned_data["hired_count"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "État de l'offre enregistré.")
            return redirect("employers:offer", job_offer_id=offer.pk)
    return _form_page(
        request,
        form=form,
        heading=f"Offre pourvue ou close — {offer.title}",
        back=reverse("employers:offer", args=[offer.pk]),
    )


@permission_required(Perm.EMPLOYERS_VIEW)
@require_safe
def offer_file(request, job_offer_id, fmt):
    offer = get_offer_for_user(request.user, job_offer_id)
    return document_response(offer_document(offer), fmt=fmt, filename=f"offre-{offer.pk}")
