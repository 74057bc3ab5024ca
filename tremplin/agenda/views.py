from datetime import date, datetime, time, timedelta

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from tremplin.accounts.models import User
from tremplin.agenda import actions, ical, notices, stats
from tremplin.agenda.clashes import clashes
from tremplin.agenda.enums import AppointmentKind, Attendance, NoticeKind
from tremplin.agenda.forms import AppointmentForm, AttendanceForm, CancelForm
from tremplin.agenda.models import Appointment, CalendarFeed, Participant
from tremplin.agenda.slots import default_start
from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import RIGHTS, Perm, Role, Section
from tremplin.pathways.models import Interview, Pathway
from tremplin.people.access import open_file, require
from tremplin.people.models import Follow, Person
from tremplin.people.tabs import file_context
from tremplin.workshops.models import HalfDay

DAY_NAMES = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
AGENDA_ROLES = [role for role in Role if Perm.AGENDA_MANAGE in RIGHTS[role].perms]
# The appointment form lists one's own caseload up to this many people; the others are found
# by name, at most MAX_FOUND at a time.
MAX_CASELOAD_LISTED = 80
MAX_FOUND = 10


def _participants():
    return Prefetch(
        "participants",
        queryset=Participant.objects.select_related("person").order_by(
            "person__sort_key", "person_id"
        ),
    )


def get_appointment_for_user(user, pk) -> Appointment:
    """The appointment if the user's structure holds it and their role keeps an agenda."""
    return get_object_or_404(
        Appointment.objects.visible_to(user)
        .select_related("organizer", "structure", "created_by")
        .prefetch_related(_participants()),
        pk=pk,
    )


def _log_participants(user, appointment: Appointment) -> None:
    """Opening an appointment shows who is expected: a read of each person's file."""
    for participant in appointment.participants.all():
        log_read(user=user, person=participant.person, section=Section.AGENDA)


def _organizers(membership):
    return User.objects.filter(
        memberships__structure_id=membership.structure_id,
        memberships__is_active=True,
        memberships__role__in=AGENDA_ROLES,
        is_active=True,
    ).order_by("last_name", "first_name")


def _local_midnight(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min), timezone.get_current_timezone())


def _parse_day(value: str | None) -> date | None:
    try:
        return date.fromisoformat(value or "")
    except ValueError:
        return None


# --- the week ------------------------------------------------------------------------------------


@permission_required(Perm.AGENDA_MANAGE)
@require_safe
def week(request):
    """A professional's week, Monday to Sunday, listed day by day: her appointments and the
    workshop half-days she facilitates (those the user may see in the workshops)."""
    membership = request.user.active_membership
    today = timezone.localdate()
    day = _parse_day(request.GET.get("semaine")) or today
    monday = day - timedelta(days=day.weekday())
    organizers = list(_organizers(membership))
    chosen = request.user
    wanted = request.GET.get("avec", "")
    if wanted.isdigit():
        chosen = next((u for u in organizers if u.pk == int(wanted)), None)
        if chosen is None:
            raise Http404
    appointments = (
        Appointment.objects.visible_to(request.user)
        .filter(organizer=chosen)
        .between(_local_midnight(monday), _local_midnight(monday + timedelta(days=7)))
        .prefetch_related(_participants())
        .order_by("starts_at", "pk")
    )
    half_days = (
        HalfDay.objects.visible_to(request.user)
        .filter(session__facilitators=chosen, date__gte=monday, date__lt=monday + timedelta(days=7))
        .select_related("session__design")
        .order_by("date", "starts_at", "pk")
    )
    days = [
        {
            "date": monday + timedelta(days=offset),
            "name": DAY_NAMES[offset],
            "is_today": monday + timedelta(days=offset) == today,
            "appointments": [],
            "half_days": [],
            "entries": [],
        }
        for offset in range(7)
    ]
    for appointment in appointments:
        start = timezone.localtime(appointment.starts_at)
        days[start.weekday()]["appointments"].append(appointment)
        days[start.weekday()]["entries"].append((start.time(), 0, appointment, None))
    for half_day in half_days:
        days[half_day.date.weekday()]["half_days"].append(half_day)
        days[half_day.date.weekday()]["entries"].append((half_day.starts_at, 1, None, half_day))
    for day_entry in days:
        # Appointments and half-days by start time (an appointment first at the same time).
        day_entry["entries"] = [
            {"appointment": a, "half_day": h}
            for _t, _o, a, h in sorted(day_entry["entries"], key=lambda e: (e[0], e[1]))
        ]
    context = {
        "days": days,
        "monday": monday,
        "sunday": monday + timedelta(days=6),
        "previous": monday - timedelta(days=7),
        "next": monday + timedelta(days=7),
        "this_week": today - timedelta(days=today.weekday()),
        "is_this_week": monday <= today < monday + timedelta(days=7),
        "organizers": organizers,
        "chosen": chosen,
        "is_mine": chosen == request.user,
        "count": sum(len(d["appointments"]) for d in days),
        "workshop_count": sum(len(d["half_days"]) for d in days),
        "nav": "agenda",
    }
    return render(request, "agenda/week.html", context)


# --- create and edit -----------------------------------------------------------------------------


def _default_place(structure) -> str:
    if structure.address:
        commune = f" {structure.commune.name}" if structure.commune_id else ""
        return f"{structure.address}, {structure.postal_code}{commune}".strip(", ")
    return ""


def _initial(request, structure, membership) -> dict:
    day = _parse_day(request.GET.get("jour"))
    now = timezone.localtime()
    if day is None or day == now.date():
        start = default_start(now)
    else:
        start = timezone.make_aware(datetime.combine(day, time(9, 0)))
    initial = {
        "starts_at": start,
        "ends_at": start + timedelta(hours=1),
        "organizer": request.user.pk,
        "place": _default_place(structure),
        "notify": True,
    }
    if membership.role == Role.RECEPTION:
        # The reception books first interviews for the counselors: whom with is chosen.
        initial.update(organizer=None, kind=AppointmentKind.FIRST_INTERVIEW)
    return initial


def _initial_from_file(person: Person, membership) -> dict:
    """Booked from a file: with the person's référent in the structure (when she keeps an
    agenda), else whoever books; a first interview if the structure never met the person."""
    initial = {}
    referent_id = (
        Follow.objects.filter(
            person=person, structure_id=membership.structure_id, ended_on__isnull=True
        )
        .values_list("referent_id", flat=True)
        .first()
    )
    if referent_id is not None and _organizers(membership).filter(pk=referent_id).exists():
        initial["organizer"] = referent_id
    met = (
        Participant.objects.filter(person=person, appointment__structure_id=membership.structure_id)
        .exclude(attendance=Attendance.CANCELLED)
        .filter(appointment__cancelled_at__isnull=True)
        .exists()
    )
    initial["kind"] = AppointmentKind.FOLLOW_UP if met else AppointmentKind.FIRST_INTERVIEW
    return initial


def _initial_from_post(post) -> dict:
    """Keep what was typed when the form is shown again after a name search."""
    initial = {name: post.get(name, "") for name in AppointmentForm.Meta.fields}
    initial["notify"] = post.get("notify") == "on"
    initial["participants"] = post.getlist("participants")
    return initial


def _form_page(request, *, fixed: Person | None = None, appointment: Appointment | None = None):
    """The appointment form. Booked from a person's file, that person is `fixed`: always
    invited, shown apart, and the caseload is not listed (one stray click would invite
    someone else); others are added by name. Edited, the appointment lists the people it
    already invites, not the caseload, for the same reason."""
    user = request.user
    membership = user.active_membership
    structure = membership.structure
    followed = Person.objects.visible_to(user).followed_by_structure(membership.structure_id)
    # The people already on the appointment stay choosable even if their follow ended.
    if appointment is not None:
        followed = Person.objects.visible_to(user).filter(
            Q(pk__in=followed.values("pk")) | Q(pk__in=appointment.participants.values("person_id"))
        )
    is_search = request.method == "POST" and request.POST.get("action") == "search"
    post = request.POST
    if request.method == "POST" and fixed is not None:
        post = request.POST.copy()
        post.setlist(
            "participants",
            [str(fixed.pk), *(i for i in post.getlist("participants") if i != str(fixed.pk))],
        )
    if request.method == "POST":
        chosen_ids = [i for i in post.getlist("participants") if i.isdigit()]
    elif appointment is not None:
        chosen_ids = [p.person_id for p in appointment.participants.all()]
    else:
        chosen_ids = [fixed.pk] if fixed is not None else []
    query, found, more_found = "", [], False
    clash_list: list[str] = []
    if is_search:
        query = request.POST.get("q", "").strip()[:100]
        if query:
            found = [
                p
                for p in followed.search(query)[: MAX_FOUND + 2]
                if fixed is None or p.pk != fixed.pk
            ][: MAX_FOUND + 1]
            more_found, found = len(found) > MAX_FOUND, found[:MAX_FOUND]
    caseload = (
        []
        if fixed is not None or appointment is not None
        else list(
            followed.with_referent(user, membership.structure_id).order_by("sort_key", "pk")[
                : MAX_CASELOAD_LISTED + 1
            ]
        )
    )
    caseload_cut, caseload = len(caseload) > MAX_CASELOAD_LISTED, caseload[:MAX_CASELOAD_LISTED]
    chosen = list(followed.filter(pk__in=chosen_ids).order_by("sort_key", "pk"))
    shown, seen_ids = [], {fixed.pk} if fixed is not None else set()
    for person in [*chosen, *found, *caseload]:
        if person.pk not in seen_ids:
            seen_ids.add(person.pk)
            shown.append(person)
    kwargs = {
        "people": followed,
        "organizers": _organizers(membership),
        "shown_people": shown,
        "instance": appointment,
        "fixed_person": fixed,
    }
    # On an edit, what overlapped already was accepted when it was booked: only a change of
    # time, organizer or people asks again.
    before = (
        (
            appointment.starts_at,
            appointment.ends_at,
            appointment.organizer_id,
            {p.person_id for p in appointment.participants.all()},
        )
        if appointment is not None
        else None
    )
    if is_search:
        form = AppointmentForm(initial=_initial_from_post(post), **kwargs)
    elif request.method == "POST":
        form = AppointmentForm(post, **kwargs)
        if form.is_valid():
            people = list(form.cleaned_data["participants"])
            instance = form.save(commit=False)
            unchanged = (
                before is not None
                and (
                    instance.starts_at,
                    instance.ends_at,
                    instance.organizer_id,
                )
                == before[:3]
                and {p.pk for p in people} <= before[3]
            )
            if request.POST.get("action") != "save_despite" and not unchanged:
                clash_list = clashes(
                    starts_at=instance.starts_at,
                    ends_at=instance.ends_at,
                    organizer=instance.organizer,
                    people=people,
                    structure_id=membership.structure_id,
                    exclude_id=appointment.pk if appointment is not None else None,
                )
        if form.is_valid() and not clash_list:
            try:
                if appointment is None:
                    actions.create_appointment(
                        appointment=instance, people=people, membership=membership
                    )
                else:
                    actions.update_appointment(appointment=instance, people=people)
            except ValidationError as error:
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                messages.success(
                    request,
                    "Rendez-vous enregistré." if appointment is None else "Rendez-vous modifié.",
                )
                return redirect("agenda:appointment", appointment_id=instance.pk)
    else:
        initial = {} if appointment is not None else _initial(request, structure, membership)
        if fixed is not None:
            initial["participants"] = [fixed.pk]
            initial.update(_initial_from_file(fixed, membership))
        form = AppointmentForm(initial=initial, **kwargs)
    context = {
        "form": form,
        "appointment": appointment,
        "fixed": fixed,
        "query": query,
        "found": found,
        "more_found": more_found,
        "caseload_cut": caseload_cut,
        "max_caseload_listed": MAX_CASELOAD_LISTED,
        "searched": is_search and bool(query),
        "clashes": clash_list,
        "nav": "agenda",
    }
    return render(request, "agenda/appointment_form.html", context)


@permission_required(Perm.AGENDA_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_create(request):
    return _form_page(request)


@permission_required(Perm.AGENDA_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def person_appointment_create(request, person_id):
    access = open_file(request.user, person_id, section=Section.AGENDA)
    require(access, Perm.AGENDA_MANAGE)
    return _form_page(request, fixed=access.person)


@permission_required(Perm.AGENDA_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_edit(request, appointment_id):
    appointment = get_appointment_for_user(request.user, appointment_id)
    if appointment.is_cancelled:
        messages.error(request, "Ce rendez-vous est annulé : il ne se modifie plus.")
        return redirect("agenda:appointment", appointment_id=appointment.pk)
    _log_participants(request.user, appointment)
    return _form_page(request, appointment=appointment)


# --- one appointment -----------------------------------------------------------------------------


@permission_required(Perm.AGENDA_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def appointment_detail(request, appointment_id):
    appointment = get_appointment_for_user(request.user, appointment_id)
    participants = list(appointment.participants.all())
    posted = request.method == "POST"
    form = AttendanceForm(request.POST if posted else None, participants=participants)
    if posted and form.is_valid():
        try:
            changed = actions.record_attendance(
                appointment=appointment, attendance=form.values(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            plural = "s" if changed > 1 else ""
            messages.success(request, f"Présences enregistrées ({changed} modification{plural}).")
            return redirect("agenda:appointment", appointment_id=appointment.pk)
    _log_participants(request.user, appointment)
    # After a follow-up interview, its report is written on the person's open pathway; one
    # already written stays reachable (read only) once its pathway is closed.
    report_pathways, reports = {}, {}
    if (
        appointment.kind == AppointmentKind.FOLLOW_UP
        and appointment.has_started
        and not appointment.is_cancelled
        and request.user.active_membership.can(Perm.PATHWAY_MANAGE)
    ):
        pathways = (
            Pathway.objects.visible_to(request.user)
            .of_structure(appointment.structure_id)
            .filter(person_id__in=[p.person_id for p in participants])
        )
        report_pathways = dict(pathways.open().values_list("person_id", "pk"))
        reports = {
            person_id: {"pathway_id": pathway_id, "pk": pk}
            for person_id, pathway_id, pk in Interview.objects.filter(
                appointment=appointment, pathway__in=pathways
            )
            .order_by("pk")
            .values_list("pathway__person_id", "pathway_id", "pk")
        }
    notices_by_participant = {p.pk: [] for p in participants}
    for participant in participants:
        notices_by_participant[participant.pk] = list(participant.notices.all())
    rows = [
        {
            "participant": participant,
            "field": form[f"p{participant.pk}"],
            "report_pathway_id": report_pathways.get(participant.person_id),
            "report": reports.get(participant.person_id),
            "invitations": [
                n for n in notices_by_participant[participant.pk] if n.kind == NoticeKind.INVITATION
            ],
            "reminders": [
                n for n in notices_by_participant[participant.pk] if n.kind == NoticeKind.REMINDER
            ],
        }
        for participant in participants
    ]
    now = timezone.now()
    for row in rows:
        if not row["reminders"]:
            row["reminder_plan"] = notices.reminder_plan(row["participant"], now)
    return render(
        request,
        "agenda/appointment_detail.html",
        {
            "appointment": appointment,
            "form": form,
            "rows": rows,
            "cancel_form": CancelForm(),
            "week_of": timezone.localtime(appointment.starts_at).date(),
            "nav": "agenda",
        },
    )


@permission_required(Perm.AGENDA_MANAGE)
@require_POST
def appointment_cancel(request, appointment_id):
    appointment = get_appointment_for_user(request.user, appointment_id)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            actions.cancel_appointment(
                appointment=appointment, by=request.user, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, "Rendez-vous annulé.")
    return redirect("agenda:appointment", appointment_id=appointment.pk)


# --- the person's file ---------------------------------------------------------------------------


@permission_required(Perm.PERSON_VIEW)
@require_safe
def person_appointments(request, person_id):
    """The « Rendez-vous » tab of a file: what is coming, then what happened."""
    access = open_file(request.user, person_id, section=Section.AGENDA)
    context = file_context(request, access, tab="agenda")
    mine = (
        Participant.objects.visible_to(request.user)
        .filter(person=access.person)
        .select_related("appointment__organizer")
        .order_by("-appointment__starts_at")
    )
    now = timezone.now()
    context["upcoming"] = sorted(
        (p for p in mine if p.appointment.ends_at >= now), key=lambda p: p.appointment.starts_at
    )
    context["past"] = [p for p in mine if p.appointment.ends_at < now][:50]
    context["can_book"] = access.can(Perm.AGENDA_MANAGE)
    return render(request, "agenda/person_appointments.html", context)


# --- the private calendar feed --------------------------------------------------------------------


@permission_required(Perm.AGENDA_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def calendar_settings(request):
    membership = request.user.active_membership
    new_url = None
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "issue":
            _feed, key = CalendarFeed.issue(membership=membership)
            new_url = request.build_absolute_uri(reverse("agenda:ical", kwargs={"token": key}))
        elif action == "revoke":
            revoked = CalendarFeed.objects.filter(
                membership=membership, revoked_at__isnull=True
            ).update(revoked_at=timezone.now())
            if revoked:
                messages.success(request, "Adresse révoquée : elle ne fonctionne plus.")
            return redirect("agenda:calendar")
    live = CalendarFeed.objects.filter(membership=membership, revoked_at__isnull=True).first()
    return render(
        request, "agenda/calendar.html", {"live": live, "new_url": new_url, "nav": "agenda"}
    )


@require_safe
def ical_feed(request, token):
    """The private feed, for calendar applications (no session: the address is the key)."""
    feed = (
        CalendarFeed.objects.usable()
        .select_related("membership__user", "membership__structure")
        .filter(key_hash=CalendarFeed.hash_key(token))
        .first()
    )
    if feed is None or not feed.membership.can(Perm.AGENDA_MANAGE):
        raise Http404
    now = timezone.now()
    if feed.last_used_at is None or now - feed.last_used_at > timedelta(minutes=5):
        CalendarFeed.objects.filter(pk=feed.pk).update(last_used_at=now)
    start, end = ical.feed_window()
    appointments = (
        Appointment.objects.filter(
            structure_id=feed.membership.structure_id, organizer_id=feed.membership.user_id
        )
        .between(start, end)
        .prefetch_related(_participants())
        .order_by("starts_at", "pk")
    )
    half_days = []
    if feed.membership.can(Perm.WORKSHOP_SIGN_IN):
        half_days = (
            HalfDay.objects.filter(
                session__structure_id=feed.membership.structure_id,
                session__facilitators=feed.membership.user_id,
                date__gte=timezone.localtime(start).date(),
                date__lte=timezone.localtime(end).date(),
            )
            .select_related("session__design")
            .order_by("date", "starts_at", "pk")
        )
    text = ical.calendar_text(
        appointments,
        name=f"Rendez-vous — {feed.membership.structure.name}",
        half_days=half_days,
    )
    response = HttpResponse(text.encode(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="rendez-vous.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- no-show rates ------------------------------------------------------------------------------


@permission_required(Perm.AGENDA_STATS)
@require_safe
def no_shows(request):
    rows, total, (since, until) = stats.no_show_rates(request.user.active_membership.structure_id)
    return render(
        request,
        "agenda/no_shows.html",
        {
            "rows": rows,
            "total": total,
            "since": timezone.localtime(since).date(),
            "until": timezone.localtime(until).date(),
            "statuses": Attendance,
            "nav": "agenda",
        },
    )
