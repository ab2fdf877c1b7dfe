"""Login and second-factor events, logged on "essaim.security" (core/security.py).

Failed logins and lockouts are logged by the account adapter (adapters.py); here: logins,
logouts, password and address changes, authenticators added or removed (whatever the path,
the admin included), recovery codes renewed or used, wrong second-factor codes.
"""

import logging

from allauth.account import signals as account_signals
from allauth.core import context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_delete, post_save

from essaim.accounts.models import SecondFactor
from essaim.core.security import log_event


def logged_in(sender, request, user, **kwargs):
    log_event("login", request, user=user)


def logged_out(sender, request, user, **kwargs):
    if user is not None:
        log_event("logout", request, user=user)


def password_changed(sender, request, user, **kwargs):
    log_event("password_changed", request, user=user)


def password_reset(sender, request, user, **kwargs):
    log_event("password_reset", request, user=user)


def email_changed(sender, request, user, from_email_address, to_email_address, **kwargs):
    before = from_email_address.email if from_email_address else "-"
    log_event("email_changed", request, user=user, before=before, after=to_email_address.email)


def authenticator_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        log_event("mfa_added", context.request, user=instance.user, type=instance.type)


def authenticator_deleted(sender, instance, **kwargs):
    log_event("mfa_removed", context.request, user=instance.user, type=instance.type, level=logging.WARNING)


def authenticator_reset(sender, request, user, authenticator, **kwargs):
    log_event("mfa_recovery_codes_renewed", request, user=user)


def authenticator_used(sender, request, user, authenticator, **kwargs):
    if authenticator.type == Authenticator.Type.RECOVERY_CODES:
        log_event("mfa_recovery_code_used", request, user=user, level=logging.WARNING)
    else:
        log_event("mfa_used", request, user=user, type=authenticator.type)


def authentication_failed(sender, request, user, authenticator=None, **kwargs):
    kind = authenticator.type if authenticator is not None else "-"
    log_event("mfa_failed", request, user=user, type=kind, level=logging.WARNING)


def connect():
    auth_signals.user_logged_in.connect(logged_in, dispatch_uid="essaim.security.login")
    auth_signals.user_logged_out.connect(logged_out, dispatch_uid="essaim.security.logout")
    account_signals.password_changed.connect(password_changed, dispatch_uid="essaim.security.password_changed")
    account_signals.password_reset.connect(password_reset, dispatch_uid="essaim.security.password_reset")
    account_signals.email_changed.connect(email_changed, dispatch_uid="essaim.security.email_changed")
    for model in (Authenticator, SecondFactor):  # allauth's flows, and the admin (a proxy)
        post_save.connect(authenticator_saved, sender=model, dispatch_uid=f"essaim.security.mfa_added.{model.__name__}")
        post_delete.connect(
            authenticator_deleted, sender=model, dispatch_uid=f"essaim.security.mfa_removed.{model.__name__}"
        )
    mfa_signals.authenticator_reset.connect(authenticator_reset, dispatch_uid="essaim.security.mfa_reset")
    mfa_signals.authenticator_used.connect(authenticator_used, dispatch_uid="essaim.security.mfa_used")
    mfa_signals.authentication_failed.connect(authentication_failed, dispatch_uid="essaim.security.mfa_failed")
