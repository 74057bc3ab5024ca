"""Base model mixins shared by every app."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class VersionedModel(models.Model):
    """Optimistic locking: concurrent edits never silently overwrite each other.

    A form carries the `version` it was loaded with; saving checks it under a row lock
    (see core.forms.VersionedModelForm) and refuses with the list of what changed.
    """

    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True
