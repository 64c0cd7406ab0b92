"""Library wording after a physiotherapist's read of every stretch and drawing.

- Every stretch names nerve symptoms (tingling, numbness or pain running down the leg) as a
  reason to stop, as the kneeling lunge already did; king pigeon also names the hip, groin and
  back-of-pelvis pain that pigeon lists, since it loads the same joints.
- The seated figure-4 no longer claims the lower back as a target: its own cue keeps the back
  long and hinges from the hips.
- Plain words for a client on a phone: no "crown", no bare "flex the foot", no "turned down";
  half frog's knee goes "further out", not "higher".
- Descriptions of the drawings match the (partly redrawn) pictures.
- The "Desk break" template no longer suggests an office chair on wheels: the seated stretches
  ask for a steady chair.

Each change is applied only where the text is still the shipped one, so an admin's own edit is
kept; reversing restores the shipped text the same way. Trainers' own stretches and routines are
not touched.
"""

from django.db import migrations

NERVE = "Tingling, numbness or pain running down the leg."

# (slug, field, shipped text, corrected text)
TEXT_CHANGES = [
    (
        "pigeon-pose",
        "stop_if",
        "Any twinge inside or around the front knee.\nSharp pain deep in the front hip or "
        "groin.\nPain at the back of the pelvis (the SI joint area).",
        "Any twinge inside or around the front knee.\nSharp pain deep in the front hip or "
        "groin.\nPain at the back of the pelvis (the SI joint area).\n" + NERVE,
    ),
    (
        "pigeon-pose",
        "illustration_alt",
        "A person with the front leg folded across the body and the back leg stretched "
        "straight behind, sitting upright on the hands.",
        "A person sitting upright in pigeon pose: the front leg folded in front with a block "
        "under that hip, the back leg stretched straight behind, hands on the floor.",
    ),
    (
        "king-pigeon-pose",
        "stop_if",
        "Pinching or pain in the low back.\nPain in either knee.\nShoulder pain as you reach "
        "or turn the elbow.",
        "Pinching or pain in the low back.\nPain in either knee.\nPain deep in the hip or "
        "groin, or at the back of the pelvis.\nShoulder pain as you reach or turn the "
        "elbow.\n" + NERVE,
    ),
    (
        "king-pigeon-pose",
        "cues",
        "Lengthen up through the crown before you reach back.\nKeep the belly gently firm so "
        "the bend is shared along the whole spine.\nDraw the foot in by degrees, never by "
        "yanking.",
        "Grow tall through the top of your head before you reach back.\nKeep the belly gently "
        "firm so the bend is shared along the whole spine.\nDraw the foot in by degrees, never "
        "by yanking.",
    ),
    (
        "half-frog-pose",
        "stop_if",
        "Pain in the bent knee, especially with any twist.\nPinching in the low back (slide a "
        "pillow under the belly).\nPain in the hip joint itself.",
        "Pain in the bent knee, especially with any twist.\nPinching in the low back (slide a "
        "pillow under the belly).\nPain in the hip joint itself.\n" + NERVE,
    ),
    (
        "half-frog-pose",
        "common_mistakes",
        "Forcing the knee higher than the hip comfortably allows.\nHolding tension in the "
        "shoulders and neck.\nRushing out of the pose; move slowly on the way out too.",
        "Forcing the knee further out than the hip comfortably allows.\nHolding tension in "
        "the shoulders and neck.\nRushing out of the pose; move slowly on the way out too.",
    ),
    (
        "pandiculation-march",
        "stop_if",
        "Dizziness or losing your balance.\nSharp pain at the front of the hip or in the low back.",
        "Dizziness or losing your balance.\nSharp pain at the front of the hip or in the low "
        "back.\n" + NERVE,
    ),
    (
        "pandiculation-march",
        "illustration_alt",
        "A person standing with one hand on a chair, slowly lifting one knee.",
        "A person standing tall with one hand on a wall, slowly lifting one knee to hip height.",
    ),
    (
        "standing-hip-flexor-stretch",
        "stop_if",
        "A pinch or ache in the low back.\nDizziness, or feeling unsteady even with the support.",
        "A pinch or ache in the low back.\nDizziness, or feeling unsteady even with the "
        "support.\n" + NERVE,
    ),
    (
        "supine-figure-4",
        "stop_if",
        "Pain in the crossed knee.\nPain in the hip joint or groin.",
        "Pain in the crossed knee.\nPain in the hip joint or groin.\n" + NERVE,
    ),
    (
        "supine-figure-4",
        "cues",
        "Head and shoulders stay relaxed on the floor.\nFlexed foot keeps the knee "
        "comfortable.\nUse the strap rather than straining to reach.",
        "Head and shoulders stay relaxed on the floor.\nKeep the toes of the crossed foot "
        "pulled towards the shin.\nUse the strap rather than straining to reach.",
    ),
    (
        "supine-figure-4",
        "illustration_alt",
        "A person lying on their back with one ankle crossed over the other knee, holding the "
        "lower thigh.",
        "A person lying on their back, head down, one ankle crossed over the other thigh just "
        "above the knee, both hands holding the back of that lifted thigh.",
    ),
    (
        "seated-figure-4-chair",
        "stop_if",
        "Knee pain in the crossed leg.\nPain in the hip joint.",
        "Knee pain in the crossed leg.\nPain in the hip joint.\n" + NERVE,
    ),
    (
        "seated-or-lying-pandiculation",
        "stop_if",
        "Sharp pain at the front of the hip or in the low back.",
        "Sharp pain at the front of the hip or in the low back.\n" + NERVE,
    ),
    (
        "seated-or-lying-pandiculation",
        "illustration_alt",
        "A person sitting on a chair lifting one knee slowly.",
        "A person sitting tall near the front of a chair, lifting one foot just off the floor.",
    ),
    (
        "kneeling-lunge-overhead-reach",
        "stop_if",
        "A pinch or ache in the low back.\nPain in the kneeling knee.\nShoulder pain with the "
        "arm raised.",
        "A pinch or ache in the low back.\nPain in the kneeling knee.\nShoulder pain with the "
        "arm raised.\n" + NERVE,
    ),
    (
        "kneeling-lunge-overhead-reach",
        "illustration_alt",
        "A person in a kneeling lunge with the arm on the back-knee side reaching overhead and "
        "the upper body leaning gently away from that side.",
        "A person in a kneeling lunge, torso upright, with the arm on the back-knee side "
        "reaching straight up beside the ear.",
    ),
    (
        "low-lunge-quad-stretch",
        "stop_if",
        "Pain in the bent back knee or around the kneecap.\nA cramp in the back of the thigh "
        "(lower the foot).\nA pinch in the low back.",
        "Pain in the bent back knee or around the kneecap.\nA cramp in the back of the thigh "
        "(lower the foot).\nA pinch in the low back.\n" + NERVE,
    ),
    (
        "supported-half-frog-pose",
        "stop_if",
        "Pain in the bent knee.\nPain in the hip joint or groin.\nAn ache in the low back that "
        "another pillow under the belly does not ease.",
        "Pain in the bent knee.\nPain in the hip joint or groin.\nAn ache in the low back that "
        "another pillow under the belly does not ease.\n" + NERVE,
    ),
    (
        "supported-half-frog-pose",
        "summary",
        "Half frog turned down: a pillow under the belly keeps the low back easy, a second one "
        "supports the hip of the bent leg, and the knee goes out only partway.",
        "A gentler half frog: a pillow under the belly keeps the low back easy, a second one "
        "supports the hip of the bent leg, and the knee goes out only partway.",
    ),
]

# (slug, step position, shipped text, corrected text)
STEP_CHANGES = [
    (
        "seated-figure-4-chair",
        2,
        "Flex the crossed foot.",
        "Pull the toes of the crossed foot up towards the shin.",
    ),
    (
        "supported-half-frog-pose",
        3,
        "Tuck the second pillow under the hip of the bent leg so it rests on something.",
        "Tuck the second pillow under the hip of the bent leg so that hip rests on it "
        "instead of hanging in the air.",
    ),
]

# (slug, target area code): a target the stretch's own text does not support.
TARGETS_REMOVED = [("seated-figure-4-chair", "lower-back")]

# (template name, shipped goal, corrected goal)
TEMPLATE_GOALS = [
    (
        "Desk break",
        "A short break between long sitting bouts, done standing or on the office chair, with "
        "no floor space needed. One round of each stretch: enough to get up and move, not a "
        "full stretching session.",
        "A short break between long sitting bouts, done standing or on a steady chair (not one "
        "on wheels), with no floor space needed. One round of each stretch: enough to get up "
        "and move, not a full stretching session.",
    ),
]


def _apply(apps, forwards):
    Stretch = apps.get_model("routines", "Stretch")
    StretchStep = apps.get_model("routines", "StretchStep")
    TargetArea = apps.get_model("routines", "TargetArea")
    Routine = apps.get_model("routines", "Routine")

    def swap(old, new):
        return (old, new) if forwards else (new, old)

    library = Stretch.objects.filter(owner=None)
    for slug, field, shipped, corrected in TEXT_CHANGES:
        current, wanted = swap(shipped, corrected)
        library.filter(slug=slug, **{field: current}).update(**{field: wanted})
    for slug, position, shipped, corrected in STEP_CHANGES:
        current, wanted = swap(shipped, corrected)
        StretchStep.objects.filter(
            stretch__owner=None, stretch__slug=slug, position=position, instruction=current
        ).update(instruction=wanted)
    for slug, code in TARGETS_REMOVED:
        stretch = library.filter(slug=slug).first()
        area = TargetArea.objects.filter(code=code).first()
        if stretch is None or area is None:
            continue
        if forwards:
            stretch.target_areas.remove(area)
        else:
            stretch.target_areas.add(area)
    for name, shipped, corrected in TEMPLATE_GOALS:
        current, wanted = swap(shipped, corrected)
        for routine in Routine.objects.filter(
            owner=None, is_template=True, name=name, goal=current
        ):
            routine.goal = wanted
            routine.version += 1
            routine.save(update_fields=["goal", "version"])


def correct(apps, schema_editor):
    _apply(apps, forwards=True)


def restore(apps, schema_editor):
    _apply(apps, forwards=False)


class Migration(migrations.Migration):
    dependencies = [("routines", "0007_library_content_fixes")]

    operations = [migrations.RunPython(correct, restore)]
