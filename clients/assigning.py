"""Giving a client a routine: assign it behind the red-flag gate, refresh the client's copy,
warn about stretches that carry a caution from the client's intake, and swap one to easier.

An assignment freezes a copy of the routine's steps, so later edits to the routine never change
what the client is doing until the trainer chooses "update copy".
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from clients.freshness import bump_generation
from clients.models import AssignedStep, Assignment
from routines.editing import dose_from, step_dose
from routines.models import Difficulty, Stretch, StretchVariation, VariationKind
from routines.vocabulary import caution_tags_by_stretch


def _copy_steps(assignment, routine):
    AssignedStep.objects.bulk_create(
        # The private note stays behind: it is never the client's to see.
        AssignedStep(
            assignment=assignment,
            stretch_id=step.stretch_id,
            position=step.position,
            client_note=step.client_note,
            **step_dose(step),
        )
        for step in routine.steps.order_by("position")
    )


class AdvancedLocked(Exception):
    """Advanced stretches wait for the trainer's unlock for this client."""

    def __init__(self, client, stretch_names):
        self.client = client
        self.stretch_names = stretch_names
        names = ", ".join(stretch_names)
        super().__init__(
            f"{names} {'is an advanced stretch' if len(stretch_names) == 1 else 'are advanced'}:"
            f" unlock advanced stretches for {client.name} first."
        )


def check_advanced(client, stretch_ids):
    """Raise AdvancedLocked if any of these stretches is advanced and the client has no unlock.
    Every path that puts a stretch in a client's copy (assign, update copy, swap) calls it."""
    if client.advanced_unlocked:
        return
    advanced = Stretch.objects.filter(pk__in=list(stretch_ids), difficulty=Difficulty.ADVANCED)
    names = list(advanced.order_by("name").values_list("name", flat=True))
    if names:
        raise AdvancedLocked(client, names)


def unlock_advanced(client, trainer):
    """Allow advanced stretches for this client from now on, recording who and when."""
    client.advanced_unlocked_at = timezone.now()
    client.advanced_unlocked_by = trainer
    client.save(update_fields=["advanced_unlocked_at", "advanced_unlocked_by"])


def lock_advanced(client):
    """No new advanced steps for this client (copies already given stay as they are)."""
    client.advanced_unlocked_at = None
    client.advanced_unlocked_by = None
    client.save(update_fields=["advanced_unlocked_at", "advanced_unlocked_by"])


@transaction.atomic
def assign(client, routine, **schedule):
    """Assign `routine` to `client` on `schedule`; raises AssignmentBlocked (clients.red_flags)
    while the gate is shut, and AdvancedLocked for an advanced step without the unlock."""
    client.safety.check_gate()
    check_advanced(client, routine.steps.values_list("stretch_id", flat=True))
    assignment = Assignment.objects.create(
        client=client,
        routine=routine,
        title=routine.name,
        routine_version=routine.version,
        **schedule,
    )
    _copy_steps(assignment, routine)
    return assignment


@transaction.atomic
def update_copy(assignment):
    """Replace the client's copy with the routine as it is now (the trainer's choice); raises
    AdvancedLocked if the routine gained an advanced step the client is not unlocked for."""
    routine = assignment.routine
    check_advanced(assignment.client, routine.steps.values_list("stretch_id", flat=True))
    assignment.steps.all().delete()
    _copy_steps(assignment, routine)
    assignment.title = routine.name
    assignment.routine_version = routine.version
    assignment.save(update_fields=["title", "routine_version"])


@dataclass
class CautionWarning:
    step: AssignedStep
    tags: list  # the labels of the client's cautions the stretch carries
    easier: object  # the Stretch to offer, or None: no easier version clears the caution
    # The library's easier version when it carries the same caution (no swap is offered), and
    # the labels it still carries.
    still_cautioned: object = None
    still_tags: tuple = ()
    # The offered stretch's position when it is already a step of the same routine.
    duplicate_position: int | None = None
    # Whether the step hurt or was too much for the client lately (client page: said in this
    # box rather than a second one offering a swap).
    felt_uneasy: bool = False


def _warning(step, labels, options, cautions, tags, positions):
    """The warning for one flagged step: the first easier version that carries none of the
    client's cautions, preferring one not already in the routine."""

    def still(stretch):
        return [label for code, label in tags.get(stretch.pk, []) if code in cautions]

    clearing = [stretch for stretch in options if not still(stretch)]
    fresh = [stretch for stretch in clearing if stretch.pk not in positions]
    easier = (fresh or clearing or [None])[0]
    if easier is None:
        blocked = options[0] if options else None
        return CautionWarning(step, labels, None, blocked, tuple(still(blocked)) if blocked else ())
    return CautionWarning(step, labels, easier, duplicate_position=positions.get(easier.pk))


def caution_warnings(steps, cautions, variations=None):
    """Steps whose stretch carries a caution the client's intake recorded, each with the easier
    version to offer: one that clears the matched caution (an easier version tagged with it is
    named, not offered), and a warning when it is already in the same routine.

    Caution tags come from the cache (routines.vocabulary); one query finds the easier versions,
    and only when something is flagged. `variations`: a function returning what
    clients.progression.variations_for() gives, when the page loads them anyway (no query here).
    """
    cautions = set(cautions or [])
    steps = list(steps)
    tags = caution_tags_by_stretch()  # one cache read, whatever the number of steps
    flagged = [
        (step, [label for code, label in tags.get(step.stretch_id, []) if code in cautions])
        for step in steps
    ]
    flagged = [(step, labels) for step, labels in flagged if labels]
    if not flagged:
        return []
    if variations is not None:
        easier = {stretch_id: kinds["easier"] for stretch_id, kinds in variations().items()}
    else:
        easier = {}
        links = StretchVariation.objects.filter(
            from_stretch__in=[step.stretch_id for step, _ in flagged],
            kind=VariationKind.EASIER,
            to_stretch__owner__isnull=True,
            to_stretch__is_published=True,
        ).select_related("to_stretch")
        for link in links.order_by("position", "pk"):
            easier.setdefault(link.from_stretch_id, []).append(link.to_stretch)
    positions = {}  # {assignment id: {stretch id: position}}
    for step in steps:
        positions.setdefault(step.assignment_id, {}).setdefault(step.stretch_id, step.position)
    return [
        _warning(
            step,
            labels,
            easier.get(step.stretch_id, []),
            cautions,
            tags,
            positions[step.assignment_id],
        )
        for step, labels in flagged
    ]


@transaction.atomic
def swap_to_easier(step, easier):
    """Swap one step of the client's copy to the easier stretch, at that stretch's usual dose."""
    check_advanced(step.assignment.client, [easier.pk])
    step.stretch = easier
    step.stretch_since = timezone.localdate()  # progression counts the sessions after today
    for field, value in dose_from(easier).items():
        setattr(step, field, value)
    step.save()
    bump_generation(step.assignment.client.trainer_id)  # the step's save bumps nothing itself
