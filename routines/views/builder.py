"""The routines list and the one-page HTMX routine builder.

Every change is a POST carrying the version the page was drawn from (see routines.editing);
HTMX requests get back only the fragments that changed, plain form posts a redirect.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, ProtectedError, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_POST
from django_htmx.http import HttpResponseClientRedirect, reswap, retarget

from routines import editing
from routines.durations import (
    RECOMMENDED_MAX_STEPS,
    minutes_and_seconds,
    routine_seconds,
    step_seconds,
)
from routines.forms import RoutineForm, StepDoseForm
from routines.freshness import STRETCHES_KEY
from routines.models import Routine, RoutineStep, Stretch
from routines.vocabulary import caution_tags_by_stretch, caution_tags_of
from trainer_site import page_cache
from trainer_site.links import MARKER, with_urls

BUILDER = "routines/builder.html"
STALE_MESSAGE = (
    "This routine was changed in another tab or window, so this change was not saved. "
    "Reload the page to see the latest version."
)
FULL_MESSAGE = f"A routine can have at most {editing.MAX_STEPS} steps."


def _get_routine(request, pk):
    return get_object_or_404(Routine.objects.for_trainer(request.user), pk=pk)


def _get_step(routine, step_pk):
    step = get_object_or_404(
        RoutineStep.objects.select_related("stretch"), pk=step_pk, routine=routine
    )
    step.caution_list = caution_tags_of(step.stretch_id)
    return step


def _get_stretch(request):
    stretch_pk = request.POST.get("stretch", "")
    if not stretch_pk.isdigit():
        raise Http404
    return get_object_or_404(Stretch.objects.visible_to(request.user), pk=stretch_pk)


def _expected_version(request):
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return -1  # never matches: an edit without a version is treated as stale


def _builder_context(request, routine, bound_form=None, steps=None):
    if steps is None:
        steps = list(routine.steps.select_related("stretch").order_by("position"))
    tags = caution_tags_by_stretch()  # one cache read for the page
    for step in steps:
        step.caution_list = tags.get(step.stretch_id, [])
        step.seconds = step_seconds(step)
        step.seconds_text = minutes_and_seconds(step.seconds)
    rows = [
        (step, bound_form if bound_form and bound_form.instance.pk == step.pk else None)
        for step in steps
    ]
    rows = [(step, form or StepDoseForm(instance=step)) for step, form in rows]
    total = sum(step.seconds for step in steps)
    return {
        "routine": routine,
        "rows": rows,
        "step_count": len(steps),
        "duration": minutes_and_seconds(total),
        "too_long": len(steps) > RECOMMENDED_MAX_STEPS,
        "recommended_max_steps": RECOMMENDED_MAX_STEPS,
    }


def _full_page(request, routine, status=200, bound_form=None, details_form=None):
    """The whole builder page: first visits, and plain (non-HTMX) posts that fail validation
    (drawn for that request alone, with the form and its messages)."""
    if bound_form is None and details_form is None:
        body = _builder_body(request, routine)
        return render(request, BUILDER, {"routine": routine, "body_html": body}, status=status)
    context = _builder_context(request, routine, bound_form=bound_form)
    context["details_form"] = details_form or RoutineForm(instance=routine)
    context["library_html"] = _library_panel(request, routine)
    return render(request, BUILDER, context, status=status)


def _builder_body(request, routine):
    """Everything below the layout, drawn once per (routine, its version and last save, viewer,
    the stretches' version, language) and read from the shared cache; the CSRF token goes in
    after the read. Every change to the steps, name or goal claims a new version
    (routines.editing) and archiving saves the routine: either gives a new key, so a page
    drawn before a change is never shown after it. The stretches' names, pictures and caution
    tags follow their version (routines.freshness)."""

    def draw(cacheable):
        context = {
            **_builder_context(request, routine),
            "details_form": RoutineForm(instance=routine),
            # Its CSRF placeholder is replaced with the rest of the page's.
            "library_html": _library_panel(request, routine, with_token=False),
            **cacheable,
        }
        return {"body": render_to_string(f"{BUILDER}#builder-body", context)}

    viewer = (request.user.pk, request.user.is_staff)  # staff see draft stretches too
    drawn_at = (routine.version, routine.updated_at.isoformat())
    entry_key = page_cache.key("builder", routine.pk, *drawn_at, *viewer)
    return page_cache.fragments(request, entry_key, [STRETCHES_KEY], draw)["body"]


def _library_panel(request, routine, query="", with_token=True):
    """The builder's library panel: the viewer's stretches with an Add button each. Drawn once
    per (viewer, search, the stretches' version) for a stand-in routine and read from the
    shared cache; this routine's address and version (and the CSRF token, unless the panel
    goes into a cached page: `with_token=False`) go in after."""

    def draw(cacheable):
        stretches = Stretch.objects.visible_to(request.user).search(query)[:100]
        context = {
            "library": with_urls(stretches, "routines:stretch-detail", key="slug"),
            "routine": {"pk": MARKER, "version": page_cache.placeholder("routine-version")},
            **cacheable,
        }
        return {"panel": render_to_string(f"{BUILDER}#library-results", context)}

    viewer = (request.user.pk, request.user.is_staff)
    entry_key = page_cache.key("builder-library", *viewer, page_cache.digest(query))
    viewing = request if with_token else None
    html = page_cache.fragments(viewing, entry_key, [STRETCHES_KEY], draw)["panel"]
    stand_in = reverse("routines:step-add", args=[MARKER])
    html = html.replace(stand_in, reverse("routines:step-add", args=[routine.pk]))
    return mark_safe(html.replace(page_cache.placeholder("routine-version"), str(routine.version)))  # noqa: S308 - drawn by our template


def _fragments(request, context, *partials, status=200):
    """Render partials of the builder page; the version and summary always ride along (OOB)."""
    html = "".join(render_to_string(f"{BUILDER}#{name}", context, request) for name in partials)
    oob = {**context, "oob": True}
    html += render_to_string(f"{BUILDER}#routine-summary", oob, request)
    html += render_to_string(f"{BUILDER}#routine-version", oob, request)
    return HttpResponse(html, status=status)


def _alert(request, message, status, undo=None):
    """An HTMX answer that shows `message` in the builder's alert area and changes nothing else."""
    html = render_to_string(f"{BUILDER}#builder-alert", {"alert": message, "undo": undo}, request)
    response = HttpResponse(html, status=status)
    return reswap(retarget(response, "#builder-alert"), "outerHTML")


def _refused(request, routine, message, status):
    if request.htmx:
        return _alert(request, message, status)
    messages.error(request, message)
    return redirect(routine)


# --- Routines list -----------------------------------------------------------------------------


def _routine_list_context(request, form=None):
    query = request.GET.get("q", "").strip()[:100]
    show_archived = request.GET.get("archived") == "1"
    routines = (
        Routine.objects.for_trainer(request.user)
        .filter(archived_at__isnull=not show_archived)
        # "assignments" is the reverse name of clients.Assignment.routine: a lookup by name, so
        # routines still never imports clients.
        .annotate(
            assigned_client_count=Count(
                "assignments__client",
                filter=Q(assignments__ended_at__isnull=True),
                distinct=True,
            )
        )
        .prefetch_related(Prefetch("steps", queryset=RoutineStep.objects.order_by("position")))
    )
    if query:
        routines = routines.filter(Q(name__icontains=query) | Q(goal__icontains=query))
    rows = [
        (routine, len(steps), minutes_and_seconds(routine_seconds(steps)))
        for routine in routines
        for steps in [routine.steps.all()]
    ]
    return {
        "rows": rows,
        "query": query,
        "show_archived": show_archived,
        # Shown with the computed duration, never one written in the goal: they cannot disagree.
        "templates": [
            (template, len(steps), minutes_and_seconds(routine_seconds(steps)))
            for template in Routine.objects.templates().prefetch_related(
                Prefetch("steps", queryset=RoutineStep.objects.order_by("position"))
            )
            for steps in [template.steps.all()]
        ],
        "form": form or RoutineForm(),
    }


@require_GET
def routine_list(request):
    context = _routine_list_context(request)
    if request.htmx and request.htmx.target == "routine-results":
        return render(request, "routines/routine_list.html#routine-results", context)
    return render(request, "routines/routine_list.html", context)


@require_POST
def routine_create(request):
    form = RoutineForm(request.POST, instance=Routine(owner=request.user))
    if not form.is_valid():
        context = _routine_list_context(request, form)
        return render(request, "routines/routine_list.html", context, status=422)
    routine = form.save()
    return redirect(routine)


@require_POST
def routine_copy(request, pk):
    """Copy a shipped template, or duplicate one of the trainer's own routines."""
    copyable = Routine.objects.filter(
        Q(owner=request.user) | Q(owner__isnull=True, is_template=True)
    )
    source = get_object_or_404(copyable, pk=pk)
    name = source.name if source.owner_id is None else f"Copy of {source.name}"[:100]
    copy = editing.copy_routine(source, request.user, name=name)
    messages.success(request, f"“{copy.name}” is ready to edit.")
    if request.htmx:
        return HttpResponseClientRedirect(copy.get_absolute_url())
    return redirect(copy)


@require_POST
def routine_archive(request, pk):
    routine = _get_routine(request, pk)
    routine.archived_at = None if routine.is_archived else timezone.now()
    routine.save(update_fields=["archived_at", "updated_at"])
    state = "archived" if routine.is_archived else "back in your routines"
    messages.success(request, f"“{routine.name}” is {state}.")
    return redirect("routines:routine-list")


@require_POST
def routine_delete(request, pk):
    routine = _get_routine(request, pk)
    try:
        routine.delete()
    except ProtectedError:
        # Assigned routines keep their history: archive instead of deleting.
        routine.archived_at = routine.archived_at or timezone.now()
        routine.save(update_fields=["archived_at", "updated_at"])
        messages.warning(
            request, f"“{routine.name}” is assigned to clients, so it was archived, not deleted."
        )
    else:
        messages.success(request, f"“{routine.name}” was deleted.")
    return redirect("routines:routine-list")


# --- Builder -----------------------------------------------------------------------------------


@require_GET
def builder(request, pk):
    return _full_page(request, _get_routine(request, pk))


@require_GET
def builder_library(request, pk):
    """The builder's side panel: the trainer's searchable library with an Add button each."""
    routine = _get_routine(request, pk)
    query = request.GET.get("q", "").strip()[:100]
    return HttpResponse(_library_panel(request, routine, query))


@require_POST
def routine_details(request, pk):
    routine = _get_routine(request, pk)
    form = RoutineForm(request.POST, instance=routine)
    if not form.is_valid():
        context = {"routine": routine, "details_form": form}
        if request.htmx:
            return render(request, f"{BUILDER}#routine-details", context, status=422)
        return _full_page(request, routine, status=422, details_form=form)
    try:
        editing.save_with_version(routine, _expected_version(request), form)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    if request.htmx:
        context = {**_builder_context(request, routine), "details_form": form, "saved": True}
        return _fragments(request, context, "routine-details")
    return redirect(routine)


@require_POST
def step_add(request, pk):
    routine = _get_routine(request, pk)
    stretch = _get_stretch(request)
    try:
        added = editing.add_step(routine, _expected_version(request), stretch)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    except editing.RoutineFull:
        return _refused(request, routine, FULL_MESSAGE, 422)
    if request.htmx:
        # Focus goes to the new step's Edit button: the keyboard carries on from the new row.
        context = {**_builder_context(request, routine), "focus_edit": added.pk}
        return _fragments(request, context, "step-list")
    return redirect(routine)


@require_POST
def step_update(request, pk, step_pk):
    """Auto-saved dose: success answers with a short status, an error with the whole row (422)."""
    routine = _get_routine(request, pk)
    step = _get_step(routine, step_pk)
    stored = {name: getattr(step, name) for name in StepDoseForm.Meta.fields}
    form = StepDoseForm(request.POST, instance=step)
    if not form.is_valid():
        if request.htmx:
            # The row's summary shows what is stored, whole: the form copied the valid answers
            # onto the step, and a summary without its time read "30 s × 2 on each side ·".
            for name, value in stored.items():
                setattr(step, name, value)
            step.seconds_text = minutes_and_seconds(step_seconds(step))
            context = {**_builder_context(request, routine), "step": step, "form": form}
            response = render(request, f"{BUILDER}#step-row", context, status=422)
            return reswap(retarget(response, f"#step-{step.pk}"), "outerHTML")
        return _full_page(request, routine, status=422, bound_form=form)
    try:
        editing.save_with_version(routine, _expected_version(request), form)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    if request.htmx:
        # The step's one-line summary (dose and time) follows the change.
        step.seconds_text = minutes_and_seconds(step_seconds(step))
        context = {**_builder_context(request, routine), "step": step, "saved": True}
        if request.htmx.target == f"step-{step.pk}":
            # The row was showing an error: redraw it whole so the messages go away.
            context["form"] = StepDoseForm(instance=step)
            context["open_step"] = step.pk  # still being edited
            return _fragments(request, context, "step-row")
        # Otherwise the summary line alone, out of band.
        response = _fragments(request, context, "step-status")
        dose_line = render_to_string(f"{BUILDER}#step-dose", {**context, "oob": True}, request)
        response.content += dose_line.encode()
        return response
    return redirect(routine)


@require_POST
def step_remove(request, pk, step_pk):
    routine = _get_routine(request, pk)
    step = _get_step(routine, step_pk)
    removed = {
        "stretch": step.stretch,
        "position": step.position,
        "dose": {name: getattr(step, name) for name in StepDoseForm.Meta.fields},
    }
    try:
        editing.remove_step(routine, _expected_version(request), step)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    message = f"Removed “{removed['stretch'].name}”."
    if request.htmx:
        context = {**_builder_context(request, routine), "alert": message, "undo": removed}
        response = _fragments(request, context, "step-list")
        alert = render_to_string(f"{BUILDER}#builder-alert", {**context, "oob": True}, request)
        response.content += alert.encode()
        return response
    messages.success(request, message)
    return redirect(routine)


@require_POST
def step_restore(request, pk):
    """Undo a removal: the undo form carries the removed step's stretch, dose and place."""
    routine = _get_routine(request, pk)
    stretch = _get_stretch(request)
    form = StepDoseForm(
        request.POST, instance=RoutineStep(routine=routine, stretch=stretch), prefix=None
    )
    if not form.is_valid():
        return _refused(request, routine, "That step could not be restored.", 422)
    try:
        position = int(request.POST.get("position", ""))
    except ValueError:
        position = editing.MAX_STEPS
    try:
        with_version = _expected_version(request)
        restored = editing.restore_step(routine, with_version, form.save(commit=False), position)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    except editing.RoutineFull:
        return _refused(request, routine, FULL_MESSAGE, 422)
    if request.htmx:
        context = {**_builder_context(request, routine), "alert": None, "focus_edit": restored.pk}
        response = _fragments(request, context, "step-list")
        response.content += render_to_string(
            f"{BUILDER}#builder-alert", {"oob": True}, request
        ).encode()
        return response
    return redirect(routine)


@require_POST
def step_move(request, pk, step_pk):
    routine = _get_routine(request, pk)
    step = _get_step(routine, step_pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction"))
    if offset is None:
        return _refused(request, routine, "Move a step up or down.", 422)
    try:
        steps = editing.move_step(routine, _expected_version(request), step, offset)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    if request.htmx:
        context = {
            **_builder_context(request, routine, steps=steps),
            "focus_step": step.pk,
            "focus_direction": request.POST["direction"],
        }
        return _fragments(request, context, "step-list")
    return redirect(routine)


@require_POST
def step_reorder(request, pk):
    """Drag and drop sends the whole new order as comma-separated step ids."""
    routine = _get_routine(request, pk)
    try:
        order = [int(part) for part in request.POST.get("order", "").split(",") if part]
    except ValueError:
        return _refused(request, routine, "That order could not be read.", 422)
    try:
        steps = editing.reorder_steps(routine, _expected_version(request), order)
    except editing.StaleRoutine:
        return _refused(request, routine, STALE_MESSAGE, 409)
    if request.htmx:
        return _fragments(request, _builder_context(request, routine, steps=steps), "step-list")
    return redirect(routine)
