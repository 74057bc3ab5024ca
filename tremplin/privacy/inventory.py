"""Where a person's data lives: every model whose rows belong to one person's file.

Found from the models themselves, not from a list kept by hand: a model holds a person's
data when one of its foreign keys leads, in one or more steps, to `people.Person`. A model
added later is therefore found without anyone remembering to declare it; the retention
and the export both walk this inventory. Historical tables (django-simple-history) are
not holders of their own: they are reached through the model they record.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.apps import apps
from django.db import models

# Foreign keys that point at a person without the row being part of that person's file.
NOT_OWNERSHIP = {("people.Person", "merged_into")}


@dataclass(frozen=True)
class Holder:
    """A model holding part of a person's file, and how its rows reach the person."""

    model: type[models.Model]
    path: tuple[str, ...]  # foreign keys from this model to the person, in order
    structure_lookup: str | None  # the structure the row belongs to, when there is one

    @property
    def label(self) -> str:
        return self.model._meta.label

    @property
    def person_lookup(self) -> str:
        return "__".join(self.path)

    def rows_of(self, person_ids):
        return self.model._default_manager.filter(**{f"{self.person_lookup}__in": person_ids})

    @property
    def history_model(self):
        history = getattr(self.model, "history", None)
        return getattr(history, "model", None)


def _is_history(model) -> bool:
    return model.__name__.startswith("Historical") and hasattr(model, "history_id")


def _foreign_keys(model):
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.ForeignKey)
        and (model._meta.label, field.name) not in NOT_OWNERSHIP
    ]


def _structure_lookup(model, path: tuple[str, ...]) -> str | None:
    """The lookup of the structure owning the row: its own, or that of a parent row."""
    structure = apps.get_model("accounts", "Structure")
    queue = [(model, ())]
    seen = set()
    while queue:
        current, prefix = queue.pop(0)
        if current in seen or len(prefix) > 3:
            continue
        seen.add(current)
        for field in _foreign_keys(current):
            if field.related_model is structure and field.name == "structure":
                return "__".join((*prefix, field.name))
        # Parents first along the path to the person, then any other parent row.
        fields = _foreign_keys(current)
        fields.sort(key=lambda field: field.name not in path)
        for field in fields:
            person = apps.get_model("people", "Person")
            if field.related_model in (structure, person) or field.related_model is current:
                continue
            queue.append((field.related_model, (*prefix, field.name)))
    return None


@cache
def holders() -> tuple[Holder, ...]:
    """Every model holding part of a person's file, parents before children."""
    person = apps.get_model("people", "Person")
    reached: dict[type[models.Model], tuple[str, ...]] = {person: ()}
    order: list[type[models.Model]] = []
    changed = True
    while changed:
        changed = False
        for model in apps.get_models():
            if model in reached or _is_history(model):
                continue
            for field in _foreign_keys(model):
                if field.related_model in reached:
                    reached[model] = (field.name, *reached[field.related_model])
                    order.append(model)
                    changed = True
                    break
    return tuple(
        Holder(
            model=model,
            path=reached[model],
            structure_lookup=_structure_lookup(model, reached[model]),
        )
        for model in order
    )
