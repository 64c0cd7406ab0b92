"""How long a routine takes, from one model: the cue sequence the client's player runs.

Every figure the app shows (the builder's estimate, the client's page and handout, the calendar
event's length) is the sum of cue_sequence(); the player on the client's page runs that same
sequence, sent to it as data (AssignedStep.player_data). So what the trainer is told a session
lasts is, by construction, what the client's timer does.
"""

import math
from dataclasses import asdict, dataclass

from routines.models import Sides

# Getting into position for a new stretch, and changing sides within one.
SETUP_SECONDS = 10
SIDE_SWITCH_SECONDS = 5
# Adherence drops when a session has more than this many exercises.
RECOMMENDED_MAX_STEPS = 5


class CueKind:
    READY = "ready"  # get into position (and, for one-sided work, onto the first side)
    HOLD = "hold"
    CONTRACT = "contract"  # a tempo repetition: contract, release, then a short pause
    RELEASE = "release"
    PAUSE = "pause"
    REST = "rest"  # the step's rest between repetitions
    SWITCH = "switch"  # change sides


@dataclass(frozen=True)
class Cue:
    kind: str
    seconds: int
    side: str = ""  # "left", "right", or "" when both sides work at once
    repetition: int = 0  # 1-based, per side; 0 for ready and switch
    repetitions: int = 0

    def as_data(self):
        return asdict(self)


def _side_order(sides):
    return {
        Sides.EACH_SIDE: ["left", "right"],
        Sides.ALTERNATING: ["left", "right"],
        Sides.LEFT: ["left"],
        Sides.RIGHT: ["right"],
    }.get(sides, [""])


def _movement(dose, side, repetition):
    """One repetition on one side: a hold, or a contract-release-pause cycle."""
    of = dose.repetitions
    if dose.tempo_contract_seconds is None:
        return [Cue(CueKind.HOLD, dose.hold_seconds, side, repetition, of)]
    cycle = [
        Cue(CueKind.CONTRACT, dose.tempo_contract_seconds, side, repetition, of),
        Cue(CueKind.RELEASE, dose.tempo_release_seconds, side, repetition, of),
    ]
    if dose.tempo_rest_seconds:
        cycle.append(Cue(CueKind.PAUSE, dose.tempo_rest_seconds, side, repetition, of))
    return cycle


def cue_sequence(dose):
    """Every timed cue of one step (or a stretch's default dose), in the order they run.

    - Each side: all repetitions on the left, a side switch, then all on the right.
    - Alternating: left then right make one repetition; no switch time, the next lift is it.
    - The step's rest between repetitions comes after every repetition but the last (per side
      for each side; after each left-right pair when alternating).
    """
    rest = getattr(dose, "rest_seconds", 0) or 0  # a stretch's default dose has no rest
    order = _side_order(dose.sides)
    cues = [Cue(CueKind.READY, SETUP_SECONDS, order[0])]
    if dose.sides == Sides.ALTERNATING:
        for repetition in range(1, dose.repetitions + 1):
            for side in order:
                cues += _movement(dose, side, repetition)
            if rest and repetition < dose.repetitions:
                cues.append(Cue(CueKind.REST, rest, "", repetition, dose.repetitions))
        return cues
    for index, side in enumerate(order):
        if index:
            cues.append(Cue(CueKind.SWITCH, SIDE_SWITCH_SECONDS, side))
        for repetition in range(1, dose.repetitions + 1):
            cues += _movement(dose, side, repetition)
            if rest and repetition < dose.repetitions:
                cues.append(Cue(CueKind.REST, rest, side, repetition, dose.repetitions))
    return cues


def step_seconds(step):
    return sum(cue.seconds for cue in cue_sequence(step))


def routine_seconds(steps):
    return sum(step_seconds(step) for step in steps)


def minutes_and_seconds(total_seconds):
    """Readable duration, e.g. "6 min 30 s"; rounded to 5 seconds because it is an estimate."""
    total_seconds = 5 * round(total_seconds / 5)
    minutes, seconds = divmod(total_seconds, 60)
    if not minutes:
        return f"{seconds} s"
    return f"{minutes} min {seconds} s" if seconds else f"{minutes} min"


def calendar_minutes(steps):
    """A calendar event's length: the whole estimate, rounded up to the minute."""
    return max(1, math.ceil(routine_seconds(steps) / 60))
