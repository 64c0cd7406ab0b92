"""make bench: seed a large practice, serve it with gunicorn, drive the key pages with wrk.

    python -m bench.run [--seconds 10] [--connections 16] [--database-url URL] [--skip-seed]

SQLite by default (a scratch file in bench/); PostgreSQL when the URL says postgres:// (a new
database on that server, dropped afterwards unless --keep). In the same run it measures the
"floor": a minimal page with one query, served by the same gunicorn, anonymous and signed in.
For every page: requests/s, p50/p95/p99 latency, server CPU ms per request (the gunicorn
processes' user+system time from /proc), and the ratio to the floor. Prints a table and writes
bench/results-<engine>.json.
"""

import argparse
import json
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

from bench.serving import ROOT, free_port, wait_until_answering

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime + stime, in clock ticks
    return total / TICKS


def process_tree(pid):
    children = subprocess.run(
        ["pgrep", "-P", str(pid)], capture_output=True, text=True
    ).stdout.split()
    return [pid, *map(int, children)]


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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=10, help="per page")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--keep", action="store_true", help="keep the seeded database")
    args = parser.parse_args(argv)

    engine = "postgresql" if args.database_url.startswith("postgres") else "sqlite"
    scratch_dir = Path(tempfile.mkdtemp(prefix="psoas-bench-"))
    pg_admin = None
    if engine == "sqlite":
        database_url = f"sqlite:///{scratch_dir / 'bench.sqlite3'}"
    else:
        import psycopg

        pg_admin = args.database_url.replace("postgres://", "postgresql://", 1)
        name = f"psoas_bench_{secrets.token_hex(3)}"
        with psycopg.connect(pg_admin, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{name}"')
        database_url = args.database_url.rsplit("/", 1)[0] + "/" + name

    env = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION"}}
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
    try:
        started = time.monotonic()
        run([python, "manage.py", "migrate", "--no-input"], env)
        run([python, "manage.py", "collectstatic", "--no-input"], env)
        seeded = json.loads(run([python, "-m", "bench.seed"], env).stdout.strip().splitlines()[-1])
        seed_seconds = time.monotonic() - started
        print(f"Seeded in {seed_seconds:.0f} s: {seeded['counts']}", file=sys.stderr)

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [python, "-m", "gunicorn", "trainer_site.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", str(args.workers), "--access-logfile", "/dev/null",
             "--logger-class", "trainer_site.redaction.RedactingGunicornLogger"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        wait_until_answering(port, server)
        pids = process_tree(server.pid)
        trainer = {"Cookie": f"__Host-sessionid={seeded['session']}"}

        # A CSRF token for the HTMX log post, as the client's browser would have it.
        page = subprocess.run(
            ["curl", "-s", "-D", "-", "-o", "/dev/null", f"{base}/s/{seeded['token']}/"],
            capture_output=True, text=True,
        ).stdout  # fmt: skip
        csrf = re.search(r"__Host-csrftoken=([^;]+)", page).group(1)
        log_body = urlencode(
            {"assignment": seeded["assignment"], "session_number": 1, "status": "done",
             "pain_before": 3, "pain_after": 2}
        )  # fmt: skip
        log_headers = {
            "Cookie": f"__Host-csrftoken={csrf}",
            "X-CSRFToken": csrf,
            "HX-Request": "true",
            "Content-Type": "application/x-www-form-urlencoded",
            "Origin": base,
        }
        pages = [
            ("floor (anonymous)", "/bench/floor/", {}, None),
            ("floor (signed in)", "/bench/floor/", trainer, None),
            ("dashboard", "/", trainer, None),
            ("client list", "/clients/", trainer, None),
            ("client page", f"/clients/{seeded['client']}/", trainer, None),
            ("routine builder", f"/routines/{seeded['routine']}/", trainer, None),
            ("library search", "/library/?q=pose", trainer, None),
            ("shared page", f"/s/{seeded['token']}/", {}, None),
            ("htmx log post", f"/s/{seeded['token']}/log/", log_headers, log_body),
        ]
        results = []
        for name, path, headers, body in pages:
            wrk(base + path, 2, 4, headers, body)  # warm up workers and caches
            before = cpu_seconds(pids)
            measured = wrk(base + path, args.seconds, args.connections, headers, body)
            cpu = cpu_seconds(pids) - before
            requests = max(measured["requests"], 1)
            results.append(
                {
                    "page": name,
                    "requests_per_second": round(requests / (measured["duration_us"] / 1e6), 1),
                    "p50_ms": round(measured["p50_us"] / 1000, 1),
                    "p95_ms": round(measured["p95_us"] / 1000, 1),
                    "p99_ms": round(measured["p99_us"] / 1000, 1),
                    "cpu_ms_per_request": round(1000 * cpu / requests, 2),
                    "errors": measured["socket_errors"] + measured["bad_status"],
                    "requests": measured["requests"],
                }
            )
            print(f"  {name}: {results[-1]['requests_per_second']}/s", file=sys.stderr)
        server.terminate()
        server.wait(timeout=30)
    finally:
        if pg_admin and not args.keep:
            import psycopg

            with psycopg.connect(pg_admin, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if args.keep:
            print(f"Kept: {database_url}", file=sys.stderr)
        else:
            shutil.rmtree(scratch_dir, ignore_errors=True)  # the SQLite file is ~170 MB

    floors = {"anonymous": results[0], "signed in": results[1]}
    for row in results:
        floor = (
            floors["anonymous"]
            if row["page"] in {"shared page", "htmx log post", "floor (anonymous)"}
            else floors["signed in"]
        )
        row["ratio_to_floor"] = round(row["requests_per_second"] / floor["requests_per_second"], 2)

    report = {
        "engine": engine,
        "gunicorn_workers": args.workers,
        "connections": args.connections,
        "seconds_per_page": args.seconds,
        "seeded": seeded["counts"],
        "seed_seconds": round(seed_seconds),
        "pages": results,
    }
    print(
        f"\nPsoas Coach benchmark on {engine}: gunicorn {args.workers} sync workers, wrk "
        f"{args.connections} connections, {args.seconds} s per page; "
        f"{seeded['counts']['clients']:,} clients, {seeded['counts']['session_logs']:,} logs "
        f"(the measured trainer: 500 clients, {seeded['counts']['busy_trainer_logs']:,} logs)"
    )
    print(
        f"{'page':<20}{'req/s':>8}{'p50 ms':>8}{'p95 ms':>8}{'p99 ms':>8}{'CPU ms':>8}"
        f"{'floor':>7}{'errors':>8}"
    )
    for r in results:
        print(
            f"{r['page']:<20}{r['requests_per_second']:>8}{r['p50_ms']:>8}{r['p95_ms']:>8}"
            f"{r['p99_ms']:>8}{r['cpu_ms_per_request']:>8}{r['ratio_to_floor']:>7}{r['errors']:>8}"
        )
    out = ROOT / "bench" / f"results-{engine}.json"
    out.write_text(json.dumps(report, indent=2))
    print(f"\nJSON: {out.relative_to(ROOT)}")
    return report


if __name__ == "__main__":
    main()
