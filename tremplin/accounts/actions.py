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


@transaction.atomic
def invite_member(
    *, structure: Structure, email: str, first_name: str, last_name: str, role: str, by: User
) -> Membership:
    """Add someone to the structure; a new user receives a link to choose a password."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    is_new = user is None
    if is_new:
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name)
    membership = Membership.objects.create(user=user, structure=structure, role=role, invited_by=by)
    needs_password = is_new or not user.has_usable_password()
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
    transaction.on_commit(
        lambda: send_mail(
            f"Invitation à rejoindre {structure.name} sur Tremplin",
            body,
            None,
            [email],
        )
    )
    return membership


def _managers_left(structure: Structure, *, without: Membership) -> int:
    managing_roles = [r for r in Role if role_can(r, Perm.MEMBERS_MANAGE)]
    return (
        Membership.objects.active()
        .filter(structure=structure, role__in=managing_roles)
        .exclude(pk=without.pk)
        .count()
    )


@transaction.atomic
def change_role(*, membership: Membership, role: str, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(
            "Vous ne pouvez pas changer votre propre rôle : demandez-le à une autre personne "
            "qui gère l'équipe."
        )
    if (
        not role_can(role, Perm.MEMBERS_MANAGE)
        and _managers_left(membership.structure, without=membership) == 0
    ):
        raise ValidationError(
            "La structure doit garder au moins une personne qui gère l'équipe "
            "(responsable ou administrateur·rice)."
        )
    membership.role = role
    membership._change_reason = f"rôle modifié par {by}"
    membership.save(update_fields=["role", "updated_at"])


@transaction.atomic
def deactivate_member(*, membership: Membership, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError("Vous ne pouvez pas désactiver votre propre accès.")
    if (
        role_can(membership.role, Perm.MEMBERS_MANAGE)
        and _managers_left(membership.structure, without=membership) == 0
    ):
        raise ValidationError("La structure doit garder au moins une personne qui gère l'équipe.")
    membership.is_active = False
    membership.deactivated_at = timezone.now()
    membership.save(update_fields=["is_active", "deactivated_at", "updated_at"])
    # Tokens of this membership stop working at once.
    membership.api_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


@transaction.atomic
def reactivate_member(*, membership: Membership, by: User) -> None:
    membership.is_active = True
    membership.deactivated_at = None
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
