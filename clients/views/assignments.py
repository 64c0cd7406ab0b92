"""Trainer side of sharing: assign routines, manage the private link, handle alerts."""

import io

import segno
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from clients import assigning, assigning_many, progression, share_links
from clients.cautions import caution_codes
from clients.feedback import felt_uneasy, with_feedback
from clients.forms import AssignmentForm, ShareLinkForm
from clients.models import AlertKind, AuditAction, Client, ShareLink, audit
from clients.red_flags import AssignmentBlocked
from clients.session_logs import SESSION_PAIN_KINDS
from clients.tasks import email_share_link
from clients.views.clients import client_detail_page, get_client
from clients.views.dashboard import queue_response

MANY_AT_MOST = 100
MAX_HANDLED_NOTE = 500


def _chosen_clients(request, ids):
    """The active clients among `ids` that the user may handle; others are simply not found."""
    numbers = [int(value) for value in ids if value.isdigit()][:MANY_AT_MOST]
    clients = Client.objects.visible_to(request.user).active().filter(pk__in=numbers)
    return list(clients.select_related("latest_intake__clearance").with_red_flag_reports())


@require_http_methods(["GET", "POST"])
@never_cache
def assign_many(request):
    """One routine and one schedule for the clients ticked on the client list."""
    source = request.POST if request.method == "POST" else request.GET
    chosen = _chosen_clients(request, source.getlist("client"))
    form = AssignmentForm(request.POST or None, trainer=request.user)
    context = {"form": form, "chosen": chosen}
    if request.method == "GET":
        return render(request, "clients/assign_many.html", context)
    if not chosen:
        context["no_client"] = "Choose at least one client."
    if not form.is_valid() or not chosen:
        return render(request, "clients/assign_many.html", context, status=422)
    schedule = {k: v for k, v in form.cleaned_data.items() if k != "routine"}
    routine = form.cleaned_data["routine"]
    outcomes = assigning_many.assign_to_many(chosen, routine, schedule)
    context.update(
        routine=routine,
        assigned=[o for o in outcomes if o.assignment],
        blocked=[o for o in outcomes if not o.assignment],
    )
    return render(request, "clients/assign_many_done.html", context)


def _assignment(client, assignment_pk):
    return get_object_or_404(client.assignments.select_related("routine"), pk=assignment_pk)


@require_POST
def assignment_create(request, pk):
    clients = Client.objects.select_related("latest_intake__clearance").with_red_flag_reports()
    client = get_client(request, pk, clients)
    form = AssignmentForm(request.POST, trainer=request.user)
    if not form.is_valid():
        return client_detail_page(request, client, status=422, assignment_form=form)
    schedule = {k: v for k, v in form.cleaned_data.items() if k != "routine"}
    try:
        assignment = assigning.assign(client, form.cleaned_data["routine"], **schedule)
    except AssignmentBlocked as blocked:
        form.add_error(None, f"Not yet: {blocked}. Record medical clearance first.")
        return client_detail_page(request, client, status=409, assignment_form=form)
    except assigning.AdvancedLocked as locked:
        form.add_error(None, str(locked))
        return client_detail_page(
            request, client, status=409, assignment_form=form, advanced_refused=True
        )
    messages.success(request, f"“{assignment.title}” assigned to {client.name}.")
    return redirect(f"{client.get_absolute_url()}#assignments")


@require_POST
def assignment_update_copy(request, pk, assignment_pk):
    client = get_client(request, pk)
    assignment = _assignment(client, assignment_pk)
    try:
        assigning.update_copy(assignment)
    except assigning.AdvancedLocked as locked:
        messages.error(request, f"Copy not updated: {locked}")
        return redirect(f"{client.get_absolute_url()}#advanced")
    messages.success(request, f"{client.name}'s copy of “{assignment.title}” is up to date.")
    return redirect(f"{client.get_absolute_url()}#assignments")


def _suggested(client, assignment, step_pk, to_pk):
    """The suggestion clients.progression makes now for this step, if it swaps in `to_pk`."""
    steps = assignment.steps.select_related("stretch", "assignment__client")
    step = progression.with_window(steps, timezone.localdate()).filter(pk=step_pk).first()
    if step is None:
        return None
    needed = progression.practice_sessions_needed(client.trainer)
    variations = progression.variations_for([step.stretch_id])
    found = progression.suggestions(client, [step], variations, needed)
    return next((s for s in found if str(s.to_stretch.pk) == to_pk), None)


def _swap_answer(request, client, notice, refused=False, anchor="assignments"):
    """A progression swap answers where it was clicked: the attention queue (`back=dashboard`:
    the queue drawn again, the notice beside it) or the client page."""
    if request.POST.get("back") == "dashboard":
        if request.htmx:
            return queue_response(request, notice, refused)
        back = reverse("clients:dashboard")
    else:
        back = f"{client.get_absolute_url()}#{anchor}"
    (messages.error if refused else messages.success)(request, notice)
    return redirect(back)


def _progression_swap(request, client, assignment, step_pk, to_pk):
    """Swap in the variation clients.progression suggests for this step now (and only that),
    from the client page or the attention queue."""
    suggestion = _suggested(client, assignment, step_pk, to_pk)
    if suggestion is None:
        notice = "That swap is no longer suggested: the sessions changed."
        return _swap_answer(request, client, notice, refused=True)
    old_name, new_name = suggestion.step.stretch.name, suggestion.to_stretch.name
    try:
        assigning.swap_to_easier(suggestion.step, suggestion.to_stretch)
    except assigning.AdvancedLocked as locked:
        return _swap_answer(request, client, f"Not swapped: {locked}", True, anchor="advanced")
    # Who swapped, and when: the client's access history.
    audit(request, client, AuditAction.CHANGED, f"swapped {old_name} for {suggestion.to_stretch}")
    notice = f"Swapped {old_name} for {new_name} in {client.name}'s routine."
    return _swap_answer(request, client, notice)


@require_POST
def assignment_swap(request, pk, assignment_pk, step_pk):
    """One-click swap of a step: to the variation progression suggests (`to`), or a flagged
    step to the library's easier version."""
    client = get_client(request, pk, Client.objects.select_related("latest_intake", "trainer"))
    assignment = _assignment(client, assignment_pk)
    if request.POST.get("to"):
        return _progression_swap(request, client, assignment, step_pk, request.POST["to"])
    steps = assignment.steps.select_related("stretch")
    cautions = caution_codes(client.latest_intake)
    warning = next(
        (w for w in assigning.caution_warnings(steps, cautions) if w.step.pk == step_pk), None
    )
    step, easier = (warning.step, warning.easier) if warning else (None, None)
    if warning is None:
        # Not cautioned: a step that hurt or was too much for the client is offered it too.
        step = with_feedback(steps, timezone.localdate()).filter(pk=step_pk).first()
        if step and felt_uneasy(step):
            easier = progression.variations_for([step.stretch_id]).get(step.stretch_id) or {}
            easier = (easier.get("easier") or [None])[0]
    if easier is None:
        messages.error(request, "That step has no easier version that clears its caution.")
        return redirect(f"{client.get_absolute_url()}#assignments")
    old_name = step.stretch.name
    try:
        assigning.swap_to_easier(step, easier)
    except assigning.AdvancedLocked as locked:
        messages.error(request, f"Not swapped: {locked}")
        return redirect(f"{client.get_absolute_url()}#advanced")
    audit(request, client, AuditAction.CHANGED, f"swapped {old_name} for {easier}")
    messages.success(request, f"Swapped {old_name} for {easier.name}.")
    return redirect(f"{client.get_absolute_url()}#assignments")


@require_POST
def assignment_end(request, pk, assignment_pk):
    client = get_client(request, pk)
    assignment = _assignment(client, assignment_pk)
    assignment.ended_at = assignment.ended_at or timezone.now()
    assignment.save(update_fields=["ended_at"])
    messages.success(request, f"“{assignment.title}” has ended; its history is kept.")
    return redirect(f"{client.get_absolute_url()}#assignments")


@require_POST
def advanced_unlock(request, pk):
    """One click: advanced stretches allowed for this client, recorded (who, when, audit)."""
    client = get_client(request, pk)
    if not client.advanced_unlocked:
        assigning.unlock_advanced(client, request.user)
        audit(request, client, AuditAction.CHANGED, "advanced stretches unlocked")
    messages.success(request, f"Advanced stretches unlocked for {client.name}. Assign again.")
    return redirect(f"{client.get_absolute_url()}#assignments")


@require_POST
def advanced_lock(request, pk):
    client = get_client(request, pk)
    if client.advanced_unlocked:
        assigning.lock_advanced(client)
        audit(request, client, AuditAction.CHANGED, "advanced stretches locked")
    messages.success(request, f"Advanced stretches locked for {client.name}.")
    return redirect(f"{client.get_absolute_url()}#advanced")


@require_POST
def alert_handle(request, pk, alert_pk):
    """Mark an alert handled. A red-flag symptom needs a note of what was done (kept in the
    handled items); handling it gives the client's page its sessions back (the gate on
    assigning waits for a clearance: clients.views.intake.red_flag_clearance)."""
    client = get_client(request, pk)
    alert = get_object_or_404(client.alerts, pk=alert_pk, handled_at__isnull=True)
    note = request.POST.get("handled_note", "").strip()
    if alert.kind == AlertKind.RED_FLAG and not note:
        error = "Write what was done, for example who they saw, before marking this handled."
    elif len(note) > MAX_HANDLED_NOTE:
        error = f"Keep it under {MAX_HANDLED_NOTE} characters."
    else:
        error = ""
    if error:
        return client_detail_page(
            request, client, status=422, handle_refused=alert.pk, handle_error=error
        )
    alert.handled_at = timezone.now()
    alert.handled_by = request.user
    alert.handled_note = note
    alert.save(update_fields=["handled_at", "handled_by", "handled_note"])
    # One session's pain alerts (7 or more, and 2 above their usual) are one row on the page,
    # so one click handles both.
    if alert.kind in SESSION_PAIN_KINDS and alert.session_log_id:
        client.alerts.filter(
            session_log=alert.session_log_id, kind__in=SESSION_PAIN_KINDS, handled_at__isnull=True
        ).update(handled_at=alert.handled_at, handled_by=request.user, handled_note=note)
    messages.success(request, "Marked as handled.")
    return redirect(f"{client.get_absolute_url()}#alerts")


# --- The private link --------------------------------------------------------------------------


@require_POST
def link_issue(request, pk):
    """Create the client's link, or replace it: the old address stops working at once."""
    client = get_client(request, pk)
    form = ShareLinkForm(request.POST, replacing=client.live_link is not None)
    if not form.is_valid():
        return client_detail_page(request, client, status=422, link_form=form)
    expires_on = form.cleaned_data["expires_on"]
    expires_at = None
    if expires_on:
        end_of_day = timezone.datetime.combine(expires_on, timezone.datetime.max.time())
        expires_at = timezone.make_aware(end_of_day)
    had_link = client.share_links.filter(revoked_at__isnull=True).exists()
    share_links.issue_link(client, expires_at=expires_at)
    if had_link:
        messages.success(request, "New link made. The old one no longer works.")
    else:
        messages.success(request, "Private link ready. Copy it, show the QR code, or email it.")
    return redirect(f"{client.get_absolute_url()}#link")


@require_POST
def link_revoke(request, pk):
    client = get_client(request, pk)
    if share_links.revoke_link(client):
        messages.success(request, "Link revoked. It now leads nowhere.")
    return redirect(f"{client.get_absolute_url()}#link")


def _live_link(client):
    return get_object_or_404(ShareLink.objects.live(), client=client)


@require_GET
@never_cache
def link_qr(request, pk):
    """The link as a QR code (SVG) for the client to scan from the trainer's screen."""
    link = _live_link(get_client(request, pk))
    buffer = io.BytesIO()
    segno.make(request.build_absolute_uri(link.get_absolute_url()), error="m").save(
        buffer, kind="svg", scale=6, border=2, xmldecl=False, svgns=True, title="Private link"
    )
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@require_POST
def link_email(request, pk):
    client = get_client(request, pk)
    link = _live_link(client)
    if not client.email:
        messages.error(request, f"Add an email address for {client.name} first.")
        return redirect(f"{client.get_absolute_url()}#link")
    # Queued, not sent here: a slow or failing mail server neither holds up the page nor loses
    # the mail (the task retries).
    email_share_link.enqueue(link.pk, request.build_absolute_uri("/")[:-1])
    messages.success(request, f"Link emailed to {client.email}.")
    return redirect(f"{client.get_absolute_url()}#link")
