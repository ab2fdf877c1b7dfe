"""Production: refuses to start with DEBUG on, the default secret key or the default pseudonym key."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_PSEUDONYM_KEY, DEFAULT_SECRET_KEY, PSEUDONYM_KEY, SECRET_KEY
from config.settings.env import env_bool

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 32:
    raise ImproperlyConfigured("SECRET_KEY must be set to a private value of at least 32 characters in production.")
if PSEUDONYM_KEY in (DEFAULT_PSEUDONYM_KEY, SECRET_KEY) or len(PSEUDONYM_KEY) < 32:
    raise ImproperlyConfigured(
        "PSEUDONYM_KEY must be set to a private value of at least 32 characters in production, other than SECRET_KEY."
    )

# The programme team, evaluators and accounts reading person-level data set up a second factor.
ESSAIM_MFA_REQUIRED = env_bool("ESSAIM_MFA_REQUIRED", True)

SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
