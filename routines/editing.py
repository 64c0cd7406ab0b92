"""Changing a routine safely: every change claims the routine's version first, in one transaction.

Two tabs (or a double click) that edit from the same version cannot both win: the second finds
the version moved on and gets StaleRoutine, which the views answer with 409 and change nothing.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from routines.models import Routine, RoutineStep

MAX_STEPS = 20
# Positions are moved out of the way before renumbering, so the unique (routine, position)
# constraint holds after every single row update on every database.
POSITION_PARKING_OFFSET = 10_000


class StaleRoutine(Exception):
    """The routine changed since the page that sent this edit was drawn."""


class RoutineFull(Exception):
    pass


def claim_version(routine, expected_version):
    """Bump the version if it is still `expected_version`; otherwise raise StaleRoutine."""
    claimed = Routine.objects.filter(pk=routine.pk, version=expected_version).update(
        version=F("version") + 1, updated_at=timezone.now()
    )
    if not claimed:
        raise StaleRoutine
    routine.version = expected_version + 1


def _renumber(routine, steps_in_order):
    RoutineStep.objects.filter(routine=routine).update(
        position=F("position") + POSITION_PARKING_OFFSET
    )
    for number, step in enumerate(steps_in_order, start=1):
        step.position = number
    RoutineStep.objects.bulk_update(steps_in_order, ["position"])


# What a stretch's default dose and a step's dose share; a step adds the rest between repetitions.
DOSE_FIELDS = (
    "hold_seconds",
    "repetitions",
    "sides",
    "tempo_contract_seconds",
    "tempo_release_seconds",
    "tempo_rest_seconds",
)
STEP_DOSE_FIELDS = (*DOSE_FIELDS, "rest_seconds")


def dose_from(stretch):
    """A step's starting dose: the stretch's default."""
    return {field: getattr(stretch, field) for field in DOSE_FIELDS}


def step_dose(step):
    """A step's whole dose, to copy it into another routine or a client's assignment."""
    return {field: getattr(step, field) for field in STEP_DOSE_FIELDS}


@transaction.atomic
def add_step(routine, expected_version, stretch):
    claim_version(routine, expected_version)
    count = routine.steps.count()
    if count >= MAX_STEPS:
        raise RoutineFull
    return RoutineStep.objects.create(
        routine=routine, stretch=stretch, position=count + 1, **dose_from(stretch)
    )


@transaction.atomic
def save_with_version(routine, expected_version, form):
    """Save a validated form of the routine (its details or one step's dose) as one change."""
    claim_version(routine, expected_version)
    return form.save()


@transaction.atomic
def remove_step(routine, expected_version, step):
    claim_version(routine, expected_version)
    step.delete()
    _renumber(routine, list(routine.steps.order_by("position")))


@transaction.atomic
def restore_step(routine, expected_version, step, position):
    """Put a removed step back where it was (or at the end if the routine has shrunk)."""
    claim_version(routine, expected_version)
    steps = list(routine.steps.order_by("position"))
    if len(steps) >= MAX_STEPS:
        raise RoutineFull
    step.routine = routine
    step.position = len(steps) + 1
    step.save()
    steps.insert(min(max(position, 1), len(steps) + 1) - 1, step)
    _renumber(routine, steps)
    return step


def _steps_in_order(routine):
    """The routine's steps with their stretches: the edit uses them, then the page draws them."""
    return list(routine.steps.select_related("stretch").order_by("position"))


@transaction.atomic
def move_step(routine, expected_version, step, offset):
    claim_version(routine, expected_version)
    steps = _steps_in_order(routine)
    index = next(i for i, s in enumerate(steps) if s.pk == step.pk)
    new_index = min(max(index + offset, 0), len(steps) - 1)
    steps.insert(new_index, steps.pop(index))
    _renumber(routine, steps)
    return steps


@transaction.atomic
def reorder_steps(routine, expected_version, ordered_step_ids):
    """Apply a full new order; it must name exactly the routine's current steps."""
    claim_version(routine, expected_version)
    steps = {step.pk: step for step in _steps_in_order(routine)}
    if sorted(ordered_step_ids) != sorted(steps):
        raise StaleRoutine
    ordered = [steps[pk] for pk in ordered_step_ids]
    _renumber(routine, ordered)
    return ordered


@transaction.atomic
def copy_routine(source, owner, name=None):
    """A new routine owned by `owner` with the same steps; templates and duplicates use it."""
    copy = Routine.objects.create(owner=owner, name=name or source.name, goal=source.goal)
    RoutineStep.objects.bulk_create(
        RoutineStep(
            routine=copy,
            stretch_id=step.stretch_id,
            position=step.position,
            client_note=step.client_note,
            private_note=step.private_note,
            **step_dose(step),
        )
        for step in source.steps.order_by("position")
    )
    return copy
