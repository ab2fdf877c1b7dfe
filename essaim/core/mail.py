"""E-mail leaves through the task queue: a page (or a command) that sends a message only queues
it, and the worker (`manage.py db_worker`) hands it to the transport EMAIL_URL names. A slow or
unreachable SMTP server never holds a request, and a failure is retried, then logged, by the
worker: never a server error for the person who asked for a message.

`QueuedBackend` is EMAIL_BACKEND: each message becomes one task carrying its description in JSON
(subject, body, sender, recipients, reply-to, headers, HTML alternatives, attachments).
`deliver` rebuilds it and sends it with ESSAIM_EMAIL_DELIVERY_BACKEND, the transport of
EMAIL_URL (config/settings/env.py). A message waits in the database, so a message queued before
a restart still leaves.

A refused connection, a timeout or a temporary refusal (4xx) is tried again after RETRY_MINUTES;
a permanent refusal (5xx: unknown recipient, sender refused) is not. The last failure is logged
on "essaim.core.mail" and raised, so the task is marked failed with its traceback.
"""

import base64
import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import task

logger = logging.getLogger(__name__)

# Minutes before each new attempt: about five hours in all, past the two hours a password reset
# link lives, well within the fourteen days of an invitation.
RETRY_MINUTES = (1, 5, 15, 60, 240)
# Messages go ahead of other work waiting in the queue (an export): someone is waiting for a code.
PRIORITY = 10


class QueuedBackend(BaseEmailBackend):
    """EMAIL_BACKEND: queue each message as a task; return how many were queued."""

    def send_messages(self, email_messages):
        queued = 0
        for message in email_messages:
            try:
                deliver.enqueue(describe(message))
            except Exception:
                if not self.fail_silently:
                    raise
                logger.exception("Message not queued: %s", summary(message))
            else:
                queued += 1
        return queued


def describe(message):
    """A message as JSON (lazy texts made strings), as `rebuild` reads it back."""
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "alternatives": [[str(content), mimetype] for content, mimetype in getattr(message, "alternatives", [])],
        "attachments": [attachment_of(item) for item in message.attachments],
    }


def attachment_of(item):
    """An attachment (file name, content, MIME type) as JSON; bytes in base64."""
    try:
        filename, content, mimetype = item
    except (TypeError, ValueError):
        raise TypeError("Only (filename, content, mimetype) attachments can be queued.") from None
    if isinstance(content, bytes):
        return {"filename": filename, "base64": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
    return {"filename": filename, "text": str(content), "mimetype": mimetype}


def rebuild(description, connection=None):
    message = EmailMultiAlternatives(
        subject=description["subject"],
        body=description["body"],
        from_email=description["from_email"],
        to=description["to"],
        cc=description["cc"],
        bcc=description["bcc"],
        reply_to=description["reply_to"],
        headers=description["headers"],
        alternatives=[tuple(alternative) for alternative in description["alternatives"]],
        connection=connection,
    )
    message.content_subtype = description["content_subtype"]
    for attachment in description["attachments"]:
        content = base64.b64decode(attachment["base64"]) if "base64" in attachment else attachment["text"]
        message.attach(attachment["filename"], content, attachment["mimetype"])
    return message


def summary(message):
    """What the logs say of a message: its subject and recipients, never its body (a link, a code)."""
    recipients = ", ".join(str(address) for address in message.recipients())
    return f"« {message.subject} » to {recipients or 'nobody'}"


def delivery_connection():
    """A connection to the transport EMAIL_URL names (ESSAIM_EMAIL_DELIVERY_BACKEND)."""
    path = settings.ESSAIM_EMAIL_DELIVERY_BACKEND
    if issubclass(import_string(path), QueuedBackend):
        raise ImproperlyConfigured("ESSAIM_EMAIL_DELIVERY_BACKEND must be a transport, not the queue itself.")
    return get_connection(path, fail_silently=False)


def permanent(error):
    """A refusal that another attempt would meet again: 5xx, or every recipient refused."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


@task(priority=PRIORITY)
def deliver(description, attempt=0):
    """Send one queued message through the transport of EMAIL_URL; try again later on a
    temporary failure, while attempts remain and the task backend can defer a task."""
    message = rebuild(description, delivery_connection())
    try:
        message.send()
    except OSError as error:  # smtplib's errors, refused connections and timeouts alike
        retry = not permanent(error) and attempt < len(RETRY_MINUTES) and deliver.get_backend().supports_defer
        if not retry:
            logger.error("Message not delivered after %d attempt(s): %s: %r", attempt + 1, summary(message), error)
            raise
        delay = timedelta(minutes=RETRY_MINUTES[attempt])
        deliver.using(run_after=timezone.now() + delay).enqueue(description, attempt=attempt + 1)
        logger.warning(
            "Message not delivered (%r), new attempt in %d min: %s", error, delay.seconds // 60, summary(message)
        )
        return {"delivered": False, "next_attempt": attempt + 1}
    return {"delivered": True}
