"""Every existing account becomes the owner of its own practice of one, so a solo trainer
notices nothing. Backwards, the practices made here are removed again."""

from django.conf import settings
from django.db import migrations


def one_practice_per_trainer(apps, schema_editor):
    User = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
    Practice = apps.get_model("practices", "Practice")
    Membership = apps.get_model("practices", "Membership")
    for user in User.objects.filter(membership__isnull=True).order_by("pk").iterator():
        practice = Practice.objects.create(name="")
        Membership.objects.create(user=user, practice=practice, role="owner")


def remove_practices(apps, schema_editor):
    Practice = apps.get_model("practices", "Practice")
    Practice.objects.all().delete()  # memberships go with them


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(one_practice_per_trainer, remove_practices)]
