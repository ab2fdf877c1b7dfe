"""Settings shared by every use: dev, test and prod extend this module."""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import (
    env_admins,
    env_bool,
    env_email,
    env_int,
    env_mailbox,
    env_redis_url,
    env_storage,
    env_str,
)

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEFAULT_SECRET_KEY = "insecure-development-key-change-me"
SECRET_KEY = env_str("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = [h.strip() for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]

INSTALLED_APPS = [
    "essaim.web.admin_site.AdminConfig",  # django.contrib.admin, its pages in correct French
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",  # runserver leaves static files to WhiteNoise, as in production
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "django_htmx",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "essaim.core",
    "essaim.programmes",
    "essaim.jobs",
    "essaim.sources",
    "essaim.territories",
    "essaim.organizations",
    "essaim.accounts",
    "essaim.innovations",
    "essaim.swarming",
    "essaim.evaluation",
    "essaim.reports",
    "essaim.reference",
    "essaim.synthetic",
    "essaim.imports",
    "essaim.bundle",
    "essaim.calls",
    "essaim.activities",
    "essaim.grids",
    "essaim.followup",
    "essaim.web",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "essaim.web.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "essaim.web.middleware.SessionLimitsMiddleware",
    "essaim.web.middleware.SecondFactorRequiredMiddleware",
    "essaim.programmes.middleware.CurrentProgrammeMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "essaim" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "essaim.web.navigation.navigation",
            ],
        },
    },
]


# The embedded database under a few users at once: write-ahead logging (readers never wait for a
# writer), a write lock taken when a transaction begins rather than halfway (no deadlock between
# two transactions that both read then write), and 20 s of waiting for it before "database is
# locked".
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}


def database_from_env(default_sqlite_path):
    """Read DATABASE_URL (sqlite:////abs/path.sqlite3 or postgres://…); default: a SQLite file."""
    url = env_str("DATABASE_URL", "")
    if not url:
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(default_sqlite_path)}
    else:
        try:
            config = dj_database_url.parse(url, conn_max_age=60)
        except ValueError as exc:
            raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from exc
    if config["ENGINE"] not in ("django.db.backends.sqlite3", "django.db.backends.postgresql"):
        raise ImproperlyConfigured("DATABASE_URL must be a sqlite:// or postgres:// URL.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    return config


DATABASES = {"default": database_from_env(BASE_DIR / "db.sqlite3")}
# Background work (essaim/jobs): tasks queued in the database, done by `manage.py db_worker` in
# its own process (`make run` starts one), on SQLite and PostgreSQL alike.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:todo"  # the to-do page, the home after login (web/todo.py)
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login, password reset, e-mail change and the second factor: django-allauth (docs/accounts.md).
# No public sign-up: the programme team creates the accounts.
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
ACCOUNT_ADAPTER = "essaim.accounts.adapters.AccountAdapter"
ACCOUNT_FORMS = {  # allauth's forms with the site's labels
    "login": "essaim.accounts.forms.LoginForm",
    "add_email": "essaim.accounts.forms.AddEmailForm",
    "reset_password": "essaim.accounts.forms.ResetPasswordForm",
    "change_password": "essaim.accounts.forms.ChangePasswordForm",
    "set_password": "essaim.accounts.forms.SetPasswordForm",
    "reset_password_from_key": "essaim.accounts.forms.ResetPasswordKeyForm",
    "reauthenticate": "essaim.accounts.forms.ReauthenticateForm",
}
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_EMAIL_VERIFICATION_BY_CODE_ENABLED = True  # a new address is confirmed by a code sent to it
ACCOUNT_CHANGE_EMAIL = True  # one address per account; a change replaces it once confirmed
ACCOUNT_EMAIL_NOTIFICATIONS = True  # password, address and second-factor changes are notified
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_REAUTHENTICATION_REQUIRED = True
ACCOUNT_SESSION_REMEMBER = False  # the session cookie ends with the browser
PASSWORD_RESET_TIMEOUT = 2 * 3600  # a reset link expires after 2 hours (the e-mail says so)
# Failed logins: 10 per account in 15 minutes, 30 per address in 10 minutes; then refused, even
# with the right password, until the oldest failure leaves the window.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/10m/ip,10/15m/key"}
ALLAUTH_TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0, minimum=0)  # proxies setting X-Forwarded-For
MFA_ADAPTER = "essaim.accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_FORMS = {
    "activate_totp": "essaim.accounts.forms.ActivateTOTPForm",
    "authenticate": "essaim.accounts.forms.AuthenticateForm",
    "reauthenticate": "essaim.accounts.forms.MFAReauthenticateForm",
}
MFA_TOTP_ISSUER = "Essaim"
# The programme team, evaluators and anyone who reads person-level data must set up a second
# factor before any other page (essaim/web/middleware.py). Off here; on in production.
ESSAIM_MFA_REQUIRED = env_bool("ESSAIM_MFA_REQUIRED", False)
# A workbook sent through a page is refused, before it is parsed, past these (imports/readers.py).
ESSAIM_XLSX_MAX_UNPACKED_MB = env_int("ESSAIM_XLSX_MAX_UNPACKED_MB", 60, minimum=1)
ESSAIM_XLSX_MAX_ROWS = env_int("ESSAIM_XLSX_MAX_ROWS", 150_000, minimum=100)
ESSAIM_UPLOAD_QUEUE_ROWS = env_int("ESSAIM_UPLOAD_QUEUE_ROWS", 5_000, minimum=0)  # larger uploads: checked by a worker
# Finished background jobs and their files are kept this long (`manage.py prune_jobs`, daily).
ESSAIM_JOBS_KEEP_DAYS = env_int("ESSAIM_JOBS_KEEP_DAYS", 30, minimum=1)
# The people upload is checked in the request (its file is never kept): a larger one is refused.
ESSAIM_PEOPLE_UPLOAD_MAX_ROWS = env_int("ESSAIM_PEOPLE_UPLOAD_MAX_ROWS", 10_000, minimum=10)
# The programme's name in e-mails.
ESSAIM_PROGRAMME_NAME = env_str("ESSAIM_PROGRAMME_NAME", "AIS#Emploi")
# A session ends 12 hours after login, and after 30 minutes without a request for accounts that
# read person-level data (essaim/web/middleware.py).
SESSION_COOKIE_AGE = 12 * 3600
ESSAIM_IDLE_TIMEOUT = 30 * 60

LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", "Français"), ("en", "English")]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "essaim" / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
# Static files are served by Essaim itself through WhiteNoise, with DEBUG on or off: in production
# from STATIC_ROOT (`manage.py collectstatic`), in development straight from the apps' folders.

# Demo accounts (known passwords) and fictitious people: refused but where a setting allows them
# (config.settings.dev, for `make demo`).
ESSAIM_DEMO_DATA = False
# Uploaded documents (phase reports): served only through views that check permissions.
MEDIA_ROOT = env_str("MEDIA_ROOT", str(BASE_DIR / "media"))
# Where an uploaded file waits between its check and its confirmation (imports/upload_flow.py):
# the system's temporary folder by default; a folder every web machine shares, with several.
FILE_UPLOAD_TEMP_DIR = env_str("FILE_UPLOAD_TEMP_DIR", "") or None
# Files (docs/deployment.md): uploaded documents and the files jobs write go through Django's
# storage API, to the file system under MEDIA_ROOT, or, when STORAGE_URL names an s3:// bucket, to
# an S3-compatible object storage that web processes and workers on several machines share.
STORAGES = {
    "default": env_storage("STORAGE_URL"),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Following people (docs/followup.md). The key of the pseudonyms: a private value per installation,
# never the SECRET_KEY; prod.py refuses the development default. Changing it orphans every pseudonym.
DEFAULT_PSEUDONYM_KEY = "insecure-development-pseudonym-key-change-me"
PSEUDONYM_KEY = env_str("PSEUDONYM_KEY", DEFAULT_PSEUDONYM_KEY)
# Aggregates shown to anyone but a person's structure and the programme team hide counts below this.
SMALL_CELL_THRESHOLD = env_int("SMALL_CELL_THRESHOLD", 5, minimum=2)
FOLLOWUP_RETENTION_DAYS = env_int("FOLLOWUP_RETENTION_DAYS", 730, minimum=1)  # no contact for 2 years: purged
FOLLOWUP_ACCESS_LOG_DAYS = env_int("FOLLOWUP_ACCESS_LOG_DAYS", 365, minimum=1)  # reads of person-level data

# The default cache is shared by every process (the login rate limits live there): the database
# (table essaim_cache, made by `migrate`), or Redis when REDIS_URL is set.
# Reports and the shared parts of pages use their own cache, per process (core/cache.py). An
# innovation's page keeps a few entries per page of adoptions: room for every innovation of a
# national programme, so that browsing them does not push the consolidated table out.
REDIS_URL = env_redis_url("REDIS_URL")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
        if REDIS_URL
        else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "essaim_cache"}
    ),
    "reports": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("CACHE_MAX_ENTRIES", 5000, minimum=100)},
    },
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp, docs/deployment.md): scripts, styles, fonts, images and
# requests from Essaim itself only. No inline script, no <style> element nor style attribute in
# a page: the widths a page computes are classes of essaim.css, charts are SVG drawn with
# presentation attributes. Images may also be data: URIs (the QR code of the second-factor
# set-up). Every setting serves this policy, so the tests and `make run` see production's;
# django-csp leaves it off Django's debug pages (404 and 500 with DEBUG on), and PDFs, which are
# not pages, get none (essaim/web/csp.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# E-mail (docs/deployment.md): EMAIL_URL is console: (messages printed, the default here),
# file:///absolute/folder (one file per message), smtp://user:password@host:port, smtp+tls://…
# (STARTTLS) or smtp+ssl://… (implicit TLS). Production defaults to the server's own relay.
# Every message is queued and leaves through the worker (essaim/core/mail.py): EMAIL_BACKEND is
# the queue, ESSAIM_EMAIL_DELIVERY_BACKEND the transport of EMAIL_URL.
DEFAULT_EMAIL_URL = "console:"
globals().update(env_email("EMAIL_URL", DEFAULT_EMAIL_URL))
# The sender of every message; the default address is on the first host name Essaim answers to.
EMAIL_DOMAIN = next((h.lstrip(".") for h in ALLOWED_HOSTS if "." in h.strip(".") and not h[-1].isdigit()), "localhost")
# The address of the site in messages sent outside a request (reminders): its first host name.
ESSAIM_SITE_URL = env_str(
    "ESSAIM_SITE_URL",
    f"https://{EMAIL_DOMAIN}" if EMAIL_DOMAIN != "localhost" else "http://127.0.0.1:8000",
).rstrip("/")
DEFAULT_FROM_EMAIL = env_mailbox("DEFAULT_FROM_EMAIL", f"Essaim <ne-pas-repondre@{EMAIL_DOMAIN}>")
SERVER_EMAIL = env_mailbox("SERVER_EMAIL", DEFAULT_FROM_EMAIL)  # the sender of errors mailed to ADMINS
EMAIL_SUBJECT_PREFIX = "[Essaim] "
# Who receives the errors (500) by e-mail: "Nom <adresse>, Nom2 <adresse2>"; nobody when unset.
ADMINS = env_admins("ADMINS")

# Logs go to standard error: errors with their traceback (django.request, also mailed to
# ADMINS), Django's security events (django.security) and Essaim's (essaim.security: failed
# logins, lockouts, second-factor changes, refusals). Nothing is sent to the root logger's
# handlers, so a test's caplog still sees every record.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "formatters": {"line": {"format": "{asctime} {levelname} {name} {message}", "style": "{"}},
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr", "formatter": "line"},
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "INFO"},
        "django.request": {"handlers": ["mail_admins"], "level": "WARNING"},
        "django.security": {"level": "INFO"},
        "essaim": {"handlers": ["stderr"], "level": "INFO"},
    },
}

# The covering index of evaluation.Value includes (kind, number) on PostgreSQL; SQLite, the
# embedded default, builds it without them, which is fine.
SILENCED_SYSTEM_CHECKS = ["models.W039", "models.W040"]
