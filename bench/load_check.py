"""Concurrency without loss: many clients writing at once against gunicorn on 127.0.0.1.

    python -m bench.load_check [--seconds 20] [--workers 16] [--database-url URL]

Seeds a scratch database (SQLite file by default; a new PostgreSQL database when the URL is
postgres://...), serves the app with gunicorn and, for a bounded time counted from the server's
first answer, sends from many threads (each sends every kind at least once, however slow the
machine):

- session logs from clients' private pages (three sessions a day per client),
- routine reorders from the trainer's builder (versioned: 200 or 409, never a silent overwrite),
- intake saves (re-assessments).

Then it checks the database: every acknowledged log is there exactly once, each routine's order
and version are those of its last acknowledged reorder, every acknowledged intake was saved; and
that no response was a 5xx and the server never logged "database is locked". Prints a table and
writes JSON (--json PATH). Exit status 1 if anything was lost or failed.
"""

import argparse
import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter, defaultdict
from pathlib import Path
from urllib.parse import urlencode

from bench.serving import ROOT, gunicorn

SEED = """
import json, django
django.setup()
from datetime import date
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.auth import SESSION_KEY, BACKEND_SESSION_KEY, HASH_SESSION_KEY
from django.utils import timezone
from clients import assigning, share_links
from clients.models import Client, Intake
from routines.models import Routine, RoutineStep, Stretch
from trainer_site.sessions import STARTED, LAST_SEEN, TWO_FACTOR_FLAG
import time

trainer = User.objects.create_user("load-trainer", password="load-check-password-2026")
# Advanced stretches wait for a per-client unlock: the load check's routine does without them.
stretches = list(Stretch.objects.filter(owner=None).exclude(difficulty="advanced")[:5])
routines = []
for r in range({routines}):
    routine = Routine.objects.create(owner=trainer, name=f"Routine {{r}}")
    for position, stretch in enumerate(stretches, start=1):
        RoutineStep.objects.create(routine=routine, stretch=stretch, position=position,
                                   hold_seconds=30, repetitions=1)
    routines.append(routine)
clients = []
for n in range({clients}):
    client = Client.objects.create(trainer=trainer, name=f"Load client {{n}}")
    Intake.objects.create(client=client, consent_recorded_at=timezone.now(), pain_now=3,
        pain_average_week=3, pain_worst_week=4, pain_duration="6_12_weeks",
        sitting_hours_workday=8, sitting_hours_day_off=4)
    client.refresh_latest_intake()
    assignment = assigning.assign(client, routines[0], weekdays=list(range(7)), sessions_per_day=3)
    link = share_links.issue_link(client)
    clients.append({{"pk": client.pk, "token": link.token, "assignment": assignment.pk}})
session = SessionStore()
session[SESSION_KEY] = str(trainer.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = trainer.get_session_auth_hash()
session[STARTED] = session[LAST_SEEN] = time.time() + 3600  # never idle during the run
session[TWO_FACTOR_FLAG] = False
session.create()
print(json.dumps({{
    "session": session.session_key,
    "today": timezone.localdate().isoformat(),
    "clients": clients,
    "routines": [
        {{"pk": r.pk, "steps": list(r.steps.order_by("position").values_list("pk", flat=True))}}
        for r in routines
    ],
}}))
"""

VERIFY = """
import json, django
django.setup()
from clients.models import Intake, SessionLog
from routines.models import Routine
print(json.dumps({
    "logs": [[l.assignment_id, l.session_number] for l in SessionLog.objects.all()],
    "intakes": Intake.objects.count(),
    "routines": {r.pk: {"version": r.version,
                        "order": list(r.steps.order_by("position").values_list("pk", flat=True))}
                 for r in Routine.objects.filter(owner__username="load-trainer")},
}))
"""


def environment(database_url, log_path=None):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(
        {
            "DEBUG": "1",
            "DATABASE_URL": database_url,
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "console://",
            "SHARE_GUESS_LIMIT": "1000000",
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        }
    )
    return env


def manage(env, *args):
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"manage.py {args[0]} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def python(env, script):
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"script failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


class Scratch:
    """A new, empty database of the kind `base_url` names; dropped afterwards."""

    def __init__(self, base_url):
        self.base_url = base_url
        self.directory = tempfile.TemporaryDirectory()
        self.pg_name = None

    def __enter__(self):
        if not self.base_url or self.base_url.startswith("sqlite"):
            return f"sqlite:///{Path(self.directory.name) / 'load.sqlite3'}"
        import psycopg

        self.pg_name = f"psoas_load_{secrets.token_hex(4)}"
        with psycopg.connect(
            self.base_url.replace("postgres://", "postgresql://", 1), autocommit=True
        ) as db:
            db.execute(f'CREATE DATABASE "{self.pg_name}"')
        return self.base_url.rsplit("/", 1)[0] + "/" + self.pg_name

    def __exit__(self, *exc):
        if self.pg_name:
            import psycopg

            with psycopg.connect(
                self.base_url.replace("postgres://", "postgresql://", 1), autocommit=True
            ) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{self.pg_name}" WITH (FORCE)')
        self.directory.cleanup()


class Load:
    def __init__(self, port, world, seconds, workers):
        self.port = port
        self.world = world
        self.seconds = seconds
        self.deadline = None  # set once the server has answered the first request of the run
        self.workers = workers
        self.lock = threading.Lock()
        self.statuses = defaultdict(Counter)
        self.failures = []
        self.acknowledged_logs = set()
        self.acknowledged_intakes = 0
        self.reorders = defaultdict(list)  # routine pk -> [(version after, order)]
        self.session = world["session"]
        self.csrf = None

    # --- HTTP ---------------------------------------------------------------------------------
    def request(self, connection, method, path, form=None, trainer=False, htmx=False):
        headers = {"Host": f"127.0.0.1:{self.port}", "Origin": f"http://127.0.0.1:{self.port}"}
        if htmx:
            headers["HX-Request"] = "true"  # the builder answers 200 or 409 (not a redirect)
        body = None
        cookies = []
        if trainer:
            cookies.append(f"sessionid={self.session}")
        if self.csrf:
            cookies.append(f"csrftoken={self.csrf}")
            headers["X-CSRFToken"] = self.csrf
        if cookies:
            headers["Cookie"] = "; ".join(cookies)
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.read().decode(errors="replace"), response

    def record(self, kind, status):
        with self.lock:
            self.statuses[kind][status] += 1
            if status >= 500:
                self.failures.append(f"{kind}: HTTP {status}")

    # --- Operations ----------------------------------------------------------------------------
    def log_session(self, connection):
        client = random.choice(self.world["clients"])
        number = random.randint(1, 3)
        status, _, _ = self.request(
            connection,
            "POST",
            f"/s/{client['token']}/log/",
            {"assignment": client["assignment"], "session_number": number, "status": "done",
             "pain_before": random.randint(0, 5), "pain_after": random.randint(0, 5)},
        )  # fmt: skip
        self.record("session log", status)
        if status == 200:
            with self.lock:
                self.acknowledged_logs.add((client["assignment"], number))

    def reorder(self, connection):
        routine = random.choice(self.world["routines"])
        status, html, _ = self.request(
            connection, "GET", f"/routines/{routine['pk']}/", trainer=True
        )
        if status != 200:
            self.record("routine reorder", status)
            return
        version = int(re.search(r'id="routine-version" value="(\d+)"', html).group(1))
        order = list(routine["steps"])
        random.shuffle(order)
        status, _, _ = self.request(
            connection,
            "POST",
            f"/routines/{routine['pk']}/steps/reorder/",
            {"version": version, "order": ",".join(map(str, order))},
            trainer=True,
            htmx=True,
        )
        self.record("routine reorder", status)
        if status == 200:
            with self.lock:
                self.reorders[routine["pk"]].append((version + 1, order))

    def save_intake(self, connection):
        client = random.choice(self.world["clients"])
        status, _, _ = self.request(
            connection,
            "POST",
            f"/clients/{client['pk']}/intakes/new/",
            {"consent": "on", "assessed_on": self.world["today"], "pain_now": 3,
             "pain_average_week": 3, "pain_worst_week": 4, "pain_duration": "6_12_weeks",
             "sitting_hours_workday": 7, "sitting_hours_day_off": 3,
             "emergency_flags": "none", "refer_flags": "none"},
            trainer=True,
        )  # fmt: skip
        self.record("intake save", status)
        if status == 302:
            with self.lock:
                self.acknowledged_intakes += 1

    def worker(self):
        # Each kind once whatever the machine's speed, then a weighted mix until the deadline.
        first = random.sample([self.log_session, self.reorder, self.save_intake], 3)
        mix = [self.log_session] * 5 + [self.reorder] * 3 + [self.save_intake] * 2
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        while first or time.monotonic() < self.deadline:
            try:
                (first.pop() if first else random.choice(mix))(connection)
            except (OSError, http.client.HTTPException) as error:
                with self.lock:
                    self.failures.append(f"connection: {error!r}")
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)

    def fetch_csrf(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        _, _, response = self.request(connection, "GET", "/", trainer=True)
        cookie = response.getheader("Set-Cookie") or ""
        match = re.search(r"csrftoken=([^;]+)", cookie)
        if not match:
            raise SystemExit("The dashboard set no CSRF cookie.")
        self.csrf = match.group(1)

    def run(self):
        self.fetch_csrf()
        started = time.monotonic()
        self.deadline = started + self.seconds
        threads = [threading.Thread(target=self.worker) for _ in range(self.workers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        return time.monotonic() - started


def check(load, initial_intakes, after):
    problems = []
    stored_logs = Counter(tuple(pair) for pair in after["logs"])
    duplicated = [pair for pair, count in stored_logs.items() if count > 1]
    missing_logs = load.acknowledged_logs - set(stored_logs)
    if duplicated:
        problems.append(f"{len(duplicated)} sessions stored twice")
    if missing_logs:
        problems.append(f"{len(missing_logs)} acknowledged session logs missing")
    lost_intakes = initial_intakes + load.acknowledged_intakes - after["intakes"]
    if lost_intakes:
        problems.append(f"{lost_intakes} acknowledged intakes missing")
    lost_reorders = 0
    for routine in load.world["routines"]:
        stored = after["routines"][str(routine["pk"])]
        done = load.reorders.get(routine["pk"], [])
        # Each acknowledged reorder bumped the version once, and the order on disk is the one
        # from the last of them: no reorder was overwritten without the sender being told (409).
        if sorted(stored["order"]) != sorted(routine["steps"]):
            problems.append(f"routine {routine['pk']}: steps lost or duplicated")
        if done:
            _, order = max(done, key=lambda item: item[0])
            if stored["version"] != 1 + len(done) or stored["order"] != order:
                lost_reorders += 1
    if lost_reorders:
        problems.append(f"{lost_reorders} routines lost an acknowledged reorder")
    return problems, {
        "session logs": len(missing_logs) + len(duplicated),
        "routine reorders": lost_reorders,
        "intake saves": max(lost_intakes, 0),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--workers", type=int, default=16, help="client threads")
    parser.add_argument("--server-workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--routines", type=int, default=5)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--json", help="write the report here too")
    args = parser.parse_args(argv)

    with Scratch(args.database_url) as database_url:
        env = environment(database_url)
        manage(env, "migrate", "--no-input")
        world = python(env, SEED.format(clients=args.clients, routines=args.routines))
        with tempfile.NamedTemporaryFile("w+", suffix=".log") as server_log:
            server = gunicorn(
                env, workers=args.server_workers, output=server_log, options=["--timeout", "60"]
            )
            with server as port:
                load = Load(port, world, args.seconds, args.workers)
                elapsed = load.run()
            server_log.seek(0)
            log_text = server_log.read()
        after = python(env, VERIFY)

    problems, lost = check(load, len(world["clients"]), after)
    locked = log_text.count("database is locked")
    server_errors = len(re.findall(r"Traceback|Internal Server Error", log_text))
    if locked:
        problems.append(f'"database is locked" {locked} times in the server log')
    if server_errors:
        problems.append(f"{server_errors} server errors in the log")
    problems += load.failures[:20]
    engine = "postgresql" if database_url.startswith("postgres") else "sqlite"
    rows = []
    for kind in ("session log", "routine reorder", "intake save"):
        statuses = load.statuses[kind]
        rows.append(
            {
                "operation": kind,
                "requests": sum(statuses.values()),
                "ok": sum(c for s, c in statuses.items() if s < 400),
                "conflict_409": statuses.get(409, 0),
                "errors_5xx": sum(c for s, c in statuses.items() if s >= 500),
                "lost_updates": lost[kind + "s"],
            }
        )
    report = {
        "engine": engine,
        "seconds": round(elapsed, 1),
        "client_threads": args.workers,
        "gunicorn_workers": args.server_workers,
        "requests": sum(r["requests"] for r in rows),
        "requests_per_second": round(sum(r["requests"] for r in rows) / elapsed, 1),
        "database_locked": locked,
        "operations": rows,
        "problems": problems,
    }
    print(f"\nLoad check on {engine}: {report['requests']} requests in {report['seconds']} s "
          f"({report['requests_per_second']}/s), {args.workers} threads, "
          f"{args.server_workers} gunicorn workers")  # fmt: skip
    print(f"{'operation':<18}{'requests':>10}{'ok':>8}{'409':>8}{'5xx':>8}{'lost':>8}")
    for r in rows:
        print(f"{r['operation']:<18}{r['requests']:>10}{r['ok']:>8}{r['conflict_409']:>8}"
              f"{r['errors_5xx']:>8}{r['lost_updates']:>8}")  # fmt: skip
    print(f'"database is locked": {locked}')
    print("Problems: " + ("; ".join(problems) if problems else "none"))
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=2))
    return report


if __name__ == "__main__":
    sys.exit(1 if main()["problems"] else 0)
