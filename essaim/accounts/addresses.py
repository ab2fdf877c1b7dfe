"""Every account's address is known to allauth as verified and primary.

The programme team creates accounts (admin, commands, later invitations) with an address it
vouches for; allauth logs in, resets passwords and sends notices through its EmailAddress rows.
A save that sets an address allauth does not know yet (the account's creation, or the team
changing the address in the admin) makes it the account's one verified, primary address, and
forgets the others, which no longer log in. A change the user makes through allauth (confirmed
by a code) has its row already, and is left to allauth.
"""

from allauth.account.models import EmailAddress


def sync_primary_address(user):
    if not user.email or EmailAddress.objects.filter(user=user, email__iexact=user.email).exists():
        return
    EmailAddress.objects.filter(user=user).delete()
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def on_user_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or (update_fields is not None and "email" not in update_fields):
        return
    sync_primary_address(instance)
