"""Load a demo trainer with a few clients. Safe to run again: it updates rather than duplicates."""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from clients.models import AgeBand, Client

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "stretch-demo-2026"  # noqa: S105 - a published demo login, refused in production
DEMO_CLIENTS = [
    {"name": "Amira Haddad", "age_band": AgeBand.FROM_35_TO_49, "notes": "Software developer."},
    {"name": "Ben Okafor", "age_band": AgeBand.FROM_20_TO_34, "notes": "Cyclist, long commutes."},
    {"name": "Carla Mendes", "age_band": AgeBand.FROM_50_TO_64, "notes": "Accountant."},
    {"name": "Dev Patel", "age_band": AgeBand.FROM_35_TO_49, "notes": "Drives for work."},
]


class Command(BaseCommand):
    help = "Create or refresh the demo trainer and their clients (development only)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production",
            action="store_true",
            help="Load the demo even with DEBUG off (its password is public).",
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if settings.PRODUCTION and not allow_production:
            raise CommandError("Refusing: the demo login has a public password (DEBUG is off).")
        trainer, _ = User.objects.update_or_create(
            username=DEMO_USERNAME,
            defaults={"first_name": "Dana", "last_name": "Demo", "email": "demo@example.com"},
        )
        trainer.set_password(DEMO_PASSWORD)
        trainer.save(update_fields=["password"])
        for fields in DEMO_CLIENTS:
            Client.objects.update_or_create(trainer=trainer, name=fields["name"], defaults=fields)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo trainer ready. Sign in as '{DEMO_USERNAME}' with password '{DEMO_PASSWORD}'."
            )
        )
