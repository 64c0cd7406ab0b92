"""Spanish library wording, after a native reading (review finding 17): terms understood across
Spanish-speaking countries, no calques, no "tirón" (a jerk, or a pulled muscle, in Spanish).

Each change replaces a phrase inside the Spanish text of the shipped library (stretches and
their steps), wherever it still appears: an admin's other edits stay as they are."""

from django.db import migrations

# Everywhere in the library, in this order (longer phrases first).
EVERYWHERE = [
    # "Estocada" is a fencing thrust; a kneeling lunge is a "zancada" with the knee down.
    ("Estocada de rodillas", "Zancada con la rodilla apoyada"),
    ("estocada de rodillas", "zancada con la rodilla apoyada"),
    ("Estocada baja", "Zancada baja"),
    ("la estocada básica", "la zancada básica"),
    ("sal de la estocada", "sal de la zancada"),
    # Calques of "hold and breathe", "sit tall", "outer hip", "front hip", "back hip".
    ("Mantén y respira", "Mantén la postura y respira"),
    ("y mantén.", "y mantén la postura."),
    ("Siéntate alto", "Siéntate con la espalda recta"),
    ("siéntate alto", "siéntate con la espalda recta"),
    ("sentado alto con", "con la espalda recta y"),
    ("de cadera externa", "de la parte externa de la cadera"),
    ("la cadera externa", "la parte externa de la cadera"),
    ("cadera delantera", "cadera de la pierna delantera"),
    ("la cadera de atrás", "la cadera de la pierna de atrás"),
    ("nunca de un tirón", "nunca de golpe"),
]

# One stretch each: (slug, field or step number, old, new).
ONE_BY_ONE = [
    ("kneeling-lunge", 2, "un tirón suave", "una tensión suave"),
    (
        "low-lunge-quad-stretch",
        1,
        "deja que el tirón se asiente",
        "deja que la sensación de estiramiento se asiente",
    ),
    (
        "low-lunge-quad-stretch",
        "illustration_alt",
        "en zancada con la rodilla apoyada con el empeine",
        "en zancada con la rodilla apoyada y el empeine",
    ),
    (
        "low-lunge-quad-stretch",
        "common_mistakes",
        "la zancada con la rodilla apoyada básica",
        "la zancada básica con la rodilla apoyada",
    ),
    (
        "low-lunge-quad-stretch",
        "summary",
        "apoyada con el pie de atrás elevado",
        "apoyada, con el pie de atrás elevado",
    ),
    ("kneeling-lunge-overhead-reach", "name", "apoyada con brazo arriba", "apoyada y brazo arriba"),
    ("kneeling-lunge-overhead-reach", "summary", "apoyada con el brazo", "apoyada, con el brazo"),
    ("half-frog-pose", "stop_if", "sobre todo si se tuerce", "sobre todo al girarla"),
    (
        "pigeon-pose",
        "common_mistakes",
        "la rodilla se lleva la torsión",
        "la torsión recae en la rodilla",
    ),
    ("pigeon-pose", 4, "queda colgando", "queda en el aire"),
    ("pigeon-pose", "summary", "se estira la parte externa", "se estiran la parte externa"),
    (
        "king-pigeon-pose",
        "cues",
        "Crece por la coronilla",
        "Estírate hacia arriba desde la coronilla",
    ),
    ("king-pigeon-pose", "setup", "Primero instálate", "Primero colócate"),
    (
        "king-pigeon-pose",
        "summary",
        "El entrenador la desbloquea para cada cliente.",
        "Se desbloquea para cada cliente.",
    ),
    (
        "standing-hip-flexor-stretch",
        "name",
        "Estiramiento de flexores de cadera de pie",
        "Estiramiento de los flexores de la cadera, de pie",
    ),
    (
        "standing-hip-flexor-stretch",
        "summary",
        "La zancada con la rodilla apoyada sin arrodillarse: piernas separadas",
        "La zancada sin apoyar la rodilla, de pie con las piernas separadas",
    ),
    ("standing-hip-flexor-stretch", "summary", "rodillas doloridas", "rodillas que duelen"),
    (
        "standing-hip-flexor-stretch",
        "you_should_feel",
        "la versión de rodillas",
        "la versión con la rodilla apoyada",
    ),
    ("supine-figure-4", "name", "Figura 4 tumbado", "Figura 4 boca arriba"),
    ("seated-figure-4-chair", "name", "Figura 4 sentado en una silla", "Figura 4 en una silla"),
    (
        "seated-figure-4-chair",
        "summary",
        "en figura 4 sentado en una silla",
        "en figura 4, en una silla",
    ),
    ("seated-figure-4-chair", 3, "con la espalda larga", "sin encorvarte"),
    (
        "seated-figure-4-chair",
        4,
        "vuelve a sentarte recto",
        "vuelve a sentarte con la espalda recta",
    ),
    (
        "seated-or-lying-pandiculation",
        "name",
        "Pandiculación sentado o tumbado",
        "Pandiculación en una silla o boca arriba",
    ),
    (
        "seated-or-lying-pandiculation",
        "summary",
        "sentado en una silla o tumbado boca arriba",
        "en una silla o boca arriba",
    ),
    ("pandiculation-march", 4, "alternando los lados", "alternando las piernas"),
    ("seated-or-lying-pandiculation", 4, "alternando los lados", "alternando las piernas"),
    (
        "supine-figure-4",
        "summary",
        "el estiramiento de la parte externa de la cadera de la paloma",
        "el mismo estiramiento de la parte externa de la cadera que en la paloma",
    ),
    ("pandiculation-march", "cues", "Cuando vayas estable", "Cuando te notes estable"),
    ("half-frog-pose", "cues", "la postura sigue funcionando", "la postura sigue haciendo efecto"),
    ("supported-half-frog-pose", 4, "la otra pierna larga", "la otra pierna estirada"),
]

FIELDS = (
    "name",
    "summary",
    "setup",
    "cues",
    "you_should_feel",
    "stop_if",
    "common_mistakes",
    "side_leg",
    "illustration_alt",
)


def _reword(text, slug, where):
    """The phrases everywhere, then the stretch's own."""
    own = [(old, new) for at_slug, at, old, new in ONE_BY_ONE if (at_slug, at) == (slug, where)]
    for old, new in EVERYWHERE + own:
        text = text.replace(old, new)
    return text


def reword(apps, schema_editor):
    Stretch = apps.get_model("routines", "Stretch")
    for stretch in Stretch.objects.filter(owner__isnull=True).prefetch_related("steps"):
        changed = []
        for field in FIELDS:
            before = getattr(stretch, f"{field}_es") or ""
            if (after := _reword(before, stretch.slug, field)) != before:
                setattr(stretch, f"{field}_es", after)
                changed.append(f"{field}_es")
        if changed:
            stretch.save(update_fields=changed)
        for step in stretch.steps.all():
            before = step.instruction_es or ""
            if (after := _reword(before, stretch.slug, step.position)) != before:
                step.instruction_es = after
                step.save(update_fields=["instruction_es"])


class Migration(migrations.Migration):
    dependencies = [("routines", "0013_spanish_library")]

    # Backwards keeps the new wording: the phrases overlap, so undoing them one by one would not
    # give back the old text, and 0013's own reverse empties the Spanish anyway.
    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
