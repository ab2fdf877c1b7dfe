"""`make run` serves the product as users see it (config.settings.dev): DEBUG off, the French error
pages, static files through WhiteNoise, on 127.0.0.1 and localhost; DEBUG=1 brings Django's debug
pages back for developers."""

import json
import os
import subprocess
import sys

from tests.test_deploy import ROOT, with_tables
from tests.test_settings_email import OURS

# Requests to the development settings, in their own interpreter, as runserver would answer them.
REQUESTS = """
import json, sys
import django
django.setup()
from django.conf import settings
from django.test import Client
client = Client()
answers = [{"debug": settings.DEBUG}]
for path, host in json.loads(sys.argv[1]):
    response = client.get(path, headers={"host": host})
    body = b"".join(response.streaming_content) if response.streaming else response.content
    answers.append({"status": response.status_code, "type": response.get("Content-Type", ""),
                    "body": body.decode(errors="replace")[:3000]})
print(json.dumps(answers))
"""


def ask(tmp_path, requests, **env):
    environ = {k: v for k, v in os.environ.items() if k not in (*OURS, "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")}
    with_tables(tmp_path / "dev.sqlite3")
    environ.update(DJANGO_SETTINGS_MODULE="config.settings.dev", DATABASE_URL=f"sqlite:///{tmp_path}/dev.sqlite3")
    environ.update(env)
    result = subprocess.run(
        [sys.executable, "-c", REQUESTS, json.dumps(requests)], cwd=ROOT, env=environ, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_make_run_answers_a_missing_page_in_french_and_serves_static_files(tmp_path):
    settings, missing, css, script = ask(
        tmp_path,
        [
            ["/nulle-part/", "127.0.0.1:8000"],
            ["/static/css/essaim.css", "localhost:8000"],
            ["/static/vendor/htmx/htmx.min.js", "127.0.0.1:8000"],
        ],
    )
    assert settings == {"debug": False}
    assert missing["status"] == 404
    assert "<h1>Page introuvable</h1>" in missing["body"]
    assert "Page not found" not in missing["body"] and "DEBUG = True" not in missing["body"]
    assert 'href="/static/css/essaim.css"' in missing["body"]
    assert css["status"] == 200 and css["type"].startswith("text/css")
    assert css["body"].startswith("/* Essaim — one stylesheet")
    assert script["status"] == 200 and "javascript" in script["type"]


def test_debug_stays_available_to_developers(tmp_path):
    settings, missing, css = ask(
        tmp_path, [["/nulle-part/", "127.0.0.1:8000"], ["/static/css/essaim.css", "127.0.0.1:8000"]], DEBUG="1"
    )
    assert settings == {"debug": True}
    assert missing["status"] == 404 and "Page not found" in missing["body"]
    assert css["status"] == 200


def test_another_host_is_refused(tmp_path):
    _, answer = ask(tmp_path, [["/nulle-part/", "essaim.exemple.fr"]])
    assert answer["status"] == 400
