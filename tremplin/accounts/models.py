"""Structures (tenants), users, memberships (a role in a structure) and API tokens."""

import hashlib
import secrets
from datetime import timedelta

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from tremplin.core.models import TimeStampedModel
from tremplin.core.permissions import Perm, Role, role_can
from tremplin.core.validators import clean_siret, validate_french_phone, validate_siret
from tremplin.referentials.models import PostalAddress


class StructureKind(models.TextChoices):
    MISSION_LOCALE = "mission_locale", _("Mission Locale")
    PLIE = "plie", _("PLIE")
    SIAE_ACI = "siae_aci", _("SIAE — atelier et chantier d'insertion (ACI)")
    SIAE_AI = "siae_ai", _("SIAE — association intermédiaire (AI)")
    SIAE_EI = "siae_ei", _("SIAE — entreprise d'insertion (EI)")
    SIAE_ETTI = "siae_etti", _("SIAE — entreprise de travail temporaire d'insertion (ETTI)")
    SIAE_EITI = "siae_eiti", _("SIAE — entreprise d'insertion par le travail indépendant (EITI)")
    GEIQ = "geiq", _("GEIQ")
    CCAS = "ccas", _("CCAS / CIAS")
    DEPARTMENT = "departement", _("Conseil départemental")
    CAP_EMPLOI = "cap_emploi", _("Cap emploi")
    FRANCE_TRAVAIL = "france_travail", _("Agence France Travail")
    ASSOCIATION = "association", _("Association")
    TRAINING = "organisme_formation", _("Organisme de formation")
    PRIVATE_OPERATOR = "operateur_prive", _("Opérateur privé de placement")


class Structure(PostalAddress, TimeStampedModel):
    """A tenant: nothing of one structure is visible to another without the person's consent."""

    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type de structure"), max_length=30, choices=StructureKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    phone = models.CharField(
        _("téléphone"), max_length=20, blank=True, validators=[validate_french_phone]
    )
    email = models.EmailField(_("e-mail de contact"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    referral_answer_days = models.PositiveSmallIntegerField(
        _("délai de réponse aux orientations (jours)"),
        default=15,
        validators=[MinValueValidator(2), MaxValueValidator(90)],
        help_text=_(
            "Sans réponse du partenaire dans ce délai, une orientation passe « sans réponse » "
            "et le lien de réponse cesse de fonctionner."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("structure")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["siret", "kind"], name="unique_structure_siret_kind"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_siae(self) -> bool:
        """A structure of the IAE (ACI, AI, EI, ETTI, EITI): its people hold a PASS IAE."""
        return self.kind.startswith("siae_")

    def clean(self):
        self.siret = clean_siret(self.siret)
        if errors := self.address_errors():
            raise ValidationError(errors)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create(self, email, password, **extra):
        if not email:
            raise ValueError("an e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **extra)

    def get_by_natural_key(self, username):
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A professional using Tremplin. Logs in with an e-mail address."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    is_active = models.BooleanField(_("actif"), default=True)
    is_staff = models.BooleanField(
        _("équipe support"),
        default=False,
        help_text=_("Accès à l'interface d'administration technique (jamais aux dossiers)."),
    )
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur")
        ordering = ["last_name", "first_name"]

    def __str__(self):
        return self.full_name or self.email

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def invitation_pending(self) -> bool:
        """Invited but has not chosen a password yet: cannot log in so far."""
        return not self.password or self.password.startswith(UNUSABLE_PASSWORD_PREFIX)

    @property
    def choice_label(self) -> str:
        """The name in a list of colleagues to choose from (référent·e, organizer,
        facilitator…): whoever has not yet accepted the invitation is shown as such, so
        that work given to them is given knowingly."""
        if self.invitation_pending:
            return f"{self.full_name} (invitation en attente)"
        return self.full_name

    def clean(self):
        super().clean()
        self.email = self.email.strip().lower()

    # The membership chosen for this request; set by ActiveMembershipMiddleware or the API
    # token. Every access decision reads it.
    active_membership: "Membership | None" = None


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True, structure__is_active=True, user__is_active=True)

    def activated(self):
        """Memberships whose user has chosen a password: an invited person who has not yet
        opened the invitation link cannot log in, so holds no right in practice."""
        return self.exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX).exclude(
            user__password=""
        )

    def in_structure_of(self, user):
        """Memberships of the structure where `user` is active, if they may manage members."""
        membership = user.active_membership if user.is_authenticated else None
        if membership is None or not membership.can(Perm.MEMBERS_MANAGE):
            return self.none()
        return self.filter(structure_id=membership.structure_id)


class Membership(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    structure = models.ForeignKey(Structure, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rôle"), max_length=30, choices=Role.choices)
    is_active = models.BooleanField(_("actif"), default=True)
    invited_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    deactivated_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)
    # When the last invitation e-mail was sent (the first one, or a new link sent again).
    invitation_sent_at = models.DateTimeField(_("invitation envoyée le"), null=True, blank=True)
    # The last reset of the member's second factor (lost phone), kept with who did it: the
    # history of the membership keeps every earlier one.
    second_factor_reset_at = models.DateTimeField(
        _("double authentification réinitialisée le"), null=True, blank=True
    )
    second_factor_reset_by = models.ForeignKey(
        User,
        verbose_name=_("réinitialisée par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    # The structure chosen last is the one a new session starts in.
    last_chosen_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = MembershipQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("membre d'une structure")
        verbose_name_plural = _("membres des structures")
        ordering = ["structure__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "structure"], name="unique_membership"),
        ]

    def __str__(self):
        return f"{self.user} — {self.structure} ({self.get_role_display()})"

    def can(self, perm: Perm) -> bool:
        return self.is_active and role_can(self.role, perm)

    @property
    def is_invitation_pending(self) -> bool:
        """Invited and not yet activated: the person never chose a password (the invitation
        link sets the first one), so they have never been able to log in."""
        return self.is_active and not self.user.has_usable_password()

    @property
    def invitation_date(self):
        return self.invitation_sent_at or self.created_at

    @property
    def invitation_link_expired(self) -> bool:
        from django.conf import settings

        limit = timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)
        return self.invitation_date + limit < timezone.now()


def get_membership_for_user(user, pk) -> Membership:
    """A membership of the user's active structure, for someone allowed to manage members."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(Membership.objects.in_structure_of(user).select_related("user"), pk=pk)


class ApiTokenQuerySet(models.QuerySet):
    def usable(self):
        now = timezone.now()
        return self.filter(revoked_at__isnull=True, expires_at__gt=now).filter(
            membership__is_active=True,
            membership__user__is_active=True,
            membership__structure__is_active=True,
        )

    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self.filter(membership__user=user)


class ApiToken(models.Model):
    """A personal token for the API, acting as one membership. Only its hash is stored."""

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nom du jeton"), max_length=100)
    prefix = models.CharField(max_length=8, editable=False)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    last_used_at = models.DateTimeField(_("dernière utilisation"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d'API")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @classmethod
    def issue(cls, *, membership: Membership, name: str, days: int = 90) -> tuple["ApiToken", str]:
        """Create a token; the clear key is returned once and never stored."""
        key = "trp_" + secrets.token_urlsafe(32)
        token = cls.objects.create(
            membership=membership,
            name=name,
            prefix=key[4:12],
            key_hash=cls.hash_key(key),
            expires_at=timezone.now() + timedelta(days=days),
        )
        return token, key

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()
