"""Erasing a client leaves nothing readable behind in the SQLite file."""

import subprocess
import sys

from tests.production import ROOT
from tests.scratch import development_env, manage

# Some SQLite builds (Debian's) overwrite deleted rows by default, most (python.org's, macOS's)
# do not: every connection starts with secure_delete off here, as on those builds, so only the
# app's own setting can turn it on.
ERASE = """
import sqlite3.dbapi2

connect = sqlite3.dbapi2.connect

def connect_as_most_builds_do(*args, **kwargs):
    connection = connect(*args, **kwargs)
    connection.execute("PRAGMA secure_delete=OFF")
    return connection

sqlite3.dbapi2.connect = connect_as_most_builds_do

import django
django.setup()
from django.db import connection
from django.test import Client as Browser
from clients.models import Client
from tests.factories import make_intake, make_trainer

trainer = make_trainer("erasure-test")
alex = Client.objects.create(trainer=trainer, name="Quillon Zarathustra-Vance",
                             notes="okapi-lamp-notes")
make_intake(alex, notes="zebra-kite-intake")
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
browser = Browser()
browser.force_login(trainer)
erased = browser.post(f"/clients/{alex.pk}/erase/", {"confirm_name": alex.name})
assert erased.status_code == 302, erased.status_code
with connection.cursor() as cursor:
    cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
"""


def test_an_erased_client_is_overwritten_in_the_sqlite_file(tmp_path):
    database = tmp_path / "erasure.sqlite3"
    env = development_env(f"sqlite:///{database}")
    migrated = manage(env, "migrate", "--no-input")
    assert migrated.returncode == 0, migrated.stderr
    erased = subprocess.run(
        [sys.executable, "-c", ERASE],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "trainer_site.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert erased.returncode == 0, erased.stderr
    # The database file and whatever the write-ahead log still holds.
    written = b"".join(path.read_bytes() for path in tmp_path.glob("erasure.sqlite3*"))
    for trace in (b"Quillon Zarathustra-Vance", b"okapi-lamp-notes", b"zebra-kite-intake"):
        assert trace not in written
