"""How a session went, as the client records it on their private page, and the alerts it raises.

record_session() is idempotent: one row per assignment, day and session number, so a double
tap or a retry on a bad connection updates the same row.
"""

from dataclasses import dataclass
from datetime import UTC, timedelta

from django.db.models import (
    BigIntegerField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate
from django.utils import timezone

from clients.freshness import bump_client_page, bump_generation
from clients.models import (
    Alert,
    AlertKind,
    Feeling,
    MedicalClearance,
    SessionLog,
    SessionStatus,
    StretchFeedback,
)

PAIN_ALERT_LEVEL = 7
PAIN_RISE_ALERT = 2
# The alerts one session's pain may raise together: the trainer sees and handles them as one.
SESSION_PAIN_KINDS = (AlertKind.PAIN_HIGH, AlertKind.PAIN_RISE)
LOG_ANSWERS = ("status", "pain_before", "pain_after", "new_red_flag", "note")
# A log kept on the phone offline may arrive days later; it keeps the day it was done on.
LATE_LOG_DAYS = 2
# The first and last time zones to reach a date (UTC-12, UTC+14): the phone's own date is
# somewhere between them, whatever the server's time zone.
EARLIEST_ZONE = timedelta(hours=-12)
LATEST_ZONE = timedelta(hours=14)


def accepted_session_dates(now=None):
    """The range of session dates a client may log: from LATE_LOG_DAYS before the earliest
    date anywhere on Earth now, up to the latest date anywhere (a phone east of the server)."""
    now = now or timezone.now()
    utc = now.astimezone(UTC)
    earliest = (utc + EARLIEST_ZONE).date() - timedelta(days=LATE_LOG_DAYS)
    return earliest, (utc + LATEST_ZONE).date()


def feedback_stretches(assignment, feelings):
    """The stretch of each step the client's feedback names ({position: feeling} ->
    {position: stretch id}), or None when it names a step that is not in the routine."""
    if not feelings:
        return {}
    stretches = dict(assignment.steps.values_list("position", "stretch_id"))
    if not set(feelings) <= set(stretches):
        return None
    return {position: stretches[position] for position in feelings}


def record_session(
    assignment, session_date, session_number, client_key=None, feedback=None, **answers
):
    """Create or update the log of one scheduled session; returns (log, alert kinds raised).

    `feedback` is how each stretch felt, {step position: (stretch id, feeling)}; a stretch
    that hurt alerts the trainer, naming it (hurt_alerts).

    One INSERT ... ON CONFLICT DO UPDATE on the (assignment, day, number) constraint: a double
    tap, a retry or two requests racing all end as one row, in one statement. A log sent with
    the phone's `client_key` that is already stored is a replay (a queue sent twice, a second
    tab): it changes nothing and answers with the stored log."""
    if client_key is not None:
        sent_before = SessionLog.objects.filter(
            client_id=assignment.client_id, client_key=client_key
        ).first()
        if sent_before is not None:
            return sent_before, raise_alerts(sent_before, assignment.client)
    log = SessionLog(
        assignment=assignment,
        client_id=assignment.client_id,
        session_date=session_date,
        session_number=session_number,
        logged_at=timezone.now(),
        client_key=client_key,
        **answers,
    )
    fields = [name for name in LOG_ANSWERS if name in answers] + ["logged_at"]
    if client_key is not None:
        fields.append("client_key")
    SessionLog.objects.bulk_create(
        [log],
        update_conflicts=True,
        unique_fields=["assignment", "session_date", "session_number"],
        update_fields=fields,
    )
    # A bulk upsert sends no save signal: tell the dashboard's cache and the client's page.
    bump_generation(assignment.client.trainer_id)
    bump_client_page(assignment.client_id)
    if log.pk is None or set(answers) != set(LOG_ANSWERS):
        # Databases that do not return the row, or a partial update: read the stored row.
        log = SessionLog.objects.get(
            assignment=assignment, session_date=session_date, session_number=session_number
        )
    if feedback:
        record_feedback(log, feedback, assignment.client)
    return log, raise_alerts(log, assignment.client)


def record_feedback(log, feedback, client):
    """Store how each stretch felt (one row per step of the log: sent again, it is updated)."""
    StretchFeedback.objects.bulk_create(
        [
            StretchFeedback(session_log=log, position=position, stretch_id=stretch, feeling=feeling)
            for position, (stretch, feeling) in sorted(feedback.items())
        ],
        update_conflicts=True,
        unique_fields=["session_log", "position"],
        update_fields=["stretch", "feeling"],
    )
    if any(feeling == Feeling.HURT for _, feeling in feedback.values()):
        hurt_alerts(log, client)


def hurt_alerts(log, client):
    """An alert for each stretch that hurt in this log, naming it: one open alert per stretch
    and client (a stretch that hurts three days running is one thing to look at)."""
    hurt = list(
        StretchFeedback.objects.filter(session_log=log, feeling=Feeling.HURT).exclude(
            alerts__isnull=False
        )
    )
    if not hurt:
        return
    named = set(
        client.alerts.filter(kind=AlertKind.STRETCH_HURT, handled_at__isnull=True).values_list(
            "feedback__stretch", flat=True
        )
    )
    alerts = []
    for feedback in hurt:
        if feedback.stretch_id not in named:
            named.add(feedback.stretch_id)
            kind = AlertKind.STRETCH_HURT
            alerts.append(Alert(client=client, kind=kind, session_log=log, feedback=feedback))
    Alert.objects.bulk_create(alerts, ignore_conflicts=True)
    if alerts:
        bump_generation(client.trainer_id)  # no save signal: the trainer's cached pages


def alert_kinds(log, baseline):
    """What this log should alert about, given the pain the intake called usual."""
    pains = [p for p in (log.pain_before, log.pain_after) if p is not None]
    worst = max(pains, default=None)
    kinds = []
    if log.new_red_flag:
        kinds.append(AlertKind.RED_FLAG)
    if worst is not None and worst >= PAIN_ALERT_LEVEL:
        kinds.append(AlertKind.PAIN_HIGH)
    if worst is not None and baseline is not None and worst - baseline >= PAIN_RISE_ALERT:
        kinds.append(AlertKind.PAIN_RISE)
    return kinds


def usual_pain(client):
    """The pain the latest intake called usual (last week's average), or None."""
    intake = client.latest_intake
    return intake.pain_average_week if intake else None


def stop_before_start(assignment, session_date, session_number, pain_before):
    """The stop rule, applied before the first stretch: pain before that would raise an alert
    after a session means "do not start". Then the session is recorded as skipped with that
    pain and the alert is raised; returns (log, alert kinds). Returns None when the client may
    start (nothing is recorded: the log comes when the session ends)."""
    if not alert_kinds(SessionLog(pain_before=pain_before), usual_pain(assignment.client)):
        return None
    return record_session(
        assignment,
        session_date,
        session_number,
        status=SessionStatus.SKIPPED,
        pain_before=pain_before,
        pain_after=None,
        new_red_flag=False,
        note="",
    )


# An open pain alert is recalled on the client's page for this many days after the session that
# raised it: a reminder of the stop rule before Start, never a lock (the pain-before check at
# Start is the gate). One painful day should not follow a client for weeks.
PAIN_REMINDER_DAYS = 3
PAIN_KINDS = (AlertKind.PAIN_HIGH, AlertKind.PAIN_RISE)


def open_alert_annotations(day, client="client"):
    """What the client's page needs of their open alerts, as annotations on a query that has a
    client (`client`: the path to it), so the page spends no query of its own on them:

    - `red_flag_on`: the day of the newest red-flag alert (a new emergency sign ticked after a
      session) while no clinician's clearance is recorded for it: the page shows the urgent-care
      card in place of the sessions, with no Start, until the trainer records that a doctor or
      physiotherapist has said it is safe to carry on (marking the alert handled is not enough:
      "no more stretching until a doctor has seen you");
    - `pain_report_on`, `pain_report_worst`: the day and the worst pain of the newest open pain
      alert from the last PAIN_REMINDER_DAYS days: a reminder of the stop rule above Start,
      never a lock (the pain-before check at Start decides)."""
    alerts = Alert.objects.filter(client=OuterRef(client), handled_at__isnull=True)
    alerts = alerts.order_by("-created_at", "-pk")
    reported_on = Coalesce("session_log__session_date", TruncDate("created_at"))
    red_flag = (
        Alert.objects.filter(client=OuterRef(client), kind=AlertKind.RED_FLAG)
        .order_by("-created_at", "-pk")
        .annotate(on=Case(When(clearance__isnull=True, then=reported_on), default=None))
    )
    pain = alerts.filter(
        kind__in=PAIN_KINDS,
        session_log__session_date__gte=day - timedelta(days=PAIN_REMINDER_DAYS),
    )
    before, after = "session_log__pain_before", "session_log__pain_after"
    worst = Greatest(Coalesce(before, after), Coalesce(after, before))  # NULL-safe everywhere
    return {
        "red_flag_on": Subquery(red_flag.values("on")[:1]),
        "pain_report_on": Subquery(pain.values("session_log__session_date")[:1]),
        "pain_report_worst": Subquery(pain.annotate(worst=worst).values("worst")[:1]),
    }


def open_red_flag(client):
    """The newest red-flag alert if no clinician's clearance is recorded for it, else None
    (Start checks it; see open_alert_annotations)."""
    newest = (
        client.alerts.filter(kind=AlertKind.RED_FLAG)
        .select_related("session_log")
        .annotate(cleared=Exists(MedicalClearance.objects.filter(alert=OuterRef("pk"))))
        .order_by("-created_at", "-pk")
        .first()
    )
    return newest if newest is not None and not newest.cleared else None


def raise_alerts(log, client):
    """Alerts for this log (at most one of each kind, however often the log is re-sent)."""
    kinds = alert_kinds(log, usual_pain(client))
    for kind in kinds:
        # One open alert of a kind per client: a run of painful sessions is one thing to look
        # at, not ten. Once handled, the next painful session raises a new one.
        if (
            not client.alerts.filter(kind=kind, handled_at__isnull=True)
            .exclude(session_log=log)
            .exists()
        ):
            Alert.objects.get_or_create(client=client, session_log=log, kind=kind)
    return kinds


def open_alert_row_count(client="pk"):
    """How many rows the client page's alerts show (alert_rows()), as a subquery on a query
    that has a client (`client`: the path to its pk), for the client list's marker: each
    session's pain alerts count once, every other open alert once."""
    row = Case(
        # A session's pain alerts share a row: keyed by the session (negative, so it never
        # meets an alert's own pk).
        When(kind__in=SESSION_PAIN_KINDS, session_log__isnull=False, then=-F("session_log")),
        default=F("pk"),
        output_field=BigIntegerField(),
    )
    rows = (
        Alert.objects.filter(client=OuterRef(client), handled_at__isnull=True)
        .order_by()
        .values("client")
        .annotate(rows=Count(row, distinct=True))
        .values("rows")
    )
    return Coalesce(Subquery(rows[:1]), Value(0))


@dataclass
class AlertRow:
    """One row of the client page's alerts: an alert, or one session's pain alerts together."""

    alert: Alert  # the first: its time, its session and its "Mark handled"
    labels: list


def alert_rows(alerts):
    """The open alerts as the trainer reads them: a session at 4 -> 7 raises "pain of 7 or more"
    and "pain 2 or more above their usual", shown as one row naming both (counted the same way
    for the client list by open_alert_row_count())."""
    rows, by_log = [], {}
    for alert in alerts:
        if alert.kind in SESSION_PAIN_KINDS and alert.session_log_id:
            if alert.session_log_id in by_log:
                row = by_log[alert.session_log_id]
                row.labels.append(alert.label)
                # In the order of SESSION_PAIN_KINDS, the worse first.
                row.labels.sort(key=[kind.label for kind in SESSION_PAIN_KINDS].index)
                continue
            by_log[alert.session_log_id] = row = AlertRow(alert, [alert.label])
        else:
            row = AlertRow(alert, [alert.label])
        rows.append(row)
    return rows
