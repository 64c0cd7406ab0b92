"""Who needs the trainer today, and why: the dashboard's attention queue.

Every reason is computed from what is stored, for all of a trainer's clients in a fixed number
of queries. A trainer marks one occurrence of a reason handled (an alert, an intake, the date of
the last log, a week); the reason comes back when something new happens.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Exists, F, OuterRef, StringAgg, Subquery, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.text import Truncator

from clients import progression
from clients.adherence import (
    COMPLETED,
    MONTH_DAYS,
    Adherence,
    completed_counts,
    recent_windows,
    window_adherence,
)
from clients.freshness import bump_client_page, bump_generation
from clients.models import (
    Alert,
    AlertKind,
    AssignedStep,
    Assignment,
    AttentionHandled,
    AttentionReason,
    Client,
    SessionLog,
    SessionReply,
    TrainerPreference,
)
from practices.models import Membership

SILENT_DAYS = 7
# Six weeks: "no better after 4-6 weeks" is on the red-flag screen, so a re-assessment is due
# by then (the short form, clients.reassessment, takes a minute).
REASSESS_AFTER_DAYS = 6 * 7
ADHERENCE_DROP_POINTS = 20
MIN_PLANNED_FOR_TREND = 3  # too few planned sessions make a percentage meaningless
NOTE_DAYS = 14  # a note left unanswered longer than this is old news
NOTE_SHOWN_CHARACTERS = 80
HANDLED_PART, HANDLED_ENTRY = "\x1f", "\x1e"  # unit and record separators
# A stretch that hurt is a pain alert too, named in the reason's detail.
PAIN_KINDS = {AlertKind.PAIN_HIGH, AlertKind.PAIN_RISE, AlertKind.STRETCH_HURT}


# No intake yet: the same rule as the client list's "Needs attention" filter
# (ClientQuerySet.needing_attention). Recording the intake is what clears it, so it has no
# "Handled" (a click could hide it here while the list still shows it).
NO_INTAKE = "no_intake"
NO_INTAKE_LABEL = "No intake yet"

# What clears a reason the queue cannot mark handled, for the refusal of a "Handled" posted
# anyway. Red flags not cleared follow the same rule as "No intake yet" (the list's filter shows
# them, assigning stays shut): a clinician's clearance recorded on the client's page clears
# them. A new red-flag symptom is handled on that page too, with a note of what was done.
CLEARED_ELSEWHERE = {
    AttentionReason.UNCLEARED_RED_FLAGS: "record a clinician's clearance on their page",
    AttentionReason.NEW_RED_FLAG: "handle the alert on their page, with a note of what was done",
}
# Where on the client's page a clearance is recorded (templates/clients/client_detail.html).
INTAKE_CLEARANCE_FORM = "clearance-form"
REPORT_CLEARANCE_FORM = "report-clearance-form"


@dataclass
class Reason:
    code: str
    detail: str
    occurrence: str
    severity: int  # lower is more urgent
    suggestion: progression.Suggestion | None = None  # a variation to swap in
    clearance_form: str = ""  # red flags not cleared: the form on the client's page that clears

    @property
    def label(self):
        return NO_INTAKE_LABEL if self.code == NO_INTAKE else AttentionReason(self.code).label

    @property
    def handleable(self):
        return self.code != NO_INTAKE and self.code not in CLEARED_ELSEWHERE


@dataclass
class QueueItem:
    client: Client
    reasons: list = field(default_factory=list)
    # The session a reply from the queue answers (a SessionLog with `replied`): the latest
    # with a pain alert or an unanswered note.
    reply_to: SessionLog | None = None

    @property
    def severity(self):
        return min(reason.severity for reason in self.reasons)


def note_log(client):
    """The client's latest unanswered note of the last NOTE_DAYS (from overview()'s
    annotations), as a SessionLog, or None."""
    if client.note_log_id is None:
        return None
    log = SessionLog(
        pk=client.note_log_id,
        client_id=client.pk,
        session_date=client.note_date,
        note=client.note_text,
    )
    log.replied = False
    return log


def reply_target(alerts, note):
    """The session a reply from the queue answers: the latest of the open alerts' sessions and
    the unanswered note's, or None."""
    logs = [note] if note else []
    for alert in alerts:
        if alert.session_log_id:
            alert.session_log.replied = alert.session_replied
            logs.append(alert.session_log)
    return max(logs, key=lambda log: log.session_date, default=None)


def progression_reasons(suggestions):
    """A reason per suggested variation: stepping down is more urgent than stepping up."""
    reasons = []
    for suggestion in suggestions:
        code = AttentionReason.STEP_UP if suggestion.harder else AttentionReason.STEP_DOWN
        detail = f"{suggestion.step.stretch.name} → {suggestion.to_stretch.name}"
        severity = 4 if suggestion.harder else 2
        reasons.append(Reason(code, detail, suggestion.occurrence, severity, suggestion))
    return reasons


@dataclass
class Overview:
    client_count: int
    queue: list
    week: Adherence
    month: Adherence
    today_logs: list
    sessions_per_day: list  # (date, count) for the last 30 days, oldest first
    # Per trainer of the clients shown (a practice dashboard): trainer id -> (week, month)
    # adherence, and trainer id -> number of active clients.
    by_trainer: dict = field(default_factory=dict)
    client_counts: dict = field(default_factory=dict)
    # trainer id -> whether they show their clients a phone or an email (trainers with clients).
    reachable: dict = field(default_factory=dict)


def _windows(today):
    """The dashboard's windows: the client page's two, and the week before for the trend."""
    windows = recent_windows(today)
    first_day, last_day = windows["week"]
    windows["previous_week"] = (first_day - timedelta(days=7), last_day - timedelta(days=7))
    return windows


def reasons_for(client, alerts, assignments, counts, windows, last_log, today, note=None):
    reasons = []
    pain = [a for a in alerts if a.kind in PAIN_KINDS]
    if pain:
        logged = [a.session_log for a in pain if a.session_log and not a.feedback_id]
        worst = max(
            (
                max(p for p in (log.pain_before, log.pain_after, 0) if p is not None)
                for log in logged
            ),
            default=None,
        )
        hurt = sorted({a.feedback.stretch.name for a in pain if a.feedback_id})
        details = [f"Pain {worst}/10 logged" if worst is not None else ""]
        details.append(f"{', '.join(hurt)} hurt" if hurt else "")
        detail = " · ".join(filter(None, details)) or "Pain reported"
        reasons.append(Reason(AttentionReason.PAIN_ALERT, detail, "alerts", severity=1))
    if any(a.kind == AlertKind.RED_FLAG for a in alerts):
        reasons.append(
            Reason(
                AttentionReason.NEW_RED_FLAG,
                "An urgent-care sign, ticked after a session: the client's page tells them to "
                "get urgent care and offers no sessions until you handle it",
                "alerts",
                severity=0,
            )
        )
    if note is not None:
        text = Truncator(note.note).chars(NOTE_SHOWN_CHARACTERS)
        detail = f"{note.session_date:%d %b}: “{text}”"
        reasons.append(Reason(AttentionReason.CLIENT_NOTE, detail, f"log-{note.pk}", 2))
    safety = client.safety
    intake = client.latest_intake
    if safety.is_new_red_flag and not any(a.kind == AlertKind.RED_FLAG for a in alerts):
        # Handled (the client was told), but no clearance yet: assigning stays shut.
        detail = "New symptom after a session: record clearance"
        occurrence = f"red-flag-{safety.reported_at:%Y%m%d%H%M%S}"
        reasons.append(
            Reason(
                AttentionReason.UNCLEARED_RED_FLAGS,
                detail,
                occurrence,
                0,
                clearance_form=REPORT_CLEARANCE_FORM,
            )
        )
    safety = safety.earlier
    if intake is None:
        detail = "Record their back-pain intake before assigning a routine"
        reasons.append(Reason(NO_INTAKE, detail, "", severity=2))
    if safety.needs_clearance:
        detail = "Urgent medical care" if safety.is_emergency else "Refer first"
        occurrence = f"intake-{intake.pk}"
        reasons.append(
            Reason(
                AttentionReason.UNCLEARED_RED_FLAGS,
                detail,
                occurrence,
                0,
                clearance_form=INTAKE_CLEARANCE_FORM,
            )
        )
    if intake and (today - intake.assessed_on).days > REASSESS_AFTER_DAYS:
        weeks = (today - intake.assessed_on).days // 7
        detail = f"Last intake {weeks} weeks ago"
        reasons.append(Reason(AttentionReason.OLD_INTAKE, detail, f"intake-{intake.pk}", 3))
    if assignments:
        started = min(a.starts_on for a in assignments)
        quiet_since = last_log or started
        if (today - started).days >= SILENT_DAYS and (today - quiet_since).days >= SILENT_DAYS:
            detail = f"Last log {last_log:%d %b}" if last_log else "Nothing logged yet"
            occurrence = last_log.isoformat() if last_log else f"never-{started.isoformat()}"
            reasons.append(Reason(AttentionReason.SILENT, detail, occurrence, 2))
        now = window_adherence(assignments, counts, "week", windows["week"], today)
        before = window_adherence(
            assignments, counts, "previous_week", windows["previous_week"], today
        )
        if (
            now.planned >= MIN_PLANNED_FOR_TREND
            and before.planned >= MIN_PLANNED_FOR_TREND
            and before.percent - now.percent >= ADHERENCE_DROP_POINTS
        ):
            year, week, _ = today.isocalendar()
            detail = f"{before.percent}% → {now.percent}% of planned sessions"
            reasons.append(Reason(AttentionReason.ADHERENCE_DROP, detail, f"{year}-W{week}", 2))
    return reasons


def overview(trainer, today=None, clients=None, activity=True):
    """The attention queue and figures for `clients` (a Client queryset): by default the
    trainer's own (a colleague's they cover are on the cover page, clients.views.practice).
    `activity=False` leaves out today's logs and the sessions-per-day chart."""
    today = today or timezone.localdate()
    if clients is None:
        clients = Client.objects.for_trainer(trainer)
    scope = clients
    # Each client's last log from the index on (client, session date): one step down the index
    # per client, where grouping all their logs read every log they ever made.
    last_log = SessionLog.objects.filter(client=OuterRef("pk")).order_by("-session_date")
    # Each client's latest note of the last NOTE_DAYS that no reply answers yet.
    notes = (
        SessionLog.objects.filter(
            client=OuterRef("pk"), session_date__gte=today - timedelta(days=NOTE_DAYS - 1)
        )
        .exclude(note="")
        .exclude(Exists(SessionReply.objects.filter(session_log=OuterRef("pk"))))
        .order_by("-session_date", "-session_number")
    )
    # What the trainer marked handled, read with the client: "reason<US>occurrence<RS>...".
    handled = (
        AttentionHandled.objects.filter(client=OuterRef("pk"))
        .order_by()
        .values("client")
        .annotate(
            entries=StringAgg(
                Concat("reason", Value(HANDLED_PART), "occurrence"), Value(HANDLED_ENTRY)
            )
        )
        .values("entries")
    )
    # N of clients.progression, from the practice of the client's trainer.
    practice = Membership.objects.filter(user=OuterRef("trainer"))
    clients = list(
        scope.active()
        .annotate(
            last_log=Subquery(last_log.values("session_date")[:1]),
            handled=Subquery(handled),
            note_log_id=Subquery(notes.values("pk")[:1]),
            note_date=Subquery(notes.values("session_date")[:1]),
            note_text=Subquery(notes.values("note")[:1]),
            progression_sessions=Subquery(practice.values("practice__progression_sessions")[:1]),
            # Whether the client's trainer shows clients a phone or an email (clients.contact).
            trainer_reachable=Exists(
                TrainerPreference.objects.filter(trainer=OuterRef("trainer")).exclude(
                    contact_email="", contact_phone=""
                )
            ),
        )
        .with_red_flag_reports()
        .select_related("latest_intake__clearance", "trainer")
        # Only what the reasons need: a list of 500 clients should not decode 500 intakes.
        .only(
            "name",
            "language",  # the reply's hint: write in the client's language (clients.languages)
            "trainer_id",
            "archived_at",
            "advanced_unlocked_at",
            "latest_intake__assessed_on",
            "latest_intake__red_flag_tier",
            "latest_intake__cautions",  # progression passes over cautioned variations
            "latest_intake__worse_with",
            "latest_intake__clearance__id",
            "trainer__username",
            "trainer__first_name",
            "trainer__last_name",
        )
    )
    # The active clients, as a join rather than a list of hundreds of ids.
    client_ids = scope.active().values("pk")
    alerts = defaultdict(list)
    replied = SessionReply.objects.filter(session_log=OuterRef("session_log"))
    for alert in (
        Alert.objects.filter(client__in=client_ids, handled_at__isnull=True)
        .select_related("session_log", "feedback__stretch")
        .annotate(session_replied=Exists(replied))
    ):
        alerts[alert.client_id].append(alert)
    assignments = defaultdict(list)
    current = Assignment.objects.current(today).filter(client__in=client_ids)
    for assignment in current.only(
        "client_id", "starts_on", "ends_on", "ended_at", "weekdays", "sessions_per_day"
    ):
        assignments[assignment.client_id].append(assignment)
    all_assignments = [a for group in assignments.values() for a in group]
    # Progression: every step of the current plans with its last two weeks, in one query, and
    # the variations of those that move, in one more (only when one does).
    needed = {
        client.pk: client.progression_sessions or progression.DEFAULT_SESSIONS for client in clients
    }
    steps = defaultdict(list)
    moving = set()
    for step in progression.with_window(
        AssignedStep.objects.filter(assignment__in=current.values("pk"))
        .select_related("stretch")
        .annotate(client_pk=F("assignment__client")),
        today,
    ):
        steps[step.client_pk].append(step)
        if progression.direction(step, needed.get(step.client_pk, progression.DEFAULT_SESSIONS)):
            moving.add(step.stretch_id)
    variations = progression.variations_for(moving) if moving else {}
    windows = _windows(today)
    counts = completed_counts(current.values("pk"), windows, today)
    handled = {
        (client.pk, *entry.split(HANDLED_PART, 1))
        for client in clients
        for entry in (client.handled or "").split(HANDLED_ENTRY)
        if entry
    }

    queue = []
    for client in clients:
        reasons = [
            reason
            for reason in reasons_for(
                client,
                alerts[client.pk],
                assignments[client.pk],
                counts,
                windows,
                client.last_log,
                today,
                note=note_log(client),
            )
            + progression_reasons(
                progression.suggestions(client, steps[client.pk], variations, needed[client.pk])
            )
            # A safety item someone marked handled before it lost its "Handled" still shows:
            # only what clears it (a clearance, an intake) takes it away.
            if not reason.handleable or (client.pk, reason.code, reason.occurrence) not in handled
        ]
        if any(reason.severity <= 1 for reason in reasons):
            # A safety reason first: nothing harder until the trainer has looked.
            reasons = [r for r in reasons if r.code != AttentionReason.STEP_UP]
        if reasons:
            note = next((r for r in reasons if r.code == AttentionReason.CLIENT_NOTE), None)
            reply_to = reply_target(alerts[client.pk], note_log(client) if note else None)
            item = QueueItem(client, sorted(reasons, key=lambda r: r.severity), reply_to)
            queue.append(item)
    queue.sort(key=lambda item: (item.severity, item.client.name.lower()))

    trainer_of = {client.pk: client.trainer_id for client in clients}
    client_counts = defaultdict(int)
    for client in clients:
        client_counts[client.trainer_id] += 1
    per_trainer = defaultdict(list)
    for assignment in all_assignments:
        per_trainer[trainer_of[assignment.client_id]].append(assignment)
    by_trainer = {
        trainer_id: tuple(
            window_adherence(group, counts, name, windows[name], today)
            for name in ("week", "month")
        )
        for trainer_id, group in per_trainer.items()
    }

    month_start, _ = windows["month"]
    per_day = (
        dict(
            SessionLog.objects.filter(
                client__in=client_ids, session_date__gte=month_start, status__in=COMPLETED
            )
            .values_list("session_date")
            .annotate(count=Count("*"))
        )
        if activity
        else {}
    )
    return Overview(
        reachable={client.trainer_id: client.trainer_reachable for client in clients},
        client_count=len(clients),
        queue=queue,
        week=window_adherence(all_assignments, counts, "week", windows["week"], today),
        month=window_adherence(all_assignments, counts, "month", windows["month"], today),
        today_logs=list(
            SessionLog.objects.filter(client__in=client_ids, session_date=today)
            .select_related("client", "assignment")
            .order_by("-logged_at")[:20]
        )
        if activity
        else [],
        sessions_per_day=[
            (month_start + timedelta(days=n), per_day.get(month_start + timedelta(days=n), 0))
            for n in range(MONTH_DAYS)
        ]
        if activity
        else [],
        by_trainer=by_trainer,
        client_counts=dict(client_counts),
    )


def handle(trainer, client, reason, occurrence):
    """Mark one reason handled for a client; alerts are marked on the alerts themselves.
    A reason cleared elsewhere (CLEARED_ELSEWHERE) is never marked here."""
    now = timezone.now()
    if reason in CLEARED_ELSEWHERE:
        return
    if reason == AttentionReason.PAIN_ALERT:
        client.alerts.filter(handled_at__isnull=True, kind__in=PAIN_KINDS).update(
            handled_at=now, handled_by=trainer
        )
    else:
        AttentionHandled.objects.get_or_create(
            client=client,
            reason=reason,
            occurrence=occurrence[:40],
            defaults={"handled_by": trainer},
        )
    bump_generation(client.trainer_id)  # queryset updates above send no signals
    bump_client_page(client.pk)
