"""Giving a client a routine: assign it behind the red-flag gate, refresh the client's copy,
warn about stretches that carry a caution from the client's intake, and swap one to easier.

An assignment freezes a copy of the routine's steps, so later edits to the routine never change
what the client is doing until the trainer chooses "update copy".
"""

from dataclasses import dataclass

from django.db import transaction

from clients.models import AssignedStep, Assignment
from routines.editing import dose_from, step_dose
from routines.models import StretchVariation, VariationKind
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


@transaction.atomic
def assign(client, routine, **schedule):
    """Assign `routine` to `client` on `schedule`; raises AssignmentBlocked (clients.red_flags)
    while the gate is shut."""
    client.safety.check_gate()
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
    """Replace the client's copy with the routine as it is now (the trainer's choice)."""
    routine = assignment.routine
    assignment.steps.all().delete()
    _copy_steps(assignment, routine)
    assignment.title = routine.name
    assignment.routine_version = routine.version
    assignment.save(update_fields=["title", "routine_version"])


@dataclass
class CautionWarning:
    step: AssignedStep
    tags: list
    easier: object  # a Stretch, or None when the library has no easier version


def caution_warnings(steps, cautions):
    """Steps whose stretch carries a caution the client's intake recorded.

    Caution tags come from the cache (routines.vocabulary); one query finds the easier versions,
    and only when something is flagged.
    """
    cautions = set(cautions or [])
    tags = caution_tags_by_stretch()  # one cache read, whatever the number of steps
    flagged = [
        (step, [label for code, label in tags.get(step.stretch_id, []) if code in cautions])
        for step in steps
    ]
    flagged = [(step, tags) for step, tags in flagged if tags]
    if not flagged:
        return []
    easier = {}
    links = StretchVariation.objects.filter(
        from_stretch__in=[step.stretch_id for step, _ in flagged],
        kind=VariationKind.EASIER,
        to_stretch__owner__isnull=True,
        to_stretch__is_published=True,
    ).select_related("to_stretch")
    for link in links.order_by("position", "pk"):
        easier.setdefault(link.from_stretch_id, link.to_stretch)
    return [CautionWarning(step, tags, easier.get(step.stretch_id)) for step, tags in flagged]


@transaction.atomic
def swap_to_easier(step, easier):
    """Swap one step of the client's copy to the easier stretch, at that stretch's usual dose."""
    step.stretch = easier
    for field, value in dose_from(easier).items():
        setattr(step, field, value)
    step.save()
