"""Library content, corrected after a physiotherapist-minded review (issue 15).

- Variation chains step one difficulty level at a time, and an easier version keeps the target:
  the kneeling lunge now progresses through two in-pose versions (an overhead reach, the back
  foot raised) before king pigeon, and half frog steps down to a supported half frog instead
  of a figure-4 stretch, which works another area.
- Descriptions describe; they no longer promise what a stretch does to a muscle.
- Each stretch says which leg "left side" names (the back leg in a lunge, the front leg in
  pigeon), and the filter wording no longer claims that hiding a tag makes anything safe.
- The "Desk break" template is short enough to be a break, and no template states a duration:
  the app computes it.

Written for Psoas Coach; trainers can change every dose. Only the shipped library (no owner)
and the shipped templates are touched; trainers' own stretches and routines are not.
"""

from django.db import migrations

CAUTION_WORDING = {
    "knee": "knee pain",
    "si-joint": "SI joint pain",
    "arching": "back pain when arching",
    "balance": "needs balance",
    "hip-replacement": "hip replacement",
    "shoulder": "shoulder limits",
}

STRETCHES = [
    {
        "slug": "kneeling-lunge",
        "name": "Kneeling lunge",
        "difficulty": "beginner",
        "summary": "The basic psoas stretch: one knee down, pelvis tucked under, then a small "
        "shift forward until the front of the back hip lengthens.",
        "targets": ["hip-flexors", "front-thigh"],
        "props": ["pad"],
        "cautions": ["knee", "arching", "balance"],
        "side_leg": "back leg",
        "setup": "Kneel on a soft surface with a pad or folded towel under the back knee. Step "
        "one foot forward so the front knee is bent to about a right angle, above the ankle. "
        "Keep a chair or a wall within reach if you wobble.",
        "steps": [
            "Lift your chest and stack your shoulders over your hips.",
            "Roll the pelvis back by tucking the tailbone under, as if zipping up tight "
            "trousers. You may already feel a gentle pull at the front of the back hip.",
            "Keep the tuck and the belly gently firm, and shift your whole body a few "
            "centimetres forward, leading with the hips, until the stretch grows at the front "
            "of the back hip.",
            "Breathe slowly and hold. Ease off a little if the stretch turns sharp.",
            "Shift back, step the front foot back and change sides.",
        ],
        "cues": "Tailbone down, belt buckle up.\nRibs stay over the pelvis; the chest does not "
        "lean back.\nFront knee points over the middle toes.\nA gently firm belly keeps the low "
        "back still.",
        "feel": "A broad stretch at the front of the back hip and the top of the thigh, "
        "sometimes reaching into the lower belly.",
        "stop_if": "Pain in the kneeling knee that a thicker pad does not fix.\nA pinch or ache "
        "in the low back.\nTingling, numbness or pain running down the leg.",
        "mistakes": "Letting the low back sag into an arch instead of tucking the pelvis.\n"
        "Lunging so far forward that the tuck is lost.\nHolding the breath.",
        "alt": "A person kneeling on one knee with the other foot forward, torso upright, "
        "hips pressed gently forward.",
    },
    {
        "slug": "kneeling-lunge-overhead-reach",
        "name": "Kneeling lunge with overhead reach",
        "difficulty": "intermediate",
        "summary": "The kneeling lunge with the arm on the back-knee side reaching up and a "
        "little over: the stretch spreads from the front of the hip up the side of the trunk.",
        "targets": ["hip-flexors", "front-thigh"],
        "props": ["pad"],
        "cautions": ["knee", "arching", "balance", "shoulder"],
        "side_leg": "back leg",
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Set up the kneeling lunge as usual, with a pad under the back knee. Add the "
        "reach only once the basic lunge feels steady.",
        "steps": [
            "Find the kneeling lunge: pelvis tucked under, a small shift forward, a stretch at "
            "the front of the back hip.",
            "Raise the arm on the same side as the back knee straight up beside your ear.",
            "Keep the tuck and lean your upper body a little away from that side, as if "
            "reaching up and over a large ball.",
            "Breathe into the side of your ribs and hold. The other hand can rest on the front "
            "knee.",
            "Lower the arm, come upright, and change sides.",
        ],
        "cues": "Tuck first, then reach, then lean.\nLean to the side, not backwards: the ribs "
        "stay over the pelvis.\nReach long through the fingertips; the shoulder stays away "
        "from the ear.",
        "feel": "A stretch at the front of the back hip that runs up the side of the trunk "
        "towards the raised arm.",
        "stop_if": "A pinch or ache in the low back.\nPain in the kneeling knee.\nShoulder pain "
        "with the arm raised.",
        "mistakes": "Arching backwards instead of leaning to the side.\nLetting the pelvic tuck "
        "go as you reach.\nShrugging the raised shoulder up to the ear.",
        "alt": "A person in a kneeling lunge with the arm on the back-knee side reaching "
        "overhead and the upper body leaning gently away from that side.",
    },
    {
        "slug": "low-lunge-quad-stretch",
        "name": "Low-lunge quad stretch",
        "difficulty": "intermediate",
        "summary": "The kneeling lunge with the back foot raised, on a chair seat behind you or "
        "drawn up with a strap: bending the back knee adds a strong stretch down the front of "
        "the thigh.",
        "targets": ["front-thigh", "hip-flexors"],
        "props": ["pad", "chair", "strap"],
        "cautions": ["knee", "arching", "balance"],
        "side_leg": "back leg",
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Kneel with your back to a sturdy chair and a thick pad under the knee nearest "
        "it. Rest the top of that foot on the chair seat, then step the other foot forward "
        "with the knee over the ankle. No chair: kneel in a lunge and loop a strap around the "
        "back foot, holding the ends over your shoulder.",
        "steps": [
            "Stay upright with both hands on the front knee and let the pull settle along the "
            "front of the back thigh.",
            "Tuck the tailbone under, as in the kneeling lunge.",
            "If that is comfortable, shift the hips a little forward, or draw the strap in a "
            "little to bring the foot closer.",
            "Hold and breathe slowly.",
            "Release the foot with control, step out of the lunge and change sides.",
        ],
        "cues": "Tuck the pelvis before anything else.\nRibs over the pelvis: do not arch to go "
        "further.\nSmall moves; this version is strong.",
        "feel": "A strong stretch down the front of the back thigh and across the front of the "
        "hip.",
        "stop_if": "Pain in the bent back knee or around the kneecap.\nA cramp in the back of "
        "the thigh (lower the foot).\nA pinch in the low back.",
        "mistakes": "Arching the low back instead of tucking the pelvis.\nYanking the foot in "
        "with the strap.\nTrying this before the basic kneeling lunge is easy.",
        "alt": "A person kneeling in a lunge with the top of the back foot resting on a chair "
        "seat behind them, torso upright.",
    },
    {
        "slug": "pigeon-pose",
        "name": "Pigeon pose",
        "difficulty": "intermediate",
        "summary": "A deep hip stretch: the front leg folds across in front of you while the "
        "back leg lies long, stretching the outer hip of the front leg and the front of the "
        "back hip.",
        "targets": ["glutes", "hip-flexors"],
        "props": ["block"],
        "cautions": ["knee", "si-joint", "hip-replacement"],
        "side_leg": "front leg",
        "setup": "Start on hands and knees, or in a high plank on hands and feet. Have a block "
        "or firm cushion nearby to slide under the front hip if it floats.",
        "steps": [
            "With control, bring one knee forward to the back of the same-side wrist and let "
            "that shin angle across under your body.",
            "Place the front knee slightly wider than the hip. Bend it as much as is "
            "comfortable; over weeks you can work the shin towards a right angle.",
            "Slide the other leg straight back with the top of the foot flat on the floor, "
            "toes pointing behind you.",
            "If the front hip hangs in the air, put the block under it so the pelvis sits level.",
            "Walk your hands back and sit tall over the hips. Hold and breathe.",
            "Press back to hands and knees and change sides.",
        ],
        "cues": "Hips square to the front.\nBack toes untucked, top of the foot down.\nSit "
        "tall before you think about folding forward.\nIf the front knee complains, bend it "
        "more and bring the foot closer to you.",
        "feel": "A deep stretch in the outer hip and buttock of the front leg, and along the "
        "front of the back hip.",
        "stop_if": "Any twinge inside or around the front knee.\nSharp pain deep in the front "
        "hip or groin.\nPain at the back of the pelvis (the SI joint area).",
        "mistakes": "Forcing the front shin parallel to the shoulders before the hip allows it: "
        "the knee takes the twist.\nLetting the pelvis tip towards the front-leg side.\n"
        "Tucking the back toes.",
        "alt": "A person with the front leg folded across the body and the back leg stretched "
        "straight behind, sitting upright on the hands.",
    },
    {
        "slug": "king-pigeon-pose",
        "name": "King pigeon pose",
        "difficulty": "advanced",
        "summary": "Pigeon pose with the back knee bent and a reach back for the raised foot, "
        "the chest lifting into a backbend: a strong stretch along the front of the back thigh "
        "and hip. Trainers unlock it for each client.",
        "targets": ["hip-flexors", "front-thigh", "chest-shoulders"],
        "props": ["strap"],
        "cautions": ["arching", "knee", "si-joint", "shoulder", "hip-replacement", "balance"],
        "side_leg": "back leg",
        "setup": "Settle into a steady pigeon pose first, sitting tall with the hips level. "
        "Keep a strap close if you cannot reach the back foot yet.",
        "steps": [
            "Bend the back knee and lift that foot towards the ceiling.",
            "Open the chest and reach back with the hand on the opposite side to catch the "
            "foot or the strap around it; this version is easier to balance.",
            "Keep that elbow low and draw the foot gently towards you as the chest lifts and "
            "the upper back arches a little.",
            "Over several sessions, when this is steady, hold with the same-side hand instead, "
            "then slowly turn the elbow to point at the ceiling.",
            "Stay for three to five slow breaths, release the foot with control and change sides.",
        ],
        "cues": "Lengthen up through the crown before you reach back.\nKeep the belly gently "
        "firm so the bend is shared along the whole spine.\nDraw the foot in by degrees, "
        "never by yanking.",
        "feel": "An intense stretch along the front of the back thigh and hip, with opening "
        "across the chest and the front of the shoulder.",
        "stop_if": "Pinching or pain in the low back.\nPain in either knee.\nShoulder pain as "
        "you reach or turn the elbow.",
        "mistakes": "Reaching back before the pigeon base is steady.\nPutting all of the "
        "backbend into the low back.\nPulling the foot hard and fast.",
        "alt": "A person in pigeon pose, chest lifted in a gentle backbend, reaching back with "
        "the opposite hand, elbow low, to hold the raised back foot.",
    },
    {
        "slug": "half-frog-pose",
        "name": "Half frog pose",
        "difficulty": "restorative",
        "summary": "A quiet hold lying face down, one knee drawn out to the side and bent. The "
        "floor carries you while the inner thigh and the front of that hip lengthen.",
        "targets": ["inner-thigh", "hip-flexors"],
        "props": ["pillow"],
        "cautions": ["knee", "arching", "hip-replacement"],
        "side_leg": "bent leg",
        "setup": "Lie face down on a mat or carpet. Keep a pillow close: under the belly it "
        "eases the low back, under the hip of the bent leg it softens the stretch.",
        "steps": [
            "Bend both elbows to about a right angle and rest the forearms on the floor, upper "
            "arms out to the sides, or stack your hands under your forehead.",
            "Slide one knee out to the side along the floor, keeping it bent, until the thigh "
            "points out from the hip at or near a right angle to your body.",
            "Let the other leg stay long behind you.",
            "Soften the belly and buttocks and let your weight sink into the floor.",
            "Stay and breathe slowly; then slide the knee back in and change sides.",
        ],
        "cues": "Nothing to push: let the floor hold you.\nLong, slow breaths into the belly.\n"
        "A smaller knee angle is fine; the pose still works.",
        "feel": "A slow, spreading stretch along the inner thigh of the bent leg and the front "
        "of the hips.",
        "stop_if": "Pain in the bent knee, especially with any twist.\nPinching in the low "
        "back (slide a pillow under the belly).\nPain in the hip joint itself.",
        "mistakes": "Forcing the knee higher than the hip comfortably allows.\nHolding tension "
        "in the shoulders and neck.\nRushing out of the pose; move slowly on the way out too.",
        "alt": "A person lying face down, seen from above, with one thigh out to the side at "
        "a right angle to the body, that knee bent, and the arms bent on the floor.",
    },
    {
        "slug": "supported-half-frog-pose",
        "name": "Supported half frog",
        "difficulty": "restorative",
        "summary": "Half frog turned down: a pillow under the belly keeps the low back easy, a "
        "second one supports the hip of the bent leg, and the knee goes out only partway.",
        "targets": ["inner-thigh", "hip-flexors"],
        "props": ["pillow"],
        "cautions": ["knee", "hip-replacement"],
        "side_leg": "bent leg",
        "dose": {"hold_seconds": 60, "repetitions": 1, "sides": "each_side"},
        "setup": "Lie face down with a pillow under your belly and hips. Keep a second pillow "
        "or a folded towel beside you.",
        "steps": [
            "Rest your forehead on your stacked hands.",
            "Slide one knee out to the side only as far as is comfortable, well short of a "
            "right angle if you like, keeping the knee bent.",
            "Tuck the second pillow under the hip of the bent leg so it rests on something.",
            "Let the other leg stay long and soft.",
            "Breathe slowly and let the floor and the pillows take your weight; then slide the "
            "knee back in and change sides.",
        ],
        "cues": "Comfort first: a mild stretch is enough.\nTake the knee a little further out "
        "only over several sessions.\nBreathe out slowly and let the hips grow heavy.",
        "feel": "A mild stretch along the inner thigh and the front of the hip of the bent leg.",
        "stop_if": "Pain in the bent knee.\nPain in the hip joint or groin.\nAn ache in the low "
        "back that another pillow under the belly does not ease.",
        "mistakes": "Leaving out the pillows to go further.\nHolding the breath.\nLifting the "
        "pelvis off the floor on the bent-leg side.",
        "alt": "A person lying face down on a pillow, seen from above, one knee bent partway "
        "out to the side with a second pillow under that hip, forehead on the hands.",
    },
    {
        "slug": "pandiculation-march",
        "name": "Pandiculation march",
        "difficulty": "restorative",
        "summary": "Slow marching in place: tighten the front of the hip on purpose as the knee "
        "lifts, then lower the leg even more slowly, letting the muscle lengthen under control.",
        "targets": ["hip-flexors"],
        "props": ["wall", "chair"],
        "cautions": ["balance"],
        "side_leg": "lifting leg",
        "setup": "Stand tall beside a wall or the back of a sturdy chair and rest one hand on it "
        "for balance. Feet hip-width apart.",
        "steps": [
            "Contract: slowly raise one knee towards hip height, feeling the front of the hip "
            "work, and hold the squeeze for a moment.",
            "Release: lower the foot to the floor even more slowly than you raised it, letting "
            "the front of the hip lengthen the whole way down.",
            "Rest: stand still for a breath and notice the hip relax.",
            "Change legs and repeat, alternating sides.",
        ],
        "cues": "Slower on the way down than on the way up.\nStand tall; the pelvis stays level.\n"
        "Breathe out as you lower.\nWhen it is steady, hold the support with your fingertips "
        "only.",
        "feel": "Warm, gentle work at the front of the hip as the knee lifts, and a sense of "
        "letting go as it lowers.",
        "stop_if": "Dizziness or losing your balance.\nSharp pain at the front of the hip or in "
        "the low back.",
        "mistakes": "Dropping the leg quickly, which skips the slow lowering that is the point "
        "of the exercise.\nLeaning back to lift the knee higher.\nLetting go of the support "
        "too early.",
        "alt": "A person standing with one hand on a chair, slowly lifting one knee.",
    },
    {
        "slug": "standing-hip-flexor-stretch",
        "name": "Standing hip-flexor stretch",
        "difficulty": "beginner",
        "summary": "The kneeling lunge without the kneeling: a split stance with the pelvis "
        "tucked, for sore knees or a quick break at the desk.",
        "targets": ["hip-flexors"],
        "props": ["wall", "chair"],
        "cautions": ["balance"],
        "side_leg": "back leg",
        "setup": "Stand beside a wall or hold the back of a chair. Step one foot well back, "
        "heel lifted, feet hip-width apart so you are not on a tightrope.",
        "steps": [
            "Bend the front knee slightly and keep the back leg straight but not locked.",
            "Tuck your tailbone under and gently squeeze the buttock of the back leg.",
            "Keep the tuck and let the hips drift forward until the front of the back hip "
            "stretches.",
            "Hold and breathe; then step the feet together and change sides.",
        ],
        "cues": "Tuck first, then move forward.\nChest lifted, ribs over the hips.\nSqueeze the "
        "back buttock gently the whole time.",
        "feel": "A stretch at the front of the back hip, usually milder than the kneeling version.",
        "stop_if": "A pinch or ache in the low back.\nDizziness, or feeling unsteady even with "
        "the support.",
        "mistakes": "Arching the low back to go further.\nA stance so narrow that balance takes "
        "all your attention.",
        "alt": "A person standing in a long split stance, one hand on a chair, hips pressed "
        "gently forward.",
    },
    {
        "slug": "supine-figure-4",
        "name": "Supine figure-4 stretch",
        "difficulty": "beginner",
        "summary": "Lying on your back with one ankle on the other knee: the outer-hip stretch "
        "of pigeon pose with no weight on the knee and no balance needed.",
        "targets": ["glutes"],
        "props": ["pillow", "strap"],
        "cautions": ["hip-replacement"],
        "side_leg": "crossed leg",
    },
    {
        "slug": "seated-figure-4-chair",
        "name": "Seated figure-4 on a chair",
        "difficulty": "beginner",
        "summary": "The figure-4 hip stretch sitting on a chair: easy to do at work, with no "
        "getting down to the floor.",
        "targets": ["glutes", "lower-back"],
        "props": ["chair"],
        "cautions": ["hip-replacement"],
        "side_leg": "crossed leg",
    },
    {
        "slug": "seated-or-lying-pandiculation",
        "name": "Seated or lying pandiculation",
        "difficulty": "restorative",
        "summary": "The pandiculation rhythm with no balance to manage: lift one knee slowly "
        "from a chair or lying on your back, then lower it even more slowly.",
        "targets": ["hip-flexors"],
        "props": ["chair"],
        "cautions": [],
        "side_leg": "lifting leg",
    },
]

# (easier, harder) for every shipped stretch, first choice first. One difficulty level at a
# time; an easier version shares a target area (routines.models.variation_problem).
VARIATIONS = {
    "kneeling-lunge": (
        ["standing-hip-flexor-stretch"],
        ["kneeling-lunge-overhead-reach", "low-lunge-quad-stretch"],
    ),
    "kneeling-lunge-overhead-reach": (["kneeling-lunge"], []),
    "low-lunge-quad-stretch": (["kneeling-lunge"], ["king-pigeon-pose"]),
    "pigeon-pose": (["supine-figure-4", "seated-figure-4-chair"], ["king-pigeon-pose"]),
    "king-pigeon-pose": (["low-lunge-quad-stretch", "pigeon-pose"], []),
    "half-frog-pose": (["supported-half-frog-pose"], []),
    "supported-half-frog-pose": ([], ["half-frog-pose"]),
    "pandiculation-march": (["seated-or-lying-pandiculation"], []),
    "standing-hip-flexor-stretch": ([], ["kneeling-lunge"]),
    "supine-figure-4": ([], ["pigeon-pose"]),
    "seated-figure-4-chair": ([], ["pigeon-pose"]),
    "seated-or-lying-pandiculation": ([], ["pandiculation-march"]),
}

# The shipped templates: goal and steps (stretch, client note, dose changes from the default).
TEMPLATES = {
    "Desk break": {
        "goal": "A short break between long sitting bouts, done standing or on the office "
        "chair, with no floor space needed. One round of each stretch: enough to get up and "
        "move, not a full stretching session.",
        "steps": [
            (
                "seated-or-lying-pandiculation",
                "Wake the hips up slowly; no need to push.",
                {"repetitions": 3},
            ),
            (
                "standing-hip-flexor-stretch",
                "Hold the desk or a wall if you wobble.",
                {"repetitions": 1},
            ),
            (
                "seated-figure-4-chair",
                "Sit tall and hinge forward only as far as is comfortable.",
                {"repetitions": 1},
            ),
        ],
    },
    "Gentle evening release": {
        "goal": "A calm routine before bed for days when the back feels tight, done lying "
        "down from start to finish; nothing is held hard.",
        "steps": [
            (
                "seated-or-lying-pandiculation",
                "Lying on your back: move slowly and breathe out as you let go.",
                {},
            ),
            ("supine-figure-4", "Let the floor carry your head and back.", {}),
            ("half-frog-pose", "Rest here; the stretch should feel mild.", {}),
        ],
    },
    "Full psoas session": {
        "goal": "The complete sequence for clients who are comfortable on the floor: prepare, "
        "stretch the hip flexors, then the outer hip, and finish resting.",
        "steps": [
            ("pandiculation-march", "Start gently to prepare the hips.", {}),
            ("kneeling-lunge", "Tuck the pelvis under before you shift forward.", {}),
            ("pigeon-pose", "Use a block under the hip if it does not reach the floor.", {}),
            ("half-frog-pose", "Finish here and let your breathing slow down.", {}),
        ],
    },
}

TEXT_FIELDS = {
    "summary": "summary",
    "setup": "setup",
    "cues": "cues",
    "feel": "you_should_feel",
    "stop_if": "stop_if",
    "mistakes": "common_mistakes",
    "alt": "illustration_alt",
}
DOSE_FIELDS = (
    "hold_seconds",
    "repetitions",
    "sides",
    "tempo_contract_seconds",
    "tempo_release_seconds",
    "tempo_rest_seconds",
)


def fix_library(apps, schema_editor):
    CautionTag = apps.get_model("routines", "CautionTag")
    TargetArea = apps.get_model("routines", "TargetArea")
    Prop = apps.get_model("routines", "Prop")
    Stretch = apps.get_model("routines", "Stretch")
    StretchStep = apps.get_model("routines", "StretchStep")
    StretchVariation = apps.get_model("routines", "StretchVariation")
    Routine = apps.get_model("routines", "Routine")
    RoutineStep = apps.get_model("routines", "RoutineStep")

    for code, wording in CAUTION_WORDING.items():
        CautionTag.objects.filter(code=code).update(client_wording=wording)
    cautions = {tag.code: tag for tag in CautionTag.objects.all()}
    targets = {area.code: area for area in TargetArea.objects.all()}
    props = {prop.code: prop for prop in Prop.objects.all()}

    stretches = {}
    for content in STRETCHES:
        stretch = Stretch.objects.filter(owner=None, slug=content["slug"]).first()
        if stretch is None:
            stretch = Stretch(
                owner=None,
                slug=content["slug"],
                illustration=f"img/stretches/{content['slug']}.svg",
                is_published=True,
                **content["dose"],
            )
        stretch.name = content["name"]
        stretch.difficulty = content["difficulty"]
        stretch.side_leg = content["side_leg"]
        for key, field in TEXT_FIELDS.items():
            if key in content:
                setattr(stretch, field, content[key])
        stretch.save()
        stretch.target_areas.set(targets[code] for code in content["targets"])
        stretch.props.set(props[code] for code in content["props"])
        stretch.caution_tags.set(cautions[code] for code in content["cautions"])
        if "steps" in content:
            stretch.steps.all().delete()
            StretchStep.objects.bulk_create(
                StretchStep(stretch=stretch, position=number, instruction=text)
                for number, text in enumerate(content["steps"], start=1)
            )
        stretches[content["slug"]] = stretch

    shipped = list(stretches.values())
    StretchVariation.objects.filter(from_stretch__in=shipped, to_stretch__in=shipped).delete()
    for slug, (easier, harder) in VARIATIONS.items():
        for kind, others in (("easier", easier), ("harder", harder)):
            for position, other in enumerate(others):
                StretchVariation.objects.create(
                    from_stretch=stretches[slug],
                    to_stretch=stretches[other],
                    kind=kind,
                    position=position,
                )

    for name, content in TEMPLATES.items():
        routine = Routine.objects.filter(owner=None, is_template=True, name=name).first()
        if routine is None:
            continue
        routine.goal = content["goal"]
        routine.version += 1
        routine.save()
        routine.steps.all().delete()
        for position, (slug, note, dose) in enumerate(content["steps"], start=1):
            stretch = stretches[slug]
            RoutineStep.objects.create(
                routine=routine,
                stretch=stretch,
                position=position,
                client_note=note,
                **{field: dose.get(field, getattr(stretch, field)) for field in DOSE_FIELDS},
            )


class Migration(migrations.Migration):
    dependencies = [("routines", "0006_stretch_side_leg")]

    operations = [migrations.RunPython(fix_library, migrations.RunPython.noop)]
