"""Make the backup key: an age key pair. The private half goes to a file kept off the app hosts
(it decrypts the backups); the public half is what BACKUP_AGE_RECIPIENTS needs."""

import os
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from trainer_site.backups import new_identity


class Command(BaseCommand):
    help = "Write a new age key pair for encrypted backups; prints the public key."

    def add_arguments(self, parser):
        parser.add_argument("output", help="Where to write the private key (never overwritten).")

    def handle(self, *args, output, **options):
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} exists already; a key is never overwritten.")
        text, public = new_identity()
        path.parent.mkdir(parents=True, exist_ok=True)
        # Created readable by its owner only, before anything is written into it.
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            file.write(text)
        self.stdout.write(f"Private key written to {path}: keep it (and a copy) off the app hosts.")
        self.stdout.write(f"Public key, for BACKUP_AGE_RECIPIENTS: {public}")
