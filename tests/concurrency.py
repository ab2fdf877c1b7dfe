"""Requests sent at once to a real server, as several tabs or people would send them.

`serving` runs the server: on PostgreSQL, pytest-django's `live_server`, where each request
thread opens its own connection. On SQLite the test database lives in memory and `live_server`
hands that one connection to every request thread, so that simultaneous requests would share one
transaction state instead of meeting as they do on the embedded database. There `serving` copies
the database to a file and runs Django's live server with one connection to that file per request
thread, with the project's SQLite options (write-ahead log, immediate transactions, timeout), as
`manage.py runserver` does. Read what the requests wrote inside `site.reading()`.

`Browser` is one tab: its own HTTP connection and cookies, the CSRF token of the last page it
read; `tab()` opens another tab of the same session. `at_once(n, send)` runs `send(i)` in `n`
threads released together by a barrier.
"""

import contextlib
import html
import http.client
import http.cookies
import re
import sqlite3
import threading
import time
import uuid
from dataclasses import dataclass
from types import SimpleNamespace
from urllib.parse import urlencode, urljoin, urlsplit

from django.contrib.staticfiles.handlers import StaticFilesHandler
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test.testcases import LiveServerThread
from django.test.utils import modify_settings

PASSWORD = "motdepasse"  # tests.factories.UserFactory's
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
INPUT = re.compile(r"<input\b([^>]*)>")


@dataclass
class Response:
    status: int
    location: str
    content: bytes
    text: str  # the body, HTML entities decoded: « n'est » rather than « n&#x27;est »
    seconds: float


class Browser:
    """One tab: one connection to the server, its cookies, the CSRF token of the last page."""

    def __init__(self, base, cookies=None, csrf=""):
        parts = urlsplit(base)
        self.base = base
        self.cookies = dict(cookies or {})
        self.csrf = csrf
        self.connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)

    def tab(self):
        """Another tab of the same session: the same cookies and CSRF token, its own connection."""
        return Browser(self.base, self.cookies, self.csrf)

    def connect(self):
        self.connection.connect()

    def request(self, method, path, body=None, headers=None):
        headers = dict(headers or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        start = time.perf_counter()
        self.connection.request(method, path, body=body, headers=headers)
        answer = self.connection.getresponse()
        content = answer.read()
        seconds = time.perf_counter() - start
        for line in answer.msg.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(line).items():
                if morsel["max-age"] == "0" or morsel["expires"].startswith("Thu, 01 Jan 1970"):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        text = html.unescape(content.decode("utf-8", "replace"))
        found = CSRF.search(text)
        if found:
            self.csrf = found.group(1)
        return Response(answer.status, answer.getheader("Location") or "", content, text, seconds)

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, fields, files=None):
        """A form sent as the page would send it: with its CSRF token, files as multipart."""
        fields = {"csrfmiddlewaretoken": self.csrf, **fields}
        if files:
            body, kind = multipart(fields, files)
        else:
            body, kind = urlencode(fields).encode(), "application/x-www-form-urlencoded"
        return self.request("POST", path, body, {"Content-Type": kind, "Referer": self.base + path})

    def follow(self, response):
        """The page a redirection leads to (or the response itself)."""
        if response.status in (301, 302, 303):
            target = urlsplit(urljoin(self.base + "/", response.location))
            return self.get(f"{target.path}?{target.query}" if target.query else target.path)
        return response


def form_holding(page, field):
    """(action, {name: value} of its hidden inputs) of the form of `page` that holds `field`."""
    for attributes, inside in FORM.findall(page):
        hidden = {}
        for found in INPUT.findall(inside):
            named = dict(ATTRIBUTE.findall(found))
            if named.get("type") == "hidden" and "name" in named:
                hidden[named["name"]] = named.get("value", "")
        if field in hidden:
            return dict(ATTRIBUTE.findall(attributes)).get("action", ""), hidden
    raise AssertionError(f"No form holds « {field} » on the page.")


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in fields.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content) in files.items():
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def log_in(base, email, password=PASSWORD):
    """A browser logged in as `email`, through the login page."""
    browser = Browser(base)
    browser.get("/comptes/connexion/")
    response = browser.post("/comptes/connexion/", {"login": email, "password": password})
    assert response.status == 302, response.text[:2000]
    assert "sessionid" in browser.cookies
    return browser


def at_once(n, send):
    """`send(i, ready)` for i in range(n), each in its own thread: it prepares its request, calls
    `ready()` (a barrier: every thread waits there for the others), then sends it. Returns the
    results in order; an exception in a thread fails the test."""
    barrier = threading.Barrier(n, timeout=60)
    results, failures = [None] * n, []

    def run(i):
        try:
            results[i] = send(i, barrier.wait)
        except Exception as error:  # noqa: BLE001 - reported below, with its thread
            failures.append((i, error))
            barrier.abort()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0][1]
    return results


class OwnConnections(ThreadedWSGIServer):
    """Each request thread opens its own connection to the database file `settings_dict` names."""

    settings_dict = None

    def process_request_thread(self, request, client_address):
        connections[DEFAULT_DB_ALIAS] = DatabaseWrapper(dict(self.settings_dict), DEFAULT_DB_ALIAS)
        super().process_request_thread(request, client_address)  # closes it at the end


class FileServerThread(LiveServerThread):
    server_class = OwnConnections

    def __init__(self, host, settings_dict):
        super().__init__(host, StaticFilesHandler)
        self.settings_dict = settings_dict
        self.daemon = True

    def _create_server(self, connections_override=None):
        server = super()._create_server(connections_override)
        server.settings_dict = self.settings_dict
        return server


@contextlib.contextmanager
def reading_file(settings_dict):
    """This thread's queries read the database file instead of the in-memory test database."""
    own = connections[DEFAULT_DB_ALIAS]
    connections[DEFAULT_DB_ALIAS] = DatabaseWrapper(dict(settings_dict), DEFAULT_DB_ALIAS)
    try:
        yield
    finally:
        connections[DEFAULT_DB_ALIAS].close()
        connections[DEFAULT_DB_ALIAS] = own


@contextlib.contextmanager
def serving(request, folder):
    """A running server on what the test has saved so far: yields its `url` and `reading()`."""
    with modify_settings(ALLOWED_HOSTS={"append": "localhost"}):
        if connection.vendor != "sqlite" or not connection.is_in_memory_db():
            server = request.getfixturevalue("live_server")
            yield SimpleNamespace(url=server.url, reading=contextlib.nullcontext)
            return
        path = folder / "essaim.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        settings_dict = {**connection.settings_dict, "NAME": str(path)}
        thread = FileServerThread("localhost", settings_dict)
        thread.start()
        thread.is_ready.wait()
        if thread.error:
            raise thread.error
        try:
            yield SimpleNamespace(url=f"http://localhost:{thread.port}", reading=lambda: reading_file(settings_dict))
        finally:
            thread.terminate()
