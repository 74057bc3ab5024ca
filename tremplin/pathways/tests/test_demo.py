from io import StringIO

from django.core.management import call_command

from tremplin.pathways.models import Pathway, Reorientation


def test_demo_shows_a_signed_pathway_in_progress_a_closed_one_and_a_reorientation(db):
    call_command("demo", "--people", "40", stdout=StringIO())
    reoriented = Reorientation.objects.get()
    assert reoriented.pathway.framework == "pacea" and reoriented.pathway.is_closed
    assert reoriented.new_pathway.framework == "cej"
    assert reoriented.new_pathway.objectives.get().title == "Passer le code de la route"
    # (The FSE+ demo adds PLIE pathways of its own: tremplin/demo/fse.py.)
    current = (
        Pathway.objects.open().filter(framework="cej").exclude(reoriented_from__isnull=False).get()
    )
    assert current.framework == "cej" and current.signatures.count() == 1
    assert current.objectives.filter(need__isnull=False).exists()
    assert current.actions.count() == 6 and current.interviews.count() == 1
    closed = Pathway.objects.filter(
        status="closed", reorientation__isnull=True, exit__employer="Hypermarché de Trignac"
    ).get()
    assert closed.exit.category == "cdd_6m_plus"
    assert {m.label for _f, m in closed.exit.funder_categories()} == {
        "Sortie positive — emploi durable",
        "Participants exerçant un emploi, y compris indépendant, au terme de leur participation",
    }
