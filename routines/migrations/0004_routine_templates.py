"""Three ready routines (templates) built from the starting library; trainers copy them.

Each step starts from its stretch's default dose; the notes are written for Psoas Coach.
"""

from django.db import migrations

TEMPLATES = [
    {
        "name": "Desk break",
        "goal": (
            "About three minutes between long sitting bouts, done standing or on the office "
            "chair, with no floor space needed."
        ),
        "steps": [
            ("seated-or-lying-pandiculation", "Wake the hips up slowly; no need to push."),
            ("standing-hip-flexor-stretch", "Hold the desk or a wall if you wobble."),
            ("seated-figure-4-chair", "Sit tall and hinge forward only as far as is comfortable."),
        ],
    },
    {
        "name": "Gentle evening release",
        "goal": (
            "A calm routine on the floor before bed for days when the back feels tight; "
            "nothing is held hard."
        ),
        "steps": [
            ("pandiculation-march", "Move slowly and breathe out as you let go."),
            ("supine-figure-4", "Let the floor carry your head and back."),
            ("half-frog-pose", "Rest here; the stretch should feel mild."),
        ],
    },
    {
        "name": "Full psoas session",
        "goal": (
            "The complete sequence for clients who are comfortable on the floor: prepare, "
            "lengthen the hip flexors, then the hip rotators, and finish resting."
        ),
        "steps": [
            ("pandiculation-march", "Start gently to prepare the hips."),
            ("kneeling-lunge", "Tuck the pelvis under before you lean forward."),
            ("pigeon-pose", "Use a block under the hip if it does not reach the floor."),
            ("half-frog-pose", "Finish here and let your breathing slow down."),
        ],
    },
]
DOSE_FIELDS = (
    "hold_seconds",
    "repetitions",
    "sides",
    "tempo_contract_seconds",
    "tempo_release_seconds",
    "tempo_rest_seconds",
)


def load_templates(apps, schema_editor):
    Routine = apps.get_model("routines", "Routine")
    RoutineStep = apps.get_model("routines", "RoutineStep")
    Stretch = apps.get_model("routines", "Stretch")
    stretches = {stretch.slug: stretch for stretch in Stretch.objects.filter(owner=None)}
    for content in TEMPLATES:
        routine = Routine.objects.create(
            owner=None, is_template=True, name=content["name"], goal=content["goal"]
        )
        for position, (slug, note) in enumerate(content["steps"], start=1):
            stretch = stretches[slug]
            RoutineStep.objects.create(
                routine=routine,
                stretch=stretch,
                position=position,
                client_note=note,
                **{field: getattr(stretch, field) for field in DOSE_FIELDS},
            )


def remove_templates(apps, schema_editor):
    Routine = apps.get_model("routines", "Routine")
    names = [content["name"] for content in TEMPLATES]
    Routine.objects.filter(owner=None, is_template=True, name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("routines", "0003_routines")]

    operations = [migrations.RunPython(load_templates, remove_templates)]
