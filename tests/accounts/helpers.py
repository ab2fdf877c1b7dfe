"""Logging in through the login form, as a person would (not force_login)."""

from django.urls import reverse

PASSWORD = "motdepasse"  # tests/factories.py


def log_in(client, email, password=PASSWORD, next_url=None):
    """Post the login form; return the response (not followed)."""
    url = reverse("accounts:login") + (f"?next={next_url}" if next_url else "")
    return client.post(url, {"login": email, "password": password})


def logged_in(client):
    return "_auth_user_id" in client.session


def totp_code(secret, at=None):
    """The code an authenticator app shows for `secret` (RFC 6238: HMAC-SHA1, 30 s, 6 digits)."""
    import base64
    import hashlib
    import hmac
    import struct
    import time

    key = base64.b32decode(secret.upper() + "=" * (-len(secret) % 8))
    counter = int((time.time() if at is None else at) // 30)
    digest = hmac.new(key, struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return f"{value % 1_000_000:06d}"


def secret_on(html):
    """The TOTP key shown on the set-up page."""
    import re

    return re.search(r'<code class="code" id="totp-secret">([A-Z2-7]+)</code>', html)[1]
