"""The start time a new appointment form proposes: within working hours, never at dawn."""

from datetime import datetime, time, timedelta

DAY_START = time(8, 30)
LAST_START = time(17, 30)
NEXT_DAY_START = time(9, 0)
STEP_MINUTES = 15


def is_working_day(day) -> bool:
    return day.weekday() < 5  # Monday to Friday


def default_start(now: datetime) -> datetime:
    """The next quarter-hour between 08:30 and 17:30 today (a working day), else 09:00 on
    the next working day. `now` is local time; the result keeps its time zone."""
    if is_working_day(now.date()):
        floor = now.replace(second=0, microsecond=0)
        minutes_past = floor.minute % STEP_MINUTES
        if minutes_past or floor < now:
            floor += timedelta(minutes=STEP_MINUTES - minutes_past)
        slot = max(floor, datetime.combine(now.date(), DAY_START, tzinfo=now.tzinfo))
        if slot.date() == now.date() and slot.time() <= LAST_START:
            return slot
    day = now.date() + timedelta(days=1)
    while not is_working_day(day):
        day += timedelta(days=1)
    return datetime.combine(day, NEXT_DAY_START, tzinfo=now.tzinfo)
