from datetime import timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.accounts.models import User
from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.core.text import counted, de, freed_places_line
from tremplin.people.access import get_person_for_user, open_file, read_reason, require
from tremplin.people.creation import person_create_page
from tremplin.people.models import Person
from tremplin.people.tabs import file_context
from tremplin.reception import actions
from tremplin.reception.forms import (
    AttendanceForm,
    ContactForm,
    DecisionForm,
    InfoSessionForm,
    OrderForm,
    ServiceOfferForm,
)
from tremplin.reception.models import (
    Contact,
    InfoSession,
    NextStep,
    Order,
    OrderStatus,
    Registration,
    ServiceOffer,
)

# The one wording of freed places, shared with the workshops' waiting list.

PAGE_SIZE = 30


def get_contact_for_user(user, pk) -> Contact:
    return get_object_or_404(
        Contact.objects.visible_to(user).select_related("person", "received_by"), pk=pk
    )


def get_session_for_user(user, pk) -> InfoSession:
    return get_object_or_404(
        InfoSession.objects.visible_to(user).select_related("facilitator"), pk=pk
    )


def get_order_for_user(user, pk) -> Order:
    return get_object_or_404(
        Order.objects.visible_to(user).select_related("person", "offer", "recorded_by"), pk=pk
    )


def get_offer_for_user(user, pk) -> ServiceOffer:
    return get_object_or_404(ServiceOffer.objects.visible_to(user), pk=pk)


def _log_page_read(user, access) -> None:
    """Trace the read of the file's reception part when a page shows it: once per page view
    (a form posted then redirected is not read twice)."""
    log_read(
        user=user,
        person=access.person,
        section=Section.RECEPTION,
        reason=read_reason(access, Section.RECEPTION),
    )


def _log_linked_person(user, contact: Contact) -> None:
    if contact.person_id and Person.objects.visible_to(user).filter(pk=contact.person_id).exists():
        log_read(user=user, person=contact.person, section=Section.RECEPTION)


# --- the reception log ------------------------------------------------------------------------


@permission_required(Perm.CONTACT_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def contact_log(request):
    """The reception log. Filters in the URL; a name searched only in a POST body."""
    params = request.POST if request.method == "POST" else request.GET
    contacts = Contact.objects.visible_to(request.user).select_related("person", "received_by")
    period = params.get("periode", "7")
    if period in {"1", "7", "30"}:
        since = timezone.localdate() - timedelta(days=int(period) - 1)
        contacts = contacts.filter(received_at__date__gte=since)
    channel = params.get("canal", "")
    if channel:
        contacts = contacts.filter(channel=channel)
    if params.get("sans_dossier") == "1":
        contacts = contacts.filter(person__isnull=True)
    query = params.get("q", "").strip()[:100] if request.method == "POST" else ""
    if query:
        contacts = contacts.search(query)
    page = Paginator(contacts.order_by("-received_at", "-pk"), PAGE_SIZE).get_page(
        params.get("page")
    )
    context = {
        "page": page,
        "period": period,
        "channel": channel,
        "without_file": params.get("sans_dossier") == "1",
        "query": query,
        "channels": Contact._meta.get_field("channel").choices,
        "nav": "reception",
    }
    return render(request, "reception/contact_log.html", context)


@permission_required(Perm.CONTACT_RECORD)
def contact_create(request):
    form = ContactForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        contact = form.save(commit=False)
        contact.structure_id = request.user.active_membership.structure_id
        contact.received_by = request.user
        contact.save()
        messages.success(request, "Contact enregistré dans le registre de l'accueil.")
        if contact.next_step == NextStep.FILE:
            return redirect("reception:contact-file", contact_id=contact.pk)
        return redirect("reception:contact", contact_id=contact.pk)
    return render(request, "reception/contact_form.html", {"form": form, "nav": "reception"})


@permission_required(Perm.CONTACT_RECORD)
def contact_detail(request, contact_id):
    """The contact; without a file yet, a search among the structure's files to attach it to
    (the name searched travels only in a POST body)."""
    contact = get_contact_for_user(request.user, contact_id)
    _log_linked_person(request.user, contact)
    searching = request.method == "POST" and request.POST.get("action") == "search"
    editing = request.method == "POST" and not searching
    form = ContactForm(request.POST if editing else None, instance=contact)
    query, found = "", None
    if searching and not contact.person_id:
        query = request.POST.get("q", "").strip()[:100]
        found = list(_linkable_files(request.user).search(query)[:10]) if query else []
    if editing and form.is_valid():
        form.save()
        messages.success(request, "Contact mis à jour.")
        return redirect("reception:contact", contact_id=contact.pk)
    # The sessions it may still be registered to: not those it already is.
    sessions = (
        InfoSession.objects.visible_to(request.user)
        .upcoming()
        .filter(is_cancelled=False)
        .exclude(registrations__contact=contact)
        .with_registered_count()
    )
    return render(
        request,
        "reception/contact_detail.html",
        {
            "contact": contact,
            "form": form,
            "sessions": sessions,
            "registrations": contact.registrations.with_waiting_rank().select_related("session"),
            "query": query,
            "found": found,
            "nav": "reception",
        },
    )


@permission_required(Perm.PERSON_CREATE)
def contact_file(request, contact_id):
    """Open a file from a contact, in one click: the form starts from what reception noted."""
    contact = get_contact_for_user(request.user, contact_id)
    if contact.person_id:
        messages.info(request, "Ce contact est déjà rattaché à un dossier.")
        return redirect("people:person-detail", person_id=contact.person_id)
    initial = {
        "last_name": contact.last_name,
        "first_name": contact.first_name,
        "phone": contact.phone,
        "email": contact.email,
    }
    return person_create_page(
        request,
        initial=initial,
        on_created=lambda person: actions.link_contact(contact=contact, person=person),
        extra_context={"from_contact": contact, "nav": "reception"},
    )


def _linkable_files(user):
    """The files a contact may be attached to: those the user may see that their structure
    follows or followed (a file only shared with it belongs to another structure's reception)."""
    return Person.objects.visible_to(user).followed_by_structure(
        user.active_membership.structure_id, active=False
    )


@permission_required(Perm.CONTACT_RECORD)
@require_POST
def contact_link(request, contact_id):
    """Attach the contact to a file that already exists (from the contact's page, or from a
    likely duplicate found while opening a file from the contact)."""
    contact = get_contact_for_user(request.user, contact_id)
    person_id = request.POST.get("person", "")
    if not (person_id.isascii() and person_id.isdigit()):
        raise Http404
    back = redirect("reception:contact", contact_id=contact.pk)
    if not _linkable_files(request.user).filter(pk=person_id).exists():
        if Person.objects.visible_to(request.user).filter(pk=person_id).exists():
            messages.error(
                request,
                "Ce dossier n'est pas suivi par votre structure : le contact ne peut pas y être "
                "rattaché.",
            )
            return back
        raise Http404
    access = open_file(request.user, person_id, section=Section.RECEPTION)
    if not access.can(Perm.CONTACT_RECORD):
        messages.error(
            request, "Ce dossier ne peut plus être modifié : le contact n'y est pas rattaché."
        )
        return back
    try:
        attached = actions.attach_contact(contact=contact, person=access.person)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return back
    if attached:
        messages.success(request, f"Contact rattaché au dossier de {access.person.full_name}.")
    else:
        messages.info(request, "Ce contact était déjà rattaché à ce dossier : rien n'a changé.")
    return redirect("reception:person-contacts", person_id=access.person.pk)


@permission_required(Perm.CONTACT_RECORD)
@require_POST
def contact_register(request, contact_id):
    contact = get_contact_for_user(request.user, contact_id)
    session = get_session_for_user(request.user, request.POST.get("session", "0") or 0)
    return _register(
        request,
        session,
        contact=contact,
        done=redirect("reception:contact", contact_id=contact.pk),
        success=f"Inscription enregistrée : {session}.",
    )


FORWARDED = ("session", "person", "contact", "waiting_list", "confirm")


def _register(request, session, *, done, success, person=None, contact=None):
    """Register, then go back to ``done``; when someone with the same name and phone or
    e-mail is already registered without a file to tell them apart, ask first; when no place
    can be given, offer the waiting list (reception's explicit choice)."""
    fields = [(name, request.POST[name]) for name in FORWARDED if request.POST.get(name)]
    try:
        registration = actions.register(
            session=session,
            by=request.user,
            person=person,
            contact=contact,
            confirmed=request.POST.get("confirm") == "1",
            waiting_list=request.POST.get("waiting_list") == "1",
        )
    except actions.LooksAlreadyRegistered as doubt:
        return render(
            request,
            "reception/register_confirm.html",
            {
                "session": session,
                "existing": doubt.registration,
                "candidate": person or contact,
                "fields": [(name, value) for name, value in fields if name != "confirm"],
                "back": done.url,
                "nav": "reception",
            },
        )
    except actions.NoPlaceFree as full:
        return render(
            request,
            "reception/register_waiting.html",
            {
                "session": session,
                "reason": full.messages[0],
                "candidate": person or contact,
                "fields": [(name, value) for name, value in fields if name != "waiting_list"],
                "back": done.url,
                "nav": "reception",
            },
        )
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if registration.on_waiting_list:
            rank = Registration.objects.with_waiting_rank().get(pk=registration.pk).waiting_rank
            messages.success(
                request, f"Inscription en liste d'attente enregistrée (rang {rank}) : {session}."
            )
        else:
            messages.success(request, success)
    return done


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_contacts(request, person_id):
    """The reception tab of a file: contacts, information sessions, orders."""
    access = open_file(request.user, person_id, section=Section.RECEPTION)
    context = file_context(request, access, tab="reception")
    context["contacts"] = (
        Contact.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("received_by")
    )
    context["registrations"] = (
        Registration.objects.filter(
            person=access.person, session__in=InfoSession.objects.visible_to(request.user)
        )
        .with_waiting_rank()
        .select_related("session")
    )
    context["orders"] = (
        Order.objects.visible_to(request.user).filter(person=access.person).select_related("offer")
    )
    context["can_record_order"] = access.can(Perm.ORDER_RECORD)
    context["sessions"] = (
        InfoSession.objects.visible_to(request.user)
        .upcoming()
        .filter(is_cancelled=False)
        .with_registered_count()
    )
    context["can_register"] = access.can(Perm.CONTACT_RECORD)
    return render(request, "reception/person_contacts.html", context)


@permission_required(Perm.CONTACT_RECORD)
@require_POST
def person_register(request, person_id):
    access = open_file(request.user, person_id, section=Section.RECEPTION)
    require(access, Perm.CONTACT_RECORD)
    session = get_session_for_user(request.user, request.POST.get("session", "0") or 0)
    return _register(
        request,
        session,
        person=access.person,
        done=redirect("reception:person-contacts", person_id=access.person.pk),
        success=f"Inscription enregistrée : {session}.",
    )


# --- information sessions -----------------------------------------------------------------------


@permission_required(Perm.CONTACT_RECORD)
@require_safe
def sessions(request):
    visible = InfoSession.objects.visible_to(request.user).with_registered_count()
    upcoming = visible.upcoming().order_by("starts_at")
    past = visible.exclude(pk__in=upcoming.values("pk")).order_by("-starts_at")[:30]
    return render(
        request, "reception/sessions.html", {"upcoming": upcoming, "past": past, "nav": "reception"}
    )


def _facilitators(user):
    return User.objects.filter(
        memberships__structure_id=user.active_membership.structure_id,
        memberships__is_active=True,
        is_active=True,
    ).order_by("last_name")


@permission_required(Perm.CONTACT_RECORD)
def session_create(request):
    form = InfoSessionForm(
        request.POST if request.method == "POST" else None, facilitators=_facilitators(request.user)
    )
    if request.method == "POST" and form.is_valid():
        session = form.save(commit=False)
        session.structure_id = request.user.active_membership.structure_id
        session.save()
        messages.success(request, "Information collective programmée.")
        return redirect("reception:session", session_id=session.pk)
    return render(request, "reception/session_form.html", {"form": form, "nav": "reception"})


@permission_required(Perm.CONTACT_RECORD)
def session_edit(request, session_id):
    session = get_session_for_user(request.user, session_id)
    capacity_before = session.capacity
    form = InfoSessionForm(
        request.POST if request.method == "POST" else None,
        instance=session,
        facilitators=_facilitators(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_session(form)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field, message)
            return render(
                request,
                "reception/session_form.html",
                {"form": form, "session": session, "nav": "reception"},
            )
        text = "Information collective modifiée."
        # More places while people wait: they are told to reception, nobody is moved (the
        # counselor reaches each person, then confirms the place from the session's page).
        if session.capacity > capacity_before:
            waiting = session.registrations.waiting().select_related("person", "contact")
            freed = _freed_places(session, list(waiting))
            if freed:
                text += f" {freed['line']}. {freed['advice']}"
        messages.success(request, text)
        return redirect("reception:session", session_id=session.pk)
    return render(
        request,
        "reception/session_form.html",
        {"form": form, "session": session, "nav": "reception"},
    )


@permission_required(Perm.CONTACT_RECORD)
@require_http_methods(["GET", "HEAD", "POST"])
def session_detail(request, session_id):
    session = get_session_for_user(request.user, session_id)
    registrations = session.registrations.select_related("person", "contact").order_by(
        "registered_at", "pk"
    )
    form = AttendanceForm(
        request.POST if request.POST.get("action") == "attendance" else None,
        registrations=registrations.holding_a_place(),
    )
    if request.POST.get("action") == "attendance" and form.is_valid():
        try:
            changed = actions.record_attendance(
                session=session,
                attendance={r.pk: form.cleaned_data[f"r{r.pk}"] for r in form.registrations},
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"Présences enregistrées ({changed} modification{'s' if changed > 1 else ''}).",
            )
        return redirect("reception:session", session_id=session.pk)
    if request.POST.get("action") == "cancel":
        registration = get_object_or_404(registrations, pk=request.POST.get("registration") or 0)
        name = registration.display_name
        try:
            actions.cancel_registration(registration=registration)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            if registration.on_waiting_list:
                messages.success(request, f"{name} n'est plus en liste d'attente.")
            else:
                messages.success(request, f"Inscription {de(name)} annulée : la place est libérée.")
        return redirect("reception:session", session_id=session.pk)
    if request.POST.get("action") == "promote":
        registration = get_object_or_404(registrations, pk=request.POST.get("registration") or 0)
        try:
            actions.promote(registration=registration)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(
                request,
                f"Place confirmée pour {registration.display_name} : inscription enregistrée.",
            )
        return redirect("reception:session", session_id=session.pk)
    query, found = "", []
    if request.POST.get("action") == "search":
        query = request.POST.get("q", "").strip()[:100]
        if query:
            found = list(Person.objects.visible_to(request.user).search(query)[:10])
            found_contacts = list(
                Contact.objects.visible_to(request.user)
                .filter(person__isnull=True)
                .search(query)[:10]
            )
        else:
            found_contacts = []
    else:
        found_contacts = []
    waiting = list(registrations.waiting())
    taken = len(form.registrations)
    places_left = session.capacity - taken
    freed = _freed_places(session, waiting, taken=taken)
    return render(
        request,
        "reception/session_detail.html",
        {
            "session": session,
            "form": form,
            "waiting": waiting,
            "counts": _counts(taken, session.capacity, len(waiting)),
            "query": query,
            "found": found,
            "found_contacts": found_contacts,
            "follow_up": actions.to_follow_up(session, request.user.active_membership.structure_id),
            "places_left": places_left,
            # New people go on the waiting list when every free place is due to someone waiting.
            "to_waiting_list": places_left <= len(waiting),
            # A place freed while people wait: reception reaches the first, then confirms.
            "freed": freed,
            "nav": "reception",
        },
    )


# Beyond three names, a message is no longer read: the others are counted.
NAMED_FREED = 3


def _freed_places(session, waiting: list[Registration], *, taken: int | None = None):
    """« Une place s'est libérée » (or « N places se sont libérées ») when free places are
    due to people on the waiting list, with whom to reach first, in the list's order: the
    wording of the session's page and of the message after its capacity was raised. None
    when no place is due to anyone, or the session is cancelled or over."""
    if session.is_cancelled or session.is_past or not waiting:
        return None
    if taken is None:
        taken = session.registrations.holding_a_place().count()
    count = min(session.capacity - taken, len(waiting))
    if count <= 0:
        return None
    first = waiting[:count]
    if count == 1:
        advice = (
            f"Prévenez d'abord {first[0].display_name}, première personne de la liste "
            "d'attente, pour vérifier qu'elle vient toujours, puis confirmez sa place."
        )
    else:
        names = [registration.display_name for registration in first[:NAMED_FREED]]
        if count > NAMED_FREED:
            names.append(counted(count - NAMED_FREED, "autre personne", "autres personnes"))
        advice = (
            "Elles reviennent d'abord à la liste d'attente, dans l'ordre : "
            f"{', '.join(names[:-1])} puis {names[-1]}. Prévenez ces personnes pour vérifier "
            "qu'elles viennent toujours, puis confirmez leur place."
        )
    return {"line": freed_places_line(count), "count": count, "first": first[0], "advice": advice}


def _counts(taken: int, capacity: int, waiting: int) -> str:
    """« 2 inscrit·es sur 12 places · 1 en liste d'attente »."""
    registered = f"{taken} inscrit·e{'s' if taken > 1 else ''}"
    places = f"{capacity} place{'s' if capacity > 1 else ''}"
    return f"{registered} sur {places} · {waiting} en liste d'attente"


@permission_required(Perm.CONTACT_RECORD)
@require_POST
def session_register(request, session_id):
    session = get_session_for_user(request.user, session_id)
    person = contact = None
    if request.POST.get("person"):
        person = get_object_or_404(
            Person.objects.visible_to(request.user), pk=request.POST["person"]
        )
    elif request.POST.get("contact"):
        contact = get_contact_for_user(request.user, request.POST["contact"])
    else:
        raise Http404
    return _register(
        request,
        session,
        person=person,
        contact=contact,
        done=redirect("reception:session", session_id=session.pk),
        success="Inscription enregistrée.",
    )


# --- orders -------------------------------------------------------------------------------------


@permission_required(Perm.ORDER_RECORD)
@require_safe
def orders(request):
    status = request.GET.get("statut", OrderStatus.RECEIVED)
    items = Order.objects.visible_to(request.user).select_related("person", "offer", "decided_by")
    if status in OrderStatus.values:
        items = items.filter(status=status)
    items = (
        items.order_by("received_on", "pk")
        if status == OrderStatus.RECEIVED
        else items.order_by("-received_on", "-pk")
    )
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    waiting = Order.objects.visible_to(request.user).waiting()
    stats = waiting.aggregate(
        total=Count("pk"),
        late=Count("pk", filter=Q(received_on__lt=timezone.localdate() - timedelta(days=7))),
    )
    return render(
        request,
        "reception/orders.html",
        {
            "page": page,
            "status": status,
            "statuses": OrderStatus.choices,
            "stats": stats,
            "nav": "orders",
        },
    )


@permission_required(Perm.ORDER_RECORD)
def order_create(request, person_id):
    access = get_person_for_user(request.user, person_id, section=Section.RECEPTION)
    require(access, Perm.ORDER_RECORD)
    form = OrderForm(
        request.POST if request.method == "POST" else None,
        request.FILES or None,
        allow_attachment=access.can(Perm.DOCUMENT_ADD),
    )
    if request.method == "POST" and form.is_valid():
        order = form.save(commit=False)
        order.person = access.person
        try:
            actions.record_order(
                order=order,
                membership=request.user.active_membership,
                attachment=form.cleaned_data.get("attachment"),
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.error_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error("attachment", error)
        else:
            messages.success(request, "Commande enregistrée : elle attend votre réponse.")
            return redirect("reception:order", order_id=order.pk)
    _log_page_read(request.user, access)
    context = file_context(request, access, tab="reception")
    context["form"] = form
    return render(request, "reception/order_form.html", context)


@permission_required(Perm.ORDER_RECORD)
def order_detail(request, order_id):
    """The order; those who may decide (ORDER_MANAGE) check its conformity and answer."""
    order = get_order_for_user(request.user, order_id)
    access = get_person_for_user(request.user, order.person_id, section=Section.RECEPTION)
    can_decide = access.can(Perm.ORDER_MANAGE)
    offers = ServiceOffer.objects.visible_to(request.user).filter(is_active=True)
    form = DecisionForm(request.POST if request.method == "POST" else None, offers=offers)
    if request.method == "POST":
        if not can_decide:
            raise PermissionDenied
        if order.status != OrderStatus.RECEIVED:
            raise Http404
        if form.is_valid():
            try:
                actions.decide_order(
                    order=order,
                    by=request.user,
                    decision=form.cleaned_data["decision"],
                    offer=form.cleaned_data["offer"],
                    conformity_note=form.cleaned_data["conformity_note"],
                    refusal_reason=form.cleaned_data["refusal_reason"],
                    decision_note=form.cleaned_data["decision_note"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                sent = " et envoyée au prescripteur" if order.prescriber_email else ""
                messages.success(request, f"Réponse enregistrée{sent}.")
                return redirect("reception:order", order_id=order.pk)
    _log_page_read(request.user, access)
    context = file_context(request, access, tab="reception")
    context.update(
        {
            "order": order,
            "form": form,
            "can_decide": can_decide,
            "can_see_documents": access.can_see(Section.DOCUMENTS),
            "offers": offers,
            "documents": order.documents.filter(deleted_at__isnull=True),
        }
    )
    return render(request, "reception/order_detail.html", context)


@permission_required(Perm.STRUCTURE_SETTINGS)
def offers(request):
    form = ServiceOfferForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        offer = form.save(commit=False)
        offer.structure_id = request.user.active_membership.structure_id
        offer.save()
        messages.success(request, "Prestation ajoutée à l'offre de services.")
        return redirect("reception:offers")
    items = ServiceOffer.objects.visible_to(request.user).annotate(order_count=Count("orders"))
    return render(
        request, "reception/offers.html", {"offers": items, "form": form, "nav": "orders"}
    )


@permission_required(Perm.STRUCTURE_SETTINGS)
def offer_edit(request, offer_id):
    offer = get_offer_for_user(request.user, offer_id)
    form = ServiceOfferForm(request.POST if request.method == "POST" else None, instance=offer)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Prestation modifiée.")
        return redirect("reception:offers")
    return render(
        request, "reception/offer_form.html", {"offer": offer, "form": form, "nav": "orders"}
    )
