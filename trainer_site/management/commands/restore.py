"""Check a backup, or restore it into a database, and verify integrity and migration state.
An encrypted backup is decrypted first with the private key (--identity), which proves the key
opens it."""

import secrets

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from trainer_site.backups import (
    BackupError,
    check_backup,
    decrypted,
    is_encrypted,
    kind_of,
    restore,
)


class Command(BaseCommand):
    help = (
        "restore FILE --check: verify a backup without touching the live database. "
        "restore FILE --into DATABASE_URL: restore it into that database and verify."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup")
        parser.add_argument("--check", action="store_true", help="Only verify the backup.")
        parser.add_argument("--into", help="DATABASE_URL of the database to restore into.")
        parser.add_argument(
            "--identity",
            default=settings.BACKUP_AGE_IDENTITY_FILE or None,
            help="age identity file (the backup key's private half) for an encrypted backup.",
        )

    def handle(self, *args, backup, check=False, into=None, identity=None, **options):
        if not check and not into:
            raise CommandError("Say what to do: --check, or --into DATABASE_URL.")
        try:
            encrypted = is_encrypted(backup)
            with decrypted(backup, identity) as plain:
                if check:
                    report = check_backup(plain)
                    if report is None:  # PostgreSQL: restore into a scratch database, look there
                        report = self._check_postgres(plain)
                else:
                    report = restore(plain, into)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Encryption: age, decrypted with {identity}" if encrypted else "Encryption: none"
        )
        self._print(report)
        if not report.ok:
            raise CommandError("The backup is not usable as it is (see above).")

    def _check_postgres(self, backup):
        import psycopg

        from trainer_site.backups import _pg_url

        if kind_of(backup) != "postgresql" or connection.vendor != "postgresql":
            raise CommandError("Checking a pg_dump archive needs a PostgreSQL DATABASE_URL.")
        base = dict(connection.settings_dict)
        scratch = f"psoas_restore_check_{secrets.token_hex(4)}"
        admin = _pg_url(base)
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f'CREATE DATABASE "{scratch}"')
        try:
            return restore(
                backup, _pg_url({**base, "NAME": scratch}).replace("postgresql", "postgres", 1)
            )
        finally:
            with psycopg.connect(admin, autocommit=True) as db:
                db.execute(f'DROP DATABASE IF EXISTS "{scratch}" WITH (FORCE)')

    def _print(self, report):
        self.stdout.write(f"Kind: {report.kind}")
        self.stdout.write(f"Integrity: {report.integrity}")
        if report.unknown:
            self.stdout.write(f"Migrations newer than this code: {report.unknown}")
        elif report.missing:
            self.stdout.write(
                f"Migrations: {len(report.missing)} to apply after restoring (run migrate)"
            )
        else:
            self.stdout.write("Migrations: up to date")
        for table, count in report.rows.items():
            self.stdout.write(f"  {table}: {count} rows")
