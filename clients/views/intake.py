"""The back-pain intake, its live red-flag check, and medical clearance."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from clients import reassessment
from clients.cautions import client_cautions
from clients.forms import ClearanceForm, IntakeForm, ShortReassessmentForm
from clients.models import AlertKind, AuditAction, Client, Intake, audit
from clients.red_flags import EMERGENCY_CHOICES, REFER_CHOICES, RedFlagTier, Safety
from clients.views.clients import client_detail_page, get_client

INTAKE_FORM = "clients/intake_form.html"
REASSESSMENT_FORM = "clients/reassessment_form.html"


@require_http_methods(["GET", "POST"])
@never_cache
def intake_create(request, pk):
    """A first intake or a re-assessment; a re-assessment starts from the previous answers."""
    client = get_client(request, pk, Client.objects.select_related("latest_intake"))
    previous = client.latest_intake
    if request.method == "GET":
        initial = IntakeForm(instance=previous).initial if previous else {}
        initial = {**initial, "assessed_on": timezone.localdate(), "consent": False}
        initial.pop("id", None)
        form = IntakeForm(initial=initial)
        context = {"client": client, "form": form, "previous": previous, "safety": None}
        return render(request, INTAKE_FORM, context)

    form = IntakeForm(request.POST, instance=Intake(client=client))
    if not form.is_valid():
        context = {
            "client": client,
            "form": form,
            "previous": previous,
            "safety": Safety.of_answers(form.red_flags),
        }
        template = f"{INTAKE_FORM}#intake-form" if request.htmx else INTAKE_FORM
        return render(request, template, context, status=422)
    with transaction.atomic():
        intake = form.save(recorded_by=request.user)
        client.refresh_latest_intake()
        audit(request, client, AuditAction.CREATED, f"intake of {intake.assessed_on:%d %b %Y}")
    if intake.red_flag_tier:
        messages.warning(
            request, "Intake saved. Red flags: see the message below before anything else."
        )
    else:
        messages.success(request, "Intake saved.")
    if request.htmx:
        return HttpResponseClientRedirect(client.get_absolute_url())
    return redirect(client)


@require_http_methods(["GET", "POST"])
@never_cache
def reassessment_create(request, pk):
    """The short re-assessment: pain and goals rated again (clients.reassessment). A warning
    sign new since last time is never saved here: the full intake screens it."""
    client = get_client(request, pk, Client.objects.select_related("latest_intake__clearance"))
    previous = client.latest_intake
    full_intake = reverse("clients:intake-create", args=[client.pk])
    if previous is None:
        messages.info(
            request,
            gettext(
                "%(name)s has no intake yet: record the full intake, with its red-flag screen, "
                "first. Short re-assessments follow it."
            )
            % {"name": client.name},
        )
        return redirect(full_intake)
    form = ShortReassessmentForm(request.POST or None, previous=previous)
    context = {
        "client": client,
        "form": form,
        "previous": previous,
        "emergency_signs": EMERGENCY_CHOICES,
        "refer_signs": REFER_CHOICES,
    }
    if request.method == "GET":
        return render(request, REASSESSMENT_FORM, context)

    if form.reports_a_new_warning_sign:
        messages.warning(
            request,
            gettext(
                "Nothing was saved. A new warning sign needs the full re-assessment: tick it in "
                "the red-flag screen below, and the app tells you what to say to %(name)s and "
                "who they should see."
            )
            % {"name": client.name},
        )
        return HttpResponseClientRedirect(full_intake) if request.htmx else redirect(full_intake)
    if not form.is_valid():
        template = f"{REASSESSMENT_FORM}#reassessment-form" if request.htmx else REASSESSMENT_FORM
        return render(request, template, context, status=422)
    reassessment.record(request, client, previous, form.cleaned_data)
    messages.success(request, gettext("Re-assessment saved."))
    if request.htmx:
        return HttpResponseClientRedirect(client.get_absolute_url())
    return redirect(client)


@require_POST
@never_cache
def intake_check(request, pk):
    """Live check while the intake is filled in: the red-flag banner and answered fields' errors.

    Nothing is saved here; the answers only pass through memory.
    """
    client = get_client(request, pk)
    form = IntakeForm(request.POST, instance=Intake(client=client))
    form.is_valid()
    answered = {name for name, value in request.POST.items() if value.strip()}
    context = {
        "client": client,
        "form": form,
        "safety": Safety.of_answers(form.red_flags),
        "answered": answered,
        "live": True,
    }
    return render(request, f"{INTAKE_FORM}#intake-live", context)


@require_GET
@never_cache
def intake_detail(request, pk, intake_pk):
    client = get_client(request, pk)
    intake = get_object_or_404(client.intakes.select_related("clearance"), pk=intake_pk)
    audit(request, client, AuditAction.VIEWED, f"intake of {intake.assessed_on:%d %b %Y}")
    context = {"client": client, "intake": intake, "cautions": client_cautions(intake)}
    return render(request, "clients/intake_detail.html", context)


@require_POST
def clearance_create(request, pk, intake_pk):
    """Record a clinician's go-ahead; it lifts the red-flag gate for this intake."""
    client = get_client(request, pk, Client.objects.select_related("latest_intake__clearance"))
    intake = get_object_or_404(client.intakes.exclude(red_flag_tier=RedFlagTier.NONE), pk=intake_pk)
    if hasattr(intake, "clearance"):
        messages.info(request, "Clearance was already recorded for this intake.")
        return redirect(client)
    form = ClearanceForm(request.POST)
    if not form.is_valid():
        context = {"client": client, "latest": intake, "cform": form}
        context["clearance_id"] = "clearance-form"
        if request.htmx:
            return render(request, "clients/client_detail.html#clearance-form", context, status=422)
        return client_detail_page(request, client, status=422, clearance_form=form)
    return _record_clearance(request, client, form, "medical clearance recorded", intake=intake)


@require_POST
def red_flag_clearance(request, pk):
    """Record a clinician's go-ahead after a red-flag symptom the client reported after a
    session (clients.red_flags.Safety.NEW_RED_FLAG): it opens the gate that report shut."""
    client = get_client(request, pk, Client.objects.with_red_flag_reports())
    alert = (
        client.alerts.filter(kind=AlertKind.RED_FLAG, clearance__isnull=True)
        .order_by("-created_at", "-pk")
        .first()
    )
    if alert is None or not client.safety.is_new_red_flag:
        messages.info(request, "There is no new red-flag symptom waiting for clearance.")
        return redirect(client)
    form = ClearanceForm(request.POST, prefix="report")
    if not form.is_valid():
        context = {"client": client, "cform": form, "clearance_id": "report-clearance-form"}
        context["clearance_action"] = "report"
        if request.htmx:
            return render(request, "clients/client_detail.html#clearance-form", context, status=422)
        return client_detail_page(request, client, status=422, report_clearance_form=form)
    subject = "medical clearance recorded after a new symptom"
    return _record_clearance(request, client, form, subject, alert=alert)


def _record_clearance(request, client, form, subject, **cleared):
    """Save a valid clearance form for `cleared` (its intake or its alert) and go back to the
    client: the red-flag gate it shut is open again."""
    clearance = form.save(commit=False)
    for name, value in cleared.items():
        setattr(clearance, name, value)
    clearance.recorded_by = request.user
    clearance.save()
    audit(request, client, AuditAction.CHANGED, subject)
    messages.success(request, f"Clearance recorded. You can now assign routines to {client.name}.")
    if request.htmx:
        return HttpResponseClientRedirect(client.get_absolute_url())
    return redirect(client)
