"""The starting library: the five psoas stretches and the easier versions they step down to.

Written for Psoas Coach. Doses follow common stretching guidance (holds of 10-30 s, about a
minute per stretch in total, longer holds for restorative poses); trainers can change every dose.
"""

from django.db import migrations

CAUTION_TAGS = [
    ("knee", "Knee pain", "Safe with knee pain"),
    ("si-joint", "SI joint pain", "Safe with SI-joint pain"),
    ("arching", "Back pain when arching", "Safe when arching hurts"),
    ("balance", "Needs balance", "No balance needed"),
    ("hip-replacement", "Hip replacement", "Safe after a hip replacement"),
    ("shoulder", "Shoulder limits", "Safe with shoulder limits"),
]
TARGET_AREAS = [
    ("hip-flexors", "Psoas and hip flexors"),
    ("front-thigh", "Front of the thigh"),
    ("glutes", "Glutes and deep hip rotators"),
    ("inner-thigh", "Inner thigh"),
    ("lower-back", "Lower back"),
    ("chest-shoulders", "Chest and shoulders"),
]
PROPS = [
    ("pad", "Knee pad or folded towel"),
    ("block", "Yoga block or firm cushion"),
    ("strap", "Strap or towel"),
    ("chair", "Sturdy chair"),
    ("wall", "Wall"),
    ("pillow", "Pillow"),
]

STRETCHES = [
    {
        "slug": "kneeling-lunge",
        "name": "Kneeling lunge",
        "difficulty": "beginner",
        "summary": "The classic psoas opener: one knee down, hips tucked under, then a slow "
        "shift forward until the front of the back hip lengthens.",
        "targets": ["hip-flexors", "front-thigh"],
        "props": ["pad"],
        "cautions": ["knee", "arching", "balance"],
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Kneel on a soft surface with a pad or folded towel under the back knee. Step "
        "one foot forward so the front shin is upright and the front knee is bent to about a "
        "right angle, right above the ankle.",
        "steps": [
            "Lift your chest and stack your shoulders over your hips.",
            "Tuck your tailbone under, as if zipping up tight trousers: the front of the back "
            "hip should already feel a gentle pull.",
            "Keep the tuck and shift your whole body a few centimetres forward, leading with "
            "the hips, until the stretch grows at the front of the back hip.",
            "Breathe slowly and hold. Ease off a little if the stretch sharpens.",
            "Shift back, step the front foot back and change sides.",
        ],
        "cues": "Tailbone down, belt buckle up.\nRibs stay over the pelvis; the chest does not "
        "lean back.\nFront knee tracks over the middle toes.\nGentle tension in the belly "
        "keeps the low back quiet.",
        "feel": "A broad stretch at the front of the back hip and the top of the thigh, "
        "sometimes reaching into the lower belly.",
        "stop_if": "Pain in the kneeling knee that a thicker pad does not fix.\nA pinch or ache "
        "in the low back.\nTingling, numbness or pain running down the leg.",
        "mistakes": "Letting the low back sag into an arch instead of tucking the pelvis.\n"
        "Lunging far forward so the front knee shoots past the toes.\nHolding the breath.",
        "alt": "A person kneeling on one knee with the other foot forward, torso upright, "
        "hips pressed gently forward.",
        "easier": ["standing-hip-flexor-stretch"],
        "harder": ["king-pigeon-pose"],
    },
    {
        "slug": "pigeon-pose",
        "name": "Pigeon pose",
        "difficulty": "intermediate",
        "summary": "A deep hip opener: the front leg folds across in front of you while the "
        "back leg lies long, stretching the outer hip in front and the hip flexor behind.",
        "targets": ["glutes", "hip-flexors"],
        "props": ["block"],
        "cautions": ["knee", "si-joint", "hip-replacement"],
        "dose": {"hold_seconds": 40, "repetitions": 2, "sides": "each_side"},
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
        "tall before you think about folding forward.\nFront foot flexed to protect the knee.",
        "feel": "A deep stretch in the outer hip and buttock of the front leg, and along the "
        "front of the back hip.",
        "stop_if": "Any twinge inside or around the front knee.\nSharp pain deep in the front "
        "hip or groin.\nPain at the back of the pelvis (the SI joint area).",
        "mistakes": "Forcing the front shin parallel to the shoulders before the hip allows it; "
        "the knee pays for it.\nLetting the pelvis tip towards the front-leg side.\nTucking "
        "the back toes.",
        "alt": "A person with the front leg folded across the body and the back leg stretched "
        "straight behind, sitting upright on the hands.",
        "easier": ["supine-figure-4", "seated-figure-4-chair"],
        "harder": ["king-pigeon-pose"],
    },
    {
        "slug": "king-pigeon-pose",
        "name": "King pigeon pose",
        "difficulty": "advanced",
        "summary": "Pigeon with a reach back for the rear foot: a strong stretch along the "
        "whole front of the back leg and the chest. For clients whose trainer has unlocked it.",
        "targets": ["hip-flexors", "front-thigh", "chest-shoulders"],
        "props": ["strap"],
        "cautions": ["arching", "knee", "si-joint", "shoulder", "hip-replacement", "balance"],
        "dose": {"hold_seconds": 20, "repetitions": 1, "sides": "each_side"},
        "setup": "Settle into a comfortable pigeon pose first, sitting tall with the hips level. "
        "Keep a strap close if you cannot reach the back foot yet.",
        "steps": [
            "Bend the back knee and lift that foot towards the ceiling.",
            "Open the chest and reach back with the hand on the opposite side to catch the "
            "foot or the strap around it; this version is easier to balance.",
            "Keep the elbow low at first and draw the foot gently towards you.",
            "When this is steady over several sessions, hold with the same-side hand, then "
            "slowly turn the elbow up to point at the ceiling.",
            "Stay for three to five slow breaths, release the foot with control and change sides.",
        ],
        "cues": "Lengthen up through the crown before you reach back.\nKeep the belly gently "
        "firm so the bend is spread along the spine.\nDraw the foot in by degrees, never by "
        "yanking.",
        "feel": "An intense stretch along the front of the back thigh and hip, with opening "
        "across the chest and the front of the shoulder.",
        "stop_if": "Pinching or pain in the low back.\nPain in either knee.\nShoulder pain as "
        "you reach or turn the elbow.",
        "mistakes": "Reaching back before the pigeon base is stable.\nCollapsing all the "
        "backward bend into the low back.\nPulling the foot hard and fast.",
        "alt": "A person in pigeon pose reaching one arm back over the shoulder to hold the "
        "raised back foot.",
        "easier": ["pigeon-pose"],
        "harder": [],
    },
    {
        "slug": "half-frog-pose",
        "name": "Half frog pose",
        "difficulty": "restorative",
        "summary": "A quiet, lying-down hold: on your front, one knee drawn out to the side. "
        "Gravity does the work on the hip flexor and inner thigh while you breathe.",
        "targets": ["inner-thigh", "hip-flexors"],
        "props": ["pillow"],
        "cautions": ["knee", "arching", "hip-replacement"],
        "dose": {"hold_seconds": 90, "repetitions": 1, "sides": "each_side"},
        "setup": "Lie on your front on a mat or carpet. Keep a pillow close: under the hip of the "
        "bent leg or under the chest, it softens the pose.",
        "steps": [
            "Bend both elbows to about a right angle and rest the forearms on the floor, arms "
            "out to the sides, or stack your hands under your forehead.",
            "Slide one knee out to the side along the floor, keeping it bent, until the thigh "
            "points out from the hip at or near a right angle.",
            "Let the other leg stay long behind you.",
            "Soften the belly and buttocks and let your weight sink into the floor.",
            "Stay and breathe slowly; then slide the knee back in and change sides.",
        ],
        "cues": "Nothing to push: let the floor hold you.\nLong, slow breaths into the belly.\n"
        "A smaller knee angle is fine; the pose still works.",
        "feel": "A slow, spreading stretch along the inner thigh of the bent leg and the front "
        "of the hips.",
        "stop_if": "Pain in the bent knee, especially with any twist.\nPinching in the low "
        "back (slide a pillow under the chest or the hip).\nPain in the hip joint itself.",
        "mistakes": "Forcing the knee higher than the hip comfortably allows.\nHolding tension "
        "in the shoulders and neck.\nRushing out of the pose; move slowly on the way out too.",
        "alt": "A person lying face down with one knee bent out to the side and the arms bent "
        "on the floor.",
        "easier": ["supine-figure-4"],
        "harder": [],
    },
    {
        "slug": "pandiculation-march",
        "name": "Pandiculation march",
        "difficulty": "restorative",
        "summary": "Slow marching in place that teaches the psoas to let go: squeeze the hip "
        "flexor on purpose, then lower the leg even more slowly than you lifted it.",
        "targets": ["hip-flexors", "lower-back"],
        "props": ["wall", "chair"],
        "cautions": ["balance"],
        "dose": {
            "hold_seconds": 12,
            "repetitions": 5,
            "sides": "alternating",
            "tempo_contract_seconds": 4,
            "tempo_release_seconds": 6,
            "tempo_rest_seconds": 2,
        },
        "setup": "Stand tall beside a wall or the back of a sturdy chair and rest one hand on it "
        "for balance. Feet hip-width apart.",
        "steps": [
            "Contract: slowly raise one knee towards hip height, feeling the front of the hip "
            "work, and hold the squeeze for a moment.",
            "Release: lower the foot to the floor even more slowly than you raised it, letting "
            "the front of the hip lengthen the whole way down.",
            "Rest: stand still for a breath or two and notice the hip relax.",
            "Change legs and repeat, alternating sides.",
        ],
        "cues": "Slower on the way down than on the way up.\nStand tall; the pelvis stays level.\n"
        "Breathe out as you lower.",
        "feel": "Warm, gentle work at the front of the hip as the knee lifts, and a sense of "
        "letting go as it lowers.",
        "stop_if": "Dizziness or losing your balance.\nSharp pain at the front of the hip or in "
        "the low back.",
        "mistakes": "Dropping the leg quickly, which skips the part that retrains the muscle.\n"
        "Leaning back to lift the knee higher.\nLetting go of the support too early.",
        "alt": "A person standing with one hand on a chair, slowly lifting one knee.",
        "easier": ["seated-or-lying-pandiculation"],
        "harder": [],
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
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Stand beside a wall or hold the back of a chair. Step one foot well back, "
        "heel lifted, feet hip-width apart so you are not on a tightrope.",
        "steps": [
            "Bend the front knee slightly and keep the back leg straight but not locked.",
            "Tuck your tailbone under and squeeze the buttock of the back leg.",
            "Keep the tuck and let the hips drift forward until the front of the back hip "
            "stretches.",
            "Hold and breathe; then step the feet together and change sides.",
        ],
        "cues": "Tuck first, then move forward.\nChest lifted, ribs over the hips.\nSqueeze the "
        "back buttock gently the whole time.",
        "feel": "A stretch at the front of the back hip, usually milder than the kneeling version.",
        "stop_if": "Low-back pain.\nLosing your balance: use the support more.",
        "mistakes": "Arching the low back to go further.\nA stance so narrow that balance takes "
        "all your attention.",
        "alt": "A person standing in a long split stance, one hand on a chair, hips pressed "
        "gently forward.",
        "easier": [],
        "harder": ["kneeling-lunge"],
    },
    {
        "slug": "supine-figure-4",
        "name": "Supine figure-4 stretch",
        "difficulty": "beginner",
        "summary": "Lying on your back with one ankle on the other knee: the outer hip of pigeon "
        "pose with no weight on the knee and no balance needed.",
        "targets": ["glutes"],
        "props": ["pillow", "strap"],
        "cautions": ["hip-replacement"],
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Lie on your back, knees bent and feet flat. A thin pillow under the head is fine.",
        "steps": [
            "Cross one ankle over the opposite thigh, just above the knee, making a number 4.",
            "Flex the crossed foot so the toes pull towards the shin.",
            "Lift the bottom foot off the floor and hold the back of that thigh with both hands "
            "(or loop a strap around it).",
            "Draw the thigh gently towards you until the outer hip of the crossed leg stretches.",
            "Hold and breathe; lower the foot and change sides.",
        ],
        "cues": "Head and shoulders stay relaxed on the floor.\nFlexed foot keeps the knee "
        "comfortable.\nUse the strap rather than straining to reach.",
        "feel": "A stretch deep in the buttock and outer hip of the crossed leg.",
        "stop_if": "Pain in the crossed knee.\nPain in the hip joint or groin.",
        "mistakes": "Lifting the head and neck to reach the leg.\nPulling so hard the tailbone "
        "curls off the floor.",
        "alt": "A person lying on their back with one ankle crossed over the other knee, "
        "holding the lower thigh.",
        "easier": [],
        "harder": ["pigeon-pose"],
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
        "dose": {"hold_seconds": 30, "repetitions": 2, "sides": "each_side"},
        "setup": "Sit near the front edge of a sturdy chair without wheels, both feet flat on "
        "the floor.",
        "steps": [
            "Rest one ankle on the opposite knee, letting the crossed knee fall out to the side.",
            "Flex the crossed foot.",
            "Sit tall, then hinge forward from the hips with a long back until the outer hip "
            "stretches.",
            "Hold and breathe, sit up and change sides.",
        ],
        "cues": "Hinge from the hips, not by rounding the back.\nLet the crossed knee drop only "
        "as far as is comfortable.",
        "feel": "A stretch in the buttock and outer hip of the crossed leg.",
        "stop_if": "Knee pain in the crossed leg.\nPain in the hip joint.",
        "mistakes": "Pushing the knee down with the hand.\nSlumping forward instead of hinging.",
        "alt": "A person sitting on a chair with one ankle resting on the opposite knee, "
        "leaning forward with a straight back.",
        "easier": [],
        "harder": ["pigeon-pose"],
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
        "dose": {
            "hold_seconds": 12,
            "repetitions": 5,
            "sides": "alternating",
            "tempo_contract_seconds": 4,
            "tempo_release_seconds": 6,
            "tempo_rest_seconds": 2,
        },
        "setup": "Sit tall near the front of a sturdy chair with both feet flat, or lie on your "
        "back with both knees bent and feet on the floor.",
        "steps": [
            "Contract: slowly lift one foot a few centimetres off the floor by drawing the knee "
            "up, feeling the front of the hip work.",
            "Release: lower the foot even more slowly than you lifted it.",
            "Rest: let the leg go heavy for a breath or two.",
            "Change legs and repeat, alternating sides.",
        ],
        "cues": "Small and slow beats big and fast.\nBreathe out as the foot lowers.",
        "feel": "Gentle work at the front of the hip, then a sense of it softening.",
        "stop_if": "Sharp pain at the front of the hip or in the low back.",
        "mistakes": "Rushing the lowering phase.\nLeaning back in the chair to lift higher.",
        "alt": "A person sitting on a chair lifting one knee slowly.",
        "easier": [],
        "harder": ["pandiculation-march"],
    },
]


def load_library(apps, schema_editor):
    CautionTag = apps.get_model("routines", "CautionTag")
    TargetArea = apps.get_model("routines", "TargetArea")
    Prop = apps.get_model("routines", "Prop")
    Stretch = apps.get_model("routines", "Stretch")
    StretchStep = apps.get_model("routines", "StretchStep")
    StretchVariation = apps.get_model("routines", "StretchVariation")

    cautions = {
        code: CautionTag.objects.create(
            code=code, label=label, client_wording=wording, position=position
        )
        for position, (code, label, wording) in enumerate(CAUTION_TAGS)
    }
    targets = {
        code: TargetArea.objects.create(code=code, label=label, position=position)
        for position, (code, label) in enumerate(TARGET_AREAS)
    }
    props = {
        code: Prop.objects.create(code=code, label=label, position=position)
        for position, (code, label) in enumerate(PROPS)
    }

    stretches = {}
    for content in STRETCHES:
        stretch = Stretch.objects.create(
            slug=content["slug"],
            name=content["name"],
            summary=content["summary"],
            difficulty=content["difficulty"],
            setup=content["setup"],
            cues=content["cues"],
            you_should_feel=content["feel"],
            stop_if=content["stop_if"],
            common_mistakes=content["mistakes"],
            illustration=f"img/stretches/{content['slug']}.svg",
            illustration_alt=content["alt"],
            is_published=True,
            **content["dose"],
        )
        stretch.target_areas.set(targets[code] for code in content["targets"])
        stretch.props.set(props[code] for code in content["props"])
        stretch.caution_tags.set(cautions[code] for code in content["cautions"])
        StretchStep.objects.bulk_create(
            StretchStep(stretch=stretch, position=number, instruction=text)
            for number, text in enumerate(content["steps"], start=1)
        )
        stretches[content["slug"]] = stretch

    for content in STRETCHES:
        for kind in ("easier", "harder"):
            for position, slug in enumerate(content[kind]):
                StretchVariation.objects.create(
                    from_stretch=stretches[content["slug"]],
                    to_stretch=stretches[slug],
                    kind=kind,
                    position=position,
                )


def unload_library(apps, schema_editor):
    apps.get_model("routines", "Stretch").objects.filter(
        owner__isnull=True, slug__in=[content["slug"] for content in STRETCHES]
    ).delete()
    for model in ("CautionTag", "TargetArea", "Prop"):
        apps.get_model("routines", model).objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("routines", "0001_initial")]

    operations = [migrations.RunPython(load_library, unload_library)]
