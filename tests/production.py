"""Run Django in a fresh process with production-like environment variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "a-production-like-secret-key-for-tests-" + "x" * 40,
    "ALLOWED_HOSTS": "coach.example.com",
    "CSRF_TRUSTED_ORIGINS": "https://coach.example.com",
    "EMAIL_URL": "smtp://mailer:secret@mail.example.com:587",
}


def run_in_production(args, extra_env=None):
    # Drop what the test run itself sets: pytest's marker and the browser tests' async switch.
    test_only = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update(PRODUCTION_ENV, **(extra_env or {}))
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )


def production_get(path, static_root):
    """GET `path` over HTTPS through Django's test client in production mode; headers and cookies.

    `static_root` must hold a real collectstatic run (the manifest names the hashed files)."""
    script = f"""
import json, django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
r = Client(HTTP_HOST="coach.example.com").get({path!r}, secure=True)
print(json.dumps({{"status": r.status_code, "headers": dict(r.headers),
                  "cookies": {{k: dict(v) for k, v in r.cookies.items()}}}}))
"""
    result = run_in_production(
        ["-c", script],
        {"DJANGO_SETTINGS_MODULE": "trainer_site.settings", "STATIC_ROOT": str(static_root)},
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory):
    """A real `collectstatic` in production mode: hashed, compressed files and their manifest."""
    static_root = tmp_path_factory.mktemp("staticfiles")
    result = run_in_production(
        ["manage.py", "collectstatic", "--no-input"], {"STATIC_ROOT": str(static_root)}
    )
    assert result.returncode == 0, result.stderr
    return static_root
