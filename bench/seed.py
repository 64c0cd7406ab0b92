"""Seed a large, realistic practice for the benchmark, with bulk inserts (minutes, not hours).

    DATABASE_URL=... python -m bench.seed [--scale 1.0]

200 trainers, 20,000 clients with intakes, 60,000 assignments (with their steps) and 1,000,000
session logs. Trainer "bench-0" is the busy one the pages are measured as: 500 clients and
100,000 logs; they own a practice of 10 trainers (bench-0 to bench-9: about 1,400 clients at
scale 1), the other trainers each have a practice of one. --scale shrinks (or grows) everything
around the busy trainer: the other trainers, their clients and logs; the busy trainer keeps 500
clients and 100,000 logs. Prints JSON for bench.run: the session cookie, a client, a routine, a
link.
"""

import argparse
import json
import os
import random
import sys
import time
from datetime import timedelta

import django

TRAINERS = 200
PRACTICE_TRAINERS = 10  # bench-0's practice, for the practice dashboard
CLIENTS = 20_000
BUSY_CLIENTS = 500
ASSIGNMENTS_PER_CLIENT = 3
LOGS = 1_000_000
BUSY_LOGS = 100_000
BATCH = 5_000


def main(argv=None):
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--session-only", action="store_true", help="a new session, nothing else")
    options = parser.parse_args(argv)
    scale = options.scale
    trainer_count = max(2, round(TRAINERS * scale))
    client_count = BUSY_CLIENTS + max(trainer_count - 1, round((CLIENTS - BUSY_CLIENTS) * scale))
    log_count = BUSY_LOGS + round((LOGS - BUSY_LOGS) * scale)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "trainer_site.settings")
    django.setup()
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.db import connection, transaction
    from django.utils import timezone

    from clients.models import (
        AssignedStep,
        Assignment,
        Client,
        Intake,
        SessionLog,
        ShareLink,
    )
    from clients.share_links import issue_link
    from practices.models import Membership, Practice
    from routines.editing import step_dose
    from routines.models import Routine, RoutineStep

    if options.session_only:
        print(json.dumps({"session": trainer_session(User.objects.get(username="bench-0"))}))
        return
    rng = random.Random(2026)
    started = time.monotonic()
    today = timezone.localdate()
    now = timezone.now()

    def say(message):
        print(f"[{time.monotonic() - started:6.1f} s] {message}", file=sys.stderr)

    with transaction.atomic():
        password = make_password("bench-password-2026")
        User.objects.bulk_create(
            User(username=f"bench-{n}", password=password, first_name=f"Trainer {n}")
            for n in range(trainer_count)
        )
        trainers = list(User.objects.filter(username__startswith="bench-").order_by("pk"))
        # bench-0 owns a practice of ten; everyone else is a practice of one, as sign-up makes.
        practice_size = min(PRACTICE_TRAINERS, len(trainers))
        practices = Practice.objects.bulk_create(
            Practice(name="Bench studio" if n == 0 else "")
            for n in range(len(trainers) - practice_size + 1)
        )
        Membership.objects.bulk_create(
            Membership(
                user=t,
                practice=practices[max(0, n - practice_size + 1)],
                role="owner" if n == 0 or n >= practice_size else "trainer",
            )
            for n, t in enumerate(trainers)
        )
        templates = list(Routine.objects.templates().prefetch_related("steps"))
        Routine.objects.bulk_create(
            Routine(owner=t, name=f"{template.name} ({t.first_name})", goal=template.goal)
            for t in trainers
            for template in templates
        )
        routines = {}
        for routine in Routine.objects.filter(owner__in=trainers).order_by("pk"):
            routines.setdefault(routine.owner_id, []).append(routine)
        steps_of = {template.name: list(template.steps.all()) for template in templates}
        RoutineStep.objects.bulk_create(
            (
                RoutineStep(
                    routine=routine,
                    stretch_id=step.stretch_id,
                    position=step.position,
                    **step_dose(step),
                )
                for owned in routines.values()
                for routine, template in zip(owned, templates, strict=True)
                for step in steps_of[template.name]
            ),
            batch_size=BATCH,
        )
        say(f"{len(trainers)} trainers, {len(templates) * len(trainers)} routines")

        owners = [trainers[0]] * BUSY_CLIENTS + [
            trainers[1 + n % (trainer_count - 1)] for n in range(client_count - BUSY_CLIENTS)
        ]
        Client.objects.bulk_create(
            (Client(trainer=t, name=f"Client {n:05}") for n, t in enumerate(owners)),
            batch_size=BATCH,
        )
        clients = list(Client.objects.filter(trainer__in=trainers).order_by("pk"))
        Intake.objects.bulk_create(
            (
                Intake(
                    client=c,
                    assessed_on=today - timedelta(days=rng.randint(5, 120)),
                    consent_recorded_by_id=c.trainer_id,
                    consent_recorded_at=now,
                    pain_now=rng.randint(1, 7),
                    pain_average_week=rng.randint(1, 6),
                    pain_worst_week=rng.randint(6, 9),
                    pain_duration=rng.choice(["under_6_weeks", "6_12_weeks", "over_12_weeks"]),
                    sitting_hours_workday=rng.choice([5, 6.5, 8, 9.5, 11]),
                    sitting_hours_day_off=rng.choice([2, 3.5, 5]),
                    red_flags=["cancer"] if n % 97 == 0 else [],
                    red_flag_tier="refer" if n % 97 == 0 else "",
                    cautions=["knee"] if n % 5 == 0 else [],
                )
                for n, c in enumerate(clients)
            ),
            batch_size=BATCH,
        )
        latest = dict(Intake.objects.values_list("client_id", "pk"))
        for client in clients:
            client.latest_intake_id = latest[client.pk]
        Client.objects.bulk_update(clients, ["latest_intake"], batch_size=BATCH)
        say(f"{len(clients)} clients with intakes")

        Assignment.objects.bulk_create(
            (
                Assignment(
                    client=c,
                    routine=routine,
                    title=routine.name,
                    routine_version=1,
                    weekdays=list(range(7)),
                    starts_on=today - timedelta(days=120),
                )
                for c in clients
                for routine in routines[c.trainer_id]
            ),
            batch_size=BATCH,
        )
        assignments = list(Assignment.objects.filter(client__in=clients).order_by("pk"))
        routine_steps = {
            r.pk: steps_of[template.name]
            for owned in routines.values()
            for r, template in zip(owned, templates, strict=True)
        }
        AssignedStep.objects.bulk_create(
            (
                AssignedStep(
                    assignment=a,
                    stretch_id=s.stretch_id,
                    position=s.position,
                    **step_dose(s),
                )
                for a in assignments
                for s in routine_steps[a.routine_id]
            ),
            batch_size=BATCH,
        )
        say(f"{len(assignments)} assignments with their steps")

    trainer_of = {c.pk: c.trainer_id for c in clients}
    busy = [a for a in assignments if trainer_of[a.client_id] == trainers[0].pk]
    others = [a for a in assignments if trainer_of[a.client_id] != trainers[0].pk]

    def logs_for(group, total):
        per = total // len(group)
        extra = total - per * len(group)
        for index, assignment in enumerate(group):
            for day in range(per + (1 if index < extra else 0)):
                before = rng.randint(1, 6)
                yield SessionLog(
                    assignment_id=assignment.pk,
                    client_id=assignment.client_id,
                    session_date=today - timedelta(days=1 + day),
                    session_number=1,
                    status="done" if rng.random() < 0.8 else "skipped",
                    pain_before=before,
                    pain_after=max(0, before - rng.randint(0, 2)),
                )

    pending = []
    written = 0
    for log in logs_for(busy, BUSY_LOGS):
        pending.append(log)
    for log in logs_for(others, log_count - BUSY_LOGS):
        pending.append(log)
        if len(pending) >= 50_000:
            with transaction.atomic():
                SessionLog.objects.bulk_create(pending, batch_size=BATCH)
            written += len(pending)
            pending = []
            if written % 200_000 == 0:
                say(f"{written:,} session logs")
    with transaction.atomic():
        SessionLog.objects.bulk_create(pending, batch_size=BATCH)
    written += len(pending)
    say(f"{written:,} session logs")

    busy_clients = [c for c in clients if c.trainer_id == trainers[0].pk]
    links = [issue_link(c) for c in busy_clients[:20]]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # fresh planner statistics, as a live database has
    focus = busy_clients[1]
    print(
        json.dumps(
            {
                "session": trainer_session(trainers[0]),
                "client": focus.pk,
                "routine": routines[trainers[0].pk][2].pk,
                "token": links[1].token,
                "assignment": Assignment.objects.filter(client=links[1].client).first().pk,
                "counts": {
                    "trainers": trainer_count,
                    "practice_trainers": practice_size,
                    "practice_clients": Client.objects.filter(
                        trainer__in=trainers[:practice_size]
                    ).count(),
                    "clients": Client.objects.count(),
                    "assignments": Assignment.objects.count(),
                    "session_logs": SessionLog.objects.count(),
                    "busy_trainer_logs": SessionLog.objects.filter(
                        client__trainer=trainers[0]
                    ).count(),
                    "share_links": ShareLink.objects.count(),
                },
                "seconds": round(time.monotonic() - started, 1),
            }
        )
    )


def trainer_session(trainer):
    """A signed-in session for `trainer` that stays fresh for the whole run; its key."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.cached_db import SessionStore

    from trainer_site.sessions import LAST_SEEN, STARTED, TWO_FACTOR_FLAG

    session = SessionStore()
    session[SESSION_KEY] = str(trainer.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = trainer.get_session_auth_hash()
    session[STARTED] = session[LAST_SEEN] = time.time() + 7 * 3600  # stays fresh all run
    session[TWO_FACTOR_FLAG] = False
    session.create()
    return session.session_key


if __name__ == "__main__":
    main()
