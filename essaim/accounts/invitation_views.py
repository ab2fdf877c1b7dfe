"""The invitation pages: invite (the team, a referent, a porteur's lead), follow and withdraw the
invitations sent, and the page an invitation's link opens (accounts/invitations.py)."""

from django.contrib import messages
from django.contrib.auth import login
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from essaim.accounts import invitations
from essaim.accounts.addresses import sync_primary_address
from essaim.accounts.enums import STRUCTURE_ROLES
from essaim.accounts.invitation_forms import ChoosePasswordForm, InviteForm
from essaim.accounts.models import Invitation, User
from essaim.accounts.perms import is_programme_team
from essaim.core.access import require
from essaim.programmes.middleware import MEMBERSHIP_KEY


@require(invitations.may_invite)
def invite(request):
    initial = {name: request.GET[name] for name in ("structure", "role", "is_lead") if name in request.GET}
    form = InviteForm(request.POST if request.method == "POST" else None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        invitation = invitations.invite(
            request.user, request.programme, data["email"], data["role"], data["structure"], data.get("is_lead", False)
        )
        invitations.send(request, invitation)
        messages.success(request, f"Invitation envoyée à {invitation.email} ({invitations.role_label(invitation)}).")
        return redirect("accounts:invitations")
    return render(request, "accounts/invite.html", {"form": form}, status=400 if form.errors else 200)


def sent(request):
    """The invitations of this programme the user may follow: the team's, all; a referent's or a
    lead's, their own."""
    found = Invitation.objects.filter(programme=request.programme).select_related("structure", "invited_by")
    if not is_programme_team(request.user):
        found = found.filter(invited_by=request.user)
    return found


@require(invitations.may_invite)
def invitation_list(request):
    now = timezone.now()
    rows = []
    for invitation in sent(request)[:200]:
        if invitation.accepted_at:
            state = "acceptée"
        elif invitation.revoked_at:
            state = "retirée"
        elif now > invitations.expires_on(invitation):
            state = "expirée"
        else:
            state = "en attente"
        rows.append({"invitation": invitation, "state": state, "label": invitations.role_label(invitation)})
    return render(request, "accounts/invitations.html", {"rows": rows})


@require_POST
@require(invitations.may_invite)
def revoke(request, pk):
    invitation = get_object_or_404(sent(request), pk=pk)
    invitations.revoke(invitation)
    messages.success(request, f"L'invitation de {invitation.email} est retirée : son lien n'ouvre plus rien.")
    return redirect("accounts:invitations")


def landing(membership):
    if membership.role in STRUCTURE_ROLES and membership.structure_id:
        return reverse("organizations:detail", args=[membership.structure_id])
    return "/"


def accept(request, token):
    """The page an invitation's link opens: « choose your password », then the membership; an
    existing account logs in first."""
    try:
        invitation = invitations.open_invitation(token)
    except invitations.InvalidInvitation as error:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410)
    account = invitations.account_for(invitation)
    if account is not None:
        if not request.user.is_authenticated or request.user.pk != account.pk:
            return render(request, "accounts/invitation_login.html", {"invitation": invitation}, status=200)
        if request.method == "POST":
            return taken(request, invitation, account)
        return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": None})
    form = ChoosePasswordForm(request.POST if request.method == "POST" else None, email=invitation.email)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            account = User.objects.create_user(invitation.email, form.cleaned_data["password1"])
            account.full_name = form.cleaned_data["full_name"]
            account.save(update_fields=["full_name"])
            sync_primary_address(account)  # the address is the one the invitation reached
        login(request, account, backend="allauth.account.auth_backends.AuthenticationBackend")
        return taken(request, invitation, account)
    status = 400 if form.errors else 200
    return render(request, "accounts/invitation_accept.html", {"invitation": invitation, "form": form}, status=status)


def taken(request, invitation, account):
    try:
        membership = invitations.accept(invitation, account)
    except invitations.InvalidInvitation as error:
        return render(request, "accounts/invitation_invalid.html", {"reason": str(error)}, status=410)
    request.session[MEMBERSHIP_KEY] = membership.pk
    messages.success(request, f"Bienvenue : vous êtes {membership.label}.")
    return redirect(landing(membership))
