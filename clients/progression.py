"""Progression, never automatic: which steps of a client's copy are ready for the next variation
of their stretch, or should step down to the easier one.

The rule, per step of a current assignment, over the last two weeks of scheduled sessions done
with the step's current stretch (after the day it was swapped in, if it was):
- the stretch hurt (the client's tap in the player), or pain after was above pain before on
  any of those sessions: suggest the easier variation;
- otherwise, done (or partly done) on at least N sessions (N per practice, default 6), pain
  after never above pain before, and never "too much" or "hurt" on that stretch: suggest the
  harder variation, with its name and usual dose. "Too much" alone suggests neither.
The trainer decides: one click swaps the stretch in the client's copy (clients.assigning, the
same swap as the caution check's), recorded in the access history. An advanced variation still
needs the client's advanced unlock.

The window's figures are subqueries in the steps' own query (with_window()): one reading of the
logs and the feedback for every step of every client, whatever their number.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Count, Exists, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from clients.adherence import COMPLETED
from clients.models import Feeling, SessionLog, StretchFeedback
from routines.models import Difficulty, StretchVariation, VariationKind

WINDOW_DAYS = 14
DEFAULT_SESSIONS = 6


@dataclass
class Suggestion:
    step: object  # AssignedStep, from with_window()
    to_stretch: object  # Stretch
    harder: bool
    sessions: int  # sessions done with the step's stretch in the window
    needs_unlock: bool
    cause: str = "sessions"  # "sessions", "pain", "hurt"
    since: object = None  # the day of the last session that suggested the easier one

    @property
    def reason(self):
        if self.harder:
            return f"{self.sessions} sessions in two weeks, pain never higher after"
        if self.cause == "hurt":
            return "the client tapped “hurt” on it in the last two weeks"
        return "pain was higher after a session in the last two weeks"

    @property
    def occurrence(self):
        """What "not now" in the attention queue leaves: this swap for this step; a step-down
        comes back when a later session suggests it again."""
        direction = "up" if self.harder else f"down-{self.since:%Y%m%d}"
        return f"{self.step.pk}-{self.to_stretch.pk}-{direction}"


def first_day(today):
    return today - timedelta(days=WINDOW_DAYS - 1)


def with_window(steps, today):
    """Assigned steps annotated with the window's figures, counted after the day the step's
    stretch was swapped in (if it was): `window_sessions` (done or partly done), `window_rose`
    (the last of them with pain after above pain before, or None), `window_hurt` (the last day
    the stretch hurt, or None) and `window_too_much` (whether it was ever too much)."""
    start = first_day(today)
    after = Coalesce(OuterRef("stretch_since"), Value(start - timedelta(days=1)))
    logs = SessionLog.objects.filter(
        assignment=OuterRef("assignment"),
        session_date__range=(start, today),
        session_date__gt=after,
        status__in=COMPLETED,
    ).order_by()
    feedback = StretchFeedback.objects.filter(
        session_log__assignment=OuterRef("assignment"),
        session_log__session_date__range=(start, today),
        session_log__session_date__gt=after,
        stretch=OuterRef("stretch"),
    )
    rose = logs.filter(pain_after__gt=F("pain_before")).order_by("-session_date")
    hurt = feedback.filter(feeling=Feeling.HURT).order_by("-session_log__session_date")
    return steps.annotate(
        window_sessions=Coalesce(
            Subquery(
                logs.values("assignment").annotate(n=Count("pk")).values("n"),
                output_field=IntegerField(),
            ),
            0,
        ),
        window_rose=Subquery(rose.values("session_date")[:1]),
        window_hurt=Subquery(hurt.values("session_log__session_date")[:1]),
        window_too_much=Exists(feedback.filter(feeling=Feeling.TOO_MUCH)),
    )


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


def direction(step, needed=DEFAULT_SESSIONS):
    """VariationKind.EASIER or HARDER for a step from with_window(), or None."""
    if step.window_hurt or step.window_rose:
        return VariationKind.EASIER
    if step.window_too_much or step.window_sessions < needed:
        return None
    return VariationKind.HARDER


def stretch_ids_needing_variations(steps, needed=DEFAULT_SESSIONS):
    """The stretch ids whose variations suggestions() may need (none: no query to make)."""
    return {step.stretch_id for step in steps if direction(step, needed)}


def suggestions(client, steps, variations, needed=DEFAULT_SESSIONS):
    """[Suggestion] for `steps` (the client's, from with_window(), stretch loaded) and
    variations_for() of their stretches."""
    found = []
    for step in steps:
        kind = direction(step, needed)
        options = variations.get(step.stretch_id, {}).get(kind, []) if kind else []
        if not options:
            continue
        to = options[0]
        harder = kind == VariationKind.HARDER
        found.append(
            Suggestion(
                step=step,
                to_stretch=to,
                harder=harder,
                sessions=step.window_sessions,
                needs_unlock=to.difficulty == Difficulty.ADVANCED and not client.advanced_unlocked,
                cause="sessions" if harder else ("hurt" if step.window_hurt else "pain"),
                since=None if harder else max(filter(None, [step.window_hurt, step.window_rose])),
            )
        )
    return found


def practice_sessions_needed(trainer):
    """N of the trainer's practice (the default for a trainer without one)."""
    membership = getattr(trainer, "membership", None)
    return membership.practice.progression_sessions if membership else DEFAULT_SESSIONS
