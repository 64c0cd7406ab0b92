"""A real gunicorn on loopback: the private-link token never reaches the access log."""

import os
import urllib.error
import urllib.request

from bench.serving import gunicorn
from tests.production import run_in_production
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


def fetch(url):
    try:
        with urllib.request.urlopen(url, timeout=60) as response:
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
    with log_path.open("w") as log, gunicorn(server_env, workers=1, output=log) as port:
        base = f"http://127.0.0.1:{port}"
        assert fetch(f"{base}/s/{token}/") == 200, log_path.read_text()
        assert fetch(f"{base}/s/{'z' * 32}/") == 404
        assert fetch(f"{base}/reminders/stop/{'q' * 32}/") == 404
    written = log_path.read_text()
    assert "/s/[redacted]/" in written
    assert token not in written
    assert "z" * 32 not in written
    assert "/reminders/stop/[redacted]/" in written
    assert "q" * 32 not in written


def test_log_lines_lose_share_and_unsubscribe_tokens():
    token = "Ab3_-" * 7
    line = f'"GET /s/{token}/done/?a=1 HTTP/1.1" "GET /reminders/stop/{token}/ HTTP/1.1"'
    assert redact(line) == (
        '"GET /s/[redacted]/done/?a=1 HTTP/1.1" "GET /reminders/stop/[redacted]/ HTTP/1.1"'
    )
