import socket

from django.core.mail import mail_admins, mail_managers, send_mail
from django.core.management.commands import sendtestemail
from django.utils import timezone

from essaim.core.mail import delivery_connection


class Command(sendtestemail.Command):
    """Django's command, but the message leaves at once through the transport of EMAIL_URL, so
    that a wrong setting shows here; `--queue` sends it through the task queue as pages do."""

    help = (
        "Envoie un message d'essai aux adresses données, tout de suite, par le transport d'EMAIL_URL : une "
        "erreur de configuration s'affiche ici. Avec --queue, le message passe par la file des tâches, comme "
        "ceux des pages : un worker (manage.py db_worker) l'envoie."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument("--queue", action="store_true", help="Passe par la file des tâches, comme les pages.")

    def handle(self, *args, **options):
        connection = None if options["queue"] else delivery_connection()
        subject = f"Message d'essai de {socket.gethostname()}, {timezone.localtime():%d/%m/%Y %H:%M}"
        body = "Si vous lisez ce message, l'envoi fonctionne."
        send_mail(subject, body, None, options["email"], connection=connection)
        if options["managers"]:
            mail_managers(subject, body, connection=connection)
        if options["admins"]:
            mail_admins(subject, body, connection=connection)
