from io import StringIO

from django.core.management import call_command

from tremplin.pathways.models import Pathway


def test_demo_shows_a_signed_pathway_in_progress_and_a_closed_one(db):
    call_command("demo", "--people", "40", stdout=StringIO())
    current = Pathway.objects.open().get()
    assert current.framework == "cej" and current.signatures.count() == 1
    assert current.objectives.filter(need__isnull=False).exists()
    assert current.actions.count() == 6 and current.interviews.count() == 1
    closed = Pathway.objects.get(status="closed")
    assert closed.exit.category == "cdd_6m_plus"
    assert {m.label for _f, m in closed.exit.funder_categories()} == {
        "Sortie positive — emploi durable",
        "Participants exerçant un emploi, y compris indépendant, au terme de leur participation",
    }
