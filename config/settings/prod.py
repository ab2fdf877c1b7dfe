"""Production: refuses to start with DEBUG on, the default secret key or the default pseudonym key;
HTTPS only, with HSTS (docs/deployment.md). `manage.py check --deploy --fail-level WARNING` passes."""

from django.core.exceptions import ImproperlyConfigured

from config.settings.base import *  # noqa: F403
from config.settings.base import DEBUG, DEFAULT_PSEUDONYM_KEY, DEFAULT_SECRET_KEY, PSEUDONYM_KEY, SECRET_KEY, STORAGES
from config.settings.env import env_bool, env_email, env_int, env_proxy_ssl_header

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production (unset DEBUG or set DEBUG=0).")
if SECRET_KEY == DEFAULT_SECRET_KEY or len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("SECRET_KEY must be set to a private value of at least 50 characters in production.")
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

# HTTPS only: plain HTTP is redirected (but the health probe of a load balancer), and browsers
# are told to come back over HTTPS only for a year (HSTS). Behind a proxy that ends TLS, set
# SECURE_PROXY_SSL_HEADER to the header it adds (HTTP_X_FORWARDED_PROTO,https); the proxy
# must then overwrite that header on every request.
SECURE_SSL_REDIRECT = True
SECURE_REDIRECT_EXEMPT = [r"^sante/$"]
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Static files: `manage.py collectstatic` at each deployment copies them to STATIC_ROOT with a
# compressed copy of each (gzip, Brotli), which WhiteNoise serves (docs/deployment.md).
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"}}

# Without EMAIL_URL, mail goes to the server's own relay (never printed: a reset link is a key).
globals().update(env_email("EMAIL_URL", "smtp://localhost:25"))
