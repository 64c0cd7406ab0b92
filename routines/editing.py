"""Changing a routine safely: every change claims the routine's version first, in one transaction.

Two tabs (or a double click) that edit from the same version cannot both win: the second finds
the version moved on and gets StaleRoutine, which the views answer with 409 and change nothing.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from routines.forms import unique_slug
from routines.models import Routine, RoutineStep, Stretch, StretchStep

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


@transaction.atomic
def copy_stretch(source, owner):
    """A private copy of `source` in `owner`'s library: texts, dose, tags, steps and photo
    (stored again, so either copy can be changed or deleted alone)."""
    copy = Stretch.objects.get(pk=source.pk)
    copy.pk = None
    copy.owner = owner
    copy.slug = unique_slug(source.name)
    copy.shared_with_practice = False
    copy.photo = copy.photo_thumbnail = ""
    copy.save()
    copy.target_areas.set(source.target_areas.all())
    copy.props.set(source.props.all())
    copy.caution_tags.set(source.caution_tags.all())
    StretchStep.objects.bulk_create(
        StretchStep(stretch=copy, position=step.position, instruction=step.instruction)
        for step in source.steps.all()
    )
    for field in ("photo", "photo_thumbnail"):
        image = getattr(source, field)
        if image:
            with image.open("rb") as stored:
                getattr(copy, field).save(image.name.rsplit("/", 1)[-1], ContentFile(stored.read()))
    return copy


@transaction.atomic
def copy_shared_routine(source, owner):
    """A colleague's shared routine, copied into `owner`'s routines. Steps using the
    colleague's private stretches get copies of those stretches in `owner`'s library, so the
    copy never points at something its new owner cannot open."""
    copy = copy_routine(source, owner)
    copy.steps.update(private_note="")  # the colleague's own notes stay theirs
    copied = {}
    for step in copy.steps.select_related("stretch"):
        stretch = step.stretch
        if stretch.owner_id is not None and stretch.owner_id != owner.pk:
            if stretch.pk not in copied:
                copied[stretch.pk] = copy_stretch(stretch, owner)
            step.stretch = copied[stretch.pk]
            step.save(update_fields=["stretch"])
    return copy
