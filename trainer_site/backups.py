"""Consistent backups and their checks, for SQLite (online backup API) and PostgreSQL (pg_dump).

A backup is one file: a SQLite database, or a pg_dump custom-format archive, encrypted with age
(pyrage) to the public keys in settings.BACKUP_AGE_RECIPIENTS when there are any: a backup holds
the clients' health data, and the host that writes it needs only the public key, so a stolen
backup (or backup host) reveals nothing. Checking a backup decrypts it with the private key
(the identity file) into a private temporary folder and opens that copy, never the live
database: integrity, which migrations it has, and how many rows matter.
"""

import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import dj_database_url
from django.db import connection
from django.db.migrations.loader import MigrationLoader

SQLITE_MAGIC = b"SQLite format 3\x00"
PGDUMP_MAGIC = b"PGDMP"
AGE_MAGIC = b"age-encryption.org/v1\n"
COUNTED_TABLES = [
    "auth_user",
    "clients_client",
    "clients_intake",
    "clients_assignment",
    "clients_sessionlog",
    "routines_routine",
    "routines_stretch",
]


class BackupError(Exception):
    pass


def _head(path, size=32):
    with Path(path).open("rb") as file:
        return file.read(size)


def is_encrypted(path):
    return _head(path).startswith(AGE_MAGIC)


def kind_of(path):
    head = _head(path, 16)
    if head.startswith(SQLITE_MAGIC):
        return "sqlite"
    if head.startswith(PGDUMP_MAGIC):
        return "postgresql"
    raise BackupError(f"{path} is neither a SQLite database nor a pg_dump archive.")


def _pg_url(settings_dict):
    user = settings_dict["USER"] or ""
    password = f":{settings_dict['PASSWORD']}" if settings_dict["PASSWORD"] else ""
    host = settings_dict["HOST"] or "127.0.0.1"
    port = settings_dict["PORT"] or 5432
    return f"postgresql://{user}{password}@{host}:{port}/{settings_dict['NAME']}"


def make_backup(output):
    """Write a consistent copy of the live database to `output` while the app keeps running."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(output) as target:
            # The online backup API copies a consistent snapshot, even in WAL mode under writes.
            connection.connection.backup(target)
        with sqlite3.connect(output) as target:
            target.execute("PRAGMA journal_mode=DELETE")  # a single self-contained file
    elif connection.vendor == "postgresql":
        url = _pg_url(connection.settings_dict)
        subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", f"--file={output}", f"--dbname={url}"],
            check=True,
            capture_output=True,
            text=True,
        )
    else:
        raise BackupError(f"Backups of {connection.vendor} are not supported.")
    return output


@dataclass
class Report:
    kind: str
    integrity: str
    applied: set = field(default_factory=set)
    missing: list = field(default_factory=list)  # in the code, not in the backup
    unknown: list = field(default_factory=list)  # in the backup, not in the code
    rows: dict = field(default_factory=dict)

    @property
    def ok(self):
        return self.integrity == "ok" and not self.unknown


def _migration_state(applied):
    loader = MigrationLoader(None, ignore_no_migrations=True)
    known = set(loader.graph.nodes)
    return sorted(known - applied), sorted(applied - known)


def _inspect_sqlite(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
        integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
        applied = set(db.execute("SELECT app, name FROM django_migrations").fetchall())
        rows = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in COUNTED_TABLES}
    return integrity, applied, rows


def _inspect_postgres(url):
    import psycopg

    with psycopg.connect(url) as db:
        applied = set(db.execute("SELECT app, name FROM django_migrations").fetchall())
        rows = {t: db.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in COUNTED_TABLES}
    return "ok", applied, rows


def inspect_database(url):
    """Integrity, migration state and row counts of the database at `url`."""
    config = dj_database_url.parse(url)
    if config["ENGINE"].endswith("sqlite3"):
        integrity, applied, rows = _inspect_sqlite(config["NAME"])
        kind = "sqlite"
    else:
        integrity, applied, rows = _inspect_postgres(_pg_url(config))
        kind = "postgresql"
    missing, unknown = _migration_state(applied)
    return Report(kind, integrity, applied, missing, unknown, rows)


def restore(backup, into_url):
    """Restore `backup` into the (empty or replaceable) database at `into_url`."""
    kind = kind_of(backup)
    config = dj_database_url.parse(into_url)
    target_is_sqlite = config["ENGINE"].endswith("sqlite3")
    if (kind == "sqlite") != target_is_sqlite:
        raise BackupError(f"A {kind} backup cannot be restored into that database.")
    if kind == "sqlite":
        with sqlite3.connect(backup) as source, sqlite3.connect(config["NAME"]) as target:
            source.backup(target)
    else:
        result = subprocess.run(
            [
                "pg_restore", "--clean", "--if-exists", "--no-owner", "--exit-on-error",
                f"--dbname={_pg_url(config)}", str(backup),
            ],
            capture_output=True,
            text=True,
        )  # fmt: skip
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()[:500]}")
    return inspect_database(into_url)


def check_backup(backup):
    """Check a backup without touching any live database (PostgreSQL: a scratch copy)."""
    kind = kind_of(backup)
    if kind == "sqlite":
        with tempfile.TemporaryDirectory() as scratch:
            copy = Path(scratch) / "check.sqlite3"
            shutil.copyfile(backup, copy)
            try:
                return inspect_database(f"sqlite:///{copy}")
            except sqlite3.DatabaseError as error:
                return Report("sqlite", f"unreadable: {error}")
    listing = subprocess.run(["pg_restore", "--list", str(backup)], capture_output=True, text=True)
    if listing.returncode != 0:
        return Report("postgresql", f"unreadable: {listing.stderr.strip()[:300]}")
    return None  # a full PostgreSQL check restores into a scratch database: see the command


# --- Encryption (age, through pyrage) -------------------------------------------------------


def recipients(public_keys):
    """age public keys ("age1...") to encrypt to; BackupError names one that is not."""
    import pyrage
    from pyrage import x25519

    parsed = []
    for key in public_keys:
        try:
            parsed.append(x25519.Recipient.from_str(key.strip()))
        except pyrage.RecipientError:
            raise BackupError(f"{key[:12]}... is not an age public key (age1...).") from None
    return parsed


def identities(identity_file):
    """The private keys ("AGE-SECRET-KEY-1...") in an identity file; comment lines are skipped."""
    import pyrage
    from pyrage import x25519

    path = Path(identity_file)
    if not path.is_file():
        raise BackupError(f"No identity file at {path}.")
    keys = [line.strip() for line in path.read_text().splitlines() if line.startswith("AGE-")]
    try:
        found = [x25519.Identity.from_str(key) for key in keys]
    except pyrage.IdentityError:
        raise BackupError(f"{path} holds a line that is not an age private key.") from None
    if not found:
        raise BackupError(f"{path} holds no age private key (AGE-SECRET-KEY-1...).")
    return found


def new_identity():
    """A new key pair: (the identity file's text, the public key)."""
    from pyrage import x25519

    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    return f"# Psoas Coach backup key\n# public key: {public}\n{identity}\n", public


def encrypt(plain, output, public_keys):
    import pyrage

    pyrage.encrypt_file(str(plain), str(output), recipients(public_keys))


@contextmanager
def decrypted(backup, identity_file=None):
    """The plain backup: the file itself when it is not encrypted, else a decrypted copy in a
    temporary folder only this user can read, deleted afterwards."""
    if not is_encrypted(backup):
        yield Path(backup)
        return
    if not identity_file:
        raise BackupError(
            "This backup is encrypted (age): give the private key with --identity FILE "
            "(or BACKUP_AGE_IDENTITY_FILE)."
        )
    import pyrage

    keys = identities(identity_file)
    with tempfile.TemporaryDirectory(prefix="psoas-restore-") as scratch:  # mode 0700
        plain = Path(scratch) / "backup"
        try:
            pyrage.decrypt_file(str(backup), str(plain), keys)
        except pyrage.DecryptError as error:
            raise BackupError(f"Could not decrypt {backup} with that key: {error}.") from None
        yield plain
