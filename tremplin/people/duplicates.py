"""Duplicate detection before a file is created.

A file is a likely duplicate when it has the same NIR, or the same birth date and names
that are close (accents, case, a typo, a compound first name, a birth name, first and last
names swapped). Only files the user may see are compared: a structure never learns that
another structure follows someone.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Q

from tremplin.core.text import normalize, similarity
from tremplin.people.models import Person
from tremplin.people.nir import hash_nir

NAME_SIMILARITY = 0.5


@dataclass
class DuplicateMatch:
    person: Person
    reasons: list[str]


def names_close(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    if not a or not b:
        return False
    if a == b:
        return True
    # "jean" and "jean pierre", "martin" and "martin dupuis"
    if set(a.split()) <= set(b.split()) or set(b.split()) <= set(a.split()):
        return True
    return similarity(a, b) >= NAME_SIMILARITY


def _same_person_names(person: Person, last_names: list[str], first_name: str) -> bool:
    theirs = [n for n in (person.last_name, person.birth_name) if n]
    last_ok = any(names_close(x, y) for x in last_names for y in theirs)
    if last_ok and names_close(first_name, person.first_name):
        return True
    # First and last names entered the other way round.
    return any(names_close(x, person.first_name) for x in last_names) and any(
        names_close(first_name, y) for y in theirs
    )


def find_duplicates(
    user,
    *,
    last_name: str,
    first_name: str,
    birth_date: date | None,
    birth_name: str = "",
    nir: str = "",
    exclude_pk: int | None = None,
) -> list[DuplicateMatch]:
    nir_hash = hash_nir(nir) if nir else ""
    condition = Q()
    if birth_date:
        condition |= Q(birth_date=birth_date)
    if nir_hash:
        condition |= Q(nir_hash=nir_hash)
    if not condition:
        return []
    candidates = (
        Person.objects.visible_to(user)
        .filter(condition)
        .exclude(pk=exclude_pk)
        .select_related("commune")
        .prefetch_related("follows__referent", "follows__structure")[:200]
    )
    last_names = [n for n in (last_name, birth_name) if n]
    matches = []
    for person in candidates:
        reasons = []
        if nir_hash and person.nir_hash == nir_hash:
            reasons.append("même NIR")
        if (
            birth_date
            and person.birth_date == birth_date
            and _same_person_names(person, last_names, first_name)
        ):
            reasons.append("même date de naissance et nom proche")
        if reasons:
            matches.append(DuplicateMatch(person, reasons))
    return matches
