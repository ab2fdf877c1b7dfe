"""Every message leaves through the task queue (essaim/core/mail.py): a page only queues it, the
worker delivers it through the transport EMAIL_URL names (memory, a folder, SMTP), and a server
that refuses it is the worker's failure, tried again later, never the page's."""

import json
import logging
import smtplib
import socket
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django_tasks.signals import task_enqueued, task_finished
from django_tasks_db.models import DBTaskResult

from config.settings.env import email_settings
from essaim.core.mail import RETRY_MINUTES, QueuedBackend, deliver, describe, permanent, rebuild
from tests.factories import UserFactory

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
DELIVER = "essaim.core.mail.deliver"


def use_email_url(settings, url):
    """Deliver as EMAIL_URL = url would (the queue stays EMAIL_BACKEND)."""
    for name, value in email_settings("EMAIL_URL", url).items():
        setattr(settings, "ESSAIM_EMAIL_DELIVERY_BACKEND" if name == "EMAIL_BACKEND" else name, value)


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def tasks():
    """The tasks queued and finished meanwhile: [(path, status or "queued")]."""
    seen = []

    def queued(sender, task_result, **kwargs):
        seen.append((task_result.task.module_path, "queued"))

    def finished(sender, task_result, **kwargs):
        seen.append((task_result.task.module_path, task_result.status))

    task_enqueued.connect(queued, dispatch_uid="test-mail-queued")
    task_finished.connect(finished, dispatch_uid="test-mail-finished")
    yield seen
    task_enqueued.disconnect(dispatch_uid="test-mail-queued")
    task_finished.disconnect(dispatch_uid="test-mail-finished")


def ask_for_a_reset(client, email="structure@exemple.fr"):
    response = client.post(reverse("account_reset_password"), {"email": email})
    assert response.status_code == 302 and response.url == reverse("account_reset_password_done")


@pytest.mark.django_db
def test_a_page_queues_its_message_and_the_task_delivers_it(client, mailoutbox, tasks):
    UserFactory(email="structure@exemple.fr", member=True)
    ask_for_a_reset(client)
    assert tasks == [(DELIVER, "queued"), (DELIVER, "SUCCESSFUL")]
    [message] = mailoutbox
    assert message.to == ["structure@exemple.fr"] and "Choisir un nouveau mot de passe" in message.subject
    assert message.alternatives[0].mimetype == "text/html"


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("transport", ["memory", "folder"])
def test_a_queued_message_waits_for_the_worker_which_delivers_it(client, settings, tmp_path, transport):
    settings.TASKS = DATABASE_QUEUE
    if transport == "folder":
        use_email_url(settings, f"file://{tmp_path}/mails")
    UserFactory(email="structure@exemple.fr", member=True)
    ask_for_a_reset(client)
    [waiting] = DBTaskResult.objects.all()
    assert (waiting.task_path, waiting.status) == (DELIVER, "READY")
    assert mail.outbox == [] and not (tmp_path / "mails").exists()  # nothing left with the request

    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    waiting.refresh_from_db()
    assert waiting.status == "SUCCESSFUL" and waiting.return_value == {"delivered": True}
    if transport == "memory":
        [message] = mail.outbox
        text = message.message().as_string()
    else:
        [file] = (tmp_path / "mails").iterdir()
        text = file.read_text()
    assert "To: structure@exemple.fr" in text and "Content-Type: text/html" in text


@pytest.mark.django_db
def test_an_unreachable_smtp_server_fails_the_task_not_the_page(client, settings, caplog, tasks):
    use_email_url(settings, f"smtp://127.0.0.1:{closed_port()}")
    UserFactory(email="structure@exemple.fr", member=True)
    with caplog.at_level(logging.ERROR, logger="essaim.core.mail"):
        ask_for_a_reset(client)  # the page answers as usual
    assert tasks[-1] == (DELIVER, "FAILED")  # the tests' queue runs a task at once and cannot defer it
    [record] = [r for r in caplog.records if r.name == "essaim.core.mail"]
    assert record.levelname == "ERROR" and "to structure@exemple.fr" in record.getMessage()
    assert "Choisir" in record.getMessage() and "ConnectionRefusedError" in record.getMessage()


@pytest.mark.django_db(transaction=True)
def test_the_worker_tries_again_later_then_gives_up(client, settings, caplog):
    settings.TASKS = DATABASE_QUEUE
    use_email_url(settings, f"smtp://127.0.0.1:{closed_port()}")
    UserFactory(email="structure@exemple.fr", member=True)
    ask_for_a_reset(client)
    [first] = DBTaskResult.objects.all()
    with caplog.at_level(logging.WARNING, logger="essaim.core.mail"):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    first.refresh_from_db()
    assert first.status == "SUCCESSFUL" and first.return_value == {"delivered": False, "next_attempt": 1}
    [again] = DBTaskResult.objects.exclude(pk=first.pk)
    assert again.status == "READY" and again.args_kwargs["kwargs"] == {"attempt": 1}
    assert 55 <= (again.run_after - first.finished_at).total_seconds() <= 65  # in a minute
    assert "new attempt in 1 min" in caplog.text

    description = again.args_kwargs["args"][0]
    DBTaskResult.objects.all().delete()
    deliver.enqueue(description, attempt=len(RETRY_MINUTES))  # the last attempt
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    [last] = DBTaskResult.objects.all()  # nothing queued after it
    assert last.status == "FAILED" and last.exception_class_path == "builtins.ConnectionRefusedError"
    assert f"after {len(RETRY_MINUTES) + 1} attempt(s)" in caplog.text and mail.outbox == []


def test_a_message_crosses_the_queue_whole():
    sent = mail.EmailMultiAlternatives(
        subject="Invitation",
        body="Texte",
        from_email="Essaim · AIS <contact@ais.exemple.fr>",
        to=["a@exemple.fr"],
        cc=["b@exemple.fr"],
        bcc=["c@exemple.fr"],
        reply_to=["equipe@exemple.fr"],
        headers={"X-Essaim": "1"},
        alternatives=[("<p>Texte</p>", "text/html")],
    )
    sent.attach("liste.csv", "a;b\n", "text/csv")
    sent.attach("logo.png", b"\x89PNG\x00", "image/png")
    got = rebuild(json.loads(json.dumps(describe(sent))))
    for name in ("subject", "body", "from_email", "to", "cc", "bcc", "reply_to", "extra_headers", "content_subtype"):
        assert getattr(got, name) == getattr(sent, name), name
    assert got.alternatives == sent.alternatives and got.attachments == sent.attachments


def test_only_a_temporary_failure_is_tried_again():
    assert permanent(smtplib.SMTPRecipientsRefused({"a@exemple.fr": (550, b"unknown")}))
    assert permanent(smtplib.SMTPSenderRefused(553, b"refused", "x@exemple.fr"))
    assert not permanent(smtplib.SMTPResponseException(451, b"try later"))
    assert not permanent(smtplib.SMTPServerDisconnected("gone"))
    assert not permanent(ConnectionRefusedError())


def test_errors_for_the_admins_are_queued_too_and_a_queue_failure_never_raises_there(
    settings, mailoutbox, monkeypatch, caplog
):
    settings.ADMINS = [("Camille", "camille@exemple.fr")]
    mail.mail_admins("Erreur", "Trace")
    assert [m.to for m in mailoutbox] == [["camille@exemple.fr"]]

    def down(*args, **kwargs):
        raise ConnectionError("database unreachable")

    monkeypatch.setattr("essaim.core.mail.deliver", SimpleNamespace(enqueue=down))
    assert QueuedBackend(fail_silently=True).send_messages([mail.EmailMessage("Erreur", "Trace", to=["a@x.fr"])]) == 0
    assert "Message not queued: « Erreur » to a@x.fr" in caplog.text
    with pytest.raises(ConnectionError):
        mail.send_mail("Code", "123456", None, ["a@x.fr"])


def test_sendtestemail_uses_the_transport_at_once_or_the_queue_on_request(mailoutbox, tasks):
    call_command("sendtestemail", "camille@exemple.fr")
    assert tasks == [] and [m.to for m in mailoutbox] == [["camille@exemple.fr"]]
    call_command("sendtestemail", "--queue", "camille@exemple.fr")
    assert tasks == [(DELIVER, "queued"), (DELIVER, "SUCCESSFUL")] and len(mailoutbox) == 2
