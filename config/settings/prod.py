"""Production: refuses to start with DEBUG on, the default secret key or the default pseudonym key."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_PSEUDONYM_KEY, DEFAULT_SECRET_KEY, PSEUDONYM_KEY, SECRET_KEY

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to a private value of at least 32 characters in production.")
if PSEUDONYM_KEY in (DEFAULT_PSEUDONYM_KEY, SECRET_KEY) or len(PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured(
        "PSEUDONYM_KEY must be set to a private value of at least 32 characters in production, other than SECRET_KEY."
    )

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
