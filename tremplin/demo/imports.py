"""Demo: a prescriber's list of people, checked and waiting for the manager's confirmation."""

from tremplin.accounts.models import Membership
from tremplin.people import imports

PRESCRIBER_LIST = (
    "Nom;Prénom;Date de naissance;Téléphone;Code postal;Commune;RSA;Référent;Orienté par\r\n"
    "Ferreira;Léna;03/09/2003;06 51 42 33 10;44000;Nantes;non;{counselor};France Travail\r\n"
    "Keita;Moussa;17/01/1999;;44200;Nantes;oui;;France Travail\r\n"
    "Lambert;Océane;1987-06-30;07 68 21 45 90;44000;44109;oui;{counselor};CCAS\r\n"
)


def create_imports(*, structure, manager, counselor) -> None:
    membership = Membership.objects.get(user=manager, structure=structure)
    content = PRESCRIBER_LIST.format(counselor=counselor.email).encode("utf-8")
    imports.start_import(
        content=content, file_name="orientations-novembre.csv", membership=membership
    )
