from django.db import models
from django.utils.translation import gettext_lazy as _


class AppointmentKind(models.TextChoices):
    FIRST_INTERVIEW = "first_interview", _("Premier entretien")
    FOLLOW_UP = "follow_up", _("Entretien de suivi")
    WORKSHOP = "workshop", _("Atelier collectif")
    OTHER = "other", _("Autre rendez-vous")


class Attendance(models.TextChoices):
    PLANNED = "planned", _("Prévu")
    SEEN = "seen", _("Venu·e")
    EXCUSED = "excused", _("Excusé·e")
    NO_SHOW = "no_show", _("Absent·e sans prévenir")
    CANCELLED = "cancelled", _("Annulé")


# What may be noted before the appointment has started: nobody can have come yet.
ATTENDANCE_BEFORE_START = frozenset({Attendance.PLANNED, Attendance.EXCUSED, Attendance.CANCELLED})


class NoticeKind(models.TextChoices):
    INVITATION = "invitation", _("Invitation")
    REMINDER = "reminder", _("Rappel la veille")


class NoticeChannel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    SMS = "sms", _("SMS")
    NONE = "none", _("Aucun canal")


class NoticeStatus(models.TextChoices):
    SENT = "sent", _("Envoyé")
    SKIPPED = "skipped", _("Non envoyé")
    FAILED = "failed", _("Échec de l'envoi")
