"""make bench: seed a large practice, serve it with gunicorn, drive the key pages with wrk.

    python -m bench.run [--seconds 10] [--connections 16] [--database-url URL] [--cache redis]
                        [--scale 1.0] [--keep] [--skip-seed] [--pages dashboard,shared]
                        [--dashboard-check 20]

SQLite by default (a scratch file); PostgreSQL when the URL says postgres:// (a new database on
that server, dropped afterwards unless --keep). --keep also remembers the seeded database in
bench/.seeded-<engine>.json, and a later --skip-seed measures that database again (after
`migrate`) instead of seeding a new one.

Each page is measured against the "floor" (/bench/floor/: 30 rows by primary key from one
indexed query, in the project's layout and middleware), interleaved: page and floor take turns
in short slices with the same connections, so a machine that gets busier or quieter during the
run moves both alike. CPU per request counts every process that serves the request: the gunicorn
workers, the PostgreSQL backends serving this database and the bench's own Redis (from /proc).
The ratio is the page's CPU per request over the floor's (signed-in floor for trainer pages,
anonymous for the client's page and its log post). Prints a table and writes
bench/results-<engine>.json. Last, the dashboard alone for 20 s while the client posts a
session log every second (each one a change, so the cached dashboard is drawn again): its p95.
"""

import argparse
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager, nullcontext
from pathlib import Path
from urllib.parse import urlencode

from bench.serving import ROOT, free_port, wait_until_answering

TICKS = os.sysconf("SC_CLK_TCK")
SLICE_SECONDS = 2


def process_ticks(pid):
    """utime + stime of one process, in clock ticks (0 once it has gone)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0
    return int(fields[11]) + int(fields[12])


def process_tree(pid):
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    return [pid, *map(int, children)]


class CpuMeter:
    """CPU seconds spent serving: gunicorn's processes, the bench's Redis and, on PostgreSQL,
    the backends connected to the bench database (found anew at every reading, so a backend
    that replaced an aged connection is counted from its start)."""

    def __init__(self, pids, pg_admin=None, database=None):
        self.pids = pids
        self.pg = None
        self.database = database
        if pg_admin:
            import psycopg

            self.pg = psycopg.connect(pg_admin, autocommit=True)

    def backends(self):
        if not self.pg:
            return []
        rows = self.pg.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [self.database]
        ).fetchall()
        return [pid for (pid,) in rows]

    def reading(self):
        return {
            "app": sum(process_ticks(pid) for pid in self.pids),
            "database": {pid: process_ticks(pid) for pid in self.backends()},
        }

    @staticmethod
    def spent(before, after):
        """(app seconds, database seconds) between two readings."""
        database = sum(
            ticks - before["database"].get(pid, 0) for pid, ticks in after["database"].items()
        )
        return (after["app"] - before["app"]) / TICKS, database / TICKS

    def close(self):
        if self.pg:
            self.pg.close()


def run(command, env, **kwargs):
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, **kwargs)
    if result.returncode != 0:
        raise SystemExit(f"{' '.join(command[:3])} failed:\n{result.stderr[-3000:]}")
    return result


def wrk(url, seconds, connections, headers, body=None):
    command = [
        "wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(ROOT / "bench" / "wrk.lua"),
    ]  # fmt: skip
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    env = {**os.environ, "BENCH_BODY": body or ""}
    output = subprocess.run([*command, url], capture_output=True, text=True, env=env).stdout
    line = next(line for line in output.splitlines() if line.startswith("BENCH_JSON "))
    return json.loads(line.removeprefix("BENCH_JSON "))


@contextmanager
def private_redis(scratch_dir):
    """A redis-server of the bench's own (its CPU is counted; nobody else's keys are in it)."""
    port = free_port()
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "",
         "--appendonly", "no"],
        cwd=scratch_dir, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 30
    while (
        subprocess.run(
            ["redis-cli", "-p", str(port), "ping"], capture_output=True, text=True
        ).stdout.strip()
        != "PONG"
    ):
        if time.monotonic() > deadline or server.poll() is not None:
            raise SystemExit("redis-server did not start")
        time.sleep(0.1)
    try:
        yield server.pid, f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


class AccessLog:
    """The statuses gunicorn logged: what the server answered, including requests it served
    after wrk stopped waiting (their CPU is spent all the same)."""

    def __init__(self, path):
        self.path = path

    def statuses(self):
        try:
            return self.path.read_text().split()
        except FileNotFoundError:
            return []


def settled(meter, log):
    """A reading taken once the server has finished what was sent to it: no new log lines and
    no CPU spent for three checks in a row."""
    previous, quiet = None, 0
    while quiet < 3:
        time.sleep(0.1)
        now = (len(log.statuses()), meter.reading()["app"])
        quiet = quiet + 1 if now == previous else 0
        previous = now
    return meter.reading(), previous[0]


def measure(base, meter, log, page, floor, seconds, connections):
    """Page and floor in alternating slices; totals for each. Requests are counted from the
    server's access log, and each reading waits for the server to settle, so work queued when a
    slice ends is counted in that slice, not the next."""
    totals = {}
    for spec in (page, floor):
        wrk(base + spec["path"], 1, 4, spec["headers"], spec["body"])  # warm up
        totals[spec["name"]] = {"requests": 0, "us": 0, "app": 0.0, "database": 0.0, "bad": 0}
        totals[spec["name"]]["latency"] = []
    for _ in range(max(1, seconds // SLICE_SECONDS)):
        for spec in (page, floor):
            before, lines_before = settled(meter, log)
            measured = wrk(base + spec["path"], SLICE_SECONDS, connections, spec["headers"],
                           spec["body"])  # fmt: skip
            after, lines_after = settled(meter, log)
            app, database = meter.spent(before, after)
            served = log.statuses()[lines_before:lines_after]
            total = totals[spec["name"]]
            total["requests"] += len(served)
            # Every measured URL answers 200: a redirect (to sign in) would be a cheaper page.
            total["bad"] += sum(1 for status in served if status != "200")
            total["us"] += measured["duration_us"]
            total["app"] += app
            total["database"] += database
            total["bad"] += measured["socket_errors"]
            total["latency"].append(measured)
    return totals


def dashboard_under_writes(base, trainer, log_url, log_headers, seeded, seconds, connections):
    """The dashboard at `connections` connections while the client logs a session every second
    (each log a change: the cached fragments are drawn again after it)."""
    import http.client
    import threading
    from urllib.parse import urlsplit

    stop = threading.Event()
    posted = []

    def post_logs():
        pain = 0
        while not stop.wait(1.0):
            pain = (pain + 1) % 10
            body = urlencode(
                {"assignment": seeded["assignment"], "session_number": 1, "status": "done",
                 "pain_before": 2, "pain_after": pain}
            ).encode()  # fmt: skip
            where = urlsplit(log_url)
            connection = http.client.HTTPConnection(where.hostname, where.port, timeout=30)
            try:
                connection.request("POST", where.path, body=body, headers=log_headers)
                posted.append(connection.getresponse().status)
            finally:
                connection.close()

    poster = threading.Thread(target=post_logs)
    poster.start()
    try:
        measured = wrk(base + "/", seconds, connections, trainer)
    finally:
        stop.set()
        poster.join()
    return {
        "seconds": seconds,
        "connections": connections,
        "requests": measured["requests"],
        "log_posts": len(posted),
        "log_posts_ok": posted.count(200),
        "p50_ms": round(measured["p50_us"] / 1000, 1),
        "p95_ms": round(measured["p95_us"] / 1000, 1),
        "p99_ms": round(measured["p99_us"] / 1000, 1),
        "errors": measured["socket_errors"] + measured["bad_status"],
    }


def summarise(name, total):
    requests = max(total["requests"], 1)
    slices = total["latency"]
    # Percentiles of the slices, weighted by their requests: close to the whole run's.
    counted = max(sum(s["requests"] for s in slices), 1)
    weighted = {
        key: sum(s[key] * s["requests"] for s in slices) / counted
        for key in ("p50_us", "p95_us", "p99_us")
    }
    return {
        "page": name,
        "requests_per_second": round(requests / (total["us"] / 1e6), 1),
        "p50_ms": round(weighted["p50_us"] / 1000, 1),
        "p95_ms": round(weighted["p95_us"] / 1000, 1),
        "p99_ms": round(weighted["p99_us"] / 1000, 1),
        "app_cpu_ms_per_request": round(1000 * total["app"] / requests, 2),
        "database_cpu_ms_per_request": round(1000 * total["database"] / requests, 2),
        "cpu_ms_per_request": round(1000 * (total["app"] + total["database"]) / requests, 2),
        "errors": total["bad"],
        "requests": total["requests"],
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page (and as much floor)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument(
        "--cache",
        choices=["redis", "database"],
        default="redis",
        help="the shared cache: a private Redis (as production) or the database cache",
    )
    parser.add_argument("--scale", type=float, default=1.0, help="size of the rest of the practice")
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    parser.add_argument("--skip-seed", action="store_true", help="reuse the database --keep kept")
    parser.add_argument("--pages", default="", help="comma-separated page names (default: all)")
    parser.add_argument(
        "--dashboard-check",
        type=int,
        default=20,
        metavar="SECONDS",
        help="then the dashboard alone for this long with a session log posted every second "
        "(0: skip)",
    )
    args = parser.parse_args(argv)

    engine = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    kept = ROOT / "bench" / f".seeded-{engine}.json"
    pg_admin = args.database_url.replace("postgres://", "postgresql://", 1) or None
    if args.skip_seed:
        if not kept.exists():
            raise SystemExit(f"--skip-seed: nothing kept yet ({kept.name}); run with --keep first")
        previous = json.loads(kept.read_text())
        scratch_dir, database_url = Path(previous["scratch_dir"]), previous["database_url"]
        name = database_url.rsplit("/", 1)[1]
    else:
        scratch_dir = Path(tempfile.mkdtemp(prefix="psoas-bench-"))
        if engine == "sqlite":
            database_url = f"sqlite:///{scratch_dir / 'bench.sqlite3'}"
        else:
            import psycopg

            name = f"psoas_bench_{secrets.token_hex(3)}"
            with psycopg.connect(pg_admin, autocommit=True) as db:
                db.execute(f'CREATE DATABASE "{name}"')
            database_url = args.database_url.rsplit("/", 1)[0] + "/" + name

    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "CACHE_URL"}}
    env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_URL": "smtp://127.0.0.1:25",
            "SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": database_url,
            "STATIC_ROOT": str(scratch_dir / "static"),
            "BENCH_FLOOR": "1",
            "SHARE_GUESS_LIMIT": "1000000",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        }
    )
    python = sys.executable
    wanted = {n.strip() for n in args.pages.split(",") if n.strip()}
    redis = private_redis(scratch_dir) if args.cache == "redis" else nullcontext((None, ""))
    with redis as (redis_pid, redis_url):
        if redis_url:
            env["CACHE_URL"] = redis_url
        try:
            started = time.monotonic()
            run([python, "manage.py", "migrate", "--no-input"], env)
            run([python, "manage.py", "collectstatic", "--no-input"], env)
            if args.skip_seed:
                seeded = previous["seeded"]
                # A new session for the busy trainer: the kept one was signed with another key.
                output = run([python, "-m", "bench.seed", "--session-only"], env).stdout
                seeded["session"] = json.loads(output.strip().splitlines()[-1])["session"]
                seed_seconds = previous["seed_seconds"]
            else:
                output = run([python, "-m", "bench.seed", "--scale", str(args.scale)], env).stdout
                seeded = json.loads(output.strip().splitlines()[-1])
                seed_seconds = time.monotonic() - started
            print(f"Seeded in {seed_seconds:.0f} s: {seeded['counts']}", file=sys.stderr)
            if args.keep:
                kept.write_text(
                    json.dumps(
                        {
                            "scratch_dir": str(scratch_dir),
                            "database_url": database_url,
                            "seeded": seeded,
                            "seed_seconds": round(seed_seconds),
                        }
                    )
                )

            access_log = scratch_dir / "access.log"
            access_log.unlink(missing_ok=True)
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            server = subprocess.Popen(
                [python, "-m", "gunicorn", "trainer_site.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", str(args.workers), "--access-logfile", str(access_log),
                 "--access-logformat", "%(s)s",
                 "--logger-class", "trainer_site.redaction.RedactingGunicornLogger"],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            wait_until_answering(port, server)
            meter = CpuMeter(
                [*process_tree(server.pid), *([redis_pid] if redis_pid else [])],
                pg_admin if engine == "postgresql" else None,
                name if engine == "postgresql" else None,
            )
            trainer = {"Cookie": f"__Host-sessionid={seeded['session']}"}

            # The HTMX log post as the client's phone sends it: no CSRF token (the page has
            # none), the browser's same-origin headers (clients.views.shared.shared_page).
            log_body = urlencode(
                {"assignment": seeded["assignment"], "session_number": 1, "status": "done",
                 "pain_before": 3, "pain_after": 2}
            )  # fmt: skip
            log_headers = {
                "HX-Request": "true",
                "Content-Type": "application/x-www-form-urlencoded",
                "Origin": base,
                "Sec-Fetch-Site": "same-origin",
            }
            floors = {
                "anonymous": {"name": "floor", "path": "/bench/floor/", "headers": {}},
                "signed in": {"name": "floor", "path": "/bench/floor/", "headers": trainer},
            }
            for spec in floors.values():
                spec["body"] = None
            pages = [
                ("dashboard", "/", trainer, None),
                ("practice dashboard", "/practice/", trainer, None),  # 10 trainers (bench.seed)
                ("client list", "/clients/", trainer, None),
                ("client page", f"/clients/{seeded['client']}/", trainer, None),
                ("routine builder", f"/routines/{seeded['routine']}/", trainer, None),
                ("library search", "/library/?q=pose", trainer, None),
                ("shared page", f"/s/{seeded['token']}/", {}, None),
                ("htmx log post", f"/s/{seeded['token']}/log/", log_headers, log_body),
            ]
            for page_name, path, headers, body in pages:
                if body is None:  # a page that redirects (to sign in) would measure nothing
                    status = subprocess.run(
                        ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
                         *[f"-H{name}: {value}" for name, value in headers.items()], base + path],
                        capture_output=True, text=True,
                    ).stdout  # fmt: skip
                    if status != "200":
                        raise SystemExit(f"{page_name} answered {status}, not 200")
            anonymous = {"shared page", "htmx log post"}
            results = []
            for page_name, path, headers, body in pages:
                if wanted and page_name not in wanted:
                    continue
                floor = floors["anonymous" if page_name in anonymous else "signed in"]
                spec = {"name": page_name, "path": path, "headers": headers, "body": body}
                totals = measure(
                    base, meter, AccessLog(access_log), spec, floor, args.seconds, args.connections
                )
                row = summarise(page_name, totals[page_name])
                floor_row = summarise("floor", totals["floor"])
                row["floor"] = floor_row
                row["ratio_to_floor"] = round(
                    row["cpu_ms_per_request"] / max(floor_row["cpu_ms_per_request"], 0.001), 2
                )
                results.append(row)
                print(
                    f"  {page_name}: {row['cpu_ms_per_request']} ms vs floor "
                    f"{floor_row['cpu_ms_per_request']} ms = {row['ratio_to_floor']}x",
                    file=sys.stderr,
                )
            if args.dashboard_check:
                check = dashboard_under_writes(
                    base, trainer, f"{base}/s/{seeded['token']}/log/", log_headers, seeded,
                    args.dashboard_check, args.connections,
                )  # fmt: skip
                print(
                    f"  dashboard with a log post every second: p95 {check['p95_ms']} ms",
                    file=sys.stderr,
                )
            meter.close()
            server.terminate()
            server.wait(timeout=30)
        finally:
            if engine == "postgresql" and not (args.keep or args.skip_seed):
                import psycopg

                with psycopg.connect(pg_admin, autocommit=True) as db:
                    db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            if args.keep or args.skip_seed:
                print(f"Kept: {database_url}", file=sys.stderr)
            else:
                shutil.rmtree(scratch_dir, ignore_errors=True)  # the SQLite file is ~170 MB

    report = {
        "engine": engine,
        "cache": args.cache,
        "gunicorn_workers": args.workers,
        "connections": args.connections,
        "seconds_per_page": args.seconds,
        "seeded": seeded["counts"],
        "seed_seconds": round(seed_seconds),
        "load_average": os.getloadavg(),
        "pages": results,
        "dashboard_with_log_posts": check if args.dashboard_check else None,
    }
    print(
        f"\nPsoas Coach benchmark on {engine} ({args.cache} cache): gunicorn {args.workers} sync "
        f"workers, wrk {args.connections} connections, {args.seconds} s per page interleaved "
        f"with as much floor; {seeded['counts']['clients']:,} clients, "
        f"{seeded['counts']['session_logs']:,} logs (the measured trainer: 500 clients, "
        f"{seeded['counts']['busy_trainer_logs']:,} logs)"
    )
    print(
        f"{'page':<17}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'app ms':>8}"
        f"{'db ms':>7}{'CPU ms':>8}{'floor ms':>9}{'ratio':>7}{'errors':>7}"
    )
    for r in results:
        print(
            f"{r['page']:<17}{r['requests_per_second']:>8}{r['p50_ms']:>8}{r['p95_ms']:>8}"
            f"{r['p99_ms']:>8}{r['app_cpu_ms_per_request']:>8}"
            f"{r['database_cpu_ms_per_request']:>7}{r['cpu_ms_per_request']:>8}"
            f"{r['floor']['cpu_ms_per_request']:>9}{r['ratio_to_floor']:>7}{r['errors']:>7}"
        )
    if args.dashboard_check:
        c = check
        print(
            f"\nDashboard for {c['seconds']} s at {c['connections']} connections with a session "
            f"log posted every second ({c['log_posts_ok']}/{c['log_posts']} posts answered 200): "
            f"p50 {c['p50_ms']} ms, p95 {c['p95_ms']} ms, p99 {c['p99_ms']} ms, "
            f"{c['requests']} requests, {c['errors']} errors"
        )
    if not wanted:
        out = ROOT / "bench" / f"results-{engine}.json"
        out.write_text(json.dumps(report, indent=2))
        print(f"\nJSON: {out.relative_to(ROOT)}")
    return report


if __name__ == "__main__":
    main()
