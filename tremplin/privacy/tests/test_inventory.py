from django.apps import apps

from tremplin.privacy.inventory import holders


def test_every_model_reaching_a_person_is_a_holder():
    found = {holder.label for holder in holders()}
    person = apps.get_model("people", "Person")
    # Walk the models again, naively: any foreign key to a holder (or the person) makes a holder.
    for model in apps.get_models():
        if model.__name__.startswith("Historical") or model is person:
            continue
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if field.many_to_one and (target is person or target._meta.label in found):
                if (model._meta.label, field.name) == ("people.Person", "merged_into"):
                    continue
                assert model._meta.label in found, f"{model._meta.label} holds personal data"
    for label in (
        "people.Follow",
        "people.Document",
        "diagnosis.DomainAssessment",
        "pathways.Interview",
        "employment.TutorFeedback",
        "workshops.Signature",
        "rights.RightsEstimate",
    ):
        assert label in found
    assert "people.Person" not in found
    assert not any(label.split(".")[1].startswith("Historical") for label in found)


def test_every_holder_belongs_to_a_structure_and_parents_come_first():
    seen = {"people.Person"}
    for holder in holders():
        assert holder.structure_lookup, f"{holder.label}: no structure found"
        parent = holder.model._meta.get_field(holder.path[0]).related_model
        assert parent._meta.label in seen, f"{holder.label} listed before {parent._meta.label}"
        seen.add(holder.label)


def test_lookups_are_valid_queries(db):
    for holder in holders():
        list(holder.rows_of([0]).values_list(holder.structure_lookup, flat=True))
