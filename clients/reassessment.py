"""The short re-assessment: pain and the goal activities rated again, in a minute.

It saves a new dated Intake marked `short_reassessment`, with every other answer (where it hurts,
sitting, red flags, cautions, ...) copied from the latest intake, so every reader of intakes (the
red-flag gate, cautions, the trends, the export, erasure) keeps working unchanged. The earlier
intake is never changed. A warning sign that is new since last time is never recorded here: the
trainer is sent to the full intake, whose red-flag screen and gate handle it.
"""

from django.db import transaction
from django.utils import timezone

from clients.models import AuditAction, Intake, MedicalClearance, audit

GOAL_SLOTS = (1, 2, 3)
# What the short form asks again; everything else is copied from the intake before.
ASKED = {"pain_now", "pain_average_week", "pain_worst_week", "notes"} | {
    f"goal_{slot}_score" for slot in GOAL_SLOTS
}
# Not answers: the new row's own identity, date and consent.
OWN = {"id", "client", "assessed_on", "created_at", "consent_recorded_by", "consent_recorded_at"}


def goal_slots(intake):
    """[(slot number, activity)] of the goals named in `intake`, in their slots' order."""
    return [(slot, name) for slot in GOAL_SLOTS if (name := getattr(intake, f"goal_{slot}"))]


def record(request, client, previous, answers):
    """Save the short re-assessment of `client` (whose latest intake is `previous`) from the
    form's cleaned `answers`; returns the new intake. All or nothing.

    A clinician's clearance of the red flags copied over is copied too: the trainer has just
    answered that no warning sign is new, so the go-ahead given for these same flags stands."""
    copied = {
        field.attname: getattr(previous, field.attname)
        for field in Intake._meta.concrete_fields
        if field.name not in ASKED | OWN
    }
    intake = Intake(
        **copied,
        client=client,
        assessed_on=timezone.localdate(),
        consent_recorded_by=request.user,
        consent_recorded_at=timezone.now(),
        pain_now=answers["pain_now"],
        pain_average_week=answers["pain_average_week"],
        pain_worst_week=answers["pain_worst_week"],
        notes=answers.get("notes", ""),
    )
    intake.short_reassessment = True
    for slot in GOAL_SLOTS:
        setattr(intake, f"goal_{slot}_score", answers.get(f"goal_{slot}_score"))
    clearance = getattr(previous, "clearance", None) if previous.red_flags else None
    with transaction.atomic():
        intake.save()
        if clearance is not None:
            MedicalClearance.objects.create(
                intake=intake,
                cleared_by=clearance.cleared_by,
                cleared_on=clearance.cleared_on,
                details=clearance.details,
                recorded_by=clearance.recorded_by,
            )
        client.refresh_latest_intake()
        audit(
            request,
            client,
            AuditAction.CREATED,
            f"short re-assessment of {intake.assessed_on:%d %b %Y}",
        )
    return intake
