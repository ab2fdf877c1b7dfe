"""The test suite: `make test` (SQLite by default, PostgreSQL when DATABASE_URL says so)."""

from config.settings.base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True  # static files served from the apps' folders, as by `make run`
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}  # tasks run as queued
REPORTS_CACHE = False  # every test sees its own data; tests/reports/test_cache.py turns it on
ESSAIM_MFA_REQUIRED = False  # tests turn it on where they check it (tests/accounts/test_second_factor.py)
# Messages go through the queue, as in production, and are delivered to memory whatever EMAIL_URL
# says (mail.outbox). Django's test set-up sets EMAIL_BACKEND to memory: tests/conftest.py puts it back.
ESSAIM_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
