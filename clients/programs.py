"""What happens to assignments, private links and session logs, apart from any view.

- assign() refuses while the red-flag gate is shut and freezes a copy of the routine's steps.
- issue_link() revokes the client's live link and makes a new random one.
- record_session() is idempotent: one row per assignment, day and session number.
"""

import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from clients.freshness import bump_generation
from clients.models import (
    Alert,
    AlertKind,
    AssignedStep,
    Assignment,
    SessionLog,
    SessionStatus,
    ShareLink,
)
from routines.editing import dose_from, step_dose
from routines.models import StretchVariation, VariationKind
from routines.vocabulary import caution_tags_of

TOKEN_BYTES = 24  # 192 bits from the OS's secure random source
PAIN_ALERT_LEVEL = 7
PAIN_RISE_ALERT = 2


class AssignmentBlocked(Exception):
    """The client's red-flag screen (or a missing intake) does not allow assigning yet."""


# --- Private links -----------------------------------------------------------------------------


@transaction.atomic
def issue_link(client, expires_at=None):
    """Revoke the current link (if any) and issue a fresh one."""
    client.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    return ShareLink.objects.create(
        client=client, token=secrets.token_urlsafe(TOKEN_BYTES), expires_at=expires_at
    )


def revoke_link(client):
    return client.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())


# --- Assignments ------------------------------------------------------------------------------


def _copy_steps(assignment, routine):
    AssignedStep.objects.bulk_create(
        # The private note stays behind: it is never the client's to see.
        AssignedStep(
            assignment=assignment,
            stretch_id=step.stretch_id,
            position=step.position,
            client_note=step.client_note,
            **step_dose(step),
        )
        for step in routine.steps.order_by("position")
    )


@transaction.atomic
def assign(client, routine, **schedule):
    if client.safety.blocks_assigning:
        raise AssignmentBlocked(client.safety.label)
    assignment = Assignment.objects.create(
        client=client,
        routine=routine,
        title=routine.name,
        routine_version=routine.version,
        **schedule,
    )
    _copy_steps(assignment, routine)
    return assignment


@transaction.atomic
def update_copy(assignment):
    """Replace the client's copy with the routine as it is now (the trainer's choice)."""
    routine = assignment.routine
    assignment.steps.all().delete()
    _copy_steps(assignment, routine)
    assignment.title = routine.name
    assignment.routine_version = routine.version
    assignment.save(update_fields=["title", "routine_version"])


@dataclass
class CautionWarning:
    step: AssignedStep
    tags: list
    easier: object  # a Stretch, or None when the library has no easier version


def caution_warnings(steps, cautions):
    """Steps whose stretch carries a caution the client's intake recorded.

    Caution tags come from the cache (routines.vocabulary); one query finds the easier versions,
    and only when something is flagged.
    """
    cautions = set(cautions or [])
    flagged = [
        (step, [label for code, label in caution_tags_of(step.stretch_id) if code in cautions])
        for step in steps
    ]
    flagged = [(step, tags) for step, tags in flagged if tags]
    if not flagged:
        return []
    easier = {}
    links = StretchVariation.objects.filter(
        from_stretch__in=[step.stretch_id for step, _ in flagged],
        kind=VariationKind.EASIER,
        to_stretch__owner__isnull=True,
        to_stretch__is_published=True,
    ).select_related("to_stretch")
    for link in links.order_by("position", "pk"):
        easier.setdefault(link.from_stretch_id, link.to_stretch)
    return [CautionWarning(step, tags, easier.get(step.stretch_id)) for step, tags in flagged]


@transaction.atomic
def swap_to_easier(step, easier):
    """Swap one step of the client's copy to the easier stretch, at that stretch's usual dose."""
    step.stretch = easier
    for field, value in dose_from(easier).items():
        setattr(step, field, value)
    step.save()


# --- Session logs -----------------------------------------------------------------------------


LOG_ANSWERS = ("status", "pain_before", "pain_after", "new_red_flag", "note")


def record_session(assignment, session_date, session_number, **answers):
    """Create or update the log of one scheduled session; returns (log, alert kinds raised).

    One INSERT ... ON CONFLICT DO UPDATE on the (assignment, day, number) constraint: a double
    tap, a retry or two requests racing all end as one row, in one statement."""
    log = SessionLog(
        assignment=assignment,
        client_id=assignment.client_id,
        session_date=session_date,
        session_number=session_number,
        logged_at=timezone.now(),
        **answers,
    )
    fields = [name for name in LOG_ANSWERS if name in answers] + ["logged_at"]
    SessionLog.objects.bulk_create(
        [log],
        update_conflicts=True,
        unique_fields=["assignment", "session_date", "session_number"],
        update_fields=fields,
    )
    # A bulk upsert sends no save signal: tell the dashboard's cache itself.
    bump_generation(assignment.client.trainer_id)
    if log.pk is None or set(answers) != set(LOG_ANSWERS):
        # Databases that do not return the row, or a partial update: read the stored row.
        log = SessionLog.objects.get(
            assignment=assignment, session_date=session_date, session_number=session_number
        )
    return log, raise_alerts(log, assignment.client)


def alert_kinds(log, baseline):
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


def raise_alerts(log, client):
    """Alerts for this log (at most one of each kind, however often the log is re-sent)."""
    intake = client.latest_intake
    baseline = intake.pain_average_week if intake else None
    kinds = alert_kinds(log, baseline)
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


# --- Adherence --------------------------------------------------------------------------------


def weekdays_between(first_day, last_day, weekdays):
    """How many days in [first_day, last_day] fall on `weekdays` (0 = Monday), in O(1)."""
    days = (last_day - first_day).days + 1
    if days <= 0:
        return 0
    weeks, extra = divmod(days, 7)
    start = first_day.weekday()
    return weeks * len(weekdays) + sum(1 for i in range(extra) if (start + i) % 7 in weekdays)


def planned_sessions(assignment, first_day, last_day):
    start = max(first_day, assignment.starts_on)
    end = min(d for d in (last_day, assignment.ends_on, _ended_on(assignment)) if d is not None)
    if end < start:
        return 0
    return weekdays_between(start, end, set(assignment.weekdays)) * assignment.sessions_per_day


def _ended_on(assignment):
    return timezone.localdate(assignment.ended_at) if assignment.ended_at else None


@dataclass
class Adherence:
    completed: int
    planned: int

    @property
    def percent(self):
        return (
            round(100 * min(self.completed, self.planned) / self.planned) if self.planned else None
        )


def adherence(assignments, days, today=None):
    """Sessions done (fully or partly) against sessions planned over the last `days` days.

    Today counts only for the sessions already done: the day is not over, so a morning check
    does not show a client as behind. One query for all the assignments; returns
    ({assignment id: Adherence}, the total).
    """
    today = today or timezone.localdate()
    first_day = today - timedelta(days=days - 1)
    counts = {
        row["assignment"]: row
        for row in SessionLog.objects.filter(
            assignment__in=[a.pk for a in assignments],
            session_date__range=(first_day, today),
            status__in=[SessionStatus.DONE, SessionStatus.PARTLY],
        )
        .values("assignment")
        .annotate(done=Count("pk"), done_today=Count("pk", filter=Q(session_date=today)))
    }
    per_assignment = {}
    for a in assignments:
        row = counts.get(a.pk, {"done": 0, "done_today": 0})
        planned = planned_sessions(a, first_day, today - timedelta(days=1)) + min(
            row["done_today"], planned_sessions(a, today, today)
        )
        per_assignment[a.pk] = Adherence(row["done"], planned)
    total = Adherence(
        sum(a.completed for a in per_assignment.values()),
        sum(a.planned for a in per_assignment.values()),
    )
    return per_assignment, total


COMPLETED = (SessionStatus.DONE, SessionStatus.PARTLY)


def completed_dates(logs):
    """{assignment id: [dates of completed sessions]}: group once, count many windows."""
    grouped = {}
    for log in logs:
        if log.status in COMPLETED:
            grouped.setdefault(log.assignment_id, []).append(log.session_date)
    return grouped


def window_adherence(assignments, logs, first_day, last_day, today, grouped=None):
    """Adherence over [first_day, last_day] from logs already loaded (no query).

    As in adherence(): today counts only for the sessions already done. Pass `grouped`
    (completed_dates(logs)) when counting several windows over the same logs."""
    if grouped is None:
        grouped = completed_dates(logs)
    done = planned = 0
    end = min(last_day, today)
    for a in assignments:
        dates = grouped.get(a.pk, ())
        done += sum(1 for day in dates if first_day <= day <= end)
        planned += planned_sessions(a, first_day, min(last_day, today - timedelta(days=1)))
        if first_day <= today <= last_day:
            today_count = sum(1 for day in dates if day == today)
            planned += min(today_count, planned_sessions(a, today, today))
    return Adherence(done, planned)


def weekly_adherence(assignments, logs, today, weeks=8):
    """(Monday, Adherence) for the last `weeks` calendar weeks, oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    grouped = completed_dates(logs)
    result = []
    for back in range(weeks - 1, -1, -1):
        monday = this_monday - timedelta(weeks=back)
        sunday = monday + timedelta(6)
        result.append((monday, window_adherence(assignments, logs, monday, sunday, today, grouped)))
    return result


def streak(logs, today):
    """Days in a row with a session done, up to today (or yesterday, if today is not done yet)."""
    days = {log.session_date for log in logs if log.status in COMPLETED}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def open_alerts(client):
    return client.alerts.filter(handled_at__isnull=True)
