"""What the file's « Historique » tab shows of the PASS IAE: recorded, corrected, suspended,
prolonged, an entry withdrawn — who did it and when, for the controls of the DDETS and the
ASP. Built from the PASS's own history (simple_history) and its suspension and prolongation
rows, which keep who recorded and who withdrew them."""

from dataclasses import dataclass, field
from datetime import datetime

from tremplin.core.permissions import Section
from tremplin.pathways.actions import PROLONGATION_CHANGE
from tremplin.pathways.enums import Framework
from tremplin.pathways.models import IaeApproval, Pathway

# The fields of the PASS a correction shows, in the order of the form.
SHOWN_FIELDS = ("number", "starts_on", "ends_on", "delivered_by", "delivered_on", "scan")


@dataclass
class PassEvent:
    at: datetime
    by: object  # the user, or None
    what: str
    changes: list[tuple[str, str, str]] = field(default_factory=list)


def _day(value) -> str:
    return f"{value:%d/%m/%Y}" if value else "—"


def _value(name: str, value, shows_number: bool) -> str:
    if name == "number":
        return ("•••" if value else "—") if not shows_number else (value or "—")
    if name == "scan":
        return "déposé" if value else "—"
    if name in ("starts_on", "ends_on", "delivered_on"):
        return _day(value)
    return value or "—"


def _approval_events(records, shows_number: bool) -> list[PassEvent]:
    events = []
    previous = None
    for record in records:
        if previous is None:
            events.append(
                PassEvent(
                    record.history_date,
                    record.history_user,
                    f"PASS IAE enregistré : du {_day(record.starts_on)} au "
                    f"{_day(record.ends_on)}, délivré par {record.delivered_by} le "
                    f"{_day(record.delivered_on)}",
                )
            )
        elif record.history_change_reason != PROLONGATION_CHANGE:
            changes = []
            for name in SHOWN_FIELDS:
                attname = "scan_id" if name == "scan" else name
                old, new = getattr(previous, attname), getattr(record, attname)
                if old != new:
                    label = str(IaeApproval._meta.get_field(name).verbose_name)
                    if name == "number" and not shows_number:
                        changes.append((label, "•••", "modifié"))
                    else:
                        changes.append(
                            (label, _value(name, old, True), _value(name, new, shows_number))
                        )
            if changes:
                events.append(
                    PassEvent(record.history_date, record.history_user, "PASS IAE corrigé", changes)
                )
        previous = record
    return events


def _entry_events(approval, access) -> list[PassEvent]:
    events = []
    for s in approval.suspensions.all():
        motif, detail = s.reason_for(access)
        days = f"{s.day_count} jour{'s' if s.day_count > 1 else ''}"
        events.append(
            PassEvent(
                s.created_at,
                s.recorded_by,
                f"Suspension du PASS IAE du {_day(s.starts_on)} au {_day(s.ends_on)} ({days})"
                f" — {motif}" + (f" ({detail})" if detail else ""),
            )
        )
        if s.withdrawn_at:
            events.append(
                PassEvent(
                    s.withdrawn_at,
                    s.withdrawn_by,
                    f"Suspension du {_day(s.starts_on)} au {_day(s.ends_on)} retirée : "
                    f"{s.withdrawal_reason}",
                )
            )
    for p in approval.prolongations.all():
        motif, detail = p.reason_for(access)
        events.append(
            PassEvent(
                p.created_at,
                p.recorded_by,
                f"PASS IAE prolongé jusqu'au {_day(p.ends_on)} (au lieu du "
                f"{_day(p.previous_ends_on)}), demande du {_day(p.requested_on)} — "
                f"{motif}" + (f" ({detail})" if detail else ""),
            )
        )
        if p.withdrawn_at:
            events.append(
                PassEvent(
                    p.withdrawn_at,
                    p.withdrawn_by,
                    f"Prolongation jusqu'au {_day(p.ends_on)} retirée : la fin revient au "
                    f"{_day(p.previous_ends_on)} ({p.withdrawal_reason})",
                )
            )
    return events


def pass_iae_events(user, access) -> list[PassEvent]:
    """The PASS IAE's events on the person's IAE pathways the user sees, newest first. The
    number is for the staff of the pathway's structure, as on the pathway's page."""
    if not access.can_see(Section.PATHWAY):
        return []
    pathways = Pathway.objects.visible_to(user).filter(
        person=access.person, framework=Framework.IAE
    )
    approvals = list(
        IaeApproval.objects.filter(pathway__in=pathways)
        .select_related("pathway")
        .prefetch_related(
            "suspensions__recorded_by",
            "suspensions__withdrawn_by",
            "prolongations__recorded_by",
            "prolongations__withdrawn_by",
        )
    )
    if not approvals:
        return []
    records = {}
    history = IaeApproval.history.filter(id__in=[a.pk for a in approvals]).select_related(
        "history_user"
    )
    for record in history.order_by("history_date", "history_id"):
        records.setdefault(record.id, []).append(record)
    own = user.active_membership.structure_id
    events = []
    for approval in approvals:
        shows_number = approval.pathway.structure_id == own
        events += _approval_events(records.get(approval.pk, []), shows_number)
        events += _entry_events(approval, access)
    return sorted(events, key=lambda e: e.at, reverse=True)
