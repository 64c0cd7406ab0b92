"""Adherence: sessions done against sessions planned, for the client page and the dashboard.

One rule for every window, wherever the counts come from (logs already loaded on the client
page, one grouped query on the dashboard): a session counts as done when it is done or partly
done; today counts only for the sessions already done, because the day is not over and a morning
check should not show a client as behind. Both pages report the same two windows, `recent_windows`.
"""

from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.db.models import Count, Q
from django.utils import timezone

from clients.models import Assignment, SessionLog, SessionStatus

COMPLETED = (SessionStatus.DONE, SessionStatus.PARTLY)
WEEK_DAYS = 7
MONTH_DAYS = 30


@dataclass
class Adherence:
    completed: int
    planned: int

    @property
    def percent(self):
        return (
            round(100 * min(self.completed, self.planned) / self.planned) if self.planned else None
        )


def last_days(days, today):
    """The window of the last `days` days, today included, as (first day, last day)."""
    return today - timedelta(days=days - 1), today


def recent_windows(today):
    """The windows the client page and the dashboard both show: the last 7 and 30 days."""
    return {"week": last_days(WEEK_DAYS, today), "month": last_days(MONTH_DAYS, today)}


def weekdays_between(first_day, last_day, weekdays):
    """How many days in [first_day, last_day] fall on `weekdays` (0 = Monday), in O(1)."""
    days = (last_day - first_day).days + 1
    if days <= 0:
        return 0
    weeks, extra = divmod(days, 7)
    start = first_day.weekday()
    return weeks * len(weekdays) + sum(1 for i in range(extra) if (start + i) % 7 in weekdays)


def _ended_on(assignment):
    return timezone.localdate(assignment.ended_at) if assignment.ended_at else None


@lru_cache(maxsize=8192)
def _days_on(first_day, last_day, weekdays):
    """weekdays_between() for a tuple of weekdays, remembered: a dashboard asks the same few
    questions (the same windows, plans on the same days) thousands of times."""
    return weekdays_between(first_day, last_day, set(weekdays))


def planned_sessions(assignment, first_day, last_day):
    """Sessions the assignment schedules in [first_day, last_day] (its start and end respected)."""
    start = max(first_day, assignment.starts_on)
    end = last_day
    if assignment.ends_on is not None and assignment.ends_on < end:
        end = assignment.ends_on
    if assignment.ended_at is not None:
        end = min(end, _ended_on(assignment))
    if end < start:
        return 0
    return _days_on(start, end, tuple(assignment.weekdays)) * assignment.sessions_per_day


def window_adherence(assignments, counts, name, window, today):
    """Adherence of `assignments` over `window`, from counts made by completed_counts() or
    counts_from_logs() with the same window under `name`. This is the one rule."""
    first_day, last_day = window
    done = planned = 0
    for assignment in assignments:
        row = counts.get(assignment.pk, {})
        done += row.get(name, 0)
        planned += planned_sessions(assignment, first_day, min(last_day, today - timedelta(days=1)))
        if first_day <= today <= last_day:
            planned += min(row.get("today", 0), planned_sessions(assignment, today, today))
    return Adherence(done, planned)


def completed_counts(assignments, windows, today):
    """{assignment id: {window name: sessions done in it, "today": done today}}, in one query.

    `assignments` may be a queryset of ids (a join) or a list; `windows` maps names to
    (first day, last day)."""
    earliest = min(first_day for first_day, _ in windows.values())
    rows = (
        SessionLog.objects.filter(
            assignment__in=assignments,
            session_date__range=(earliest, today),
            status__in=COMPLETED,
        )
        .values("assignment")
        .annotate(
            today=Count("session_date", filter=Q(session_date=today)),
            **{
                name: Count("session_date", filter=Q(session_date__range=window))
                for name, window in windows.items()
            },
        )
    )
    return {row["assignment"]: row for row in rows}


def counts_from_logs(logs, windows, today):
    """The same counts as completed_counts(), from logs already loaded (no query)."""
    counts = {}
    for log in logs:
        if log.status not in COMPLETED or log.session_date > today:
            continue
        row = counts.setdefault(log.assignment_id, {})
        if log.session_date == today:
            row["today"] = row.get("today", 0) + 1
        for name, (first_day, last_day) in windows.items():
            if first_day <= log.session_date <= last_day:
                row[name] = row.get(name, 0) + 1
    return counts


def week_adherence_by_client(clients, today):
    """{client id: Adherence over the last 7 days} for many clients (a queryset of ids or a
    list), in two queries whatever their number: the client list's column and its sort."""
    window = last_days(WEEK_DAYS, today)
    first_day, _ = window
    assignments = list(
        Assignment.objects.filter(client__in=clients, starts_on__lte=today)
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=first_day))
        .filter(Q(ended_at__isnull=True) | Q(ended_at__date__gte=first_day))
        .only("client_id", "weekdays", "sessions_per_day", "starts_on", "ends_on", "ended_at")
    )
    if not assignments:
        return {}
    counts = completed_counts([a.pk for a in assignments], {"week": window}, today)
    by_client = {}
    for assignment in assignments:
        by_client.setdefault(assignment.client_id, []).append(assignment)
    return {
        client_id: window_adherence(own, counts, "week", window, today)
        for client_id, own in by_client.items()
    }


def weekly_adherence(assignments, logs, today, weeks=8):
    """(Monday, Adherence) for the last `weeks` calendar weeks, oldest first."""
    this_monday = today - timedelta(days=today.weekday())
    mondays = [this_monday - timedelta(weeks=back) for back in range(weeks - 1, -1, -1)]
    windows = {monday: (monday, monday + timedelta(days=6)) for monday in mondays}
    counts = counts_from_logs(logs, windows, today)
    return [
        (monday, window_adherence(assignments, counts, monday, window, today))
        for monday, window in windows.items()
    ]


def _scheduled(assignments, day):
    """Whether any of `assignments` planned a session on `day` (its start and end respected)."""
    return any(
        a.starts_on <= day
        and all(day <= end for end in (a.ends_on, _ended_on(a)) if end is not None)
        and day.weekday() in a.weekdays
        for a in assignments
    )


def streak(logs, today, assignments=None):
    """Planned days in a row with a session done, counting back from today (or from yesterday, if
    today is not done yet). Days the plan leaves free neither count nor break it, so a Monday to
    Friday client keeps their streak over the weekend. Without `assignments`, every day is planned.
    """
    days = {log.session_date for log in logs if log.status in COMPLETED}
    planned = (lambda day: True) if assignments is None else (lambda d: _scheduled(assignments, d))
    first = None if assignments is None else min((a.starts_on for a in assignments), default=today)
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while first is None or day >= first:
        if planned(day):
            if day not in days:
                break
            count += 1
        day -= timedelta(days=1)
    return count


@dataclass
class PlanDay:
    """One day of the client's own calendar: sessions planned and done, and what that means."""

    day: object
    planned: int
    done: int
    # "done", "partly" (done, at least one session only in part), "some" (some of the day's
    # sessions done), "missed", "today", "upcoming", "rest", or "before" (the plan had not begun)
    state: str


def recent_weeks(assignments, logs, today, weeks=4):
    """The last `weeks` calendar weeks (Monday first, this week last) day by day: sessions
    planned (planned_sessions, the adherence rule) and done. A day not over yet is never missed;
    a day before the first plan began is "before", not a rest day."""
    done, partly = {}, set()
    for log in logs:
        if log.status in COMPLETED:
            done[log.session_date] = done.get(log.session_date, 0) + 1
        if log.status == SessionStatus.PARTLY:
            partly.add(log.session_date)
    began = min((a.starts_on for a in assignments), default=None)
    first = today - timedelta(days=today.weekday(), weeks=weeks - 1)
    rows = []
    for week in range(weeks):
        row = []
        for offset in range(7):
            day = first + timedelta(weeks=week, days=offset)
            planned = sum(planned_sessions(a, day, day) for a in assignments)
            count = done.get(day, 0)
            if (began is None or day < began) and not count:
                state = "before"
            elif day > today:
                state = "upcoming" if planned else "rest"
            elif count and count >= planned:
                state = "partly" if day in partly else "done"
            elif planned and count:
                state = "some"
            elif planned:
                state = "today" if day == today else "missed"
            else:
                state = "rest"
            row.append(PlanDay(day, planned, count, state))
        rows.append(row)
    return rows
