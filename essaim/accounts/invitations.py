"""Invitations: the team invites anyone into its programme with a role; a structure's referent
invites colleagues into that structure; the lead of a porteur's team invites into the porteur.
An invitation is a link signed with the site's key, sent by e-mail, valid VALID_DAYS days,
single use and revocable; it lands on « choose your password » (an existing account logs in
instead), and the membership starts then."""

import datetime

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from essaim.accounts.enums import PROGRAMME_ROLES, STRUCTURE_ROLES, Role
from essaim.accounts.memberships import current_membership
from essaim.accounts.models import Invitation, Membership, User

VALID_DAYS = 14
SALT = "essaim.accounts.invitation"


class InvalidInvitation(Exception):
    """Why a link opens nothing, in French."""


def offers(user):
    """What `user`, under their current membership, may invite into: a list of (role, structure
    or None, is_lead allowed). The team: any role of its programme; a referent: members of its
    structure; the lead of a porteur's team: colleagues in the porteur."""
    membership = current_membership(user)
    if membership is None:
        return []
    if membership.role == Role.PROGRAMME_TEAM:
        return [(role, None, role in STRUCTURE_ROLES) for role in (*PROGRAMME_ROLES, *STRUCTURE_ROLES)]
    if membership.is_lead and membership.role in STRUCTURE_ROLES and membership.structure_id:
        return [(membership.role, membership.structure, False)]
    return []


def may_invite(user):
    return bool(offers(user))


def may_grant(user, role, structure, is_lead):
    """Whether `user` may invite someone as `role` (within `structure`, as its lead or not)."""
    for offered, where, lead in offers(user):
        if offered != role or (is_lead and not lead):
            continue
        if role in PROGRAMME_ROLES and structure is None:
            return True
        if role in STRUCTURE_ROLES and structure is not None and (where is None or where.pk == structure.pk):
            return True
    return False


def invite(by, programme, email, role, structure=None, is_lead=False):
    """Record an invitation (the caller checked `may_grant`)."""
    return Invitation.objects.create(
        email=email.strip().lower(),
        programme=programme,
        role=role,
        structure=structure if role in STRUCTURE_ROLES else None,
        is_lead=is_lead and role in STRUCTURE_ROLES,
        invited_by=by,
    )


def token(invitation):
    return signing.dumps(invitation.pk, salt=SALT, compress=True)


def link(request, invitation):
    return request.build_absolute_uri(reverse("accounts:invitation", args=[token(invitation)]))


def expires_on(invitation):
    return invitation.created_at + datetime.timedelta(days=VALID_DAYS)


def send(request, invitation):
    """E-mail the invitation through the account adapter (French, the programme's name and sender)."""
    from allauth.account.adapter import get_adapter

    context = {
        "invitation": invitation,
        "invitation_url": link(request, invitation),
        "role_label": role_label(invitation),
        "invited_by": invitation.invited_by,
        "expires_on": expires_on(invitation),
        "programme_name": invitation.programme.name,
    }
    get_adapter(request).send_mail("account/email/invitation", invitation.email, context)


def role_label(invitation):
    label = Membership(role=invitation.role, is_lead=invitation.is_lead).role_label
    return f"{label} — {invitation.structure.name}" if invitation.structure_id else label


def open_invitation(raw):
    """The invitation a link names, if it may still be accepted; InvalidInvitation otherwise."""
    try:
        pk = signing.loads(raw, salt=SALT, max_age=datetime.timedelta(days=VALID_DAYS))
    except signing.SignatureExpired:
        raise InvalidInvitation("Cette invitation a expiré : elle ne valait que 14 jours.") from None
    except signing.BadSignature:
        raise InvalidInvitation("Ce lien d'invitation n'est pas valable : vérifiez qu'il est complet.") from None
    invitation = Invitation.objects.select_related("programme", "structure", "invited_by").filter(pk=pk).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvalidInvitation("Cette invitation a été retirée par la personne qui l'avait envoyée.")
    if invitation.accepted_at is not None:
        raise InvalidInvitation(
            "Cette invitation a déjà servi : connectez-vous avec votre adresse et votre mot de passe."
        )
    if timezone.now() > expires_on(invitation):
        raise InvalidInvitation("Cette invitation a expiré : elle ne valait que 14 jours.")
    return invitation


@transaction.atomic
def accept(invitation, user):
    """The invited person takes the membership (once: a second acceptance finds it taken)."""
    taken = Invitation.objects.select_for_update().filter(pk=invitation.pk, accepted_at=None, revoked_at=None)
    if not taken.exists():
        raise InvalidInvitation("Cette invitation a déjà servi ou a été retirée.")
    membership, _ = Membership.objects.get_or_create(
        user=user,
        programme=invitation.programme,
        role=invitation.role,
        structure=invitation.structure,
        ended_at=None,
        defaults={"is_lead": invitation.is_lead, "created_by": invitation.invited_by},
    )
    taken.update(accepted_at=timezone.now(), membership=membership)
    return membership


def account_for(invitation):
    return User.objects.filter(email__iexact=invitation.email).first()


def revoke(invitation):
    Invitation.objects.filter(pk=invitation.pk, accepted_at=None, revoked_at=None).update(revoked_at=timezone.now())
