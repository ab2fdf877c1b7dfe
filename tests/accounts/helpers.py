"""Logging in through the login form, as a person would (not force_login)."""

from django.urls import reverse

PASSWORD = "motdepasse"  # tests/factories.py


def log_in(client, email, password=PASSWORD, next_url=None):
    """Post the login form; return the response (not followed)."""
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def logged_in(client):
    return "_auth_user_id" in client.session
