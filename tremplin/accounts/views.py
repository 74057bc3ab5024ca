import base64

import segno
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import timezone
from django.utils.encoding import force_str
from django.utils.http import url_has_allowed_host_and_scheme, urlsafe_base64_decode
from django.views.decorators.http import require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tremplin.accounts import actions
from tremplin.accounts.forms import (
    ApiTokenForm,
    HandOverForm,
    InviteMemberForm,
    LoginForm,
    MembershipRoleForm,
    OtpTokenForm,
    StructureSettingsForm,
)
from tremplin.accounts.middleware import SESSION_MEMBERSHIP_KEY
from tremplin.accounts.models import ApiToken, Membership, User, get_membership_for_user
from tremplin.core import periodic
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


def _next_url(request, default="home"):
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(candidate, {request.get_host()}):
        return candidate
    return reverse(default)


@login_required
def otp_verify(request):
    if request.user.is_verified():
        return redirect(_next_url(request))
    if not user_has_device(request.user):
        return redirect("accounts:otp-setup")
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        device = actions.verify_second_factor(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            if device.persistent_id.startswith("otp_static"):
                remaining = StaticToken.objects.filter(device__user=request.user).count()
                messages.warning(
                    request,
                    f"Code de secours utilisé : il vous en reste {remaining}. "
                    "Pensez à en générer de nouveaux depuis « Sécurité du compte ».",
                )
            return redirect(_next_url(request))
        form.add_error(
            "token", "Code incorrect ou expiré. Vérifiez l'heure de votre téléphone et réessayez."
        )
    return render(request, "accounts/otp_verify.html", {"form": form})


def _qr_data_uri(url: str) -> str:
    svg = segno.make(url, error="m").svg_inline(scale=5, dark="#000", light="#fff")
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()


@login_required
def otp_setup(request):
    """Enrol an authenticator app: scan the QR code, confirm with one code, get recovery codes."""
    user = request.user
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists() and not user.is_verified():
        return redirect("accounts:otp-verify")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(
            user=user, name="Application d'authentification", confirmed=False
        )
    form = OtpTokenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            # Only one authenticator at a time.
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            otp_login(request, device)
            codes = actions.issue_recovery_codes(user)
            return render(
                request, "accounts/recovery_codes.html", {"codes": codes, "first_time": True}
            )
        form.add_error(
            "token",
            "Ce code ne correspond pas. Scannez à nouveau le QR code ou vérifiez l'heure du téléphone.",
        )
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        },
    )


@login_required
def security(request):
    has_totp = TOTPDevice.objects.filter(user=request.user, confirmed=True).exists()
    remaining = StaticToken.objects.filter(device__user=request.user).count()
    return render(
        request,
        "accounts/security.html",
        {"has_totp": has_totp, "remaining_codes": remaining},
    )


@login_required
@require_POST
def recovery_codes_regenerate(request):
    if not request.user.is_verified():
        raise Http404
    codes = actions.issue_recovery_codes(request.user)
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "first_time": False})


@login_required
@require_POST
def switch_structure(request):
    try:
        membership_id = int(request.POST.get("membership", ""))
    except ValueError:
        raise Http404 from None
    membership = next((m for m in request.memberships if m.pk == membership_id), None)
    if membership is None:
        raise Http404
    request.session[SESSION_MEMBERSHIP_KEY] = membership.pk
    Membership.objects.filter(pk=membership.pk).update(last_chosen_at=timezone.now())
    messages.success(request, f"Vous travaillez maintenant pour : {membership.structure.name}.")
    return redirect("home")


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form):
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return super().form_valid(form)


def invitation_accept(request, uidb64, token):
    """First password for an invited member (the link is valid a few days, once)."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)))
    except (User.DoesNotExist, ValueError, TypeError, OverflowError):
        user = None
    if user is None or not default_token_generator.check_token(user, token):
        return render(request, "accounts/invitation_invalid.html", status=400)
    form = SetPasswordForm(user, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            "Votre mot de passe est enregistré. Connectez-vous, puis configurez la double authentification.",
        )
        return redirect("accounts:login")
    return render(request, "accounts/invitation_accept.html", {"form": form, "invited": user})


# --- structure administration ------------------------------------------------------------------


@permission_required(Perm.MEMBERS_MANAGE)
def members(request):
    membership = request.user.active_membership
    items = (
        Membership.objects.in_structure_of(request.user)
        .select_related("user", "second_factor_reset_by")
        .order_by("-is_active", "user__last_name", "user__first_name")
    )
    jobs_need_attention = membership.can(Perm.STRUCTURE_SETTINGS) and periodic.needs_attention()
    return render(
        request,
        "accounts/members.html",
        {
            "members": items,
            "structure": membership.structure,
            "nav": "members",
            "jobs_need_attention": jobs_need_attention,
        },
    )


@permission_required(Perm.MEMBERS_MANAGE)
def member_invite(request):
    structure = request.user.active_membership.structure
    form = InviteMemberForm(request.POST if request.method == "POST" else None, structure=structure)
    if request.method == "POST" and form.is_valid():
        actions.invite_member(structure=structure, by=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Invitation envoyée à {form.cleaned_data['email']}. Le lien est valable 3 jours.",
        )
        return redirect("accounts:members")
    return render(request, "accounts/member_invite.html", {"form": form, "nav": "members"})


@permission_required(Perm.MEMBERS_MANAGE)
def member_edit(request, membership_id):
    member = get_membership_for_user(request.user, membership_id)
    form = MembershipRoleForm(request.POST if request.method == "POST" else None, instance=member)
    if request.method == "POST" and form.is_valid():
        try:
            actions.change_role(membership=member, role=form.cleaned_data["role"], by=request.user)
        except ValidationError as error:
            form.add_error("role", error.messages[0])
        else:
            messages.success(request, f"Rôle de {member.user.full_name} modifié.")
            return redirect("accounts:members")
    return render(
        request, "accounts/member_edit.html", {"form": form, "member": member, "nav": "members"}
    )


@permission_required(Perm.MEMBERS_MANAGE)
def member_deactivate(request, membership_id):
    member = get_membership_for_user(request.user, membership_id)
    error = None
    # What the member leaves behind: the files they are référent·e of, their appointments to
    # come (counts only: the manager of the team may not be allowed to read the files).
    hand_over = None
    files_count = appointments_count = 0
    if member.is_active:
        files_count = actions.referent_follows(member).count()
        appointments_count = actions.upcoming_appointments(member).count()
        if files_count:
            hand_over = HandOverForm(
                request.POST if request.method == "POST" else None, membership=member
            )
    if request.method == "POST" and (hand_over is None or hand_over.is_valid()):
        try:
            if member.is_active:
                new_referent = hand_over.cleaned_data["referent"] if hand_over else None
                handed = actions.deactivate_member(
                    membership=member, by=request.user, hand_over_to=new_referent
                )
                message = f"Accès de {member.user.full_name} désactivé."
                if handed:
                    message += (
                        f" {handed} dossier{'s' if handed > 1 else ''} "
                        f"confié{'s' if handed > 1 else ''} à {new_referent.full_name}."
                    )
                messages.success(request, message)
            else:
                actions.reactivate_member(membership=member, by=request.user)
                messages.success(request, f"Accès de {member.user.full_name} réactivé.")
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return redirect("accounts:members")
    return render(
        request,
        "accounts/member_deactivate.html",
        {
            "member": member,
            "error": error,
            "nav": "members",
            "hand_over": hand_over,
            "files_count": files_count,
            "appointments_count": appointments_count,
        },
    )


@permission_required(Perm.MEMBERS_MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def member_invitation(request, membership_id):
    """A pending invitation: send a new link (the old one stops working) or cancel it."""
    member = get_membership_for_user(request.user, membership_id)
    error = None
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "resend":
                actions.resend_invitation(membership=member, by=request.user)
                messages.success(
                    request,
                    f"Nouvelle invitation envoyée à {member.user.email}. Le lien est valable "
                    "3 jours ; le lien envoyé précédemment ne fonctionne plus.",
                )
            elif action == "cancel":
                actions.cancel_invitation(membership=member, by=request.user)
                messages.success(request, f"Invitation de {member.user.full_name} annulée.")
            else:
                raise ValidationError("Choisissez de renvoyer ou d'annuler l'invitation.")
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            return redirect("accounts:members")
    return render(
        request,
        "accounts/member_invitation.html",
        {"member": member, "error": error, "nav": "members"},
    )


@permission_required(Perm.MEMBERS_MANAGE)
def member_reset_2fa(request, membership_id):
    member = get_membership_for_user(request.user, membership_id)
    error = None
    if request.method == "POST":
        try:
            actions.reset_second_factor(membership=member, by=request.user)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(
                request,
                f"Double authentification de {member.user.full_name} réinitialisée : "
                "il ou elle la configurera de nouveau à sa prochaine connexion.",
            )
            return redirect("accounts:members")
    return render(
        request,
        "accounts/member_reset_2fa.html",
        {"member": member, "error": error, "nav": "members"},
    )


@permission_required(Perm.STRUCTURE_SETTINGS)
def structure_settings(request):
    structure = request.user.active_membership.structure
    form = StructureSettingsForm(
        request.POST if request.method == "POST" else None, instance=structure
    )
    if request.method == "POST" and form.is_valid():
        form.instance._change_reason = f"coordonnées modifiées par {request.user}"
        form.save()
        messages.success(request, "Les coordonnées de la structure sont enregistrées.")
        return redirect("accounts:members")
    return render(
        request,
        "accounts/structure_settings.html",
        {"form": form, "structure": structure, "nav": "members"},
    )


@permission_required(Perm.STRUCTURE_SETTINGS)
def periodic_jobs(request):
    """Whether the installation's automatic jobs run: states only, never another
    structure's figures (the counts stay in the command's output and the admin site)."""
    return render(
        request,
        "accounts/periodic_jobs.html",
        {"states": periodic.states(), "nav": "members"},
    )


# --- API tokens --------------------------------------------------------------------------------


@permission_required(Perm.API_TOKEN)
def api_tokens(request):
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        _token, new_key = ApiToken.issue(
            membership=request.user.active_membership,
            name=form.cleaned_data["name"],
            days=form.cleaned_data["days"],
        )
        form = ApiTokenForm()
    tokens = ApiToken.objects.visible_to(request.user).select_related("membership__structure")
    return render(
        request, "accounts/api_tokens.html", {"form": form, "tokens": tokens, "new_key": new_key}
    )


@login_required
@require_POST
def api_token_revoke(request, token_id):
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        messages.success(request, f"Le jeton « {token.name} » est révoqué.")
    return redirect("accounts:api-tokens")
