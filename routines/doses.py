"""A dose in words, the same everywhere it is shown (library, builder, client page, handout).

The words say per side what is done per side: "5 slow repetitions on each side, alternating" is
what the player runs, where "5 × ..., alternating sides" read as five in all.
"""

from routines.models import Sides

SIDES_IN_WORDS = {
    Sides.EACH_SIDE: "on each side",
    Sides.ALTERNATING: "on each side, alternating",
    Sides.LEFT: "left side only",
    Sides.RIGHT: "right side only",
    Sides.BOTH: "both sides at once",
}


def dose_text(dose):
    """E.g. "30 s × 2 on each side, 10 s rest between", "90 s on each side" or, for a tempo,
    "5 slow repetitions on each side, alternating (4 s contract, 6 s release, 2 s rest)"."""
    sides = SIDES_IN_WORDS.get(dose.sides, "")
    if dose.tempo_contract_seconds is not None:
        times = "repetition" if dose.repetitions == 1 else "repetitions"
        phases = f"{dose.tempo_contract_seconds} s contract, {dose.tempo_release_seconds} s release"
        if dose.tempo_rest_seconds:
            phases += f", {dose.tempo_rest_seconds} s rest"
        text = f"{dose.repetitions} slow {times} {sides} ({phases})"
    else:
        separator = " " if sides.startswith("on ") else ", "
        times = f" × {dose.repetitions}" if dose.repetitions != 1 else ""
        text = f"{dose.hold_seconds} s{times}{separator}{sides}"
    rest = getattr(dose, "rest_seconds", 0)
    if rest and dose.repetitions > 1:
        text += f", {rest} s rest between"
    return text


def side_leg_text(stretch, sides):
    """Which leg "left" names here, e.g. "“Left side” means your left leg is the back leg."."""
    if not stretch.side_leg or sides == Sides.BOTH:
        return ""
    return f"“Left side” means your left leg is the {stretch.side_leg}."
