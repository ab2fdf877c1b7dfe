"""Pages under load: gunicorn with 2 workers serves the bench database; a second process
(bench.load) sends 20 concurrent clients at each page; p50 and p95 latencies are reported, and
a trivial page measured the same way gives the baseline (the ratio says what the page costs
beyond the server's own overhead). Each page is warmed first: the figures are those of a server
in use, whose report caches hold the current data."""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore

from bench.measure import Measure

ROOT = Path(__file__).resolve().parent.parent
CLIENTS = 20


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def gunicorn(port):
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.bench"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--timeout",
            "300",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/chiffres-cles/", timeout=60).read()
                break
            except OSError:
                time.sleep(0.3)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


def bench_user():
    """A programme-team member of every programme (the synthetic one included)."""
    from essaim.accounts.enums import Role
    from essaim.accounts.models import Membership, User
    from essaim.programmes.models import Programme

    user, _ = User.objects.get_or_create(email="banc-essai@bench.essaim.fr", defaults={"full_name": "Banc d’essai"})
    for programme in Programme.objects.all():  # the synthetic programme is one
        Membership.objects.get_or_create(user=user, programme=programme, role=Role.PROGRAMME_TEAM, ended_at=None)
    return user


def session_cookie():
    """A logged-in session of a programme-team member, made without a login form."""
    user = bench_user()
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def load(url, cookie, requests):
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.load",
            url,
            "--clients",
            str(CLIENTS),
            "--requests",
            str(requests),
            "--cookie",
            cookie,
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(out.stdout)
    if result["failed"]:
        raise RuntimeError(f"{url}: {result['failed']} requêtes en échec ({result['failures']})")
    return result["latencies"]


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def page_measures(paths, repeat=5, requests=100):
    """paths: {label: (path, requests per run or None)}. Returns Measures of p50 and p95 (ms)."""
    cookie = session_cookie()
    results = []
    with gunicorn(free_port()) as base:
        for label, (path, per_run) in paths.items():
            load(base + path, cookie, 2 * CLIENTS)  # warm each worker (first computation, caches)
            runs = [load(base + path, cookie, per_run or requests) for _ in range(repeat)]
            p50 = [1000 * statistics.median(r) for r in runs]
            p95 = [1000 * percentile(r, 0.95) for r in runs]
            target = None if label.startswith("Page triviale") else 300
            results.append(Measure(f"{label} — p50 ({CLIENTS} clients)", p50, None, unit="ms"))
            results.append(Measure(f"{label} — p95 ({CLIENTS} clients)", p95, target, unit="ms"))
    return results
