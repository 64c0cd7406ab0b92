"""Send the client reminders and trainer digests due now.

Run it every few minutes (cron or a systemd timer). It is safe to run twice at once: each mail
is claimed in the database before it is sent, so nobody gets the same mail twice.
"""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from clients.reminders import send_client_reminders, send_trainer_digests


class Command(BaseCommand):
    help = "Send the reminder and digest emails that are due now (safe to run concurrently)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            help="Act as if it were this local time (YYYY-MM-DDTHH:MM), e.g. to check a schedule.",
        )

    def handle(self, *args, now=None, **options):
        if now:
            try:
                moment = timezone.make_aware(datetime.fromisoformat(now))
            except ValueError as error:
                raise CommandError(f"--now must look like 2026-11-24T08:05 ({error})") from None
        else:
            moment = timezone.localtime()
        reminders = send_client_reminders(moment)
        digests = send_trainer_digests(moment)
        self.stdout.write(f"Queued {reminders} reminder(s) and {digests} digest(s) for sending.")
