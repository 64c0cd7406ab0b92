"""Load a demo trainer with clients whose story shows every part of the app.

Safe to run again: the demo trainer's clients and routines are rebuilt from scratch each time,
so two runs give the same result (only the private-link tokens are new).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from clients import assigning, session_logs, share_links
from clients.models import AgeBand, Client, Intake, MedicalClearance
from practices.membership import start_practice
from practices.models import Membership
from routines.editing import copy_routine
from routines.models import Routine

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "stretch-demo-2026"  # noqa: S105 - a published demo login, refused in production
DEMO_CLIENTS = [
    {"name": "Amira Haddad", "age_band": AgeBand.FROM_35_TO_49, "notes": "Software developer."},
    {"name": "Ben Okafor", "age_band": AgeBand.FROM_20_TO_34, "notes": "Cyclist, long commutes."},
    {"name": "Carla Mendes", "age_band": AgeBand.FROM_50_TO_64, "notes": "Accountant."},
    {"name": "Dev Patel", "age_band": AgeBand.FROM_35_TO_49, "notes": "Drives for work."},
]


def _intake(client, trainer, days_ago, **answers):
    defaults = {
        "pain_now": 5,
        "pain_average_week": 4,
        "pain_worst_week": 7,
        "pain_duration": "6_12_weeks",
        "onset": "gradual",
        "pain_areas": ["low_back_centre"],
        "worse_with": ["sitting"],
        "sitting_hours_workday": 9,
        "sitting_hours_day_off": 5,
        "longest_sitting_minutes": 120,
        "job_type": "desk",
        "activity_minutes_week": 60,
        "strength_days_week": 0,
    }
    intake = Intake.objects.create(
        client=client,
        assessed_on=timezone.localdate() - timedelta(days=days_ago),
        consent_recorded_by=trainer,
        consent_recorded_at=timezone.now() - timedelta(days=days_ago),
        **{**defaults, **answers},
    )
    client.refresh_latest_intake()
    return intake


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
        if not Membership.objects.filter(user=trainer).exists():
            start_practice(trainer)
        # Start from a clean slate: clients first (their assignments protect the routines).
        Client.objects.filter(trainer=trainer).delete()
        Routine.objects.filter(owner=trainer).delete()
        templates = {routine.name: routine for routine in Routine.objects.templates()}
        desk = copy_routine(templates["Desk break"], trainer)
        evening = copy_routine(templates["Gentle evening release"], trainer)
        copy_routine(templates["Full psoas session"], trainer)

        clients = {
            fields["name"]: Client.objects.create(trainer=trainer, **fields)
            for fields in DEMO_CLIENTS
        }
        today = timezone.localdate()

        # Amira: steady, improving; re-assessed twice (the last time with the short form), so
        # her charts, goals beside pain included, have three points.
        amira = clients["Amira Haddad"]
        amira.email = "amira@example.com"
        amira.save(update_fields=["email"])
        for days_ago, pain, sitting, meeting, kids in (
            (70, 6, 10, 3, 2),
            (40, 4, 8.5, 5, 4),
            (10, 3, 8.5, 7, 6),  # the short form carries the sitting answers over
        ):
            _intake(
                amira,
                trainer,
                days_ago,
                pain_now=pain,
                pain_average_week=pain,
                pain_worst_week=pain + 2,
                sitting_hours_workday=sitting,
                cautions=["knee"],
                goal_1="Sitting through a two-hour meeting",
                goal_1_score=meeting,
                goal_2="Playing on the floor with the kids",
                goal_2_score=kids,
                short_reassessment=days_ago == 10,
            )
        amira.refresh_from_db()
        plan = assigning.assign(
            amira, desk, weekdays=[0, 1, 2, 3, 4], starts_on=today - timedelta(days=35)
        )
        for days_ago in range(1, 35):
            day = today - timedelta(days=days_ago)
            if day.weekday() < 5 and days_ago % 6:
                pain = 2 if days_ago < 15 else 3
                session_logs.record_session(
                    plan, day, 1, status="done", pain_before=pain + 1, pain_after=pain
                )
        share_links.issue_link(amira)

        # Ben: a pain jump after yesterday's session.
        ben = clients["Ben Okafor"]
        _intake(ben, trainer, 20, pain_average_week=3, worse_with=["arching"], cautions=["arching"])
        ben.refresh_from_db()
        plan = assigning.assign(
            ben, evening, weekdays=list(range(7)), starts_on=today - timedelta(days=14)
        )
        for days_ago in range(2, 14):
            session_logs.record_session(
                plan,
                today - timedelta(days=days_ago),
                1,
                status="done",
                pain_before=3,
                pain_after=3,
            )
        session_logs.record_session(
            plan,
            today - timedelta(days=1),
            1,
            status="partly",
            pain_before=4,
            pain_after=7,
            note="Sharp pull on the left side.",
        )
        share_links.issue_link(ben)

        # Carla: a refer-tier red flag, cleared by her GP; seven weeks on, time to re-assess.
        carla = clients["Carla Mendes"]
        flagged = _intake(
            carla,
            trainer,
            50,
            red_flags=["age_onset"],
            pain_now=4,
            goal_1="Gardening for an hour",
            goal_1_score=4,
        )
        MedicalClearance.objects.create(
            intake=flagged,
            cleared_by="Dr Ruiz, GP",
            cleared_on=today - timedelta(days=45),
            details="Fine to stretch; build up slowly.",
            recorded_by=trainer,
        )

        # Dev: intake done, red flag not yet cleared.
        _intake(clients["Dev Patel"], trainer, 2, red_flags=["trauma"], job_type="driving")

        self.stdout.write(
            self.style.SUCCESS(
                f"Demo trainer ready. Sign in as '{DEMO_USERNAME}' with password '{DEMO_PASSWORD}'."
            )
        )
