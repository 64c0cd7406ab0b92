"""A trainer's clients, their back-pain intakes (the red-flag screen included) and clearances.

Intake answers are special-category health data: they never leave the trainer's pages, are never
logged, never appear in URLs and never reach the client's shared page.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone

PAIN_SCALE = (0, 10)


class AgeBand(models.TextChoices):
    # Bands line up with the red-flag screen: new back pain under ~20 or over ~50 needs a check.
    UNDER_20 = "under_20", "Under 20"
    FROM_20_TO_34 = "20_34", "20-34"
    FROM_35_TO_49 = "35_49", "35-49"
    FROM_50_TO_64 = "50_64", "50-64"
    FROM_65 = "65_plus", "65 or over"


class ClientQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(trainer=trainer)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def needing_attention(self):
        """No intake yet, or red flags in the latest intake that nobody has cleared."""
        return self.filter(
            Q(latest_intake__isnull=True)
            | Q(latest_intake__red_flag_tier__gt="", latest_intake__clearance__isnull=True)
        )


class Client(models.Model):
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    notes = models.TextField(blank=True, help_text="Private to you; never shown to the client.")
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The newest intake by assessment date, kept here so lists show each client's safety status
    # with one join instead of a query per client.
    latest_intake = models.ForeignKey(
        "Intake", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [models.Index(fields=["trainer", "archived_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:client-detail", kwargs={"pk": self.pk})

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def age_description(self):
        if self.date_of_birth:
            today = timezone.localdate()
            born = self.date_of_birth
            years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            return f"{years} years"
        return self.get_age_band_display()

    @property
    def safety(self):
        """Where the client stands on the red-flag screen; needs latest_intake loaded."""
        return Safety.of(self.latest_intake)

    def refresh_latest_intake(self):
        self.latest_intake = self.intakes.order_by("-assessed_on", "-created_at").first()
        self.save(update_fields=["latest_intake"])


class RedFlagTier(models.TextChoices):
    NONE = "", "None"
    REFER = "refer", "Get checked before starting"
    EMERGENCY = "emergency", "Urgent medical care now"


class RedFlag(models.TextChoices):
    # Emergency: same-day care. Worded for a trainer to ask plainly; the app never diagnoses.
    SADDLE_NUMBNESS = (
        "saddle_numbness",
        "New numbness or tingling around the groin, genitals or inner buttocks",
    )
    BLADDER_BOWEL = (
        "bladder_bowel",
        "New trouble passing urine, or not being able to hold urine or stool",
    )
    WORSENING_WEAKNESS = (
        "worsening_weakness",
        "A leg getting weaker, or a foot that drags or slaps when walking",
    )
    BOTH_LEGS = "both_legs", "Numbness or weakness in both legs"
    # Refer: a doctor or physiotherapist should check before exercise starts.
    CANCER = "cancer", "Has had cancer"
    WEIGHT_LOSS = "weight_loss", "Has lost weight without trying"
    FEVER = "fever", "Fever, or feeling generally unwell"
    IMMUNITY = "immunity", "Takes steroids long term, or has a weakened immune system"
    TRAUMA = "trauma", "A recent fall, accident or blow (or a small one with known osteoporosis)"
    CONSTANT_PAIN = (
        "constant_pain",
        "Pain that stays the same whatever they do, or bad pain at night",
    )
    AGE_ONSET = "age_onset", "Back pain that is new, and they are under 20 or over 50"
    UPPER_BACK = "upper_back", "Pain mostly in the upper or middle back"
    NOT_IMPROVING = "not_improving", "No better after 4-6 weeks"


EMERGENCY_FLAGS = frozenset(
    {
        RedFlag.SADDLE_NUMBNESS,
        RedFlag.BLADDER_BOWEL,
        RedFlag.WORSENING_WEAKNESS,
        RedFlag.BOTH_LEGS,
    }
)


def red_flag_tier(flags):
    if any(flag in EMERGENCY_FLAGS for flag in flags):
        return RedFlagTier.EMERGENCY
    return RedFlagTier.REFER if flags else RedFlagTier.NONE


class PainArea(models.TextChoices):
    LOW_BACK_CENTRE = "low_back_centre", "Lower back, middle"
    LOW_BACK_LEFT = "low_back_left", "Lower back, left"
    LOW_BACK_RIGHT = "low_back_right", "Lower back, right"
    BUTTOCK = "buttock", "Buttock"
    THIGH = "thigh", "Thigh"
    BELOW_KNEE = "below_knee", "Leg below the knee"


class PainDuration(models.TextChoices):
    UNDER_6_WEEKS = "under_6_weeks", "Under 6 weeks"
    WEEKS_6_TO_12 = "6_12_weeks", "6-12 weeks"
    OVER_12_WEEKS = "over_12_weeks", "Over 12 weeks"


class Onset(models.TextChoices):
    GRADUAL = "gradual", "Came on gradually"
    INCIDENT = "incident", "Started after a specific incident"
    UNSURE = "unsure", "Not sure"


class Aggravator(models.TextChoices):
    SITTING = "sitting", "Sitting"
    STANDING = "standing", "Standing"
    BENDING = "bending", "Bending forward"
    ARCHING = "arching", "Arching backwards"


class JobType(models.TextChoices):
    DESK = "desk", "Desk or computer work"
    DRIVING = "driving", "Driving"
    STANDING = "standing", "On their feet"
    MANUAL = "manual", "Manual work or lifting"
    MIXED = "mixed", "A mix"
    NOT_WORKING = "not_working", "Not working or retired"


class Intake(models.Model):
    """One dated assessment; repeat it to re-assess. Every answer is health data."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="intakes")
    assessed_on = models.DateField(default=timezone.localdate)
    created_at = models.DateTimeField(auto_now_add=True)
    # Explicit consent to store health data: who recorded it and when.
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    consent_recorded_at = models.DateTimeField()

    pain_now = models.PositiveSmallIntegerField()
    pain_average_week = models.PositiveSmallIntegerField()
    pain_worst_week = models.PositiveSmallIntegerField()
    pain_areas = models.JSONField(default=list, blank=True)
    pain_duration = models.CharField(max_length=20, choices=PainDuration.choices)
    onset = models.CharField(max_length=20, choices=Onset.choices, blank=True)
    worse_with = models.JSONField(default=list, blank=True)

    goal_1 = models.CharField(max_length=120, blank=True)
    goal_1_score = models.PositiveSmallIntegerField(null=True, blank=True)
    goal_2 = models.CharField(max_length=120, blank=True)
    goal_2_score = models.PositiveSmallIntegerField(null=True, blank=True)
    goal_3 = models.CharField(max_length=120, blank=True)
    goal_3_score = models.PositiveSmallIntegerField(null=True, blank=True)

    sitting_hours_workday = models.DecimalField(max_digits=3, decimal_places=1)
    sitting_hours_day_off = models.DecimalField(max_digits=3, decimal_places=1)
    longest_sitting_minutes = models.PositiveSmallIntegerField(null=True, blank=True)
    job_type = models.CharField(max_length=20, choices=JobType.choices, blank=True)
    activity_minutes_week = models.PositiveSmallIntegerField(null=True, blank=True)
    strength_days_week = models.PositiveSmallIntegerField(null=True, blank=True)

    under_clinician_care = models.BooleanField(default=False)
    clinician_care_details = models.CharField(max_length=300, blank=True)

    red_flags = models.JSONField(default=list, blank=True)
    red_flag_tier = models.CharField(
        max_length=10, choices=RedFlagTier.choices, blank=True, editable=False
    )
    # Caution tag codes from the stretch library (knee, arching, balance, ...): routines and
    # assignments warn about stretches carrying a matching tag.
    cautions = models.JSONField(default=list, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["-assessed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_now__lte=10)
                & Q(pain_average_week__lte=10)
                & Q(pain_worst_week__lte=10),
                name="intake_pain_0_10",
            ),
            models.CheckConstraint(
                condition=(Q(goal_1_score__isnull=True) | Q(goal_1_score__lte=10))
                & (Q(goal_2_score__isnull=True) | Q(goal_2_score__lte=10))
                & (Q(goal_3_score__isnull=True) | Q(goal_3_score__lte=10)),
                name="intake_goal_scores_0_10",
            ),
            models.CheckConstraint(
                condition=Q(sitting_hours_workday__gte=0, sitting_hours_workday__lte=24)
                & Q(sitting_hours_day_off__gte=0, sitting_hours_day_off__lte=24),
                name="intake_sitting_hours_0_24",
            ),
            models.CheckConstraint(
                condition=Q(strength_days_week__isnull=True) | Q(strength_days_week__lte=7),
                name="intake_strength_days_0_7",
            ),
        ]
        indexes = [models.Index(fields=["client", "-assessed_on"])]

    def __str__(self):
        return f"Intake of {self.assessed_on:%d %b %Y}"

    def save(self, *args, **kwargs):
        self.red_flag_tier = red_flag_tier(self.red_flags)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("clients:intake-detail", kwargs={"pk": self.client_id, "intake_pk": self.pk})

    @property
    def goals(self):
        return [
            (activity, score)
            for activity, score in (
                (self.goal_1, self.goal_1_score),
                (self.goal_2, self.goal_2_score),
                (self.goal_3, self.goal_3_score),
            )
            if activity
        ]

    def labels(self, choices, codes):
        return [choices(code).label for code in codes if code in choices.values]

    @property
    def pain_area_labels(self):
        return self.labels(PainArea, self.pain_areas)

    @property
    def worse_with_labels(self):
        return self.labels(Aggravator, self.worse_with)

    @property
    def red_flag_labels(self):
        return self.labels(RedFlag, self.red_flags)

    @property
    def emergency_flag_labels(self):
        return self.labels(RedFlag, [f for f in self.red_flags if f in EMERGENCY_FLAGS])


class MedicalClearance(models.Model):
    """A clinician's go-ahead after red flags, recorded by the trainer for one intake."""

    intake = models.OneToOneField(Intake, on_delete=models.CASCADE, related_name="clearance")
    cleared_by = models.CharField(
        max_length=120, help_text="Who cleared the client, e.g. “Dr Lee, GP” or “Sam, physio”."
    )
    cleared_on = models.DateField()
    details = models.TextField(blank=True, help_text="What they said, including any limits.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return f"Cleared by {self.cleared_by} on {self.cleared_on:%d %b %Y}"


class Safety:
    """The red-flag gate for a client, from their latest intake."""

    NO_INTAKE, CLEAR, REFER, EMERGENCY, CLEARED = (
        "no_intake",
        "clear",
        "refer",
        "emergency",
        "cleared",
    )

    def __init__(self, state, intake):
        self.state = state
        self.intake = intake

    @classmethod
    def of(cls, intake):
        if intake is None:
            return cls(cls.NO_INTAKE, None)
        if not intake.red_flag_tier:
            return cls(cls.CLEAR, intake)
        if hasattr(intake, "clearance"):
            return cls(cls.CLEARED, intake)
        return cls(intake.red_flag_tier, intake)

    @property
    def blocks_assigning(self):
        return self.state in {self.NO_INTAKE, self.REFER, self.EMERGENCY}

    @property
    def label(self):
        return {
            self.NO_INTAKE: "No intake yet",
            self.CLEAR: "No red flags",
            self.REFER: "Get checked before starting",
            self.EMERGENCY: "Urgent medical care now",
            self.CLEARED: "Cleared by a clinician",
        }[self.state]
