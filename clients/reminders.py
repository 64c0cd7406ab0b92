"""Client reminder emails and the trainer's morning digest.

Each mail is claimed first by inserting a unique Delivery row (kind, recipient, day) in its own
transaction; only the process whose insert succeeds sends. Two copies of send_reminders started
together therefore send every due mail exactly once. A failed send releases its claim so the
next run tries again.
"""

import logging
import secrets
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from clients import attention
from clients.contact import client_contact
from clients.models import (
    Alert,
    Assignment,
    Delivery,
    DeliveryKind,
    ReminderPreference,
    SessionLog,
    ShareLink,
    TrainerPreference,
)

logger = logging.getLogger(__name__)
# A reminder is sent at its time, or by a run up to this much later (cron may be late), never
# hours after: a reminder for 08:00 arriving at 23:00 helps nobody.
LATEST_SEND = timedelta(hours=2)


def new_unsubscribe_token():
    return secrets.token_urlsafe(24)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def _is_due(at_time, now):
    scheduled = timezone.make_aware(datetime.combine(now.date(), at_time), now.tzinfo)
    return scheduled <= now <= scheduled + LATEST_SEND


def _claim(kind, recipient_key, day):
    try:
        with transaction.atomic():
            return Delivery.objects.create(kind=kind, recipient_key=recipient_key, day=day)
    except IntegrityError:
        return None  # another run has it


def _deliver(claim, message):
    try:
        message.send()
    except Exception:
        logger.exception("Sending %s %s failed; it will be retried", claim.kind, claim.pk)
        claim.delete()
        return False
    claim.sent_at = timezone.now()
    claim.save(update_fields=["sent_at"])
    return True


def done_link(link, assignment, number, day):
    query = urlencode({"a": assignment.pk, "n": number, "d": day.isoformat()})
    return absolute(f"{reverse('shared:done', args=[link.token])}?{query}")


def reminder_message(preference, link, sessions, day):
    client = preference.client
    unsubscribe = absolute(reverse("clients:reminder-stop", args=[preference.unsubscribe_token]))
    context = {
        "client": client,
        "first_name": client.name.split()[0],
        "page_url": absolute(link.get_absolute_url()),
        "sessions": [
            {
                "assignment": assignment,
                "number": number,
                "done_url": done_link(link, assignment, number, day),
            }
            for assignment, number in sessions
        ],
        "unsubscribe_url": unsubscribe,
        "contact": client_contact(client),
    }
    return EmailMessage(
        subject="Time for your stretches",
        body=render_to_string("clients/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[client.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def send_client_reminders(now):
    day = now.date()
    sent = 0
    # A client told to stop (an open pain or red-flag alert) gets no "time for your stretches"
    # and no one-tap "done" link until their trainer marks the alert handled.
    told_to_stop = Alert.objects.filter(client=OuterRef("client"), handled_at__isnull=True)
    preferences = (
        ReminderPreference.objects.filter(enabled=True, client__archived_at__isnull=True)
        .exclude(client__email="")
        .exclude(Exists(told_to_stop))
    )
    # What the mail shows of the trainer and their practice (clients.contact), in this query.
    for preference in preferences.select_related(
        "client__trainer__coach_preferences", "client__trainer__membership__practice"
    ):
        if day.weekday() not in preference.weekdays or not _is_due(preference.time_of_day, now):
            continue
        link = ShareLink.objects.live().filter(client=preference.client).first()
        if link is None:
            continue
        assignments = [
            a
            for a in Assignment.objects.current(day).filter(client=preference.client)
            if a.is_due_on(day)
        ]
        logged = set(
            SessionLog.objects.filter(assignment__in=assignments, session_date=day).values_list(
                "assignment", "session_number"
            )
        )
        sessions = [
            (a, number)
            for a in assignments
            for number in range(1, a.sessions_per_day + 1)
            if (a.pk, number) not in logged
        ]
        if not sessions:
            continue
        claim = _claim(DeliveryKind.REMINDER, f"client:{preference.client_id}", day)
        if claim and _deliver(claim, reminder_message(preference, link, sessions, day)):
            sent += 1
    return sent


def send_trainer_digests(now):
    day = now.date()
    sent = 0
    for preference in TrainerPreference.objects.filter(daily_digest=True).select_related("trainer"):
        trainer = preference.trainer
        if not trainer.email or not _is_due(preference.digest_time, now):
            continue
        claim = _claim(DeliveryKind.DIGEST, f"trainer:{trainer.pk}", day)
        if claim is None:
            continue
        queue = attention.overview(trainer, today=day).queue
        # Names and reasons only: the figures stay behind the trainer's login.
        body = render_to_string(
            "clients/email/digest.txt",
            {
                "trainer": trainer,
                "queue": queue,
                "dashboard_url": absolute(reverse("clients:dashboard")),
            },
        )
        message = EmailMessage(
            subject=f"Psoas Coach: {len(queue)} client{'s' if len(queue) != 1 else ''} to look at",
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[trainer.email],
        )
        if _deliver(claim, message):
            sent += 1
    return sent
