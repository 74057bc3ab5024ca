"""Demo data for retention: files of people the Mission Locale stopped following long ago.

Two are past the two years (one of them kept longer for a possible FSE+ audit) and one
reaches them within the month, so that « Conservation des dossiers » has something to show.
Their rows are dated back: nothing else in the demo depends on them.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from tremplin.demo.wording import working_at
from tremplin.pathways.exits import add_months
from tremplin.people import enums
from tremplin.people.models import Follow, Person
from tremplin.privacy.models import HoldReason, RetentionHold
from tremplin.reception.models import Contact, ContactChannel, NextStep

FORMER = [
    # last name, first name, sex, birth date, months since the follow ended, held
    ("Lemarchand", "Kevin", enums.Sex.MALE, date(1998, 3, 12), 30, False),
    ("Oukili", "Samira", enums.Sex.FEMALE, date(2001, 9, 2), 27, True),
    ("Prigent", "Maëlle", enums.Sex.FEMALE, date(2000, 1, 23), 23, False),
]


def create_retention(*, structure, counselor, manager) -> None:
    today = timezone.localdate()
    for last, first, sex, born, months, held in FORMER:
        ended = add_months(today, -months) - timedelta(days=10 if months == 23 else 0)
        started = add_months(ended, -14)
        moment = timezone.make_aware(datetime.combine(ended, time(10)))
        person = Person.objects.create(
            sex=sex,
            last_name=last,
            first_name=first,
            birth_date=born,
            phone="06 00 00 00 00",
            created_by=counselor,
        )
        follow = Follow.objects.create(
            person=person,
            structure=structure,
            referent=counselor,
            started_on=started,
            ended_on=ended,
            end_reason=enums.FollowEndReason.PATHWAY_END,
        )
        contact = Contact.objects.create(
            structure=structure,
            received_by=counselor,
            channel=ContactChannel.WALK_IN,
            person=person,
            last_name=last,
            first_name=first,
            demand="Vient faire le point sur sa recherche d'emploi avant la fin de son suivi.",
            next_step=NextStep.INFORMATION,
        )
        Person.objects.filter(pk=person.pk).update(created_at=moment, updated_at=moment)
        Follow.objects.filter(pk=follow.pk).update(created_at=moment, updated_at=moment)
        # Met at the desk on a working day, not on the Sunday the follow may have ended.
        met = working_at(ended, 10, backward=True)
        Contact.objects.filter(pk=contact.pk).update(
            received_at=met, created_at=met, updated_at=met
        )
        if held:
            RetentionHold.objects.create(
                person=person,
                structure=structure,
                reason=HoldReason.FUNDER_AUDIT,
                detail="Parcours PLIE cofinancé FSE+ : pièces à garder pour un contrôle.",
                until=add_months(today, 36),
                created_by=manager,
            )
