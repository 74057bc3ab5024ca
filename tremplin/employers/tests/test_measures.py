"""Aid measures on concrete cases, and the validation of the measures file.

Pure unit tests: no Django import, no database.
"""

import copy
import json
from datetime import date
from decimal import Decimal

import pytest

from tremplin.employers.measures import (
    DATA_FILE,
    MeasureDataError,
    OfferFacts,
    PersonFacts,
    evaluate_measures,
    load_measures,
    validate_measures,
)

TODAY = date(2026, 11, 22)


def result(code, person, offer, on=TODAY, measures=None):
    (found,) = [r for r in evaluate_measures(person, offer, on, measures) if r.code == code]
    return found


def reasons(found):
    return "\n".join(found.reasons)


APPRENTICESHIP = OfferFacts(
    contract="apprentissage",
    weekly_hours=Decimal("35"),
    duration_months=24,
    employer_kind="private",
    employer_headcount=12,
    qualification_level=4,
)
JOBSEEKER_24 = PersonFacts(
    birth_date=date(2002, 3, 1),
    registered_jobseeker_since=date(2026, 1, 10),
    rqth=False,
    rsa=False,
    ass=False,
    aah=False,
    qpv=False,
)
RSA_52 = PersonFacts(
    birth_date=date(1974, 5, 2),
    rsa=True,
    ass=False,
    aah=False,
    rqth=False,
    registered_jobseeker_since=date(2025, 9, 1),
)


def test_a_24_year_old_job_seeker_can_sign_an_apprenticeship():
    found = result("apprentissage", JOBSEEKER_24, APPRENTICESHIP)
    assert found.eligible is True
    assert "De 16 à 29 ans : oui (24 ans)" in reasons(found)
    assert found.legal_reference.startswith("Code du travail, art. L6221-1")


def test_the_employer_of_that_apprentice_gets_the_aide_unique_and_a_poei_can_prepare_the_hire():
    assert result("aide_unique_apprentissage", JOBSEEKER_24, APPRENTICESHIP).eligible is True
    assert result("poei", JOBSEEKER_24, APPRENTICESHIP).eligible is True
    assert result("professionnalisation", JOBSEEKER_24, APPRENTICESHIP).eligible is False


def test_apprenticeship_closes_at_30_but_not_for_a_person_with_rqth():
    thirty = PersonFacts(birth_date=date(1996, 11, 21), rqth=False)
    found = result("apprentissage", thirty, APPRENTICESHIP)
    assert found.eligible is False
    assert "(30 ans)" in reasons(found)
    with_rqth = PersonFacts(birth_date=date(1996, 11, 21), rqth=True)
    assert result("apprentissage", with_rqth, APPRENTICESHIP).eligible is True


def test_a_birthday_tomorrow_does_not_count_yet():
    turns_30_tomorrow = PersonFacts(birth_date=date(1996, 11, 23), rqth=False)
    assert result("apprentissage", turns_30_tomorrow, APPRENTICESHIP).eligible is True


def test_a_missing_birth_date_means_cannot_tell_and_says_why():
    no_birth_date = PersonFacts(rqth=False)
    found = result("apprentissage", no_birth_date, APPRENTICESHIP)
    assert found.eligible is None
    assert "information manquante : la date de naissance" in reasons(found)


def test_rqth_alone_is_enough_for_apprenticeship_without_a_birth_date():
    assert result("apprentissage", PersonFacts(rqth=True), APPRENTICESHIP).eligible is True


def test_a_52_year_old_rsa_recipient_can_be_hired_in_cie_by_a_company():
    company_cdi = OfferFacts(contract="cdi", weekly_hours=Decimal("35"), employer_kind="private")
    found = result("cie", RSA_52, company_cdi)
    assert found.eligible is True
    assert "Bénéficiaire du RSA (financement du conseil départemental) : oui" in reasons(found)
    assert result("pec", RSA_52, company_cdi).eligible is False


def test_a_52_year_old_rsa_recipient_can_be_hired_in_pec_by_an_association():
    association_cdd = OfferFacts(
        contract="cdd", weekly_hours=Decimal("26"), duration_months=12, employer_kind="association"
    )
    found = result("pec", RSA_52, association_cdd)
    assert found.eligible is True
    assert "Bénéficiaire du RSA : oui" in reasons(found)
    assert "50 ans et plus : oui (52 ans)" in reasons(found)
    assert result("cie", RSA_52, association_cdd).eligible is False


def test_a_pec_needs_20_hours_a_week():
    short = OfferFacts(
        contract="cdd", weekly_hours=Decimal("17.5"), duration_months=12, employer_kind="public"
    )
    found = result("pec", RSA_52, short)
    assert found.eligible is False
    assert "Au moins 20 heures par semaine : non (17,5 h par semaine)" in reasons(found)


def test_outside_the_priority_publics_a_pec_is_left_to_the_prescriber():
    nobody_in_particular = PersonFacts(
        birth_date=date(1990, 1, 1),
        rsa=False,
        ass=False,
        aah=False,
        rqth=False,
        qpv=False,
        zrr=False,
        registered_jobseeker=False,
    )
    public_cdi = OfferFacts(contract="cdi", weekly_hours=Decimal("24"), employer_kind="public")
    found = result("pec", nobody_in_particular, public_cdi)
    assert found.eligible is None
    assert "à apprécier par le prescripteur" in reasons(found)


def test_a_cdd_too_short_for_a_contrat_de_professionnalisation():
    four_months = OfferFacts(
        contract="professionnalisation", duration_months=4, employer_kind="private"
    )
    found = result("professionnalisation", JOBSEEKER_24, four_months)
    assert found.eligible is False
    assert "Durée de 6 à 36 mois : non (4 mois)" in reasons(found)


def test_professionnalisation_after_26_needs_a_job_seeker_or_a_minimum_income():
    pro = OfferFacts(contract="professionnalisation", duration_months=12, employer_kind="private")
    registered_30 = PersonFacts(
        birth_date=date(1996, 1, 1), registered_jobseeker=True, rsa=False, ass=False, aah=False
    )
    assert result("professionnalisation", registered_30, pro).eligible is True
    working_30 = PersonFacts(
        birth_date=date(1996, 1, 1), registered_jobseeker=False, rsa=False, ass=False, aah=False
    )
    found = result("professionnalisation", working_30, pro)
    assert found.eligible is False
    assert "pas inscrit·e comme demandeur·euse d'emploi" in reasons(found)


def test_a_public_employer_cannot_sign_a_contrat_de_professionnalisation():
    pro = OfferFacts(contract="professionnalisation", duration_months=12, employer_kind="public")
    assert result("professionnalisation", JOBSEEKER_24, pro).eligible is False


def test_emplois_francs_ended_on_31_december_2024():
    qpv_jobseeker = PersonFacts(qpv=True, registered_jobseeker=True)
    cdi = OfferFacts(contract="cdi", weekly_hours=Decimal("35"), employer_kind="private")
    found = result("emplois_francs", qpv_jobseeker, cdi)
    assert found.eligible is False
    assert found.reasons[0] == (
        "Mesure terminée le 31 décembre 2024 : elle ne s'applique pas au 22 novembre 2026."
    )
    assert result("emplois_francs", qpv_jobseeker, cdi, on=date(2024, 6, 1)).eligible is True


def test_a_measure_does_not_apply_before_it_starts():
    apprentice = OfferFacts(
        contract="apprentissage", employer_headcount=300, qualification_level=6, duration_months=24
    )
    found = result(
        "aide_exceptionnelle_apprentissage_2025", JOBSEEKER_24, apprentice, date(2025, 1, 2)
    )
    assert found.eligible is False
    assert found.reasons[0] == "Mesure en vigueur à partir du 24 février 2025."
    assert (
        result(
            "aide_exceptionnelle_apprentissage_2025", JOBSEEKER_24, apprentice, date(2025, 6, 1)
        ).eligible
        is True
    )


def test_a_conditional_criterion_applies_only_when_its_condition_holds():
    small_company_bac = OfferFacts(
        contract="apprentissage", employer_headcount=10, qualification_level=4
    )
    found = result(
        "aide_exceptionnelle_apprentissage_2025", JOBSEEKER_24, small_company_bac, date(2025, 6, 1)
    )
    assert found.eligible is False
    assert "Diplôme préparé de niveau 5 (bac + 2) au moins : non (niveau 4)" in reasons(found)
    cdi = OfferFacts(contract="cdi", weekly_hours=Decimal("35"), employer_kind="association")
    pec = result("pec", RSA_52, cdi)
    assert "CDD d'au moins 6 mois : sans objet" in reasons(pec)
    assert pec.eligible is True


def test_iae_level_one_or_three_level_two_criteria():
    siae = OfferFacts(contract="cddi", duration_months=6, employer_kind="siae")
    assert result("iae", RSA_52, siae).eligible is True
    three_level_two = PersonFacts(
        birth_date=date(2003, 1, 1),
        education_level="3",
        qpv=True,
        rsa=False,
        ass=False,
        aah=False,
        registered_jobseeker=False,
    )
    found = result("iae", three_level_two, siae)
    assert found.eligible is True
    assert "Trois critères de niveau 2 : oui (3 sur 3 requis)" in reasons(found)


def test_job_seeker_duration_counts_full_months():
    siae = OfferFacts(contract="cddi", duration_months=6, employer_kind="siae")
    base = dict(rsa=False, ass=False, aah=False, birth_date=date(1980, 1, 1))
    almost = PersonFacts(registered_jobseeker_since=date(2024, 11, 23), **base)
    found = result("iae", almost, siae)
    assert found.eligible is None  # 23 months: level 1 not met, level 2 incomplete
    assert "Niveau 1 : demandeur d'emploi depuis 24 mois au moins" not in reasons(found)
    exactly = PersonFacts(registered_jobseeker_since=date(2024, 11, 22), **base)
    found = result("iae", exactly, siae)
    assert found.eligible is True
    assert "inscrit·e depuis 24 mois" in reasons(found)


def test_agefiph_alternance_aid_needs_rqth_and_24_hours():
    rqth = PersonFacts(birth_date=date(1990, 1, 1), rqth=True)
    assert result("agefiph_alternance", rqth, APPRENTICESHIP).eligible is True
    part_time = OfferFacts(
        contract="apprentissage",
        weekly_hours=Decimal("20"),
        duration_months=12,
        employer_kind="private",
    )
    assert result("agefiph_alternance", rqth, part_time).eligible is False


def test_a_new_measure_is_data_only():
    measure = {
        "code": "aide_locale",
        "name": "Aide locale à l'embauche",
        "description": "Une aide d'un département, pour l'exemple.",
        "legal_reference": "Délibération du conseil départemental",
        "source_url": "https://example.org/aide",
        "valid_from": "2026-01-01",
        "valid_until": "2026-12-31",
        "criteria": [
            {
                "op": "count_at_least",
                "n": 2,
                "label": "Deux critères",
                "criteria": [
                    {"op": "flag", "fact": "person.rsa", "label": "RSA"},
                    {"op": "flag", "fact": "person.qpv", "label": "QPV"},
                    {"op": "age_between", "min": 45, "label": "45 ans et plus"},
                ],
            }
        ],
    }
    person = PersonFacts(rsa=True, qpv=False, birth_date=date(1970, 1, 1))
    (found,) = evaluate_measures(person, OfferFacts(), TODAY, [measure])
    assert found.eligible is True
    assert found.code == "aide_locale"


def test_the_measures_file_is_valid_and_says_it_must_be_verified():
    measures = load_measures()
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    assert "vérifi" in data["about"] and "Licence" in data["about"]
    codes = {m["code"] for m in measures}
    assert {
        "pec",
        "cie",
        "iae",
        "apprentissage",
        "professionnalisation",
        "afpr",
        "poei",
        "pmsmp",
        "emplois_francs",
        "agefiph_alternance",
    } <= codes


def test_every_measure_answers_for_an_empty_file_without_error():
    results = evaluate_measures(PersonFacts(), OfferFacts(), TODAY)
    assert len(results) == len(load_measures())
    for found in results:
        assert found.eligible in (None, False)
        assert found.reasons


def _data():
    return copy.deepcopy(json.loads(DATA_FILE.read_text(encoding="utf-8")))


def _break(mutate):
    data = _data()
    mutate(data)
    with pytest.raises(MeasureDataError) as error:
        validate_measures(data)
    return str(error.value)


def _measure(data, code):
    return next(m for m in data["measures"] if m["code"] == code)


def test_validation_names_the_measure_and_an_unknown_operator():
    message = _break(lambda d: _measure(d, "cie")["criteria"][0].update(op="age_betwen"))
    assert message.startswith("Mesure « cie » : champ « criteria[0].op » : opérateur inconnu")


def test_validation_names_a_missing_field():
    message = _break(lambda d: _measure(d, "pec").pop("legal_reference"))
    assert message == "Mesure « pec » : champ « legal_reference » : champ obligatoire absent."


def test_validation_rejects_a_misspelt_field():
    message = _break(lambda d: _measure(d, "pec").update(valid_untill="2027-01-01"))
    assert message == "Mesure « pec » : champ « valid_untill » : champ inconnu."


def test_validation_rejects_a_bad_date_and_an_inverted_period():
    message = _break(lambda d: _measure(d, "afpr").update(valid_from="01/01/2011"))
    assert "Mesure « afpr » : champ « valid_from » : date invalide" in message
    message = _break(lambda d: _measure(d, "emplois_francs").update(valid_until="2019-01-01"))
    assert message == (
        "Mesure « emplois_francs » : champ « valid_until » : date antérieure à « valid_from »."
    )


def test_validation_checks_nested_facts_and_values():
    def unknown_fact(d):
        _measure(d, "apprentissage")["criteria"][1]["criteria"][1]["fact"] = "person.handicap"

    message = _break(unknown_fact)
    assert message.startswith(
        "Mesure « apprentissage » : champ « criteria[1].criteria[1].fact » : fait inconnu"
    )

    def unknown_contract(d):
        _measure(d, "poei")["criteria"][1]["criteria"][0]["values"] = ["cdi", "stage"]

    message = _break(unknown_contract)
    assert "champ « criteria[1].criteria[0].values » : valeur inconnue « stage »" in message


def test_validation_rejects_a_count_larger_than_its_criteria():
    def too_many(d):
        _measure(d, "iae")["criteria"][3]["criteria"][4]["n"] = 9

    message = _break(too_many)
    assert message == (
        "Mesure « iae » : champ « criteria[3].criteria[4].n » : doit être un entier de 1 à 7."
    )


def test_validation_rejects_duplicate_codes_and_a_missing_about():
    message = _break(lambda d: d["measures"].append(copy.deepcopy(d["measures"][0])))
    assert message == "Mesure « apprentissage » : champ « code » : ce code est déjà utilisé."
    message = _break(lambda d: d.pop("about"))
    assert "« about »" in message


def test_validation_requires_a_label_on_every_criterion():
    message = _break(lambda d: _measure(d, "pmsmp")["criteria"][0].pop("label"))
    assert message == (
        "Mesure « pmsmp » : champ « criteria[0].label » : libellé français obligatoire."
    )


def test_measures_given_by_the_caller_are_validated_too():
    with pytest.raises(MeasureDataError, match="Mesure « x » : champ « name »"):
        evaluate_measures(PersonFacts(), OfferFacts(), TODAY, [{"code": "x"}])


def test_jobseeker_reasons_write_demandeur_euse_as_the_rest_of_the_app():
    unknown = PersonFacts(birth_date=date(1996, 1, 1))
    pro = OfferFacts(contract="professionnalisation", duration_months=12, employer_kind="private")
    found = "\n".join(reasons(r) for r in evaluate_measures(unknown, pro, TODAY, None))
    assert "l'inscription comme demandeur·euse d'emploi" in found
    assert "demandeur·se" not in found


def test_a_conditional_criterion_met_gives_one_clear_reason():
    cdd = OfferFacts(
        contract="cdd", duration_months=6, weekly_hours=Decimal("35"), employer_kind="association"
    )
    said = reasons(result("pec", RSA_52, cdd))
    assert "CDD d'au moins 6 mois : oui (6 mois)" in said
    assert "Au moins 6 mois" not in said and "CDD d'au moins 6 mois : oui —" not in said
