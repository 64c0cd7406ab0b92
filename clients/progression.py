"""Progression, never automatic: which steps of a client's copy are ready for the next variation
of their stretch, or should step down to the easier one.

The rule, per step of a current assignment, over the last two weeks of scheduled sessions:
- done (or partly done) on at least N sessions (N per practice, default 6), and pain after never
  above pain before: suggest the harder variation, with its name and usual dose;
- pain after above pain before on any of those sessions: suggest the easier variation.
The trainer decides: one click swaps the stretch in the client's copy (clients.assigning, the
same swap as the caution check's), recorded in the access history. An advanced variation still
needs the client's advanced unlock.
"""

from dataclasses import dataclass
from datetime import timedelta

from clients.adherence import COMPLETED
from routines.models import Difficulty, StretchVariation, VariationKind

WINDOW_DAYS = 14
DEFAULT_SESSIONS = 6


@dataclass
class Suggestion:
    step: object  # AssignedStep
    to_stretch: object  # Stretch
    harder: bool
    sessions: int  # sessions done in the window
    needs_unlock: bool

    @property
    def reason(self):
        if self.harder:
            return f"{self.sessions} sessions in two weeks, pain never higher after"
        return "pain was higher after a session in the last two weeks"


def variations_for(stretch_ids):
    """{from stretch id: {"easier": [Stretch, ...], "harder": [...]}} of the published library's
    variations, in their order, in one query."""
    found = {}
    links = StretchVariation.objects.filter(
        from_stretch__in=list(stretch_ids),
        to_stretch__owner__isnull=True,
        to_stretch__is_published=True,
    ).select_related("to_stretch")
    for link in links.order_by("position", "pk"):
        found.setdefault(link.from_stretch_id, {"easier": [], "harder": []})[link.kind].append(
            link.to_stretch
        )
    return found


def pain_rose(log):
    return (
        log.pain_before is not None
        and log.pain_after is not None
        and log.pain_after > log.pain_before
    )


def _completed_in_window(logs, assignment, first_day, today):
    """The assignment's completed sessions from `first_day` to `today`: what both rules count."""
    return [
        log
        for log in logs
        if log.assignment_id == assignment.pk
        and first_day <= log.session_date <= today
        and log.status in COMPLETED
    ]


def suggestions(client, assignments, logs, variations, today, needed=DEFAULT_SESSIONS):
    """[Suggestion] for the steps of `assignments` (current, steps prefetched), from `logs`
    (the client's, covering at least the last two weeks) and variations_for() of their stretches."""
    first_day = today - timedelta(days=WINDOW_DAYS - 1)
    found = []
    for assignment in assignments:
        window = _completed_in_window(logs, assignment, first_day, today)
        rose = any(pain_rose(log) for log in window)
        if not rose and len(window) < needed:
            continue
        kind = VariationKind.EASIER if rose else VariationKind.HARDER
        for step in assignment.steps.all():
            options = variations.get(step.stretch_id, {}).get(kind, [])
            if not options:
                continue
            to = options[0]
            found.append(
                Suggestion(
                    step=step,
                    to_stretch=to,
                    harder=not rose,
                    sessions=len(window),
                    needs_unlock=to.difficulty == Difficulty.ADVANCED
                    and not client.advanced_unlocked,
                )
            )
    return found


def step_ids_needing_variations(assignments, logs, today, needed=DEFAULT_SESSIONS):
    """The stretch ids whose variations suggestions() may need (none: no query to make)."""
    first_day = today - timedelta(days=WINDOW_DAYS - 1)
    ids = set()
    for assignment in assignments:
        window = _completed_in_window(logs, assignment, first_day, today)
        if len(window) >= needed or any(pain_rose(log) for log in window):
            ids.update(step.stretch_id for step in assignment.steps.all())
    return ids


def practice_sessions_needed(trainer):
    """N of the trainer's practice (the default for a trainer without one)."""
    membership = getattr(trainer, "membership", None)
    return membership.practice.progression_sessions if membership else DEFAULT_SESSIONS
