"""Make a consistent backup of the database while the app keeps running."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from trainer_site.backups import BackupError, check_backup, make_backup


class Command(BaseCommand):
    help = "Back up the database to one file (SQLite online backup, or pg_dump), then check it."

    def add_arguments(self, parser):
        parser.add_argument("--output", help="File to write (default: BACKUP_DIR/psoas-<time>).")

    def handle(self, *args, output=None, **options):
        if not output:
            stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
            output = Path(settings.BACKUP_DIR) / f"psoas-{stamp}.backup"
        try:
            written = make_backup(output)
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        except Exception as error:  # pg_dump missing or failing
            raise CommandError(f"Backup failed: {error}") from error
        report = check_backup(written)
        if report is not None and not report.ok:
            raise CommandError(f"The backup at {written} failed its check: {report.integrity}")
        size = written.stat().st_size
        self.stdout.write(self.style.SUCCESS(f"Backup written to {written} ({size:,} bytes)."))
