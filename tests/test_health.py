import os
import subprocess
import sys
from pathlib import Path

from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


def test_healthz_answers_200_without_login_and_is_not_cached(client, db):
    from django.conf import settings
    from django.db import connection

    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.content.decode().splitlines() == [
        "ok",
        f"database: ok ({connection.vendor})",
        f"cache: ok ({'redis' if settings.CACHE_URL else 'database cache'})",
        "storage: ok (local disk)",
    ]
    assert "no-store" in response["Cache-Control"]


def test_healthz_rejects_post(client, db):
    assert client.post(reverse("healthz")).status_code == 405


def test_healthz_answers_503_when_the_database_is_unreachable():
    # A real connection attempt to a port where no database listens, in a fresh process.
    script = (
        "import django; django.setup();"
        "from django.test import Client;"
        "r = Client().get('/healthz');"
        "print(r.status_code, r['Cache-Control']);"
        "print(r.content.decode().splitlines()[0])"
    )
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        "DATABASE_URL": "postgres://nobody@127.0.0.1:9/none?connect_timeout=2",
        "DEBUG": "1",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    first, head = result.stdout.strip().splitlines()[-2:]
    status, cache_control = first.split(" ", 1)
    assert status == "503"
    assert "no-store" in cache_control
    assert head.startswith("database")  # the first line names what does not answer
