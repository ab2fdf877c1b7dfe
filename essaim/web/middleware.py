"""Two rules of the session that depend on what an account may read (the domain's perms):

- SessionLimitsMiddleware: a session ends 12 hours after login (SESSION_COOKIE_AGE), and after
  ESSAIM_IDLE_TIMEOUT without a request for accounts that read person-level data;
- SecondFactorRequiredMiddleware: with ESSAIM_MFA_REQUIRED, the programme team, evaluators and
  accounts that read person-level data open no page but the second-factor set-up and logout
  until they have an authenticator app.
"""

import logging
import time

from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect

from essaim.accounts.perms import is_evaluator, is_programme_team
from essaim.core.security import log_event
from essaim.followup.perms import can_follow_people

STARTED = "essaim_session_started"
SEEN = "essaim_session_seen"
SEEN_PRECISION = 60  # seconds: the last activity is written at most once a minute


def reads_people(user):
    return can_follow_people(user)


def needs_second_factor(user):
    return is_programme_team(user) or is_evaluator(user) or reads_people(user)


def go_to(request, url):
    """A redirect, followed by the whole page when htmx asked for a part of one (read from the
    header: this may run before django-htmx's middleware)."""
    if request.headers.get("HX-Request") == "true":
        return HttpResponseClientRedirect(url)
    return redirect(url)


def start_session(sender, request, user, **kwargs):
    """At login (connected in WebConfig.ready): the session's clocks start now."""
    now = time.time()
    request.session[STARTED] = now
    request.session[SEEN] = now


class SessionLimitsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated:
            ended = self.ended(request, user, time.time())
            if ended:
                log_event("session_ended", request, user=user, reason=ended)
                logout(request)
                messages.info(request, ended_message(ended))
                return go_to(request, redirect_to_login(request.get_full_path()).url)
        return self.get_response(request)

    def ended(self, request, user, now):
        session = request.session
        started = session.setdefault(STARTED, now)
        if now - started > settings.SESSION_COOKIE_AGE:
            return "age"
        if reads_people(user):
            seen = session.get(SEEN, now)
            if now - seen > settings.ESSAIM_IDLE_TIMEOUT:
                return "idle"
            if now - seen >= SEEN_PRECISION or SEEN not in session:
                session[SEEN] = now
        return None


def ended_message(reason):
    if reason == "age":
        hours = settings.SESSION_COOKIE_AGE // 3600
        return f"Votre session a duré {hours} heures : reconnectez-vous pour continuer."
    minutes = settings.ESSAIM_IDLE_TIMEOUT // 60
    return (
        f"Votre session a été fermée après {minutes} minutes sans activité, pour protéger les données "
        "des personnes accompagnées : reconnectez-vous pour continuer."
    )


# The pages an account without its required second factor may still open.
SET_UP_PAGES = {
    "mfa_index",
    "mfa_activate_totp",
    "mfa_reauthenticate",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "accounts:logout",
    "health",
}
SECOND_FACTORS = [Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN]  # recovery codes alone are none
SET_UP_MESSAGE = (
    "Votre compte donne accès à des données sensibles : activez la double authentification "
    "(une application d'authentification sur votre téléphone) pour continuer."
)


class SecondFactorRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if not settings.ESSAIM_MFA_REQUIRED:
            return None
        user = request.user
        if not user.is_authenticated or not needs_second_factor(user):
            return None
        if request.resolver_match.view_name in SET_UP_PAGES or request.path.startswith(settings.STATIC_URL):
            return None
        if Authenticator.objects.filter(user=user, type__in=SECOND_FACTORS).exists():
            return None
        log_event("mfa_required", request, user=user, path=request.path, level=logging.INFO)
        messages.warning(request, SET_UP_MESSAGE)
        return go_to(request, reverse("mfa_activate_totp"))
