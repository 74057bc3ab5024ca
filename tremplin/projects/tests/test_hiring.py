"""« Perspectives d'embauche sur le bassin » on a target job: the BMO occupations proposed by
the words of the job, the counselor's confirmation, and the figures of the survey."""

import pytest

from tremplin.projects.models import TargetJob
from tremplin.referentials.models import Commune, HiringIntention

YEAR = 2099  # later than the survey shipped: the page reads these lines only
NANTES_BASIN = "5220"  # the basin of the person's commune (Nantes)
SAINT_NAZAIRE_BASIN = "5225"
PROPOSED_NOTE = "Correspondance proposée d'après les mots du libellé : à vérifier"


def _line(basin, department, code, occupation, projects, difficult, seasonal, name=None):
    HiringIntention.objects.create(
        year=YEAR,
        basin_code=basin,
        basin_name=name or {NANTES_BASIN: "Nantes", SAINT_NAZAIRE_BASIN: "Saint-Nazaire"}[basin],
        department_code=department,
        occupation_code=code,
        occupation=occupation,
        family_code=code[0],
        family="Famille",
        projects=projects,
        difficult=difficult,
        seasonal=seasonal,
    )


@pytest.fixture
def survey(db):
    nantes, nazaire = NANTES_BASIN, SAINT_NAZAIRE_BASIN
    _line(nantes, "44", "V0X60", "Aides-soignants", 120, 90, 6)
    _line(nantes, "44", "T2A60", "Aides à domicile et auxiliaires de vie", 300, 250, None)
    _line(nantes, "44", "V4X84", "Aides médico-psychologiques", None, None, None)
    _line(nantes, "44", "S1X20", "Aides de cuisine et employés polyvalents", 200, 50, 100)
    _line(nantes, "44", "D1X33", "Soudeurs", 80, 60, 0)
    _line(nazaire, "44", "V0X60", "Aides-soignants", 40, 10, 2)
    _line("1119", "93", "V0X60", "Aides-soignants", None, None, None, name="Grand Roissy")
    _line("9306", "13", "V0X60", "Aides-soignants", 60, 30, 3, name="Marseille")


def _page(client, target):
    return client.get(f"/projet/metiers/{target.pk}/")


def _confirm(client, target, code):
    return client.post(
        f"/projet/metiers/{target.pk}/bmo/", {"metier": code, "version": target.version}
    )


def test_the_occupations_close_to_the_job_are_proposed_with_the_basin_s_figures(
    client, login, counselor, target, survey
):
    login(client, counselor)
    response = _page(client, target)
    hiring = response.context["hiring"]
    assert (hiring.basin_code, hiring.basin_name, hiring.from_structure) == (
        NANTES_BASIN,
        "Nantes",
        False,
    )
    # Aide-soignant shares « aide » with three more; « Soudeurs » shares nothing.
    codes = [p.code for p in hiring.proposals]
    assert codes[0] == "V0X60" and set(codes) == {"V0X60", "V4X84", "T2A60", "S1X20"}
    assert hiring.proposals[0].figures.projects == 120
    body = response.content.decode()
    assert "Perspectives d'embauche sur le bassin Nantes" in body
    assert PROPOSED_NOTE in body
    assert body.count("C'est ce métier") == 5  # four proposals and the list
    first = body.index("Aides-soignants</th>")
    row = body[first : body.index("</tr>", first)]
    assert "120" in row and "75,0\u00a0%" in row and "5,0\u00a0%" in row
    secret = body.index("Aides médico-psychologiques</th>")
    assert "secret statistique" in body[secret : body.index("</tr>", secret)]
    # Aides à domicile: 300 projects published, their seasonal part withheld.
    home = body.index("Aides à domicile et auxiliaires de vie</th>")
    row = body[home : body.index("</tr>", home)]
    assert "300" in row and "83,3\u00a0%" in row and "secret statistique" in row
    # Every occupation of the survey to choose another, by label.
    assert hiring.occupations == sorted(hiring.occupations, key=lambda o: o[1])
    assert len(hiring.occupations) == 5 and '<option value="D1X33">Soudeurs</option>' in body


def test_confirming_shows_the_basin_the_department_france_and_the_rank(
    client, login, counselor, target, survey
):
    login(client, counselor)
    version = target.version
    response = _confirm(client, target, "V0X60")
    assert response.status_code == 302
    assert response["Location"] == f"/projet/metiers/{target.pk}/#perspectives"
    target.refresh_from_db()
    assert target.bmo_occupation_code == "V0X60" and target.version == version + 1

    page = _page(client, target)
    job = page.context["hiring"].job
    assert (job.basin.projects, job.department.projects, job.france.projects) == (120, 160, 220)
    assert job.france.partial and not job.department.partial
    # Basin by projects: domicile 300, cuisine 200, aides-soignants 120 (the secret one has
    # no rank).
    assert (job.rank, job.ranked) == (3, 4)
    body = page.content.decode()
    assert "Métier de l'enquête confirmé : <strong>Aides-soignants</strong>" in body
    assert PROPOSED_NOTE not in body
    department = body.index("Département 44</th>")
    row = body[department : body.index("</tr>", department)]
    assert "160" in row and "62,5\u00a0%" in row and "5,0\u00a0%" in row
    france = body.index("France</th>")
    row = body[france : body.index("</tr>", france)]
    # 120 + 40 + 60, the Grand Roissy line being secret; (90 + 10 + 30) / 220 difficult.
    assert "au moins 220" in row and "59,1\u00a0%" in row
    assert "<strong>3<sup>e</sup></strong> métier du bassin sur 4" in body
    assert 'href="/territoire/?bassin=5220"' in body
    assert "Changer" in body


def test_changing_undoes_the_confirmation(client, login, counselor, target, survey):
    login(client, counselor)
    _confirm(client, target, "V0X60")
    target.refresh_from_db()
    response = _confirm(client, target, "")
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.bmo_occupation_code == ""
    page = client.get(response["Location"]).content.decode()
    assert "Correspondance retirée" in page and PROPOSED_NOTE in page
    # Another occupation of the list, not among the proposals.
    _confirm(client, target, "D1X33")
    target.refresh_from_db()
    assert target.bmo_occupation_code == "D1X33"
    assert "<strong>Soudeurs</strong>" in _page(client, target).content.decode()


def test_an_unknown_occupation_is_refused_and_changes_nothing(
    client, login, counselor, target, survey
):
    login(client, counselor)
    version = target.version
    response = client.post(
        f"/projet/metiers/{target.pk}/bmo/", {"metier": "ZZZ99", "version": version}, follow=True
    )
    assert "Ce métier n&#x27;existe pas dans l&#x27;enquête" in response.content.decode()
    target.refresh_from_db()
    assert (target.bmo_occupation_code, target.version) == ("", version)


def test_a_stale_page_does_not_overwrite_a_change_made_in_between(
    client, login, counselor, target, survey
):
    login(client, counselor)
    stale = target.version
    TargetJob.objects.filter(pk=target.pk).update(bmo_occupation_code="S1X20", version=stale + 1)
    response = client.post(
        f"/projet/metiers/{target.pk}/bmo/", {"metier": "V0X60", "version": stale}, follow=True
    )
    assert "modifié entre-temps par quelqu&#x27;un d&#x27;autre" in response.content.decode()
    target.refresh_from_db()
    assert (target.bmo_occupation_code, target.version) == ("S1X20", stale + 1)


def test_without_the_person_s_commune_the_structure_s_basin_is_shown_and_said(
    client, login, counselor, person, target, structure_a, survey
):
    person.commune = None
    person.save(update_fields=["commune"])
    structure_a.commune = Commune.objects.get(pk="44184")  # Saint-Nazaire
    structure_a.save(update_fields=["commune"])
    login(client, counselor)
    page = _page(client, target)
    hiring = page.context["hiring"]
    assert (hiring.basin_code, hiring.from_structure) == (SAINT_NAZAIRE_BASIN, True)
    body = page.content.decode()
    assert "La commune de la personne n'est pas renseignée dans son dossier" in body
    assert "voici le bassin de la commune de la structure" in body
    assert "Perspectives d'embauche sur le bassin Saint-Nazaire" in body

    structure_a.commune = None
    structure_a.save(update_fields=["commune"])
    body = _page(client, target).content.decode()
    assert "Bassin d'emploi inconnu" in body
    assert "Renseignez la commune de la personne dans son dossier" in body
    assert "C'est ce métier" not in body


def test_another_structure_or_a_reader_cannot_confirm(
    client, login, other_counselor, reception, target, survey
):
    login(client, other_counselor)
    assert _confirm(client, target, "V0X60").status_code == 404
    login(client, reception)
    assert _confirm(client, target, "V0X60").status_code in (403, 404)
    target.refresh_from_db()
    assert target.bmo_occupation_code == ""


def test_a_counselor_cannot_reach_a_target_job_of_a_person_they_do_not_see(
    client, login, counselor, person_b, other_counselor, survey
):
    from datetime import date

    from tremplin.accounts.models import Membership
    from tremplin.projects import actions

    membership = Membership.objects.get(user=other_counselor)
    other = actions.add_target_job(
        target_job=TargetJob(person=person_b, appellation_id="10891", decided_on=date(2026, 1, 5)),
        membership=membership,
    )
    login(client, counselor)
    assert _confirm(client, other, "V0X60").status_code == 404
    other.refresh_from_db()
    assert other.bmo_occupation_code == ""


def test_the_target_page_keeps_a_bounded_number_of_queries(
    client, login, counselor, target, survey, django_assert_max_num_queries
):
    login(client, counselor)
    # A fixed number, whatever the data: 31 since the file header also says when the person
    # withdrew her agreement to be accompanied.
    with django_assert_max_num_queries(31):
        assert _page(client, target).status_code == 200
    _confirm(client, target, "V0X60")
    with django_assert_max_num_queries(31):
        assert _page(client, target).status_code == 200
