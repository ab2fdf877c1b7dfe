"""How allauth behaves here: no public sign-up, e-mails in French naming the programme, failed
logins and lockouts logged on "essaim.security", the TOTP QR code drawn inline."""

import logging
import re
from email.headerregistry import Address

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from django.conf import settings
from django.core.exceptions import ValidationError

from essaim.accounts.memberships import active_memberships
from essaim.core.security import log_event

LOCKOUT_MESSAGE = (
    "Trop de tentatives de connexion échouées : la connexion à ce compte est suspendue pendant "
    "un quart d'heure. Réessayez plus tard, ou réinitialisez votre mot de passe."
)


def mail_programme(email, context):
    """The programme an account's e-mail speaks for: the page's programme when the recipient
    belongs to it, else the recipient's only programme; None (the installation's name) for an
    account of several programmes asking from outside them (a forgotten password)."""
    from essaim.accounts.models import User
    from essaim.programmes import scope

    if context.get("invitation") is not None:  # someone invited into a programme
        return context["invitation"].programme
    user = context.get("user")
    if user is None or not getattr(user, "pk", None):
        user = User.objects.filter(email__iexact=email).first()
    if user is None:
        return None
    programmes = list({m.programme_id: m.programme for m in active_memberships(user)}.values())
    current = scope.current()
    if current is not None and current in programmes:
        return current
    return programmes[0] if len(programmes) == 1 else None


def sender(programme):
    """The programme's own sender when it has one, under the name « Essaim · programme »."""
    if programme is None or not programme.email_sender:
        return settings.DEFAULT_FROM_EMAIL
    return str(Address(display_name=f"Essaim · {programme.name}", addr_spec=programme.email_sender))


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "email_password_mismatch": "Adresse électronique ou mot de passe incorrect.",
        "account_inactive": "Ce compte est désactivé.",
        "too_many_login_attempts": LOCKOUT_MESSAGE,
        "rate_limited": "Trop de demandes en peu de temps : patientez quelques minutes.",
    }

    def is_open_for_signup(self, request):
        """Accounts are created by the programme team, never by a visitor."""
        return False

    def format_email_subject(self, subject):
        return f"[Essaim · {self.mail_programme_name}] {subject}"

    def send_mail(self, template_prefix, email, context):
        programme = mail_programme(email, context)
        self.mail_programme_name = programme.name if programme else settings.ESSAIM_PROGRAMME_NAME
        self.mail_sender = sender(programme)
        context = {"programme": self.mail_programme_name, **context}
        super().send_mail(template_prefix, email, context)

    mail_programme_name = settings.ESSAIM_PROGRAMME_NAME
    mail_sender = None

    def get_from_email(self):
        return self.mail_sender or super().get_from_email()

    def pre_authenticate(self, request, **credentials):
        try:
            super().pre_authenticate(request, **credentials)
        except ValidationError:
            log_event("login_locked", request, email=login_of(credentials), level=logging.WARNING)
            raise

    def authentication_failed(self, request, **credentials):
        log_event("login_failed", request, email=login_of(credentials), level=logging.WARNING)


def login_of(credentials):
    return (credentials.get("email") or credentials.get("username") or "-").strip().lower()


class MFAAdapter(DefaultMFAAdapter):
    error_messages = {
        **DefaultMFAAdapter.error_messages,
        "incorrect_code": "Code incorrect.",
    }

    def build_totp_svg(self, url):
        """The QR code as an inline SVG (no data: URI for the content security policy)."""
        svg = super().build_totp_svg(url)
        svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
        return svg.replace("<svg ", '<svg role="img" aria-label="QR code à scanner" class="totp-qr" ', 1)
