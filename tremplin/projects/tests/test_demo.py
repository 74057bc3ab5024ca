from io import StringIO

from django.core.management import call_command

from tremplin.pathways.hours import hours_by_source, monday_of
from tremplin.pathways.models import Pathway
from tremplin.projects.models import Application, RealityCheck, TargetJob, Training


def test_demo_shows_two_projects_a_training_in_progress_and_applications(db):
    call_command("demo", "--people", "40", stdout=StringIO())
    labels = set(TargetJob.objects.values_list("appellation__label", flat=True))
    # The two projects of this demo, and the logistics ones of the matching demo.
    assert labels >= {
        "Aide-soignant / Aide-soignante",
        "Préparateur / Préparatrice de commandes",
        "Magasinier / Magasinière",
    }
    nurse = TargetJob.objects.get(appellation_id="10891")
    assert nurse.decision == "confirm" and nurse.decisions.count() == 2
    assert RealityCheck.objects.get().target_job == nurse
    training = Training.objects.get(status="in_training")
    assert Application.objects.count() == 2
    # The training of the CEJ's person counts in its weekly hours.
    cej = Pathway.objects.open().get(framework="cej", person=training.person)
    week = monday_of(training.starts_on)
    assert hours_by_source(cej, week)["Formations"] == 25
