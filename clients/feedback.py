"""How each stretch felt to the client, as tapped in the player after it (StretchFeedback),
summed up per step for the trainer: a step that hurt or was too much gets the easier version
suggested on the client page."""

from datetime import timedelta

from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce

from clients.models import Feeling, StretchFeedback

FEEDBACK_WEEKS = 8  # the client page's window for session logs


def with_feedback(steps, today):
    """Assigned steps annotated with how often each felt right, too much and hurt over the last
    FEEDBACK_WEEKS (felt_right, felt_too_much, felt_hurt), counting only the step's current
    stretch: feedback about a stretch since swapped out stays with that stretch. Subqueries in
    the steps' own query, so no query of their own."""
    since = today - timedelta(weeks=FEEDBACK_WEEKS)

    def times(feeling):
        taps = (
            StretchFeedback.objects.filter(
                session_log__assignment=OuterRef("assignment"),
                position=OuterRef("position"),
                stretch=OuterRef("stretch"),
                session_log__session_date__gte=since,
                feeling=feeling,
            )
            .order_by()
            .values("position")
            .annotate(times=Count("pk"))
            .values("times")
        )
        return Coalesce(Subquery(taps), 0)

    return steps.annotate(**{f"felt_{feeling}": times(feeling) for feeling in Feeling.values})


def felt_uneasy(step):
    """Whether a step (from with_feedback) hurt or was too much lately."""
    return bool(step.felt_hurt or step.felt_too_much)


def summary(step):
    """[(label, times)] of a step from with_feedback, in the order the client taps them."""
    return [
        (feeling.label, times)
        for feeling in Feeling
        if (times := getattr(step, f"felt_{feeling.value}"))
    ]
