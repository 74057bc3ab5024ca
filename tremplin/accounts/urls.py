from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from tremplin.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", auth_views.LogoutView.as_view(), name="logout"),
    path("verification/", views.otp_verify, name="otp-verify"),
    path("double-authentification/", views.otp_setup, name="otp-setup"),
    path("securite/", views.security, name="security"),
    path("securite/codes-de-secours/", views.recovery_codes_regenerate, name="recovery-codes"),
    path("securite/mot-de-passe/", views.PasswordChangeView.as_view(), name="password-change"),
    path(
        "mot-de-passe-oublie/",
        auth_views.PasswordResetView.as_view(
            template_name="accounts/password_reset.html",
            email_template_name="accounts/email/password_reset.txt",
            subject_template_name="accounts/email/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password-reset-done"),
        ),
        name="password-reset",
    ),
    path(
        "mot-de-passe-oublie/envoye/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password-reset-done",
    ),
    path(
        "mot-de-passe-oublie/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password-reset-complete"),
        ),
        name="password-reset-confirm",
    ),
    path(
        "mot-de-passe-oublie/termine/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password-reset-complete",
    ),
    path("invitation/<uidb64>/<token>/", views.invitation_accept, name="invitation-accept"),
    path("structure/", views.switch_structure, name="switch-structure"),
    path("equipe/", views.members, name="members"),
    path("equipe/structure/", views.structure_settings, name="structure-settings"),
    path("equipe/travaux-automatiques/", views.periodic_jobs, name="periodic-jobs"),
    path("equipe/inviter/", views.member_invite, name="member-invite"),
    path("equipe/<int:membership_id>/", views.member_edit, name="member-edit"),
    path("equipe/<int:membership_id>/acces/", views.member_deactivate, name="member-deactivate"),
    path(
        "equipe/<int:membership_id>/invitation/",
        views.member_invitation,
        name="member-invitation",
    ),
    path(
        "equipe/<int:membership_id>/double-authentification/",
        views.member_reset_2fa,
        name="member-reset-2fa",
    ),
    path("jetons/", views.api_tokens, name="api-tokens"),
    path("jetons/<int:token_id>/revoquer/", views.api_token_revoke, name="api-token-revoke"),
]
