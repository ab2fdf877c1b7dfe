"""E-mail from the environment: EMAIL_URL, DEFAULT_FROM_EMAIL, SERVER_EMAIL and ADMINS are parsed
strictly (config/settings/env.py), and the transport they name really carries a message."""

import base64
import os
import socketserver
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from config.settings.env import email_settings, env_admins, env_mailbox

ROOT = Path(__file__).resolve().parent.parent
OURS = ("DEBUG", "SECRET_KEY", "PSEUDONYM_KEY", "DATABASE_URL", "EMAIL_URL", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL")
OURS += ("ADMINS", "ALLOWED_HOSTS", "SECURE_PROXY_SSL_HEADER", "SECURE_HSTS_SECONDS", "DJANGO_SETTINGS_MODULE")


def run_python(code, module="config.settings.dev", **env):
    """Run `code` in a fresh interpreter with the settings `module` and only the variables given."""
    environ = {k: v for k, v in os.environ.items() if k not in OURS}
    environ.update(DJANGO_SETTINGS_MODULE=module, **env)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environ, capture_output=True, text=True)


def settings_of(module, names, **env):
    code = f"import {module} as s; print(repr([getattr(s, n, None) for n in {names!r}]))"
    result = run_python(code, module, **env)
    assert result.returncode == 0, result.stderr
    return eval(result.stdout)  # noqa: S307 - the repr of plain values printed just above


SMTP = "django.core.mail.backends.smtp.EmailBackend"


@pytest.mark.parametrize(
    "url, expected",
    [
        ("console:", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        ("console://", {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}),
        (
            "file:///var/spool/essaim%20mails",
            {
                "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
                "EMAIL_FILE_PATH": "/var/spool/essaim mails",
            },
        ),
        (
            "smtp://relais.exemple.fr",
            {"EMAIL_HOST": "relais.exemple.fr", "EMAIL_PORT": 25, "EMAIL_HOST_USER": "", "EMAIL_HOST_PASSWORD": ""},
        ),
        (
            "smtp+tls://essaim%40exemple.fr:p%40ss%3Aw%2Fo%23rd@smtp.exemple.fr:2587",
            {
                "EMAIL_HOST": "smtp.exemple.fr",
                "EMAIL_PORT": 2587,
                "EMAIL_HOST_USER": "essaim@exemple.fr",
                "EMAIL_HOST_PASSWORD": "p@ss:w/o#rd",
                "EMAIL_USE_TLS": True,
                "EMAIL_USE_SSL": False,
            },
        ),
        ("smtp+tls://u:p@smtp.exemple.fr/", {"EMAIL_PORT": 587, "EMAIL_USE_TLS": True, "EMAIL_USE_SSL": False}),
        ("SMTP+SSL://u:p@smtp.exemple.fr", {"EMAIL_PORT": 465, "EMAIL_USE_TLS": False, "EMAIL_USE_SSL": True}),
        ("smtp://[::1]:2525", {"EMAIL_HOST": "::1", "EMAIL_PORT": 2525, "EMAIL_USE_TLS": False}),
    ],
)
def test_email_url(url, expected):
    found = email_settings("EMAIL_URL", url)
    assert {k: found.get(k) for k in expected} == expected
    if url.lower().startswith("smtp"):
        assert found["EMAIL_BACKEND"] == SMTP


@pytest.mark.parametrize(
    "url, message",
    [
        ("", "EMAIL_URL must start with console:, file:///, smtp://"),
        ("mailgun://clé@api", "(scheme: « mailgun »)"),
        ("relais.exemple.fr:25", "(scheme: « relais.exemple.fr »)"),
        ("console:oui", "console: takes nothing after it"),
        ("file://var/mails", "absolute folder, with three slashes"),
        ("file:mails", "absolute folder, with three slashes"),
        ("file:///", "absolute folder, with three slashes"),
        ("file:///tmp/mails?x=1", "absolute folder, with three slashes"),
        ("smtp://", "host name is missing"),
        ("smtp://u:p@:25", "host name is missing"),
        ("smtp://relais:vingt-cinq", "the port must be a number from 1 to 65535"),
        ("smtp://relais:0", "the port must be a number from 1 to 65535"),
        ("smtp://relais:70000", "the port must be a number from 1 to 65535"),
        ("smtp://relais:25/boite", "nothing after them"),
        ("smtp://relais:25?tls=1", "nothing after them"),
        ("smtp://seul@relais:25", "give both the user and the password"),
        ("smtp://:secret-sans-nom@relais:25", "give both the user and the password"),
    ],
)
def test_a_bad_email_url_is_refused_and_named(url, message):
    with pytest.raises(ImproperlyConfigured) as refused:
        email_settings("EMAIL_URL", url)
    assert str(refused.value).startswith("EMAIL_URL")
    assert message in str(refused.value)
    assert "secret" not in str(refused.value)  # a password is never repeated


def test_a_password_is_never_repeated_in_a_refusal():
    for url in (
        "smtp://essaim:Tr3s-secret@relais:99999",
        "smtp://essaim:Tr3s-secret@relais/x",
        "smtp://essaim:Tr3s-secret@",
    ):
        with pytest.raises(ImproperlyConfigured) as refused:
            email_settings("EMAIL_URL", url)
        assert "Tr3s-secret" not in str(refused.value)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("", []),
        ("   ", []),
        ("Camille Martin <camille@exemple.fr>", [("Camille Martin", "camille@exemple.fr")]),
        (
            "Camille Martin <camille@exemple.fr>, Équipe technique <tech@exemple.fr>,dsi@exemple.fr",
            [("Camille Martin", "camille@exemple.fr"), ("Équipe technique", "tech@exemple.fr"), ("", "dsi@exemple.fr")],
        ),
    ],
)
def test_admins(monkeypatch, raw, expected):
    monkeypatch.setenv("ADMINS", raw)
    assert env_admins("ADMINS") == expected


@pytest.mark.parametrize(
    "raw, message",
    [
        ("Camille Martin", "« Camille Martin » is not an e-mail address"),
        ("Camille <camille@>", "is not an e-mail address"),
        ("Camille <camille@exemple.fr", "is not an e-mail address"),
        ("camille@exemple.fr,, tech@exemple.fr", "an empty entry between two commas"),
        ("Martin, Camille <camille@exemple.fr>", "« Martin » is not an e-mail address"),
        ("Camille <camille@exemple.fr> tech@exemple.fr", "is not an e-mail address"),
    ],
)
def test_bad_admins_are_refused(monkeypatch, raw, message):
    monkeypatch.setenv("ADMINS", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_admins("ADMINS")
    assert str(refused.value).startswith("ADMINS")
    assert message in str(refused.value)


def test_sender(monkeypatch):
    monkeypatch.delenv("DEFAULT_FROM_EMAIL", raising=False)
    assert env_mailbox("DEFAULT_FROM_EMAIL", "Essaim <ne-pas-repondre@x.fr>") == "Essaim <ne-pas-repondre@x.fr>"
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "  Programme AIS#Emploi <contact@ais.exemple.fr> ")
    assert env_mailbox("DEFAULT_FROM_EMAIL", "") == "Programme AIS#Emploi <contact@ais.exemple.fr>"
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "contact@ais.exemple.fr")
    assert env_mailbox("DEFAULT_FROM_EMAIL", "") == "contact@ais.exemple.fr"
    monkeypatch.setenv("DEFAULT_FROM_EMAIL", "Essaim")
    with pytest.raises(ImproperlyConfigured, match="^DEFAULT_FROM_EMAIL: « Essaim » is not an e-mail address"):
        env_mailbox("DEFAULT_FROM_EMAIL", "")


NAMES = ["ESSAIM_EMAIL_DELIVERY_BACKEND", "EMAIL_FILE_PATH", "DEFAULT_FROM_EMAIL", "SERVER_EMAIL", "ADMINS"]
QUEUED = "essaim.core.mail.QueuedBackend"


def test_development_prints_mail_by_default():
    backend, _, sender, server, admins = settings_of("config.settings.dev", NAMES)
    assert backend == "django.core.mail.backends.console.EmailBackend"
    assert sender == server == "Essaim <ne-pas-repondre@localhost>"
    assert admins == []


def test_the_sender_is_on_the_first_host_name_and_admins_are_read():
    backend, folder, sender, server, admins = settings_of(
        "config.settings.dev",
        NAMES,
        EMAIL_URL="file:///tmp/essaim-mails",
        ALLOWED_HOSTS="127.0.0.1,.essaim.exemple.fr,autre.exemple.fr",
        ADMINS="Camille Martin <camille@exemple.fr>",
    )
    assert (backend, folder) == ("django.core.mail.backends.filebased.EmailBackend", "/tmp/essaim-mails")
    assert sender == server == "Essaim <ne-pas-repondre@essaim.exemple.fr>"
    assert admins == [("Camille Martin", "camille@exemple.fr")]


def test_production_sends_to_the_local_relay_by_default():
    keys = {"SECRET_KEY": "s" * 30 + "ecret-de-production-0123456789", "PSEUDONYM_KEY": "p" * 48}
    names = ["EMAIL_BACKEND", "ESSAIM_EMAIL_DELIVERY_BACKEND", "EMAIL_HOST", "EMAIL_PORT"]
    assert settings_of("config.settings.prod", names, **keys) == [QUEUED, SMTP, "localhost", 25]
    names = ["EMAIL_BACKEND", "ESSAIM_EMAIL_DELIVERY_BACKEND", "EMAIL_FILE_PATH"]
    backend, delivery, folder = settings_of("config.settings.prod", names, EMAIL_URL="file:///srv/mails", **keys)
    assert (backend, delivery, folder) == (QUEUED, "django.core.mail.backends.filebased.EmailBackend", "/srv/mails")


def test_every_setting_queues_mail_and_tests_deliver_it_to_memory():
    names = ["EMAIL_BACKEND", "ESSAIM_EMAIL_DELIVERY_BACKEND"]
    assert settings_of("config.settings.dev", names)[0] == QUEUED
    backend, delivery = settings_of("config.settings.test", names, EMAIL_URL="file:///tmp/essaim-mails")
    assert (backend, delivery) == (QUEUED, "django.core.mail.backends.locmem.EmailBackend")


def test_a_bad_setting_stops_the_start_with_its_name():
    result = run_python("import config.settings.dev", EMAIL_URL="smtp://relais:port")
    assert result.returncode != 0
    assert "ImproperlyConfigured: EMAIL_URL: the port must be a number from 1 to 65535." in result.stderr
    result = run_python("import config.settings.dev", ADMINS="Camille")
    assert "ImproperlyConfigured: ADMINS: « Camille » is not an e-mail address" in result.stderr


def test_sendtestemail_writes_a_file(tmp_path):
    folder = tmp_path / "mails"
    result = subprocess.run(
        [sys.executable, "manage.py", "sendtestemail", "camille@exemple.fr"],
        cwd=ROOT,
        env={**{k: v for k, v in os.environ.items() if k not in OURS}, "EMAIL_URL": f"file://{folder}"},
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    (message,) = folder.iterdir()
    text = message.read_text()
    assert "From: Essaim <ne-pas-repondre@localhost>" in text
    assert "To: camille@exemple.fr" in text


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP to receive one message with AUTH PLAIN, as a relay would."""

    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        received = self.server.received
        self.reply("220 relais ESMTP")
        while line := self.rfile.readline().decode().rstrip("\r\n"):
            verb = line.split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-relais")
                self.reply("250 AUTH PLAIN")
            elif verb == "AUTH":
                _, user, password = base64.b64decode(line.split()[2]).decode().split("\0")
                received["login"] = (user, password)
                self.reply("235 2.7.0 Authentication successful")
            elif verb in ("MAIL", "RCPT", "RSET", "NOOP"):
                received.setdefault("envelope", []).append(line)
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                lines = []
                while (data := self.rfile.readline().decode()) not in (".\r\n", ""):
                    lines.append(data)
                received["message"] = "".join(lines)
                self.reply("250 OK")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            else:
                self.reply("502 Command not implemented")


def test_smtp_url_logs_in_with_the_decoded_user_and_password():
    server = socketserver.TCPServer(("127.0.0.1", 0), SMTPHandler)
    server.received = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        port = server.server_address[1]
        result = subprocess.run(
            [sys.executable, "manage.py", "sendtestemail", "camille@exemple.fr"],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if k not in OURS},
                "EMAIL_URL": f"smtp://essaim%40exemple.fr:p%40ss%3Aw%2Fo%23rd@127.0.0.1:{port}",
                "DEFAULT_FROM_EMAIL": "Programme AIS#Emploi <contact@ais.exemple.fr>",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode == 0, result.stderr
    assert server.received["login"] == ("essaim@exemple.fr", "p@ss:w/o#rd")
    assert "mail FROM:<contact@ais.exemple.fr>" in server.received["envelope"]
    assert "To: camille@exemple.fr" in server.received["message"]


def test_smtp_tls_url_insists_on_starttls():
    server = socketserver.TCPServer(("127.0.0.1", 0), SMTPHandler)  # a relay without STARTTLS
    server.received = {}
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "sendtestemail", "camille@exemple.fr"],
            cwd=ROOT,
            env={
                **{k: v for k, v in os.environ.items() if k not in OURS},
                "EMAIL_URL": f"smtp+tls://essaim:secret@127.0.0.1:{server.server_address[1]}",
            },
            capture_output=True,
            text=True,
            timeout=60,
        )
    finally:
        server.shutdown()
        server.server_close()
    assert result.returncode != 0
    assert "STARTTLS extension not supported by server" in result.stderr
    assert "login" not in server.received and "message" not in server.received  # nothing sent in clear
