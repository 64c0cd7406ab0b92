"""How long a routine takes, so trainers keep sessions short enough to be done."""

from routines.models import Sides

# Getting into position for a new stretch, and changing sides within one.
SETUP_SECONDS = 10
SIDE_SWITCH_SECONDS = 5
# Adherence drops when a session has more than this many exercises.
RECOMMENDED_MAX_STEPS = 5


def repetition_seconds(dose):
    """One repetition: the hold, or for a tempo stretch one contract-release-rest cycle."""
    if dose.tempo_contract_seconds is not None:
        return dose.tempo_contract_seconds + dose.tempo_release_seconds + dose.tempo_rest_seconds
    return dose.hold_seconds


def step_seconds(step):
    """Holds x repetitions x sides, the rests between repetitions, and the transitions."""
    sides = Sides(step.sides).count
    repetitions = step.repetitions * sides
    rests = (step.repetitions - 1) * sides * step.rest_seconds
    switches = SIDE_SWITCH_SECONDS if sides == 2 else 0
    return SETUP_SECONDS + repetitions * repetition_seconds(step) + rests + switches


def routine_seconds(steps):
    return sum(step_seconds(step) for step in steps)


def minutes_and_seconds(total_seconds):
    """Readable duration, e.g. "6 min 30 s"; rounded to 5 seconds because it is an estimate."""
    total_seconds = 5 * round(total_seconds / 5)
    minutes, seconds = divmod(total_seconds, 60)
    if not minutes:
        return f"{seconds} s"
    return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"
