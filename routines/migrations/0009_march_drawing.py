"""The pandiculation march is drawn beside the back of a chair, as its set-up says, instead of
reaching back to a wall behind; its description follows. The drawing's description is also the
photo's, so the admin help says to rewrite it when a photo is added.

Applied only where the description is still the shipped one; reversible the same way.
"""

from django.db import migrations, models

SHIPPED = "A person standing tall with one hand on a wall, slowly lifting one knee to hip height."
CORRECTED = (
    "A person standing tall beside a chair, one hand resting on its back, slowly lifting one "
    "knee to hip height."
)


def _describe(apps, current, wanted):
    Stretch = apps.get_model("routines", "Stretch")
    Stretch.objects.filter(
        owner=None, slug="pandiculation-march", illustration_alt=current
    ).update(illustration_alt=wanted)


def correct(apps, schema_editor):
    _describe(apps, SHIPPED, CORRECTED)


def restore(apps, schema_editor):
    _describe(apps, CORRECTED, SHIPPED)


class Migration(migrations.Migration):
    dependencies = [("routines", "0008_physio_read")]

    operations = [
        migrations.AlterField(
            model_name="stretch",
            name="illustration_alt",
            field=models.CharField(
                blank=True,
                help_text="Describes the picture for screen readers; rewrite it when you add a "
                "photo.",
                max_length=240,
            ),
        ),
        migrations.RunPython(correct, restore),
    ]
