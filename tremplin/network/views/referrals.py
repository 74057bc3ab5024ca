"""Referrals (orientations): the person's tab, the queue, the partner's answer."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tremplin.audit.models import log_read
from tremplin.core.decorators import permission_required
from tremplin.core.permissions import Perm, Section
from tremplin.network.models import Referral, ReferralStatus


@permission_required(Perm.REFERRAL_MANAGE)
def dashboard(request):
    """Referrals waiting for something: an answer, an outcome, or to be sent."""
    membership = request.user.active_membership
    mine_only = request.GET.get("vue") != "structure"
    base = Referral.objects.visible_to(request.user).select_related(
        "person", "service", "partner", "created_by"
    )
    sent = base.sent_by(membership.structure_id)
    if mine_only:
        sent = sent.filter(created_by=request.user)
    now = timezone.now()
    context = {
        "mine_only": mine_only,
        "now": now,
        "waiting": sent.filter(status=ReferralStatus.SENT).order_by("sent_at"),
        "accepted": sent.filter(status=ReferralStatus.ACCEPTED).order_by("appointment_at"),
        "drafts": sent.filter(status=ReferralStatus.DRAFT).order_by("-created_at"),
        "expired": sent.filter(status=ReferralStatus.EXPIRED).order_by("-expires_at"),
        "received": base.received_by(membership.structure_id)
        .filter(status=ReferralStatus.SENT)
        .order_by("sent_at"),
        "nav": "referrals",
    }
    return render(request, "network/referrals/dashboard.html", context)


def get_referral_for_user(user, pk) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(user).select_related(
            "person", "service", "partner", "created_by", "structure", "consent", "thematique"
        ),
        pk=pk,
    )


@permission_required(Perm.REFERRAL_MANAGE)
@require_safe
def detail(request, referral_id):
    referral = get_referral_for_user(request.user, referral_id)
    log_read(user=request.user, person=referral.person, section=Section.REFERRALS)
    context = {
        "referral": referral,
        "events": referral.events.select_related("by"),
        "nav": "referrals",
    }
    return render(request, "network/referrals/detail.html", context)


def answer(request, token):
    """The partner's answer page, reached by the signed link (no account)."""
    raise Http404
