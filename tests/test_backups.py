"""Backups: a consistent copy while the app runs, a check that proves it usable, and a restore
that finds the data again. On SQLite and PostgreSQL alike (whichever the suite runs on)."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from clients import assigning, session_logs
from tests.factories import make_client, make_intake, make_routine, make_trainer
from tests.scratch import scratch_database
from trainer_site.backups import inspect_database

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump sees committed data only


@pytest.fixture
def practice(library_loaded):
    from routines.models import Stretch

    tess = make_trainer("backup-tess")
    bea = make_client(tess, name="Backup Bea")
    make_intake(bea)
    bea.refresh_from_db()
    routine = make_routine(tess, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    plan = assigning.assign(bea, routine, weekdays=list(range(7)))
    session_logs.record_session(plan, timezone.localdate(), 1, status="done", pain_after=2)
    return bea


def run(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_backup_check_and_restore_find_the_data(tmp_path, practice):
    backup = tmp_path / "nightly.backup"
    assert "Backup written to" in run("backup", f"--output={backup}")

    checked = run("restore", str(backup), "--check")
    assert "Integrity: ok" in checked
    assert "Migrations: up to date" in checked
    assert "clients_client: 1 rows" in checked and "clients_sessionlog: 1 rows" in checked

    with scratch_database(tmp_path) as target:
        restored = run("restore", str(backup), f"--into={target}")
        assert "Migrations: up to date" in restored
        report = inspect_database(target)
        assert report.rows["clients_intake"] == 1
        assert report.rows["clients_sessionlog"] == 1
        assert _client_names(target) == ["Backup Bea"]


def _client_names(url):
    import sqlite3

    import dj_database_url

    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        with sqlite3.connect(config["NAME"]) as db:
            return [row[0] for row in db.execute("SELECT name FROM clients_client")]
    import psycopg

    from trainer_site.backups import _pg_url

    with psycopg.connect(_pg_url(config)) as db:
        return [row[0] for row in db.execute("SELECT name FROM clients_client")]


def test_a_damaged_backup_fails_its_check(tmp_path, practice):
    backup = tmp_path / "nightly.backup"
    run("backup", f"--output={backup}")
    data = bytearray(backup.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\x00" * min(4096, len(data) - middle)
    backup.write_bytes(bytes(data))
    with pytest.raises(CommandError):
        run("restore", str(backup), "--check")


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    junk = tmp_path / "notes.txt"
    junk.write_text("not a database")
    with pytest.raises(CommandError, match="neither a SQLite database nor a pg_dump archive"):
        run("restore", str(junk), "--check")


@pytest.fixture
def backup_key(tmp_path, settings):
    """A backup key made by `backup_keygen`; backups are encrypted to its public half."""
    key_file = tmp_path / "keys" / "backup.key"
    out = run("backup_keygen", str(key_file))
    public = out.rsplit("BACKUP_AGE_RECIPIENTS: ", 1)[1].strip()
    settings.BACKUP_AGE_RECIPIENTS = [public]
    return key_file


def test_an_encrypted_backup_reveals_nothing_and_checks_with_its_key(
    tmp_path, practice, backup_key
):
    backup = tmp_path / "out" / "nightly.backup.age"
    assert "encrypted for 1 key(s)" in run("backup", f"--output={backup}")
    content = backup.read_bytes()
    assert content.startswith(b"age-encryption.org/v1\n")
    assert b"Backup Bea" not in content and b"SQLite format" not in content
    assert b"PGDMP" not in content
    assert list(backup.parent.iterdir()) == [backup]  # no plain copy left beside it

    with pytest.raises(CommandError, match="encrypted"):
        run("restore", str(backup), "--check")
    checked = run("restore", str(backup), "--check", f"--identity={backup_key}")
    assert f"Encryption: age, decrypted with {backup_key}" in checked
    assert "Integrity: ok" in checked and "clients_client: 1 rows" in checked

    with scratch_database(tmp_path) as target:
        run("restore", str(backup), f"--into={target}", f"--identity={backup_key}")
        assert _client_names(target) == ["Backup Bea"]


def test_another_key_cannot_open_an_encrypted_backup(tmp_path, practice, backup_key):
    backup = tmp_path / "nightly.backup.age"
    run("backup", f"--output={backup}")
    stranger = tmp_path / "stranger.key"
    run("backup_keygen", str(stranger))
    with pytest.raises(CommandError, match="Could not decrypt"):
        run("restore", str(backup), "--check", f"--identity={stranger}")


def test_the_key_file_is_private_and_never_overwritten(tmp_path, db):
    key_file = tmp_path / "backup.key"
    run("backup_keygen", str(key_file))
    assert key_file.stat().st_mode & 0o777 == 0o600
    assert "AGE-SECRET-KEY-1" in key_file.read_text()
    with pytest.raises(CommandError, match="never overwritten"):
        run("backup_keygen", str(key_file))


def test_production_refuses_an_unencrypted_backup_unless_asked(tmp_path, practice, settings):
    settings.PRODUCTION = True
    settings.BACKUP_AGE_RECIPIENTS = []
    with pytest.raises(CommandError, match="BACKUP_AGE_RECIPIENTS"):
        run("backup", f"--output={tmp_path / 'plain.backup'}")
    assert "not encrypted" in run("backup", f"--output={tmp_path / 'plain.backup'}", "--no-encrypt")
