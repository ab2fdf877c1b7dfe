"""Production hardening (config/settings/prod.py, docs/deployment.md): `check --deploy` clean,
HTTPS only with HSTS, the proxy's header read strictly, errors and security events logged to
standard error with errors mailed to ADMINS; and the Content-Security-Policy every setting serves."""

import functools
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from config.settings.env import env_proxy_ssl_header
from essaim.jobs.models import Job
from essaim.web.csp import ContentSecurityPolicyMiddleware
from tests.factories import UserFactory
from tests.test_settings_email import OURS

ROOT = Path(__file__).resolve().parent.parent
SECRET_KEY = "9f3kQ-7vLx2N_pR8tY4wZ1bC6dH0jM5sA3eG8uK2qW7zX4nV9mB1cF6hJ0lP3rT5"  # 64 characters
PSEUDONYM_KEY = "Pz8Lq3Wm7Nx2Vb5Kc9Hd4Jf6Gs1Ta0Ry8Ue3Io7Pk2Mn5Qwx"  # 48, another value


def production(tmp_path, **env):
    """The environment of a production server, as docs/deployment.md lists it."""
    # The browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a server never has it.
    environ = {k: v for k, v in os.environ.items() if k not in (*OURS, "DJANGO_ALLOW_ASYNC_UNSAFE")}
    environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.prod",
        SECRET_KEY=SECRET_KEY,
        PSEUDONYM_KEY=PSEUDONYM_KEY,
        ALLOWED_HOSTS="essaim.exemple.fr,testserver",
        DATABASE_URL=f"sqlite:///{tmp_path}/essaim.sqlite3",
    )
    environ.update(env)
    return environ


def manage(tmp_path, *args, **env):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=production(tmp_path, **env), capture_output=True, text=True
    )


def test_check_deploy_is_clean(tmp_path):
    assert len(SECRET_KEY) == 64 and len(PSEUDONYM_KEY) == 48
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_check_deploy_fails_without_hsts(tmp_path):
    result = manage(tmp_path, "check", "--deploy", "--fail-level", "WARNING", SECURE_HSTS_SECONDS="0")
    assert result.returncode != 0
    assert "security.W004" in result.stderr


def test_prod_refuses_a_short_secret_key(tmp_path):
    result = manage(tmp_path, "check", SECRET_KEY=SECRET_KEY[:40])
    assert result.returncode != 0
    assert "SECRET_KEY must be set to a private value of at least 50 characters" in result.stderr


# Requests to production settings, in their own interpreter: (method, path, secure, extra headers).
REQUESTS = """
import json, sys, types
import django
django.setup()
from django.test import Client, override_settings
from django.urls import include, path

def boom(request):
    raise RuntimeError("boom: a bug in a view")

urls = types.ModuleType("boom_urls")
urls.urlpatterns = [path("boom/", boom), path("", include("config.urls"))]
sys.modules["boom_urls"] = urls
client = Client(raise_request_exception=False)
answers = []
with override_settings(ROOT_URLCONF="boom_urls"):
    for path_, secure, headers in json.loads(sys.argv[1]):
        response = client.get(path_, secure=secure, headers=headers)
        answers.append({"status": response.status_code, "headers": dict(response.headers),
                        "body": response.content.decode()[:2000]})
import logging
logging.getLogger("essaim.security").warning("login_failed user=- email=camille@exemple.fr ip=203.0.113.9")
logging.getLogger("django.security.csrf").warning("Forbidden (CSRF cookie not set.): /comptes/connexion/")
print(json.dumps(answers))
"""


@functools.cache
def migrated_database():
    """An empty database with its tables, made once: pages name their programme, read from it."""
    folder = Path(tempfile.mkdtemp())
    ignored = (*OURS, "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE")
    env = {k: v for k, v in os.environ.items() if k not in ignored}
    env.update(DJANGO_SETTINGS_MODULE="config.settings.test", DATABASE_URL=f"sqlite:///{folder}/empty.sqlite3")
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return folder / "empty.sqlite3"


def with_tables(path):
    """`path` becomes a copy of the empty database with its tables."""
    shutil.copyfile(migrated_database(), path)


def ask(tmp_path, requests, **env):
    with_tables(tmp_path / "essaim.sqlite3")
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS, json.dumps(requests)],
        cwd=ROOT,
        env=production(tmp_path, **env),
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout), result.stderr


def test_https_only_with_hsts(tmp_path):
    requests = [["/chiffres-cles/", False, {}], ["/sante/", False, {}], ["/nulle-part/", True, {}]]
    (plain, health, secure), _ = ask(tmp_path, requests)
    assert plain["status"] == 301
    assert plain["headers"]["Location"] == "https://testserver/chiffres-cles/"
    assert health["status"] == 200  # the load balancer's probe, over plain HTTP
    assert secure["status"] == 404
    assert secure["headers"]["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert "default-src 'self'" in secure["headers"]["Content-Security-Policy"]
    assert secure["headers"]["X-Frame-Options"] == "DENY"
    assert secure["headers"]["Referrer-Policy"] == "same-origin"


def test_behind_a_proxy_its_header_says_https(tmp_path):
    proxied = {"X-Forwarded-Proto": "https"}
    (without,), _ = ask(tmp_path, [["/nulle-part/", False, proxied]])
    assert without["status"] == 301  # header not trusted unless configured
    (trusted, spoofed), _ = ask(
        tmp_path,
        [["/nulle-part/", False, proxied], ["/nulle-part/", False, {"X-Forwarded-Proto": "http"}]],
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
    )
    assert trusted["status"] == 404 and "Strict-Transport-Security" in trusted["headers"]
    assert spoofed["status"] == 301


@pytest.mark.parametrize(
    "raw",
    ["X-Forwarded-Proto,https", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_PROTO,", "HTTP_X_FORWARDED_PROTO,https,1"],
)
def test_a_bad_proxy_header_is_refused(monkeypatch, raw):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)
    with pytest.raises(ImproperlyConfigured, match="^SECURE_PROXY_SSL_HEADER must be a header as Django names it"):
        env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")


def test_proxy_header(monkeypatch):
    monkeypatch.delenv("SECURE_PROXY_SSL_HEADER", raising=False)
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", " HTTP_X_FORWARDED_PROTO , https ")
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")


def test_errors_and_security_events_go_to_standard_error_and_errors_to_admins(tmp_path):
    mails = tmp_path / "mails"
    (error,), stderr = ask(
        tmp_path,
        [["/boom/", True, {}]],
        EMAIL_URL=f"file://{mails}",
        ADMINS="Camille Martin <camille@exemple.fr>, dsi@exemple.fr",
    )
    # The visitor sees the French error page, under the policy, with no detail.
    assert error["status"] == 500
    assert "Une erreur est survenue" in error["body"] and "boom" not in error["body"]
    assert 'href="/static/css/error.css"' in error["body"]
    assert "style-src 'self'" in error["headers"]["Content-Security-Policy"]
    # Standard error has the error with its traceback, then the security events, one line each.
    assert re.search(r"^\S+ \S+ ERROR django\.request Internal Server Error: /boom/$", stderr, re.M), stderr
    assert "Traceback (most recent call last):" in stderr
    assert "RuntimeError: boom: a bug in a view" in stderr
    event = r"WARNING essaim\.security login_failed user=- email=camille@exemple\.fr ip=203\.0\.113\.9$"
    assert re.search(event, stderr, re.M)
    assert re.search(r"WARNING django\.security\.csrf Forbidden \(CSRF cookie not set\.\)", stderr)
    # The administrators get it by e-mail, traceback included: queued by the request, sent by the worker.
    assert not mails.exists()
    worker = manage(tmp_path, "db_worker", "--batch", "--no-startup-delay", EMAIL_URL=f"file://{mails}")
    assert worker.returncode == 0, worker.stderr
    (mail,) = mails.iterdir()
    text = mail.read_text()
    assert "To: camille@exemple.fr, dsi@exemple.fr" in text
    assert "Subject: [Essaim] ERROR (EXTERNAL IP): Internal Server Error: /boom/" in text
    assert "From: Essaim <ne-pas-repondre@essaim.exemple.fr>" in text
    assert "RuntimeError at /boom/\nboom: a bug in a view" in text
    assert re.search(r"^Traceback.*\n(.*\n)*.*, in boom$", text, re.M)  # the traceback, to the view


def directives(policy):
    return dict(d.strip().split(" ", 1) for d in policy.split(";"))


@pytest.mark.django_db
def test_every_page_has_the_policy(client):
    assert directives(client.get("/comptes/connexion/").headers["Content-Security-Policy"]) == {
        "default-src": "'self'",
        "script-src": "'self'",
        "style-src": "'self'",
        "img-src": "'self' data:",
        "font-src": "'self'",
        "connect-src": "'self'",
        "object-src": "'none'",
        "base-uri": "'none'",
        "form-action": "'self'",
        "frame-ancestors": "'none'",
    }


@pytest.mark.django_db
def test_the_admin_allows_one_more_inline_style(client):
    """django-simple-history's history page writes style="border-top: 0": allowed by its hash there only."""
    client.force_login(UserFactory(team=True))
    admin = directives(client.get("/admin/").headers["Content-Security-Policy"])
    page = directives(client.get("/").headers["Content-Security-Policy"])
    assert admin.pop("style-src") == "'self' 'unsafe-hashes' 'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='"
    assert page.pop("style-src") == "'self'"
    assert admin == page


def test_a_pdf_is_not_a_page():
    request = RequestFactory().get("/rapport/LREF/")
    middleware = ContentSecurityPolicyMiddleware(lambda r: None)
    middleware.process_request(request)
    pdf = middleware.process_response(request, HttpResponse(b"%PDF-1.7", content_type="application/pdf"))
    page = middleware.process_response(request, HttpResponse("<p>ok</p>"))
    assert "Content-Security-Policy" not in pdf
    assert "default-src 'self'" in page["Content-Security-Policy"]


@pytest.mark.django_db
def test_a_pdf_download_is_sent_without_a_policy(client):
    user = UserFactory(funder=True)
    job = Job.objects.create(
        user=user,
        kind="consolidated",
        as_of="2019-03-31",
        format="pdf",
        status=Job.Status.DONE,
        filename="evaluation-consolidee-2019-03-31.pdf",
        content_type="application/pdf",
    )
    job.file.save("evaluation-consolidee-2019-03-31.pdf", ContentFile(b"%PDF-1.7 ..."))
    client.force_login(user)
    download = client.get(reverse("jobs:file", args=[job.pk]))
    assert download["Content-Type"] == "application/pdf"
    assert "Content-Security-Policy" not in download
    assert "Content-Security-Policy" in client.get(reverse("jobs:detail", args=[job.pk]))  # its page has one


TEMPLATES = [
    path
    for path in (ROOT / "essaim").rglob("*.html")
    if "templates" in path.parts and "email" not in path.parts and "pdf" not in path.parts
]
FORBIDDEN = {
    "an inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I),
    "an event handler attribute": re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I),
    "a style attribute": re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I),
    "a <style> element": re.compile(r"<style[\s>]", re.I),
    "a javascript: URL": re.compile(r"javascript:", re.I),
}


def test_no_page_template_needs_an_exception_to_the_policy():
    """E-mails (read in a mail client) and PDF templates (printed by WeasyPrint, in a `pdf/`
    folder) are not pages."""
    assert len(TEMPLATES) > 100
    found = [
        f"{path.relative_to(ROOT)}: {what}"
        for path in TEMPLATES
        for what, pattern in FORBIDDEN.items()
        if pattern.search(path.read_text())
    ]
    assert found == []
