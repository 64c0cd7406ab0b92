"""Client reminder emails and the trainer's morning digest.

Each mail is claimed first by inserting a unique Delivery row (kind, recipient, day), and the
task that sends it (clients.tasks.send_delivery) is queued in the same transaction; only the
process whose insert succeeds queues it. Two copies of send_reminders started together, on one
host or on several, therefore send every due mail exactly once. The task writes the mail when it
runs, sends it and marks the row sent; a failed send is retried with backoff, and once the tries
are used up the claim is released so that a later run (still within the hour) tries again.
"""

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
from django.utils.translation import gettext

from clients import attention
from clients.contact import client_contact
from clients.languages import in_client_language
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

# A reminder is sent at its time, or by a run up to this much later (cron may be late), never
# hours after: a reminder for 08:00 arriving at 23:00 helps nobody.
LATEST_SEND = timedelta(hours=2)


def new_unsubscribe_token():
    return secrets.token_urlsafe(24)


def absolute(path):
    return f"{settings.SITE_URL}{path}"


def _is_due(at_time, now):
    """Whether `at_time` on `now`'s day, in `now`'s zone, came at most LATEST_SEND ago, read on
    the wall clock: a time the clocks skip (02:30 when they jump to 03:00) is sent by the first
    run after the jump."""
    scheduled = datetime.combine(now.date(), at_time, tzinfo=now.tzinfo)
    return scheduled <= now <= scheduled + LATEST_SEND


def _claim_and_queue(kind, recipient_key, day):
    """Claim the day's mail for the recipient and queue its sending; False when another run
    has it already."""
    from clients.tasks import send_delivery

    try:
        with transaction.atomic():
            claim = Delivery.objects.create(kind=kind, recipient_key=recipient_key, day=day)
            # Inside the transaction: with the database backend the queued task and its claim
            # are saved together or not at all.
            send_delivery.enqueue(claim.pk)
    except IntegrityError:
        return False  # another run has it
    return True


def release(claim):
    """Give the mail back to later runs of send_reminders (its tries failed)."""
    Delivery.objects.filter(pk=claim.pk, sent_at__isnull=True).delete()


def done_link(link, assignment, number, day):
    query = urlencode({"a": assignment.pk, "n": number, "d": day.isoformat()})
    return absolute(f"{reverse('shared:done', args=[link.token])}?{query}")


def reminder_message(preference, link, sessions, day, replies=()):
    """The reminder, written in the client\'s language."""
    with in_client_language(preference.client):
        return _reminder_message(preference, link, sessions, day, replies)


def _reminder_message(preference, link, sessions, day, replies=()):
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
        "replies": replies,
    }
    return EmailMessage(
        subject=gettext("Time for your stretches"),
        body=render_to_string("clients/email/reminder.txt", context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[client.email],
        headers={
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def unlogged_sessions(client, day):
    """(assignment, session number) of each of the day's sessions not logged yet."""
    assignments = [
        a for a in Assignment.objects.current(day).filter(client=client) if a.is_due_on(day)
    ]
    logged = set(
        SessionLog.objects.filter(assignment__in=assignments, session_date=day).values_list(
            "assignment", "session_number"
        )
    )
    return [
        (a, number)
        for a in assignments
        for number in range(1, a.sessions_per_day + 1)
        if (a.pk, number) not in logged
    ]


def client_reminder(preference, day):
    """The reminder mail for the day, or None when there is nothing left to remind of (every
    session logged, or no live link)."""
    link = ShareLink.objects.live().filter(client=preference.client).first()
    if link is None:
        return None
    sessions = unlogged_sessions(preference.client, day)
    if not sessions:
        return None
    # The trainer's replies not mailed yet ride along once; the page keeps showing them.
    unsent = preference.client.session_replies.filter(emailed_at__isnull=True)
    replies = list(unsent.select_related("session_log").order_by("created_at", "pk"))
    message = reminder_message(preference, link, sessions, day, replies)
    if replies:
        unsent.filter(pk__in=[reply.pk for reply in replies]).update(emailed_at=timezone.now())
    return message


def reminder_preferences():
    """The reminders that may go out: turned on, for an active client with an address."""
    # A client told to stop (an open pain or red-flag alert) gets no "time for your stretches"
    # and no one-tap "done" link until their trainer marks the alert handled.
    told_to_stop = Alert.objects.filter(client=OuterRef("client"), handled_at__isnull=True)
    return (
        ReminderPreference.objects.filter(enabled=True, client__archived_at__isnull=True)
        .exclude(client__email="")
        .exclude(Exists(told_to_stop))
        # What the mail shows of the trainer and their practice (clients.contact), in this query.
        .select_related(
            "client__trainer__coach_preferences", "client__trainer__membership__practice"
        )
    )


def send_client_reminders(now):
    """Claim and queue the reminders due now; returns how many were queued. Each client's
    reminder is due at their time of day in their own time zone, on their own calendar day."""
    queued = 0
    for preference in reminder_preferences():
        local_now = now.astimezone(preference.zone)
        day = local_now.date()
        if day.weekday() not in preference.weekdays:
            continue
        if not _is_due(preference.time_of_day, local_now):
            continue
        if not ShareLink.objects.live().filter(client=preference.client).exists():
            continue
        if not unlogged_sessions(preference.client, day):
            continue
        if _claim_and_queue(DeliveryKind.REMINDER, f"client:{preference.client_id}", day):
            queued += 1
    return queued


def send_trainer_digests(now):
    """Claim and queue the morning digests due now; returns how many were queued."""
    day = now.date()
    queued = 0
    for preference in TrainerPreference.objects.filter(daily_digest=True).select_related("trainer"):
        trainer = preference.trainer
        if not trainer.email or not _is_due(preference.digest_time, now):
            continue
        if _claim_and_queue(DeliveryKind.DIGEST, f"trainer:{trainer.pk}", day):
            queued += 1
    return queued


def trainer_digest(trainer, day):
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
    return EmailMessage(
        subject=f"Psoas Coach: {len(queue)} client{'s' if len(queue) != 1 else ''} to look at",
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[trainer.email],
    )
