"""A throwaway database of the same kind as the test run's, for tests that need real processes."""

import os
import secrets
import subprocess
import sys
from contextlib import contextmanager

from django.db import connection

from tests.production import ROOT


@contextmanager
def scratch_database(tmp_path):
    """Yield a DATABASE_URL for an empty database: SQLite file, or a new PostgreSQL database."""
    if connection.vendor != "postgresql":
        yield f"sqlite:///{tmp_path / 'scratch.sqlite3'}"
        return
    import psycopg

    settings = connection.settings_dict
    name = f"psoas_scratch_{secrets.token_hex(4)}"
    admin = {
        "host": settings["HOST"] or "127.0.0.1",
        "port": settings["PORT"] or 5432,
        "user": settings["USER"],
        "password": settings["PASSWORD"] or None,
        "dbname": settings["NAME"],
        "autocommit": True,
    }
    with psycopg.connect(**admin) as admin_connection:
        admin_connection.execute(f'CREATE DATABASE "{name}"')
    password = f":{settings['PASSWORD']}" if settings["PASSWORD"] else ""
    try:
        yield f"postgres://{admin['user']}{password}@{admin['host']}:{admin['port']}/{name}"
    finally:
        with psycopg.connect(**admin) as admin_connection:
            admin_connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def development_env(database_url, **extra):
    """The environment of `make run`, pointed at `database_url`, without pytest's markers."""
    test_only = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update({"DEBUG": "1", "DATABASE_URL": database_url, "EMAIL_URL": "console://"}, **extra)
    return env


def manage(env, *args, **popen):
    """Run manage.py in its own process; returns the CompletedProcess (or Popen if asked)."""
    command = [sys.executable, "manage.py", *args]
    if popen.pop("background", False):
        return subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
