from datetime import date

import pytest

from tremplin.accounts.models import Membership
from tremplin.projects import actions
from tremplin.projects.models import TargetJob
from tremplin.referentials.models import RomeAppellation

AIDE_SOIGNANT = "10891"  # Aide-soignant / Aide-soignante, fiche J1501
PREPARATEUR = "17993"  # Préparateur / Préparatrice de commandes, fiche N1103


@pytest.fixture
def membership(counselor, structure_a):
    membership = Membership.objects.get(user=counselor, structure=structure_a)
    counselor.active_membership = membership
    return membership


@pytest.fixture
def target(person, membership):
    return actions.add_target_job(
        target_job=TargetJob(
            person=person,
            appellation=RomeAppellation.objects.get(pk=AIDE_SOIGNANT),
            why="J'ai soigné ma grand-mère, j'aime m'occuper des gens.",
            decided_on=date(2026, 10, 1),
        ),
        membership=membership,
    )
