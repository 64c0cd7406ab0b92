"""A real gunicorn on loopback: the private-link token never reaches the access log."""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

from tests.production import ROOT, run_in_production
from trainer_site.redaction import redact

SETUP = """
import django
django.setup()
from clients import share_links
from clients.models import Client
from django.contrib.auth.models import User
trainer = User.objects.create(username="log-test")
client = Client.objects.create(trainer=trainer, name="Log Test")
print(share_links.issue_link(client).token)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def test_gunicorn_access_log_has_no_share_tokens(tmp_path, collected_static):
    database = tmp_path / "db.sqlite3"
    env = {
        "DATABASE_URL": f"sqlite:///{database}",
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        "STATIC_ROOT": str(collected_static),
    }
    migrated = run_in_production(["manage.py", "migrate", "--no-input"], env)
    assert migrated.returncode == 0, migrated.stderr
    made = run_in_production(["-c", SETUP], env)
    assert made.returncode == 0, made.stderr
    token = made.stdout.strip().splitlines()[-1]
    assert len(token) >= 32

    port = free_port()
    log_path = tmp_path / "gunicorn.log"
    server_env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    }
    server_env.update(
        {
            "DEBUG": "0",
            "SECRET_KEY": "x" * 60,
            "EMAIL_URL": "smtp://localhost:25",
            **env,
        }
    )
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "-c",
                "python:trainer_site.gunicorn",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "trainer_site.wsgi",
            ],
            cwd=ROOT,
            env=server_env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            for _ in range(100):
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                    break
                except OSError:
                    time.sleep(0.1)
            base = f"http://127.0.0.1:{port}"
            assert fetch(f"{base}/s/{token}/") == 200, log_path.read_text()
            assert fetch(f"{base}/s/{'z' * 32}/") == 404
        finally:
            server.terminate()
            server.wait(timeout=10)
    written = log_path.read_text()
    assert "/s/[redacted]/" in written
    assert token not in written
    assert "z" * 32 not in written


def test_log_lines_lose_share_and_unsubscribe_tokens():
    token = "Ab3_-" * 7
    line = f'"GET /s/{token}/done/?a=1 HTTP/1.1" "GET /reminders/stop/{token}/ HTTP/1.1"'
    assert redact(line) == (
        '"GET /s/[redacted]/done/?a=1 HTTP/1.1" "GET /reminders/stop/[redacted]/ HTTP/1.1"'
    )
