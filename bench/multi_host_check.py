"""Two app hosts and a task worker sharing nothing but PostgreSQL, Redis and the object store.

    python -m bench.multi_host_check [--database-url postgres://...] [--redis-url redis://...]
                                     [--trainers 6] [--rounds 4] [--json PATH]

Starts, all on loopback: a scratch PostgreSQL database (from --database-url, default the
DATABASE_URL of the environment), a private redis-server (unless --redis-url), moto's S3 server
with an empty private bucket, an SMTP server that keeps what it receives, two gunicorn
instances (hosts A and B, production settings, each in its own empty working directory with its
own collectstatic and MEDIA_ROOT) and one `manage.py db_worker`. Then it sends a bounded load,
alternating the hosts request by request:

- sessions: each trainer signs in on A and goes on on B; signing out on B ends it on A too;
- session logs: clients log their day's sessions through A and B; each is stored exactly once;
- photo: a trainer uploads a private photo through A; B serves it (the same bytes, from the
  bucket, by a signed address; without the signature the bucket answers 403); another trainer
  gets 404 on either host, and nothing lands on either host's disk;
- share email: "Email it" on A and B queues a task; the worker sends each exactly once;
- reminders: `send_reminders` runs from both hosts' directories at the same moment; every
  client gets exactly one reminder;
- guess limit: wrong private links sent to A and B in turn hit one shared limit.

Prints a table like `make load-check` and writes JSON (--json). Exit status 1 on any error, lost
or duplicated write.
"""

import argparse
import http.client
import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import ExitStack, contextmanager
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from bench.load_check import Scratch
from bench.object_store import moto_server, new_bucket
from bench.serving import ROOT, free_port, wait_until_answering
from bench.smtp_sink import email_url, running_sink

PASSWORD = "multi-host-check-2026"  # noqa: S105 - trainers of a scratch database
GUESS_LIMIT = 20
REMINDER_AT = "08:00"
SEED = """
import json, django
django.setup()
from django.utils import timezone
from clients import assigning, share_links
from clients.models import Client, Intake, ReminderPreference
from routines.models import Routine, RoutineStep, Stretch
from django.contrib.auth.models import User

# Not advanced: those need an unlock per client (clients.assigning.check_advanced).
stretches = list(Stretch.objects.filter(owner=None).exclude(difficulty="advanced")
                 .order_by("name")[:3])
world = []
for n in range({trainers}):
    trainer = User.objects.create_user(f"host-trainer-{{n}}", f"t{{n}}@example.com", {password!r})
    routine = Routine.objects.create(owner=trainer, name="Hips")
    for position, stretch in enumerate(stretches, start=1):
        RoutineStep.objects.create(routine=routine, stretch=stretch, position=position,
                                   hold_seconds=30, repetitions=1)
    client = Client.objects.create(trainer=trainer, name=f"Client {{n}}",
                                   email=f"c{{n}}@example.com")
    Intake.objects.create(client=client, consent_recorded_at=timezone.now(), pain_now=2,
        pain_average_week=2, pain_worst_week=3, pain_duration="6_12_weeks",
        sitting_hours_workday=5, sitting_hours_day_off=3)
    client.refresh_latest_intake()
    assignment = assigning.assign(client, routine, weekdays=list(range(7)), sessions_per_day=3)
    link = share_links.issue_link(client)
    ReminderPreference.objects.create(client=client, time_of_day={reminder_at!r},
        weekdays=list(range(7)), unsubscribe_token=f"unsubscribe-{{n}}-" + "x" * 20)
    world.append({{"username": trainer.username, "client": client.pk, "email": client.email,
                   "token": link.token, "assignment": assignment.pk}})
print(json.dumps({{"today": timezone.localdate().isoformat(), "trainers": world}}))
"""
VERIFY = """
import json, django
django.setup()
from clients.models import Delivery, SessionLog
from django_tasks_db.models import DBTaskResult
from routines.models import Stretch
print(json.dumps({
    "logs": [[l.assignment_id, l.session_number] for l in SessionLog.objects.all()],
    "deliveries": Delivery.objects.count(),
    "sent_deliveries": Delivery.objects.filter(sent_at__isnull=False).count(),
    "tasks": dict((s, DBTaskResult.objects.filter(status=s).count())
                  for s in ("READY", "RUNNING", "FAILED", "SUCCESSFUL")),
    # Why tasks failed (the last line of the first few tracebacks), for the report.
    "failures": sorted({r.traceback.strip().splitlines()[-1][:300]
                        for r in DBTaskResult.objects.filter(status="FAILED")[:20]
                        if r.traceback.strip()}),
    "photos": list(Stretch.objects.exclude(photo="").values_list("photo", flat=True)),
}))
"""


# --- Processes ----------------------------------------------------------------------------------


def run(env, cwd, *args, timeout=300):
    result = subprocess.run(
        [sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout
    )
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(args[:2])} failed:\n{result.stderr[-3000:]}")
    return result.stdout


@contextmanager
def redis_server(directory):
    binary = shutil.which("redis-server")
    if not binary:
        raise SystemExit("redis-server is missing: apt-get install redis-server (.ci/run does)")
    port = free_port()
    process = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=directory, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                    connection.sendall(b"PING\r\n")
                    if connection.recv(16).startswith(b"+PONG"):
                        break
            except OSError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit("redis-server did not start")
            time.sleep(0.05)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


@contextmanager
def app_host(env, directory, workers):
    """gunicorn in `directory` (empty but for its own static files); yields its base URL."""
    port = free_port()
    log = (directory / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:trainer_site.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), "--timeout", "60",
         "trainer_site.wsgi"],
        cwd=directory, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_answering(port, process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@contextmanager
def task_worker(env, directory):
    log = (directory / "worker.log").open("w")
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "db_worker", "--interval", "0.2",
         "--no-startup-delay", "--no-reload"],
        cwd=directory, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        yield process
    finally:
        process.terminate()
        process.wait(timeout=60)
        log.close()


# --- A browser: one cookie jar, any host --------------------------------------------------------


class Browser:
    def __init__(self, report, operation):
        self.cookies = {}
        self.report = report
        self.operation = operation

    def request(self, base_url, method, path, form=None, files=None, expect=(200,)):
        parts = urlsplit(base_url)
        headers = {"Host": parts.netloc, "Origin": base_url}
        body = None
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if files is not None:
            body, headers["Content-Type"] = multipart(form or {}, files)
        elif form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.report.request(self.operation, base_url, None, f"{method} {path}: {error!r}")
            return None, {}, b""
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        problem = None
        if response.status not in expect:
            problem = f"{method} {path} on {base_url}: {response.status}, expected {expect}"
        self.report.request(self.operation, base_url, response.status, problem)
        return response.status, response.headers, content

    def csrf(self, base_url, path):
        _, _, html = self.request(base_url, "GET", path)
        match = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        return match.group(1).decode() if match else ""


def multipart(fields, files):
    boundary = uuid.uuid4().hex
    lines = []
    for name, value in fields.items():
        for item in value if isinstance(value, list) else [value]:
            lines += [f"--{boundary}", f'Content-Disposition: form-data; name="{name}"', "",
                      str(item)]  # fmt: skip
    body = "\r\n".join(lines).encode() + b"\r\n"
    for name, (filename, content, content_type) in files.items():
        body += (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def fetch(url):
    """GET a full URL (the bucket's signed address) with nothing else: status and body."""
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
    try:
        connection.request("GET", f"{parts.path}?{parts.query}" if parts.query else parts.path)
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


def photo_jpeg():
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (640, 400), (180, 90, 60)).save(buffer, format="JPEG")
    return buffer.getvalue()


# --- The report ---------------------------------------------------------------------------------


class Phases(dict):
    @contextmanager
    def timed(self, name):
        started = time.monotonic()
        yield
        self[name] = round(time.monotonic() - started, 1)


class Report:
    OPERATIONS = ("sessions", "session logs", "photo", "share email", "reminders", "guess limit")

    def __init__(self):
        self.requests = Counter()
        self.by_host = Counter()
        self.errors = Counter()
        self.lost = Counter()
        self.duplicated = Counter()
        self.problems = []
        self.phases = Phases()

    def request(self, operation, host, status, problem=None):
        self.requests[operation] += 1
        self.by_host[host] += 1
        if problem or status is None or status >= 500:
            self.errors[operation] += 1
            self.problems.append(f"{operation}: {problem or status}")

    def problem(self, operation, text, lost=0, duplicated=0):
        self.lost[operation] += lost
        self.duplicated[operation] += duplicated
        self.problems.append(f"{operation}: {text}")


# --- The load -----------------------------------------------------------------------------------


def sign_in(browser, host, username):
    token = browser.csrf(host, "/accounts/login/")
    browser.request(
        host, "POST", "/accounts/login/",
        {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}, expect=(302,),
    )  # fmt: skip


def check_sessions(hosts, world, rounds, report):
    """Sign in on A, go on on B (and back), sign out on B: the session is gone on A too."""
    browsers = []
    for person in world["trainers"]:
        browser = Browser(report, "sessions")
        sign_in(browser, hosts[0], person["username"])
        for turn in range(rounds * 2):
            host = hosts[(turn + 1) % 2]
            _, _, html = browser.request(host, "GET", f"/clients/{person['client']}/")
            if f"Client {person['username'].rsplit('-', 1)[1]}".encode() not in html:
                report.problem("sessions", f"{person['username']} lost the session on {host}")
        browsers.append(browser)
    leaving = browsers[-1]
    token = leaving.csrf(hosts[1], "/clients/")
    before = dict(leaving.cookies)
    leaving.request(hosts[1], "POST", "/accounts/logout/", {"csrfmiddlewaretoken": token},
                    expect=(302,))  # fmt: skip
    leaving.cookies = before  # the old session cookie, sent again to the other host
    status, headers, _ = leaving.request(hosts[0], "GET", "/clients/", expect=(302,))
    if status != 302 or "/accounts/login/" not in headers.get("Location", ""):
        report.problem("sessions", "signed out on B but still signed in on A")
    return browsers[:-1]


def check_session_logs(hosts, world, report):
    """Each client opens their page on one host and logs the session through the other."""
    acknowledged = []
    turn = 0
    for person in world["trainers"]:
        browser = Browser(report, "session logs")
        page = f"/s/{person['token']}/"
        for number in (1, 2):  # session 3 stays open: the reminder below is for it
            opened, posted = hosts[turn % 2], hosts[(turn + 1) % 2]
            turn += 1
            form = {"csrfmiddlewaretoken": browser.csrf(opened, page),
                    "assignment": person["assignment"], "session_number": number,
                    "status": "done", "pain_before": 3, "pain_after": 2}  # fmt: skip
            status, _, _ = browser.request(posted, "POST", f"{page}log/", form)
            if status == 200:
                acknowledged.append((person["assignment"], number))
    return acknowledged


def check_photo(hosts, world, browsers, report):
    owner, other = browsers[0], browsers[1]
    owner.operation = other.operation = "photo"
    create = "/library/new/"
    token = owner.csrf(hosts[0], create)
    target = re.search(
        rb'name="target_areas" value="(\d+)"', owner.request(hosts[0], "GET", create)[2]
    )
    form = {
        "csrfmiddlewaretoken": token, "name": "Sofa stretch", "summary": "Knee to the sofa.",
        "difficulty": "intermediate", "target_areas": target.group(1).decode() if target else "",
        "setup": "Kneel.", "steps_text": "Tuck.\nHold.", "hold_seconds": "45",
        "repetitions": "1", "sides": "each_side", "illustration_alt": "A kneeling stretch",
    }  # fmt: skip
    photo_file = {"photo": ("my-knee.jpg", photo_jpeg(), "image/jpeg")}
    status, headers, _ = owner.request(
        hosts[0], "POST", create, form, files=photo_file, expect=(302,)
    )
    if status != 302:
        report.problem("photo", "the upload through A was not saved", lost=1)
        return None
    _, _, page = owner.request(hosts[1], "GET", headers["Location"])
    found = re.search(rb'src="(/media/stretches/[^"?]+)"', page)
    if not found:
        report.problem("photo", "B's stretch page shows no photo", lost=1)
        return None
    photo = found.group(1).decode()
    bodies, signed = [], []
    for host in hosts[::-1]:  # B first: the host that did not receive the upload
        status, headers, _ = owner.request(host, "GET", photo, expect=(302,))
        if status == 302:
            signed.append(headers["Location"])
            signed_status, body = fetch(headers["Location"])
            problem = None if signed_status == 200 else f"the bucket said {signed_status}"
            report.request("photo", "bucket", signed_status, problem)
            bodies.append(body)
    if len(bodies) != 2 or bodies[0] != bodies[1] or b"WEBP" not in bodies[0][:16]:
        report.problem("photo", "A and B did not serve the same stored photo", lost=1)
    for address in signed[:1]:
        unsigned_status, body = fetch(address.split("?", 1)[0])
        refused = unsigned_status == 403 and b"WEBP" not in body
        problem = None if refused else f"the bucket answered {unsigned_status} unsigned"
        report.request("photo", "bucket", unsigned_status, problem)
    for host in hosts:
        other.request(host, "GET", photo, expect=(404,))
    return photo


def check_share_email(hosts, world, browsers, report):
    for turn, (person, browser) in enumerate(zip(world["trainers"], browsers, strict=False)):
        browser.operation = "share email"
        host = hosts[turn % 2]
        page = f"/clients/{person['client']}/"
        token = browser.csrf(host, page)
        browser.request(host, "POST", f"{page}link/email/", {"csrfmiddlewaretoken": token},
                        expect=(302,))  # fmt: skip
    return [person["email"] for person in world["trainers"][: len(browsers)]]


def run_reminders_on_both_hosts(env, host_dirs, world, report):
    at = f"{world['today']}T{REMINDER_AT[:3]}05"
    runs = [
        subprocess.Popen(
            [sys.executable, str(ROOT / "manage.py"), "send_reminders", f"--now={at}"],
            cwd=directory,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for directory in host_dirs
    ]
    for process in runs:
        _, err = process.communicate(timeout=120)
        report.request("reminders", "scheduler", 200 if process.returncode == 0 else 500,
                       None if process.returncode == 0 else err[-500:])  # fmt: skip


def check_guess_limit(hosts, report):
    browser = Browser(report, "guess limit")
    statuses = Counter()
    for turn in range(GUESS_LIMIT * 2):
        status, _, _ = browser.request(
            hosts[turn % 2], "GET", f"/s/{secrets.token_urlsafe(24)}/", expect=(404, 429)
        )
        statuses[status] += 1
    if statuses[404] != GUESS_LIMIT:
        report.problem("guess limit", f"{statuses[404]} wrong links answered before the limit of "
                       f"{GUESS_LIMIT} (per-host counters?)")  # fmt: skip


def wait_for_mail(sink, subject, count, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if sum(1 for m in sink.messages if m["Subject"] == subject) >= count:
            break
        time.sleep(0.1)
    time.sleep(1)  # long enough for a duplicate to arrive too (the worker polls every 0.2 s)
    return Counter(m["To"] for m in sink.messages if m["Subject"] == subject)


def compare_mail(report, operation, received, expected):
    expected = Counter(expected)
    lost = sum((expected - received).values())
    duplicated = sum((received - expected).values())
    if lost or duplicated:
        report.problem(operation, f"{lost} not received, {duplicated} extra", lost, duplicated)


# --- Main ---------------------------------------------------------------------------------------


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--redis-url", default="", help="default: a private redis-server")
    parser.add_argument("--trainers", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=4, help="host switches per trainer")
    parser.add_argument("--server-workers", type=int, default=2, help="gunicorn workers a host")
    parser.add_argument("--json", help="write the report here too")
    args = parser.parse_args(argv)
    if not args.database_url.startswith(("postgres://", "postgresql://")):
        raise SystemExit("Two hosts share a PostgreSQL database: set DATABASE_URL or "
                         "--database-url to postgres://user@host:5432/db")  # fmt: skip

    report = Report()
    started = time.monotonic()
    with ExitStack() as stack:
        top = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="multi-host-")))
        dirs = {name: top / name for name in ("host-a", "host-b", "worker", "redis")}
        for directory in dirs.values():
            directory.mkdir()
        # The scratch database is made from the server's maintenance database, so the one the
        # URL names need not exist (CI's does not).
        server_url = args.database_url.rsplit("/", 1)[0] + "/postgres"
        database_url = stack.enter_context(Scratch(server_url))
        redis_url = args.redis_url or stack.enter_context(redis_server(dirs["redis"]))
        endpoint = stack.enter_context(moto_server())
        sink = stack.enter_context(running_sink())
        base = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DEBUG"}}
        base.update({
            "DEBUG": "0", "SECRET_KEY": "multi-host-" + secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1", "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url, "CACHE_URL": redis_url,
            "STORAGE_URL": new_bucket(endpoint, f"photos-{secrets.token_hex(4)}"),
            "TASK_BACKEND": "database", "TASK_RETRY_DELAYS": "1,2", "EMAIL_URL": email_url(sink),
            "SHARE_GUESS_LIMIT": str(GUESS_LIMIT), "PYTHONPATH": str(ROOT),
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        })  # fmt: skip

        def host_env(directory):
            return {**base, "MEDIA_ROOT": str(directory / "media"),
                    "STATIC_ROOT": str(directory / "static")}  # fmt: skip

        manage = str(ROOT / "manage.py")
        # Each host collects its own static files while the database is migrated; the worker
        # too: the mails it writes name static files (the default practice logo).
        collecting = [
            subprocess.Popen(
                [sys.executable, manage, "collectstatic", "--no-input", "-v0"],
                cwd=dirs[name],
                env=host_env(dirs[name]),
                stdout=subprocess.DEVNULL,
            )
            for name in ("host-a", "host-b", "worker")
        ]
        run(host_env(dirs["worker"]), dirs["worker"], manage, "migrate", "--no-input")
        seed = SEED.format(trainers=args.trainers, password=PASSWORD, reminder_at=REMINDER_AT)
        world = json.loads(
            run(host_env(dirs["worker"]), dirs["worker"], "-c", seed).splitlines()[-1]
        )
        if any(process.wait(timeout=300) for process in collecting):
            raise SystemExit("collectstatic failed")
        hosts = [
            stack.enter_context(app_host(host_env(dirs[name]), dirs[name], args.server_workers))
            for name in ("host-a", "host-b")
        ]
        stack.enter_context(task_worker(host_env(dirs["worker"]), dirs["worker"]))
        ready = time.monotonic()
        setup_seconds = ready - started

        phases = report.phases
        with phases.timed("sessions"):
            browsers = check_sessions(hosts, world, args.rounds, report)
        with phases.timed("session logs"):
            logged = check_session_logs(hosts, world, report)
        with phases.timed("photo"):
            check_photo(hosts, world, browsers, report)
        with phases.timed("share email"):
            mailed = check_share_email(hosts, world, browsers, report)
        with phases.timed("reminders"):
            # Both hosts' schedulers at the same moment, with the hosts' environment.
            run_reminders_on_both_hosts(base, [dirs["host-a"], dirs["host-b"]], world, report)
        with phases.timed("mail delivered"):
            shared = wait_for_mail(sink, "Your stretching routine", len(mailed))
            compare_mail(report, "share email", shared, mailed)
            expected_reminders = [p["email"] for p in world["trainers"]]
            reminded = wait_for_mail(sink, "Time for your stretches", len(expected_reminders))
            compare_mail(report, "reminders", reminded, expected_reminders)
        with phases.timed("guess limit"):
            check_guess_limit(hosts, report)
        load_seconds = time.monotonic() - ready

        after = json.loads(
            run(host_env(dirs["worker"]), dirs["worker"], "-c", VERIFY).splitlines()[-1]
        )
        stored = Counter(tuple(log) for log in after["logs"])
        lost_logs = sum(1 for key in logged if stored[key] == 0)
        duplicate_logs = sum(count - 1 for count in stored.values() if count > 1)
        if lost_logs or duplicate_logs or len(logged) != 2 * len(world["trainers"]):
            report.problem("session logs", f"{len(logged)} acknowledged, {lost_logs} lost, "
                           f"{duplicate_logs} stored twice", lost_logs, duplicate_logs)  # fmt: skip
        if after["tasks"]["FAILED"] or after["tasks"]["READY"] or after["tasks"]["RUNNING"]:
            report.problem("share email", f"tasks left: {after['tasks']}, failed with: "
                           f"{after['failures']}")  # fmt: skip
        if after["sent_deliveries"] != len(world["trainers"]):
            report.problem("reminders", f"{after['sent_deliveries']} deliveries marked sent")
        for name in ("host-a", "host-b"):
            media = dirs[name] / "media"
            if media.exists() and any(media.rglob("*")):
                report.problem("photo", f"{name} wrote uploads to its own disk")
            log = (dirs[name] / "gunicorn.log").read_text()
            if "Traceback" in log:
                report.problem("sessions", f"{name} logged a traceback")
    total_seconds = time.monotonic() - started
    return finish(report, args, setup_seconds, load_seconds, total_seconds)


def finish(report, args, setup_seconds, load_seconds, total_seconds):
    rows = [
        {
            "operation": operation,
            "requests": report.requests[operation],
            "errors": report.errors[operation],
            "lost": report.lost[operation],
            "duplicated": report.duplicated[operation],
        }
        for operation in Report.OPERATIONS
    ]
    summary = {
        "hosts": 2,
        "gunicorn_workers_per_host": args.server_workers,
        "task_workers": 1,
        "trainers": args.trainers,
        "requests": sum(report.requests.values()),
        "requests_by_host": {host: n for host, n in report.by_host.items() if "://" in host},
        "setup_seconds": round(setup_seconds, 1),
        "load_seconds": round(load_seconds, 1),
        "total_seconds": round(total_seconds, 1),
        "errors": sum(r["errors"] for r in rows),
        "lost": sum(r["lost"] for r in rows),
        "duplicated": sum(r["duplicated"] for r in rows),
        "phase_seconds": dict(report.phases),
        "operations": rows,
        "problems": report.problems,
    }
    print(f"\nMulti-host check: {summary['requests']} requests over 2 hosts "
          f"({', '.join(str(n) for n in summary['requests_by_host'].values())}) and 1 task worker, "
          f"{summary['setup_seconds']} s to start, {summary['load_seconds']} s of load, "
          f"{summary['total_seconds']} s in all")  # fmt: skip
    print(f"{'operation':<16}{'requests':>10}{'errors':>8}{'lost':>8}{'duplicated':>12}")
    for r in rows:
        print(f"{r['operation']:<16}{r['requests']:>10}{r['errors']:>8}{r['lost']:>8}"
              f"{r['duplicated']:>12}")  # fmt: skip
    print("Seconds per phase: " + ", ".join(f"{k} {v}" for k, v in report.phases.items()))
    print("Problems: " + ("; ".join(report.problems[:20]) if report.problems else "none"))
    if args.json:
        Path(args.json).write_text(json.dumps(summary, indent=2) + "\n")
    return summary


if __name__ == "__main__":
    sys.exit(1 if main()["problems"] else 0)
