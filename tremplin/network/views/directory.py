"""The partner directory: search by need, distance and words; partners, services, contacts."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm
from tremplin.network import directory
from tremplin.network.forms import (
    DirectorySearchForm,
    ImportForm,
    PartnerContactForm,
    PartnerServiceForm,
    PartnerStructureForm,
)
from tremplin.network.importer import import_datainclusion
from tremplin.network.models import PartnerContact, PartnerService, PartnerStructure
from tremplin.network.search import DEFAULT_RADIUS_KM, search_services, zone_labels

RESULTS = 200  # found at most, shown on the map
PAGE_SIZE = 20  # listed per page


def _can_manage(request) -> bool:
    membership = request.user.active_membership
    return membership is not None and membership.can(Perm.DIRECTORY_MANAGE)


def _markers(hits) -> list[dict]:
    markers = []
    for hit in hits:
        service = hit.service
        if service.point_latitude is None:
            continue
        markers.append(
            {
                "lat": service.point_latitude,
                "lon": service.point_longitude,
                "name": service.name,
                "structure": service.structure.name,
                "distance": hit.distance_label,
                "url": reverse("directory:service", args=[service.pk]),
            }
        )
    return markers


@permission_required(Perm.DIRECTORY_VIEW)
@require_safe
def search(request):
    """Search the directory. Criteria in the URL: a need, a commune, words — never a name."""
    # A page number alone is no search: it pages through the services around the structure.
    searched = any(key != "page" for key in request.GET)
    form = DirectorySearchForm(request.GET if searched else None)
    hits = page = None
    origin = None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        hits = search_services(
            request.user,
            thematiques=form.thematiques(),
            commune=data["commune"],
            radius_km=data["rayon"] or DEFAULT_RADIUS_KM,
            text=data["q"],
            limit=RESULTS,
        )
        page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
        commune = data["commune"]
        if commune is not None and commune.latitude is not None:
            origin = {"lat": commune.latitude, "lon": commune.longitude, "name": commune.name}
    nearby = None
    if not form.is_bound:
        # Before any search, the services around the structure: the page is never empty.
        commune = request.user.active_membership.structure.commune
        if commune is not None and commune.latitude is not None:
            hits = search_services(
                request.user, commune=commune, radius_km=DEFAULT_RADIUS_KM, limit=RESULTS
            )
            page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
            origin = {"lat": commune.latitude, "lon": commune.longitude, "name": commune.name}
            nearby = {"commune": commune.name, "radius": DEFAULT_RADIUS_KM}
    query = request.GET.copy()
    query.pop("page", None)
    mine = None
    if (hits is None or nearby) and _can_manage(request):
        mine = PartnerStructure.objects.editable_by(request.user).order_by("name")[:50]
    context = {
        "form": form,
        "hits": hits,
        "page": page,
        "limit": RESULTS,
        "query": query.urlencode(),
        "markers": _markers(hits or []),
        "origin": origin,
        "tiles_url": settings.TREMPLIN_MAP_TILES_URL,
        "tiles_attribution": settings.TREMPLIN_MAP_ATTRIBUTION,
        "can_manage": _can_manage(request),
        "mine": mine,
        "nearby": nearby,
        "nav": "directory",
    }
    return render(request, "network/directory/search.html", context)


@permission_required(Perm.DIRECTORY_VIEW)
@require_safe
def structure_detail(request, partner_id):
    partner = directory.get_partner_for_user(request.user, partner_id)
    services = (
        PartnerService.objects.visible_to(request.user)
        .filter(structure=partner)
        .prefetch_related("thematiques")
        .order_by("name")
    )
    contacts = PartnerContact.objects.visible_to(request.user).filter(partner=partner)
    can_edit = PartnerStructure.objects.editable_by(request.user).filter(pk=partner.pk).exists()
    context = {
        "partner": partner,
        "services": services,
        "contacts": contacts,
        "can_edit": can_edit,
        "can_manage": _can_manage(request),
        "nav": "directory",
    }
    return render(request, "network/directory/structure_detail.html", context)


@permission_required(Perm.DIRECTORY_VIEW)
@require_safe
def service_detail(request, partner_service_id):
    service = directory.get_service_for_user(request.user, partner_service_id)
    can_edit = PartnerService.objects.editable_by(request.user).filter(pk=service.pk).exists()
    contacts = PartnerContact.objects.visible_to(request.user).filter(partner=service.structure)
    themes: dict = {}
    for thematique in service.thematiques.all():
        themes.setdefault(thematique.category.label, []).append(thematique.label)
    context = {
        "service": service,
        "partner": service.structure,
        "themes": sorted(themes.items()),
        "zone": zone_labels(service.eligibility_zone or []),
        "contacts": contacts,
        "can_edit": can_edit,
        "nav": "directory",
    }
    return render(request, "network/directory/service_detail.html", context)


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def structure_create(request):
    form = PartnerStructureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        partner = directory.save_partner(form=form, membership=request.user.active_membership)
        messages.success(request, "Structure partenaire ajoutée à l'annuaire.")
        return redirect("directory:structure", partner_id=partner.pk)
    return render(
        request,
        "network/directory/structure_form.html",
        {"form": form, "partner": None, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def structure_edit(request, partner_id):
    partner = directory.get_editable_partner_for_user(request.user, partner_id)
    form = PartnerStructureForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        directory.save_partner(form=form, membership=request.user.active_membership)
        messages.success(request, "Structure partenaire mise à jour.")
        return redirect("directory:structure", partner_id=partner.pk)
    return render(
        request,
        "network/directory/structure_form.html",
        {"form": form, "partner": partner, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def service_create(request, partner_id):
    partner = directory.get_editable_partner_for_user(request.user, partner_id)
    form = PartnerServiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        service = directory.save_service(
            form=form, partner=partner, membership=request.user.active_membership
        )
        messages.success(request, "Service ajouté.")
        return redirect("directory:service", partner_service_id=service.pk)
    return render(
        request,
        "network/directory/service_form.html",
        {"form": form, "partner": partner, "service": None, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def service_edit(request, partner_service_id):
    service = directory.get_editable_service_for_user(request.user, partner_service_id)
    form = PartnerServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        directory.save_service(
            form=form, partner=service.structure, membership=request.user.active_membership
        )
        messages.success(request, "Service mis à jour.")
        return redirect("directory:service", partner_service_id=service.pk)
    return render(
        request,
        "network/directory/service_form.html",
        {"form": form, "partner": service.structure, "service": service, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def contact_create(request, partner_id):
    partner = directory.get_partner_for_user(request.user, partner_id)
    form = PartnerContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.partner = partner
        contact.owner_structure_id = request.user.active_membership.structure_id
        contact.save()
        messages.success(request, "Contact ajouté au carnet de votre structure.")
        return redirect("directory:structure", partner_id=partner.pk)
    return render(
        request,
        "network/directory/contact_form.html",
        {"form": form, "partner": partner, "contact": None, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def contact_edit(request, partner_contact_id):
    contact = directory.get_contact_for_user(request.user, partner_contact_id)
    form = PartnerContactForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Contact mis à jour.")
        return redirect("directory:structure", partner_id=contact.partner_id)
    return render(
        request,
        "network/directory/contact_form.html",
        {"form": form, "partner": contact.partner, "contact": contact, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def contact_delete(request, partner_contact_id):
    contact = directory.get_contact_for_user(request.user, partner_contact_id)
    if request.method == "POST":
        partner_id = contact.partner_id
        contact.delete()
        messages.success(request, "Contact retiré du carnet.")
        return redirect("directory:structure", partner_id=partner_id)
    return render(
        request,
        "network/directory/contact_confirm_delete.html",
        {"contact": contact, "partner": contact.partner, "nav": "directory"},
    )


@permission_required(Perm.DIRECTORY_MANAGE)
@require_http_methods(["GET", "POST"])
def import_file(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        report = import_datainclusion(
            uploaded.read(),
            uploaded.name,
            dry_run=form.cleaned_data["dry_run"],
            complete=form.cleaned_data["complete"],
        )
        if report.ok:
            messages.success(request, report.summary())
            if report.written:
                return redirect("directory:import")
    return render(
        request,
        "network/directory/import.html",
        {"form": form, "report": report, "nav": "directory"},
    )
