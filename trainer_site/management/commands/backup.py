"""Make a consistent backup of the database while the app keeps running, encrypted to the
backup key (BACKUP_AGE_RECIPIENTS) when there is one."""

import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trainer_site.backups import BackupError, check_backup, encrypt, make_backup


class Command(BaseCommand):
    help = (
        "Back up the database to one file (SQLite online backup, or pg_dump), check it, and "
        "encrypt it with age to BACKUP_AGE_RECIPIENTS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: BACKUP_DIR/psoas-<time>).")
        parser.add_argument(
            "--no-encrypt",
            action="store_true",
            help="Write it unencrypted even in production (it holds health data).",
        )

    def handle(self, *args, output=None, no_encrypt=False, **options):
        keys = [] if no_encrypt else settings.BACKUP_AGE_RECIPIENTS
        if not keys and settings.PRODUCTION and not no_encrypt:
            raise CommandError(
                "Backups hold health data: set BACKUP_AGE_RECIPIENTS to the backup key's public "
                "half (make one with `manage.py backup_keygen`), or pass --no-encrypt."
            )
        if not output:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            suffix = ".backup.age" if keys else ".backup"
            output = Path(settings.BACKUP_DIR) / f"psoas-{stamp}{suffix}"
        output = Path(output)
        try:
            if keys:
                # The plain copy lives only in a private temporary folder, checked, then gone.
                with tempfile.TemporaryDirectory(prefix="psoas-backup-") as scratch:
                    plain = make_backup(Path(scratch) / "backup")
                    self._check(plain, output)
                    output.parent.mkdir(parents=True, exist_ok=True)
                    encrypt(plain, output, keys)
            else:
                self._check(make_backup(output), output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        except CommandError:
            raise
        except Exception as error:  # pg_dump missing or failing
            raise CommandError(f"Backup failed: {error}") from error
        size = output.stat().st_size
        how = f", encrypted for {len(keys)} key(s)" if keys else ", not encrypted"
        self.stdout.write(self.style.SUCCESS(f"Backup written to {output} ({size:,} bytes{how})."))

    def _check(self, plain, output):
        report = check_backup(plain)
        if report is not None and not report.ok:
            raise CommandError(f"The backup for {output} failed its check: {report.integrity}")
