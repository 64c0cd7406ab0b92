"""A dose in words, the same everywhere it is shown (library, builder, client page, handout).

The words say per side what is done per side: "5 slow lifts per leg, alternating legs" is what the
player runs (ten lifts in all), where "5 × ..., alternating sides" read as five in all and "5 slow
repetitions on each side, alternating" left readers unsure whether it meant five or ten.
"""

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from routines.models import Sides

SIDES_IN_WORDS = {
    Sides.EACH_SIDE: _("on each side"),
    Sides.ALTERNATING: _("on each side, alternating"),
    Sides.LEFT: _("left side only"),
    Sides.RIGHT: _("right side only"),
    Sides.BOTH: _("both sides at once"),
}


def dose_text(dose):
    """E.g. "30 s × 2 on each side, 10 s rest between", "90 s on each side" or, for a tempo,
    "5 slow lifts per leg, alternating legs (4 s contract, 6 s release, 2 s rest)" (a tempo
    done alternating is a march: one leg lifts, then the other)."""
    sides = str(SIDES_IN_WORDS.get(dose.sides, ""))
    if dose.tempo_contract_seconds is not None:
        phases = gettext("{contract} s contract, {release} s release").format(
            contract=dose.tempo_contract_seconds, release=dose.tempo_release_seconds
        )
        if dose.tempo_rest_seconds:
            phases += gettext(", {rest} s rest").format(rest=dose.tempo_rest_seconds)
        if dose.sides == Sides.ALTERNATING:
            text = ngettext(
                "{count} slow lift per leg, alternating legs ({phases})",
                "{count} slow lifts per leg, alternating legs ({phases})",
                dose.repetitions,
            ).format(count=dose.repetitions, phases=phases)
        else:
            text = ngettext(
                "{count} slow repetition {sides} ({phases})",
                "{count} slow repetitions {sides} ({phases})",
                dose.repetitions,
            ).format(count=dose.repetitions, sides=sides, phases=phases)
    else:
        # "30 s on each side", but "30 s, left side only".
        on_each_side = dose.sides in (Sides.EACH_SIDE, Sides.ALTERNATING)
        separator = " " if on_each_side else ", "
        times = f" × {dose.repetitions}" if dose.repetitions != 1 else ""
        text = f"{dose.hold_seconds} s{times}{separator}{sides}"
    rest = getattr(dose, "rest_seconds", 0)
    if rest and dose.repetitions > 1:
        text += gettext(", {rest} s rest between").format(rest=rest)
    return text


def side_leg_text(stretch, sides):
    """Which leg "left" names here, e.g. "“Left side” means your left leg is the back leg."."""
    if not stretch.side_leg or sides == Sides.BOTH:
        return ""
    return gettext("“Left side” means your left leg is the {leg}.").format(leg=stretch.side_leg)
