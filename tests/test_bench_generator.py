"""The scale data generator of bench/: its safety rule and its pure row builders.

The generation itself runs against PostgreSQL (`make bench-data`); here, what decides
whether it may write at all, and that its rows say what the models would have written.
"""

import random

import pytest
from django.core.exceptions import ValidationError

from bench import db
from bench.generate import (
    SCALES,
    generate,
    main,
    person_name,
    person_name_keys,
    service_derived,
    siret,
)
from bench.loading import default_of
from tremplin.core.text import normalize
from tremplin.core.validators import validate_siret
from tremplin.network.models import PartnerService, PartnerStructure
from tremplin.people.models import Person
from tremplin.referentials.models import Commune


@pytest.mark.parametrize(
    "name", ["tremplin", "test", "production", "postgres", "Bench_X", "bench;drop"]
)
def test_refuses_a_database_without_bench_in_its_name(name):
    with pytest.raises(db.NotABenchDatabase):
        db.check_bench_name(name)


@pytest.mark.parametrize("name", ["bench_small", "bench_national", "my_bench_2"])
def test_accepts_bench_databases(name):
    assert db.check_bench_name(name) == name
    assert db.database_url(name).endswith(f"/{name}")


def test_command_line_refuses_before_touching_anything(capsys):
    assert main(["--scale", "tiny", "--database", "tremplin"]) == 2
    assert "refusing database 'tremplin'" in capsys.readouterr().err


def test_generate_refuses_when_django_points_elsewhere():
    # Django's connection is the test database, not bench_tiny: nothing may be written.
    with pytest.raises(db.NotABenchDatabase):
        generate("bench_tiny", SCALES["tiny"])


def test_names_are_reproducible_from_the_seed():
    first = [person_name(random.Random("seed:people")) for _ in range(5)]
    again = [person_name(random.Random("seed:people")) for _ in range(5)]
    other = [person_name(random.Random("other:people")) for _ in range(5)]
    assert first == again
    assert first != other


def test_name_keys_are_what_the_model_writes():
    rng = random.Random(3)
    for _ in range(50):
        sex, first, last, birth = person_name(rng)
        person = Person(last_name=last, birth_name=birth, first_name=first)
        # Person.save() fills both keys before writing; compute them the same way, unsaved.
        expected = normalize(" ".join([person.last_name, person.birth_name, person.first_name]))
        search_key, sort_key = person_name_keys(last, birth, first)
        assert search_key == expected
        assert sort_key.startswith(normalize(last).replace(" ", "0") + "00")
        assert expected == expected.lower() and "é" not in expected


def test_sirets_are_valid():
    rng = random.Random(1)
    for _ in range(200):
        value = siret(rng)
        try:
            validate_siret(value)
        except ValidationError as error:
            pytest.fail(f"{value}: {error}")


@pytest.mark.parametrize(
    "own_point, structure_point, modes",
    [
        ((48.39, -4.48), (48.4, -4.5), ["en-presentiel"]),
        (None, (47.2, -1.55), ["en-presentiel", "a-distance"]),
        (None, None, ["a-distance"]),
    ],
)
def test_service_derived_columns_match_refresh_derived(own_point, structure_point, modes):
    commune = Commune(code="29019", name="Brest", latitude=48.39, longitude=-4.49)
    structure = PartnerStructure(
        name="Association de Brest",
        commune=commune,
        latitude=structure_point[0] if structure_point else None,
        longitude=structure_point[1] if structure_point else None,
    )
    service = PartnerService(
        structure=structure,
        name="Aide au permis de conduire",
        description="Pour les personnes accompagnées, sur orientation.",
        commune=commune,
        latitude=own_point[0] if own_point else None,
        longitude=own_point[1] if own_point else None,
        reception_modes=modes,
    )
    service.refresh_derived()
    derived = service_derived(
        name=service.name,
        structure_name=structure.name,
        description=service.description,
        point=own_point,
        structure_point=structure_point,
        commune_point=(commune.latitude, commune.longitude),
        structure_commune_point=(commune.latitude, commune.longitude),
        reception_modes=modes,
    )
    assert derived == (
        service.search_key,
        service.point_latitude,
        service.point_longitude,
        service.remote,
    )


def test_columns_left_out_take_the_model_default():
    from datetime import UTC, datetime

    now = datetime(2025, 1, 1, tzinfo=UTC)
    fields = {f.name: f for f in Person._meta.concrete_fields}
    assert default_of(fields["driving_licences"], now) == "[]"
    assert default_of(fields["created_at"], now) == now
    assert default_of(fields["languages"], now) == ""
    assert default_of(fields["rqth_until"], now) is None
    assert default_of(fields["lives_in_qpv"], now) == "unknown"
