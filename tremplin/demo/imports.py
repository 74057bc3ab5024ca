"""Demo: a prescriber's list of people, checked and waiting for the manager's confirmation."""

from datetime import timedelta

from django.utils import timezone

from tremplin.accounts.models import Membership
from tremplin.people import imports

# Young people of 16 to 25, as a Mission Locale follows (the RSA from 25); the dates in two
# formats, as prescribers send them.
PRESCRIBER_LIST = (
    "Nom;Prénom;Date de naissance;Téléphone;Code postal;Commune;RSA;Référent;Orienté par\r\n"
    "Ferreira;Léna;{ferreira:%d/%m/%Y};06 51 42 33 10;44000;Nantes;non;{counselor};France Travail\r\n"
    "Keita;Moussa;{keita:%d/%m/%Y};;44200;Nantes;oui;;France Travail\r\n"
    "Lambert;Océane;{lambert:%Y-%m-%d};07 68 21 45 90;44000;44109;oui;{counselor};CCAS\r\n"
)


def create_imports(*, structure, manager, counselor) -> None:
    membership = Membership.objects.get(user=manager, structure=structure)
    today = timezone.localdate()
    content = PRESCRIBER_LIST.format(
        counselor=counselor.email,
        ferreira=today - timedelta(days=23 * 365 + 80),
        keita=today - timedelta(days=25 * 365 + 130),
        lambert=today - timedelta(days=25 * 365 + 220),
    ).encode("utf-8")
    imports.start_import(
        content=content, file_name="orientations-novembre.csv", membership=membership
    )
