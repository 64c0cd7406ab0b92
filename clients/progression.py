"""Progression, never automatic: which steps of a client's copy are ready for the next variation
of their stretch, or should step down to the easier one.

The rule, per step of a current assignment, over the last two weeks of scheduled sessions done
with the step's current stretch (after the day it was swapped in, if it was):
- the stretch hurt (the client's tap in the player), or pain after was 2 or more points above
  pain before on any of those sessions (the smallest change that means something on a 0-10
  scale; one point is noise): suggest the easier variation;
- otherwise, done (or partly done) on at least N sessions (N per practice, default 6), pain
  after never above pain before, and never "too much" or "hurt" on that stretch: suggest the
  harder variation, with its name and usual dose. "Too much" or a one-point rise alone suggest
  neither. One step of a plan at a time: a client who steps up everything at once cannot tell
  which change their back disliked, so only the plan's first ready step is suggested, and none
  while another step of that plan steps down.
A variation that carries a caution matching the client's intake is passed over for one that
does not; when every option carries one, the suggestion names it (`cautions`) up front.
The trainer decides: one click swaps the stretch in the client's copy (clients.assigning, the
same swap as the caution check's), recorded in the access history. An advanced variation still
needs the client's advanced unlock.

The window's figures are subqueries in the steps' own query (with_window()): one reading of the
logs and the feedback for every step of every client, whatever their number.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    StringAgg,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Concat

from clients.adherence import COMPLETED
from clients.cautions import intake_caution_codes
from clients.models import Feeling, SessionLog, StretchFeedback
from routines.models import Difficulty, Stretch, StretchVariation, VariationKind

WINDOW_DAYS = 14
DEFAULT_SESSIONS = 6
MEANINGFUL_RISE = 2  # points on the 0-10 scale (content notes)
PAIR, PAIRS = "\x1f", "\x1e"  # code/label and pair separators in variations_for()


@dataclass
class Suggestion:
    step: object  # AssignedStep, from with_window()
    to_stretch: object  # Stretch
    harder: bool
    sessions: int  # sessions done with the step's stretch in the window
    needs_unlock: bool
    cause: str = "sessions"  # "sessions", "pain", "hurt"
    since: object = None  # the day of the last session that suggested the easier one
    cautions: tuple = ()  # labels of the variation's cautions that match the client's intake
    # The caution check's warning when it offers the same swap (client page: one box, both
    # reasons; clients.assigning.CautionWarning).
    caution: object = None

    @property
    def reason(self):
        if self.harder:
            return f"{self.sessions} sessions in two weeks, pain never higher after"
        if self.cause == "hurt":
            return "the client tapped “hurt” on it in the last two weeks"
        day = f"{self.since.day} {self.since:%b}"
        return f"pain {MEANINGFUL_RISE} or more points higher after a session on {day}"

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
    (the last of them with pain after MEANINGFUL_RISE or more above pain before, or None),
    `window_higher` (whether pain after was ever above pain before), `window_hurt` (the last day
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
    higher = logs.filter(pain_after__gt=F("pain_before"))
    rose = logs.filter(pain_after__gte=F("pain_before") + MEANINGFUL_RISE).order_by("-session_date")
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
        window_higher=Exists(higher),
        window_hurt=Subquery(hurt.values("session_log__session_date")[:1]),
        window_too_much=Exists(feedback.filter(feeling=Feeling.TOO_MUCH)),
    )


def variations_for(stretch_ids):
    """{from stretch id: {"easier": [Stretch, ...], "harder": [...]}} of the published library's
    variations, in their order, in one query; each Stretch with `caution_pairs`, its cautions as
    [(code, label)]."""
    found = {}
    tags = (
        Stretch.caution_tags.through.objects.filter(stretch=OuterRef("to_stretch"))
        .order_by()
        .values("stretch")
        .annotate(
            pairs=StringAgg(
                Concat("cautiontag__code", Value(PAIR), "cautiontag__label"), Value(PAIRS)
            )
        )
        .values("pairs")
    )
    links = (
        StretchVariation.objects.filter(
            from_stretch__in=list(stretch_ids),
            to_stretch__owner__isnull=True,
            to_stretch__is_published=True,
        )
        .select_related("to_stretch")
        .annotate(to_cautions=Subquery(tags))
    )
    for link in links.order_by("position", "pk"):
        stretch = link.to_stretch
        stretch.caution_pairs = [
            tuple(pair.split(PAIR, 1)) for pair in (link.to_cautions or "").split(PAIRS) if pair
        ]
        found.setdefault(link.from_stretch_id, {"easier": [], "harder": []})[link.kind].append(
            stretch
        )
    return found


def direction(step, needed=DEFAULT_SESSIONS):
    """VariationKind.EASIER or HARDER for a step from with_window(), or None."""
    if step.window_hurt or step.window_rose:
        return VariationKind.EASIER
    if step.window_too_much or step.window_higher or step.window_sessions < needed:
        return None
    return VariationKind.HARDER


def stretch_ids_needing_variations(steps, needed=DEFAULT_SESSIONS):
    """The stretch ids whose variations suggestions() may need (none: no query to make)."""
    return {step.stretch_id for step in steps if direction(step, needed)}


def suggestions(client, steps, variations, needed=DEFAULT_SESSIONS):
    """[Suggestion] for `steps` (the client's, from with_window(), stretch loaded, in their plans'
    order) and variations_for() of their stretches. `client.latest_intake` gives the cautions
    (its `cautions` and `worse_with` loaded)."""
    matching = None
    down, up = [], []
    for step in steps:
        kind = direction(step, needed)
        options = variations.get(step.stretch_id, {}).get(kind, []) if kind else []
        if not options:
            continue
        if matching is None:  # only for a client with something to suggest
            matching = intake_caution_codes(client.latest_intake)
        to, cautions = _least_cautioned(options, matching)
        harder = kind == VariationKind.HARDER
        (up if harder else down).append(
            Suggestion(
                step=step,
                to_stretch=to,
                harder=harder,
                sessions=step.window_sessions,
                needs_unlock=to.difficulty == Difficulty.ADVANCED and not client.advanced_unlocked,
                cause="sessions" if harder else ("hurt" if step.window_hurt else "pain"),
                since=None if harder else max(filter(None, [step.window_hurt, step.window_rose])),
                cautions=cautions,
            )
        )
    # One step up per plan, and none in a plan that is stepping down.
    settled = {s.step.assignment_id for s in down}
    for suggestion in up:
        if suggestion.step.assignment_id not in settled:
            settled.add(suggestion.step.assignment_id)
            down.append(suggestion)
    return down


def _least_cautioned(options, matching):
    """The first option with no caution in `matching`, else the first, with the labels of its
    matching cautions."""
    labelled = []
    for option in options:
        pairs = option.caution_pairs
        labelled.append((option, tuple(label for code, label in pairs if code in matching)))
    return next((pair for pair in labelled if not pair[1]), labelled[0])


def practice_sessions_needed(trainer):
    """N of the trainer's practice (the default for a trainer without one)."""
    membership = getattr(trainer, "membership", None)
    return membership.practice.progression_sessions if membership else DEFAULT_SESSIONS
