"""Security events (failed logins, lockouts, second-factor changes, refusals) on one logger,
"essaim.security": who (user id or the e-mail typed, never a password), from which address, what.

The records go wherever LOGGING sends them (standard error in production). Each one is a line
`event key=value …`, with the same values in `extra` for structured handlers.
"""

import logging

from django.core.exceptions import PermissionDenied

logger = logging.getLogger("essaim.security")


def client_ip(request):
    """The client's address as the login rate limits see it (ALLAUTH_TRUSTED_PROXY_COUNT)."""
    if request is None:
        return "-"
    from allauth.account.adapter import get_adapter

    try:
        return get_adapter(request).get_client_ip(request)
    except PermissionDenied:
        return "-"


def log_event(event, request=None, user=None, email=None, level=logging.INFO, **details):
    """Log `event` for `user` (or the `email` typed when no account is known) from `request`."""
    if user is None and request is not None and getattr(request, "user", None) is not None:
        user = request.user if request.user.is_authenticated else None
    fields = {
        "user": user.pk if user is not None else "-",
        "email": email or (user.email if user is not None else "-"),
        "ip": client_ip(request),
        **details,
    }
    text = " ".join(f"{key}={value}" for key, value in fields.items())
    logger.log(
        level, "%s %s", event, text, extra={"security_event": event, **{f"security_{k}": v for k, v in fields.items()}}
    )
