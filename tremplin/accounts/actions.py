"""Workflows on accounts: inviting members, changing roles, second factor."""

import base64
import hashlib
import hmac

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts.models import Membership, Structure, User
from tremplin.core.permissions import Perm, Role, role_can

RECOVERY_CODE_COUNT = 10


def invitation_url(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:invitation-accept", args=[uid, token])
    return f"{settings.TREMPLIN_BASE_URL}{path}"


def _send_invitation(membership: Membership, *, by: User) -> None:
    """Send the invitation e-mail once the transaction commits, and note when."""
    user, structure = membership.user, membership.structure
    needs_password = not user.has_usable_password()
    context = {
        "structure": structure,
        "invited_by": by,
        "role": membership.get_role_display(),
        "needs_password": needs_password,
        "url": invitation_url(user)
        if needs_password
        else f"{settings.TREMPLIN_BASE_URL}{reverse('accounts:login')}",
    }
    body = render_to_string("accounts/email/invitation.txt", context)
    email = user.email
    transaction.on_commit(
        lambda: send_mail(
            f"Invitation à rejoindre {structure.name} sur Tremplin",
            body,
            None,
            [email],
        )
    )


@transaction.atomic
def invite_member(
    *, structure: Structure, email: str, first_name: str, last_name: str, role: str, by: User
) -> Membership:
    """Add someone to the structure; a new user receives a link to choose a password."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    membership = Membership.objects.create(
        user=user,
        structure=structure,
        role=role,
        invited_by=by,
        invitation_sent_at=timezone.now(),
    )
    _send_invitation(membership, by=by)
    return membership


def _invalidate_invitation_links(user: User) -> None:
    """A new unusable password changes the hash the invitation token is built on: every
    link sent before stops working."""
    user.set_unusable_password()
    user.save(update_fields=["password"])


def _lock_pending(membership: Membership) -> Membership:
    locked = Membership.objects.select_for_update().select_related("user", "structure")
    membership = locked.get(pk=membership.pk)
    if not membership.is_invitation_pending:
        raise ValidationError(
            "Il n'y a pas d'invitation en attente : la personne a déjà activé son compte "
            "ou son accès est désactivé."
        )
    return membership


@transaction.atomic
def resend_invitation(*, membership: Membership, by: User) -> Membership:
    """Send a new invitation link to someone who has not activated their account; the
    links sent before stop working."""
    membership = _lock_pending(membership)
    _invalidate_invitation_links(membership.user)
    membership.invitation_sent_at = timezone.now()
    membership._change_reason = f"invitation renvoyée par {by}"
    membership.save(update_fields=["invitation_sent_at", "updated_at"])
    _send_invitation(membership, by=by)
    return membership


@transaction.atomic
def cancel_invitation(*, membership: Membership, by: User) -> Membership:
    """Withdraw a pending invitation: the membership is deactivated, the link stops working."""
    membership = _lock_pending(membership)
    _invalidate_invitation_links(membership.user)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership._change_reason = f"invitation annulée par {by}"
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    membership.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return membership


# Roles a structure must keep once it has them: the rights they alone carry would be lost.
KEPT_ROLES = {
    Role.MANAGER: (
        "La structure doit garder au moins un·e responsable de service actif·ve : c'est le "
        "seul rôle qui pilote l'activité, produit les indicateurs FSE+ et répond aux demandes "
        "d'accès aux données (RGPD). Donnez d'abord ce rôle à une autre personne de l'équipe."
    ),
    Role.STRUCTURE_ADMIN: (
        "La structure doit garder au moins un·e administrateur·rice de la structure "
        "actif·ve. Donnez d'abord ce rôle à une autre personne de l'équipe."
    ),
}


def _others_holding(membership: Membership, roles) -> bool:
    """Whether another member who can log in holds one of `roles` in the structure."""
    return (
        Membership.objects.active()
        .activated()
        .filter(structure_id=membership.structure_id, role__in=list(roles))
        .exclude(pk=membership.pk)
        .exists()
    )


def _check_structure_keeps_rights(membership: Membership, *, new_role: str | None) -> None:
    """Refuse a role change (`new_role`) or a deactivation (None) that would leave the
    structure without anyone managing the team, or without its last manager or
    administrator. A pending invitation holds no right: removing it loses nothing."""
    current = Membership.objects.select_related("user").get(pk=membership.pk)
    if not current.is_active or current.is_invitation_pending:
        return
    managing_roles = [r for r in Role if role_can(r, Perm.MEMBERS_MANAGE)]
    if (
        role_can(current.role, Perm.MEMBERS_MANAGE)
        and not role_can(new_role, Perm.MEMBERS_MANAGE)
        and not _others_holding(current, managing_roles)
    ):
        raise ValidationError(
            "La structure doit garder au moins une personne qui gère l'équipe "
            "(responsable ou administrateur·rice)."
        )
    for role, message in KEPT_ROLES.items():
        if current.role == role and new_role != role and not _others_holding(current, [role]):
            raise ValidationError(message)


def _lock_structure_members(membership: Membership) -> None:
    # Two simultaneous changes must not each believe the other keeps the right.
    list(
        Membership.objects.select_for_update()
        .filter(structure_id=membership.structure_id)
        .values_list("pk", flat=True)
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(
            "Vous ne pouvez pas changer votre propre rôle : demandez-le à une autre personne "
            "qui gère l'équipe."
        )
    _lock_structure_members(membership)
    _check_structure_keeps_rights(membership, new_role=role)
    membership.role = role
    membership._change_reason = f"rôle modifié par {by}"
    membership.save(update_fields=["role", "updated_at"])


def referent_follows(membership: Membership):
    """The open follows of the structure whose référent·e is this member."""
    from tremplin.people.models import Follow

    return Follow.objects.active().filter(
        structure_id=membership.structure_id, referent_id=membership.user_id
    )


def upcoming_appointments(membership: Membership):
    """The member's appointments in the structure still to come (not cancelled)."""
    from tremplin.agenda.models import Appointment

    return Appointment.objects.not_cancelled().filter(
        structure_id=membership.structure_id,
        organizer_id=membership.user_id,
        starts_at__gte=timezone.now(),
    )


@transaction.atomic
def deactivate_member(*, membership: Membership, by: User, hand_over_to: User | None = None) -> int:
    """Deactivate the member; with `hand_over_to`, the files they were référent·e of go to
    that member in the same transaction, each change traced as a single change of
    référent·e is. Returns how many files were handed over."""
    from tremplin.people.actions import change_referent

    if membership.user_id == by.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre accès.")
    if hand_over_to is not None and hand_over_to.pk == membership.user_id:
        raise ValidationError("Choisissez un·e autre membre pour reprendre les dossiers.")
    _lock_structure_members(membership)
    _check_structure_keeps_rights(membership, new_role=None)
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership._change_reason = f"accès désactivé par {by}"
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    # Tokens of this membership stop working at once.
    membership.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    handed_over = 0
    if hand_over_to is not None:
        for follow in referent_follows(membership).select_for_update():
            change_referent(follow=follow, referent=hand_over_to, by=by)
            handed_over += 1
    return handed_over


@transaction.atomic
def reactivate_member(*, membership: Membership, by: User) -> None:
    membership.is_active = True
    membership.deactivated_at = None
    membership._change_reason = f"accès réactivé par {by}"
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])


@transaction.atomic
def reset_second_factor(*, membership: Membership, by: User) -> None:
    """Remove a member's authenticator and recovery codes (lost phone): they enrol again at
    their next login. Their open sessions stop being verified at once."""
    if membership.user_id == by.pk:
        raise ValidationError("Pour votre propre compte, utilisez vos codes de secours.")
    TOTPDevice.objects.filter(user=membership.user).delete()
    StaticDevice.objects.filter(user=membership.user).delete()
    # Kept on the membership, so that its history row says when and by whom.
    membership.second_factor_reset_at = timezone.now()
    membership.second_factor_reset_by = by
    membership.save(
        update_fields=["second_factor_reset_at", "second_factor_reset_by", "updated_at"]
    )


def recovery_digest(code: str) -> str:
    """What is stored of a recovery code: a keyed hash (HMAC-SHA256 with SECRET_KEY,
    80 bits in base32), so that a copy of the database gives no usable code."""
    mac = hmac.new(
        settings.SECRET_KEY.encode(), code.strip().lower().encode(), hashlib.sha256
    ).digest()
    return base64.b32encode(mac[:10]).decode().lower()


@transaction.atomic
def issue_recovery_codes(user: User) -> list[str]:
    """Replace the user's recovery codes by new ones, returned once in clear; only their
    digests are kept."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": "Codes de secours", "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=recovery_digest(c)) for c in codes]
    )
    return codes


def verify_second_factor(user: User, code: str):
    """The device that accepts `code`: the authenticator app for six digits, else the
    recovery codes (compared by digest, used once). None when nothing accepts it."""
    code = code.strip()
    if code.isdigit() and len(code) == 6:
        return match_token(user, code)
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None and device.verify_token(recovery_digest(code)):
        return device
    return None
