"""Base model mixins shared by every app."""

from django.db import models, transaction
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class EditConflict(Exception):
    """Someone else saved the object since it was loaded: nothing was written."""

    def __init__(self, current, changed_fields: list[str]):
        self.current = current
        self.changed_fields = changed_fields
        super().__init__(f"edit conflict on {type(current).__name__} {current.pk}")


class VersionedModel(models.Model):
    """Optimistic locking: concurrent edits never silently overwrite each other.

    A form carries the `version` it was loaded with; `save_checked` writes only if the row
    still has that version, and raises EditConflict (listing what the other person changed)
    otherwise.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True

    def save_checked(self, *, loaded_version: int, original: dict | None = None) -> None:
        """Save if the row was not changed since `loaded_version`; raise EditConflict if it was."""
        model = type(self)
        with transaction.atomic():
            current = model._base_manager.select_for_update().get(pk=self.pk)
            if current.version != loaded_version:
                fields = [
                    f.name
                    for f in model._meta.concrete_fields
                    if f.name not in {"version", "updated_at"}
                    and original is not None
                    and f.attname in original
                    and getattr(current, f.attname) != original[f.attname]
                ]
                raise EditConflict(current, fields)
            self.version = loaded_version + 1
            self.save()

    def field_values(self) -> dict:
        return {f.attname: getattr(self, f.attname) for f in type(self)._meta.concrete_fields}
