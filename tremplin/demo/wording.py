"""Small helpers that keep the demo plausible: texts agreed with the person they are about,
and dates that fall on working days (a counselor does not meet anyone on a Sunday)."""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tremplin.people.enums import Sex


def agree(person, *, feminine: str, masculine: str, neutral: str) -> str:
    """The text agreed with the person's sex; `neutral` (worded without agreement) when the
    sex is not given."""
    return {Sex.FEMALE: feminine, Sex.MALE: masculine}.get(person.sex, neutral)


def working_day(day: date, *, backward: bool = False) -> date:
    """`day` if it is a weekday, otherwise the next Monday (the Friday before when
    `backward`, for dates that must stay in the past)."""
    step = timedelta(days=-1 if backward else 1)
    while day.weekday() >= 5:
        day += step
    return day


def working_at(day: date, hour: int, minute: int = 0, *, backward: bool = False) -> datetime:
    """The local time `hour`:`minute` on `day` moved to a weekday, as `working_day`."""
    return timezone.make_aware(
        datetime.combine(working_day(day, backward=backward), time(hour, minute))
    )
