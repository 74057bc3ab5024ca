"""The first estimate's pre-fill from the file and the shared diagnosis: each mapping, and
what is left blank when nothing maps without guessing."""

from datetime import date

import pytest

from tremplin.rights.prefill import DiagnosisSource, differences, prefill

INTERVIEW = date(2026, 10, 12)


def diagnosis(validated=True, **facts) -> DiagnosisSource:
    return DiagnosisSource(interview_date=INTERVIEW, facts=facts, validated=validated)


@pytest.mark.parametrize(
    ("housing", "expected"),
    [
        ("street", "sans_domicile"),
        ("emergency", "sans_domicile"),
        ("family", "loge_gratuitement"),
    ],
)
def test_the_diagnosis_housing_maps_to_the_form_housing(housing, expected):
    result = prefill(diagnosis=diagnosis(**{"logement-hebergement": {"housing": housing}}))
    assert result.initial == {"housing": expected}
    assert result.from_diagnosis == ["logement"]
    assert result.notes[0] == "Repris du diagnostic du 12/10/2026 : logement."
    assert result.notes[-1] == "Vérifiez ces informations avec la personne."


@pytest.mark.parametrize("housing", ["own", "institution", "unfit", "", None, "unknown"])
def test_a_housing_that_hides_the_status_is_not_pre_filled(housing):
    result = prefill(diagnosis=diagnosis(**{"logement-hebergement": {"housing": housing}}))
    assert result.initial == {}
    assert result.notes == []


def test_an_administrative_domiciliation_means_no_stable_home():
    result = prefill(domiciled=True)
    assert result.initial == {"housing": "sans_domicile"}
    assert result.from_file == ["logement (domiciliation administrative)"]
    assert result.notes[0] == "Repris du dossier : logement (domiciliation administrative)."


def test_the_diagnosis_housing_wins_over_the_domiciliation():
    hosted = prefill(
        domiciled=True, diagnosis=diagnosis(**{"logement-hebergement": {"housing": "family"}})
    )
    assert hosted.initial == {"housing": "loge_gratuitement"}
    assert hosted.from_file == []
    # A diagnosis housing that does not map contradicts the domiciliation: nothing taken.
    own = prefill(
        domiciled=True, diagnosis=diagnosis(**{"logement-hebergement": {"housing": "own"}})
    )
    assert own.initial == {}


def test_a_parent_isole_is_alone():
    result = prefill(diagnosis=diagnosis(famille={"single_parent": "yes", "children": 2}))
    assert result.initial == {"in_couple": "0"}
    assert result.from_diagnosis == ["situation familiale"]
    assert "Le diagnostic compte 2 enfants à charge : saisissez leurs dates de naissance." in (
        result.notes
    )


def test_a_parent_who_is_not_isole_is_in_couple_and_the_partner_is_asked():
    result = prefill(diagnosis=diagnosis(famille={"single_parent": "no", "children": 1}))
    assert result.initial == {"in_couple": "1"}
    assert any("conjoint ou de la conjointe" in note for note in result.notes)
    assert "Le diagnostic compte 1 enfant à charge : saisissez sa date de naissance." in (
        result.notes
    )


def test_not_parent_isole_without_children_says_nothing_of_a_couple():
    result = prefill(diagnosis=diagnosis(famille={"single_parent": "no"}))
    assert "in_couple" not in result.initial


def test_no_child_in_charge_leaves_the_children_empty_and_says_so():
    result = prefill(diagnosis=diagnosis(famille={"children": 0}))
    assert result.initial == {"children": ""}
    assert result.from_diagnosis == ["enfants à charge (aucun)"]
    # A parent isolé without children contradicts itself: the children are not taken.
    odd = prefill(diagnosis=diagnosis(famille={"children": 0, "single_parent": "yes"}))
    assert "children" not in odd.initial


def test_a_count_of_children_never_becomes_birth_dates():
    result = prefill(diagnosis=diagnosis(famille={"children": 3}))
    assert result.initial == {}
    assert result.notes == [
        "Le diagnostic compte 3 enfants à charge : saisissez leurs dates de naissance."
    ]


@pytest.mark.parametrize("children", ["2", -1, True, 2.5, None])
def test_a_malformed_count_of_children_is_ignored(children):
    result = prefill(diagnosis=diagnosis(famille={"children": children}))
    assert result.initial == {} and result.notes == []


def test_the_ass_is_recalled_without_an_amount():
    result = prefill(ass=True)
    assert result.initial == {}
    assert result.notes == [
        "Le dossier indique que la personne perçoit l'ASS : demandez-lui le montant mensuel."
    ]


def test_no_amount_is_ever_pre_filled():
    result = prefill(
        ass=True,
        domiciled=True,
        commune="44109",
        diagnosis=diagnosis(
            **{
                "difficultes-financieres": {"resources": "600_1000", "rights_to_check": "yes"},
                "trouver-un-emploi": {"work_situation": "employed"},
                "logement-hebergement": {"housing": "family"},
                "famille": {"single_parent": "no", "children": 2},
            }
        ),
    )
    amounts = {
        "salary", "unemployment", "ass", "alimony", "partner_salary",
        "partner_unemployment", "rent",
    }  # fmt: skip
    assert not amounts & set(result.initial)
    assert result.initial == {"housing": "loge_gratuitement", "in_couple": "1"}


def test_the_commune_of_the_file_is_named():
    result = prefill(commune="44109")
    assert result.initial == {}  # the form takes it from the file itself
    assert result.notes == [
        "Repris du dossier : commune.",
        "Vérifiez ces informations avec la personne.",
    ]


def test_nothing_reliable_nothing_pre_filled():
    assert prefill().notes == []
    assert prefill(diagnosis=None).initial == {}
    empty = prefill(diagnosis=diagnosis())
    assert empty.initial == {} and empty.notes == []
    unrelated = prefill(
        diagnosis=diagnosis(
            **{"difficultes-financieres": {"resources": "none"}, "mobilite": {"vehicle": "no"}}
        )
    )
    assert unrelated.initial == {} and unrelated.notes == []


def test_a_version_not_yet_validated_is_said_so():
    result = prefill(
        diagnosis=diagnosis(validated=False, **{"logement-hebergement": {"housing": "street"}})
    )
    assert result.notes[0] == (
        "Repris du diagnostic du 12/10/2026 (pas encore validé par la personne) : logement."
    )


def test_differences_with_the_previous_estimate():
    source = diagnosis(
        **{"logement-hebergement": {"housing": "family"}, "famille": {"single_parent": "yes"}}
    )
    assert differences({"housing": "loge_gratuitement", "in_couple": "0"}, source) == []
    assert differences({"housing": "locataire_hlm", "in_couple": "1"}, source) == [
        "Le diagnostic du 12/10/2026 indique une autre situation que la dernière estimation : "
        "logement « Hébergé·e gratuitement (famille, amis…) », foyer seul·e. "
        "Vérifiez avec la personne."
    ]
    assert differences({"housing": "locataire_hlm"}, None) == []
