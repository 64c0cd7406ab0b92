"""A trainer's clients, their back-pain intakes (the red-flag screen included) and clearances.

Intake answers are special-category health data: they never leave the trainer's pages, are never
logged, never appear in URLs and never reach the client's shared page.
"""

from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Coalesce, Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from clients.red_flags import RedFlag, RedFlagTier, Safety, red_flag_tier
from practices.membership import covered_trainers, owned_practices, trainers_of
from practices.models import Membership, Role
from routines.doses import dose_text, side_leg_text
from routines.durations import cue_sequence
from routines.models import Sides


class AgeBand(models.TextChoices):
    # Bands line up with the red-flag screen: new back pain under ~20 or over ~50 needs a check.
    UNDER_20 = "under_20", "Under 20"
    FROM_20_TO_34 = "20_34", "20-34"
    FROM_35_TO_49 = "35_49", "35-49"
    FROM_50_TO_64 = "50_64", "50-64"
    FROM_65 = "65_plus", "65 or over"


def _red_flag_reported_at():
    """The newest red-flag alert's time if no clearance was recorded for it, else None."""
    newest = Alert.objects.filter(client=models.OuterRef("pk"), kind=AlertKind.RED_FLAG)
    uncleared_at = models.Case(models.When(clearance__isnull=True, then="created_at"))
    newest = newest.order_by("-created_at", "-pk").annotate(uncleared_at=uncleared_at)
    return models.Subquery(newest.values("uncleared_at")[:1])


class ClientQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        """The trainer's own clients (not those they see as an owner or a cover)."""
        return self.filter(trainer=trainer)

    def visible_to(self, user, day=None):
        """The one rule for which clients a signed-in trainer sees and handles: their own;
        every client of a practice they own; and, during a cover, the clients of the colleague
        they cover. Every trainer page starts from here, so another practice's client is simply
        not found (404). One query: the practice rules are subqueries."""
        day = day or timezone.localdate()
        return self.filter(
            Q(trainer=user)
            | Q(trainer__in=trainers_of(owned_practices(user)))
            | Q(trainer__in=covered_trainers(user, day))
        )

    def with_viewer_owning_practice(self, user):
        """`viewer_owns_practice`: whether `user` owns the practice of each client's trainer
        (and so may move the client to another trainer), inside the same query."""
        owns = Membership.objects.filter(
            user=user, role=Role.OWNER, practice=models.OuterRef("trainer__membership__practice")
        ).filter(  # and someone else to move them to: a solo trainer sees nothing new
            practice__in=Membership.objects.exclude(user=user).values("practice")
        )
        return self.annotate(viewer_owns_practice=models.Exists(owns))

    def active(self):
        return self.filter(archived_at__isnull=True)

    def with_page_relations(self):
        """What the client page shows at the top, in one query: latest intake, its clearance,
        the live private link (as `live_link`, via ShareLink.objects.live()) and the practice's
        progression threshold (`progression_sessions`)."""
        live = ShareLink.objects.live().filter(client=models.OuterRef("pk"))
        practice = Membership.objects.filter(user=models.OuterRef("trainer"))
        clients = self.with_red_flag_reports()
        return clients.select_related("latest_intake__clearance", "advanced_unlocked_by").annotate(
            # N of clients.progression, from the trainer's practice.
            progression_sessions=models.Subquery(
                practice.values("practice__progression_sessions")[:1]
            ),
            live_link_token=models.Subquery(live.values("token")[:1]),
            live_link_expires_at=models.Subquery(live.values("expires_at")[:1]),
        )

    def with_session_summary(self):
        """For the client list, inside the same query: `last_session_on` (the last session done
        or partly done), `latest_pain` and `previous_pain` (the pain of the two newest logs that
        recorded one: pain after, or pain before when the client gave only that)."""
        logs = SessionLog.objects.filter(client=models.OuterRef("pk"))
        done = logs.filter(status__in=(SessionStatus.DONE, SessionStatus.PARTLY))
        with_pain = (
            logs.annotate(pain=Coalesce("pain_after", "pain_before"))
            .filter(pain__isnull=False)
            .order_by("-session_date", "-session_number")
            .values("pain")
        )
        return self.annotate(
            last_session_on=models.Subquery(
                done.order_by("-session_date").values("session_date")[:1]
            ),
            latest_pain=models.Subquery(with_pain[:1]),
            previous_pain=models.Subquery(with_pain[1:2]),
        )

    def needing_attention(self):
        """No intake yet, red flags in the latest intake that nobody has cleared, or a red-flag
        symptom reported after a session that no clearance has followed yet."""
        return self.alias(uncleared_report=_red_flag_reported_at()).filter(
            Q(latest_intake__isnull=True)
            | Q(
                latest_intake__red_flag_tier__gt=RedFlagTier.NONE,
                latest_intake__clearance__isnull=True,
            )
            | Q(uncleared_report__isnull=False)
        )

    def with_red_flag_reports(self):
        """`red_flag_reported_at`: when the client's newest red-flag symptom ticked after a
        session was reported, while no clearance has been recorded for it (else None). Part of
        Client.safety, in the same query as the client."""
        return self.annotate(red_flag_reported_at=_red_flag_reported_at())


class Client(models.Model):
    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="clients"
    )
    name = models.CharField(max_length=120)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    date_of_birth = models.DateField(null=True, blank=True)
    age_band = models.CharField(max_length=10, choices=AgeBand.choices, blank=True)
    notes = models.TextField(
        blank=True, max_length=5000, help_text="Private to you; never shown to the client."
    )
    # The language of the client's page, player, handout, calendar and emails (clients.languages);
    # the client may switch their page on their phone. New clients start with the trainer's.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    archived_at = models.DateTimeField(null=True, blank=True)
    # The newest intake by assessment date, kept here so lists show each client's safety status
    # with one join instead of a query per client.
    latest_intake = models.ForeignKey(
        "Intake", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Advanced stretches (king pigeon) only after the trainer unlocks them for this client:
    # who did, and when (clients.assigning refuses advanced steps until then).
    advanced_unlocked_at = models.DateTimeField(null=True, blank=True)
    advanced_unlocked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClientQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        indexes = [
            models.Index(fields=["trainer", "archived_at"]),
            # The client list: a trainer's active clients in name order, read from the index
            # a page at a time instead of sorted whole on every visit.
            models.Index(
                models.F("trainer"),
                Lower("name"),
                models.F("id"),
                name="client_active_by_name",
                condition=models.Q(archived_at__isnull=True),
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("clients:client-detail", kwargs={"pk": self.pk})

    @property
    def is_archived(self):
        return self.archived_at is not None

    @property
    def live_link(self):
        """The live private link: from with_page_relations() without a query, else looked up."""
        if not hasattr(self, "live_link_token"):
            return self.share_links.live().first()
        if self.live_link_token is None:
            return None
        return ShareLink(
            client=self, token=self.live_link_token, expires_at=self.live_link_expires_at
        )

    @property
    def age_description(self):
        if self.date_of_birth:
            today = timezone.localdate()
            born = self.date_of_birth
            years = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
            return f"{years} years"
        return self.get_age_band_display()

    @property
    def advanced_unlocked(self):
        return self.advanced_unlocked_at is not None

    @property
    def safety(self):
        """Where the client stands on the red-flag screen; needs latest_intake loaded, and
        Client.objects.with_red_flag_reports() in lists (else one query here)."""
        if not hasattr(self, "red_flag_reported_at"):
            found = Client.objects.with_red_flag_reports().filter(pk=self.pk)
            self.red_flag_reported_at = found.values_list("red_flag_reported_at", flat=True).first()
        return Safety.of(self.latest_intake, red_flag_reported_at=self.red_flag_reported_at)

    @property
    def pain_trend(self):
        """How the latest logged pain compares with the one before ("rising", "falling",
        "steady"), or None; needs with_session_summary()."""
        latest, previous = getattr(self, "latest_pain", None), getattr(self, "previous_pain", None)
        if latest is None or previous is None:
            return None
        if latest > previous:
            return "rising"
        return "falling" if latest < previous else "steady"

    def refresh_latest_intake(self):
        self.latest_intake = self.intakes.order_by("-assessed_on", "-created_at").first()
        self.save(update_fields=["latest_intake"])


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
    notes = models.TextField(blank=True, max_length=5000)
    # Recorded with the short re-assessment form (clients.reassessment): pain and goal ratings
    # asked again, every other answer copied from the intake before it, which stays as it was.
    short_reassessment = models.BooleanField(default=False, editable=False)

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
    def safety(self):
        """This intake's place on the red-flag screen (clearance included)."""
        return Safety.of(self)


class MedicalClearance(models.Model):
    """A clinician's go-ahead after red flags, recorded by the trainer: for one intake's red
    flags, or for a red-flag symptom the client reported after a session (its alert)."""

    intake = models.OneToOneField(
        Intake, on_delete=models.CASCADE, null=True, blank=True, related_name="clearance"
    )
    alert = models.OneToOneField(
        "Alert", on_delete=models.CASCADE, null=True, blank=True, related_name="clearance"
    )
    cleared_by = models.CharField(
        max_length=120, help_text="Who cleared the client, e.g. “Dr Lee, GP” or “Sam, physio”."
    )
    cleared_on = models.DateField()
    details = models.TextField(
        blank=True, max_length=2000, help_text="What they said, including any limits."
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(intake__isnull=False, alert__isnull=True)
                | Q(intake__isnull=True, alert__isnull=False),
                name="clearance_for_an_intake_or_an_alert",
            )
        ]

    def __str__(self):
        return f"Cleared by {self.cleared_by} on {self.cleared_on:%d %b %Y}"


# --- Sharing, assignments, session logs --------------------------------------------------------


class ShareLinkQuerySet(models.QuerySet):
    def live(self):
        """Neither revoked nor expired: the only links the shared page answers to."""
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(
            Q(expires_at__isnull=True) | Q(expires_at__gt=now)
        )


class ShareLink(models.Model):
    """The client's one private link. The token is random (not derived from any id) and stored
    so the trainer can show it again; revoking it and issuing a new one kills the old address."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="share_links")
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ShareLinkQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"],
                condition=Q(revoked_at__isnull=True),
                name="one_unrevoked_share_link_per_client",
            )
        ]

    def __str__(self):
        return f"Private link of client {self.client_id}"

    def get_absolute_url(self):
        return reverse("shared:today", kwargs={"token": self.token})


class Weekday(models.IntegerChoices):
    MONDAY = 0, pgettext_lazy("weekday", "Mon")
    TUESDAY = 1, pgettext_lazy("weekday", "Tue")
    WEDNESDAY = 2, pgettext_lazy("weekday", "Wed")
    THURSDAY = 3, pgettext_lazy("weekday", "Thu")
    FRIDAY = 4, pgettext_lazy("weekday", "Fri")
    SATURDAY = 5, pgettext_lazy("weekday", "Sat")
    SUNDAY = 6, pgettext_lazy("weekday", "Sun")


class AssignmentQuerySet(models.QuerySet):
    def current(self, on_day=None):
        """Assignments running on `on_day` (today by default), whatever the weekday."""
        day = on_day or timezone.localdate()
        return self.filter(ended_at__isnull=True, starts_on__lte=day).filter(
            Q(ends_on__isnull=True) | Q(ends_on__gte=day)
        )


class Assignment(models.Model):
    """A routine given to a client on a schedule, with its own frozen copy of the steps."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    # PROTECT: an assigned routine is archived, never deleted, so its history stays readable.
    routine = models.ForeignKey(
        "routines.Routine", on_delete=models.PROTECT, related_name="assignments"
    )
    title = models.CharField(max_length=100)
    # The routine's version when the steps were copied; a newer routine offers "update copy".
    routine_version = models.PositiveIntegerField()
    sessions_per_day = models.PositiveSmallIntegerField(default=1)
    weekdays = models.JSONField(default=list)  # Weekday values, e.g. [0, 2, 4]
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(sessions_per_day__gte=1, sessions_per_day__lte=3),
                name="assignment_sessions_per_day_1_3",
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="assignment_ends_after_start",
            ),
        ]

    def __str__(self):
        return self.title

    def is_due_on(self, day):
        return (
            self.ended_at is None
            and self.starts_on <= day
            and (self.ends_on is None or day <= self.ends_on)
            and day.weekday() in self.weekdays
        )

    @property
    def weekday_labels(self):
        if sorted(self.weekdays) == list(range(7)):
            return gettext("every day")
        return ", ".join(str(Weekday(day).label) for day in sorted(self.weekdays))


class AssignedStep(models.Model):
    """One step of the client's copy; the trainer's private note is deliberately not copied."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="steps")
    stretch = models.ForeignKey(
        "routines.Stretch", on_delete=models.PROTECT, related_name="assigned_steps"
    )
    position = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField()
    repetitions = models.PositiveSmallIntegerField()
    sides = models.CharField(max_length=20)
    rest_seconds = models.PositiveSmallIntegerField(default=0)
    tempo_contract_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_release_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    client_note = models.CharField(max_length=300, blank=True)
    # The day another stretch was swapped in (clients.assigning.swap_to_easier): progression
    # counts only the sessions after it, done with this stretch.
    stretch_since = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "position"], name="assigned_step_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.position}. {self.stretch}"

    @property
    def has_tempo(self):
        return self.tempo_contract_seconds is not None

    def get_sides_display(self):
        return Sides(self.sides).label

    @property
    def side_leg_text(self):
        return side_leg_text(self.stretch, self.sides)

    def player_data(self):
        """What static/js/player.js needs for this step: its texts, its picture and the cue
        sequence that times it (routines.durations, the same one every estimate sums)."""
        stretch = self.stretch
        picture = stretch.picture
        cues = cue_sequence(self)
        return {
            "name": stretch.name,
            "position": self.position,  # how the client's feedback names the step
            "image": {"src": picture.url, "alt": picture.alt} if picture else None,
            "video": stretch.video_url,
            "dose": dose_text(self),
            "leg": stretch.side_leg if self.sides != Sides.BOTH else "",
            "cue": (stretch.cue_list or [""])[0],
            "note": self.client_note,
            "seconds": sum(cue.seconds for cue in cues),
            "cues": [cue.as_data() for cue in cues],
        }


class SessionStatus(models.TextChoices):
    DONE = "done", _("Done")
    PARTLY = "partly", _("Did part of it")
    SKIPPED = "skipped", _("Skipped")


class SessionLog(models.Model):
    """How one scheduled session went. One row per assignment, day and session number, so a
    double tap or a retry on a bad connection updates the same row instead of adding one."""

    assignment = models.ForeignKey(Assignment, on_delete=models.CASCADE, related_name="logs")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="session_logs")
    session_date = models.DateField()
    session_number = models.PositiveSmallIntegerField(default=1)
    status = models.CharField(max_length=10, choices=SessionStatus.choices)
    pain_before = models.PositiveSmallIntegerField(null=True, blank=True)
    pain_after = models.PositiveSmallIntegerField(null=True, blank=True)
    new_red_flag = models.BooleanField(default=False)
    note = models.CharField(max_length=500, blank=True)
    logged_at = models.DateTimeField(auto_now=True)
    # Made by the client's phone when they tap Done, so a log kept offline and sent again (a
    # replay, a second tab, Background Sync) is recognised as the one already recorded.
    client_key = models.UUIDField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-session_date", "-session_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["assignment", "session_date", "session_number"],
                name="one_log_per_scheduled_session",
            ),
            models.UniqueConstraint(
                fields=["client", "client_key"],
                condition=Q(client_key__isnull=False),
                name="one_log_per_client_key",
            ),
            models.CheckConstraint(
                condition=(Q(pain_before__isnull=True) | Q(pain_before__lte=10))
                & (Q(pain_after__isnull=True) | Q(pain_after__lte=10)),
                name="session_pain_0_10",
            ),
        ]
        indexes = [
            models.Index(fields=["client", "-session_date"]),
            # The sessions done, by client and by plan, for the dashboard's counts over the
            # last weeks (clients.attention, clients.adherence): read from the index alone
            # instead of every log of each client.
            models.Index(
                fields=["client", "session_date"],
                condition=Q(status__in=[SessionStatus.DONE, SessionStatus.PARTLY]),
                name="sessionlog_done_by_client",
            ),
            models.Index(
                fields=["assignment", "session_date"],
                condition=Q(status__in=[SessionStatus.DONE, SessionStatus.PARTLY]),
                name="sessionlog_done_by_plan",
            ),
        ]

    def __str__(self):
        return f"{self.session_date} #{self.session_number}: {self.status}"


class SessionReply(models.Model):
    """The trainer's answer to one logged session (to its note, or to the session itself). The
    thread stays with the session; the client reads it on their page and, if they chose
    reminders, in the next one (`emailed_at`). No read receipts."""

    session_log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="replies")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="session_replies")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.CharField(max_length=1000)
    created_at = models.DateTimeField(auto_now_add=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["client", "-created_at"])]

    def __str__(self):
        return f"Reply to session {self.session_log_id}"


class Feeling(models.TextChoices):
    """The client's one tap after a stretch in the player."""

    RIGHT = "right", "Felt right"
    TOO_MUCH = "too_much", "Too much"
    HURT = "hurt", "Hurt"


class StretchFeedback(models.Model):
    """How one stretch of a logged session felt, as the client tapped it after the stretch.

    The step is named by its position in the assignment and the stretch it was then (a copy can
    be updated or swapped later; the feedback stays about what the client did)."""

    session_log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="feedback")
    position = models.PositiveSmallIntegerField()
    # A trainer's own stretch deleted later takes its feedback with it: nothing to name then.
    stretch = models.ForeignKey(
        "routines.Stretch", on_delete=models.CASCADE, related_name="client_feedback"
    )
    feeling = models.CharField(max_length=10, choices=Feeling.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["session_log", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["session_log", "position"], name="one_feedback_per_step_and_log"
            ),
            models.CheckConstraint(
                condition=Q(feeling__in=Feeling.values), name="stretch_feedback_feeling_known"
            ),
        ]

    def __str__(self):
        return f"{self.session_log_id} step {self.position}: {self.feeling}"


class AlertKind(models.TextChoices):
    PAIN_HIGH = "pain_high", "Pain of 7 or more"
    PAIN_RISE = "pain_rise", "Pain 2 or more above their usual"
    RED_FLAG = "red_flag", "New red-flag symptom"
    STRETCH_HURT = "stretch_hurt", "A stretch hurt"


class Alert(models.Model):
    """Something the trainer should look at; kept after it is handled, for the history."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="alerts")
    kind = models.CharField(max_length=20, choices=AlertKind.choices)
    session_log = models.ForeignKey(
        SessionLog, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    # A stretch that hurt: the tap that raised it, which names the stretch.
    feedback = models.ForeignKey(
        StretchFeedback, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    handled_at = models.DateTimeField(null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the trainer did about it; required when handling a red-flag symptom (the history).
    handled_note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["session_log", "kind"],
                condition=Q(feedback__isnull=True),
                name="one_alert_of_a_kind_per_log",
            ),
            models.UniqueConstraint(
                fields=["feedback"],
                condition=Q(feedback__isnull=False),
                name="one_alert_per_stretch_feedback",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self):
        """The kind, naming the stretch for a stretch that hurt."""
        if self.feedback_id:
            return f"{self.feedback.stretch.name} hurt"
        return self.get_kind_display()


# --- Attention queue, reminders, digests -------------------------------------------------------


class AttentionReason(models.TextChoices):
    PAIN_ALERT = "pain_alert", "Pain alert"
    NEW_RED_FLAG = "new_red_flag", "New red-flag symptom"
    UNCLEARED_RED_FLAGS = "uncleared_red_flags", "Red flags not cleared"
    SILENT = "silent", "No session logged for 7 days"
    ADHERENCE_DROP = "adherence_drop", "Adherence dropped"
    OLD_INTAKE = "old_intake", "Time to re-assess"
    CLIENT_NOTE = "client_note", "Note from the client"
    STEP_DOWN = "step_down", "Try the easier variation"
    STEP_UP = "step_up", "Ready for the next variation"


class AttentionHandled(models.Model):
    """A trainer's "handled" on one occurrence of a computed reason (see clients.attention).

    `occurrence` names what was handled (an intake, the date of the last log, a week), so the
    same reason comes back when something new happens, and the history stays."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="handled_attention")
    reason = models.CharField(max_length=30, choices=AttentionReason.choices)
    occurrence = models.CharField(max_length=40)
    handled_at = models.DateTimeField(auto_now_add=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "reason", "occurrence"], name="handle_an_occurrence_once"
            )
        ]

    def __str__(self):
        return f"{self.get_reason_display()} handled ({self.occurrence})"


class ReminderPreference(models.Model):
    """The client's own choice, made on their shared page: an email on chosen days and time."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="reminder")
    enabled = models.BooleanField(default=True)
    time_of_day = models.TimeField()
    weekdays = models.JSONField(default=list)
    # The client's own zone (an IANA name, from their phone or chosen on their page): the
    # reminder goes out at `time_of_day` there, and their calendar feed is written in it.
    # Empty: the site's TIME_ZONE.
    time_zone = models.CharField(max_length=64, blank=True, default="")
    # Authenticates the one-click unsubscribe link in every reminder (RFC 8058).
    unsubscribe_token = models.CharField(max_length=64, unique=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"Reminder of client {self.client_id}"

    @property
    def zone(self):
        """The client's time zone as a ZoneInfo (the site's when they chose none)."""
        return ZoneInfo(self.time_zone or settings.TIME_ZONE)


class DeliveryKind(models.TextChoices):
    REMINDER = "reminder", "Client reminder"
    DIGEST = "digest", "Trainer digest"


class Delivery(models.Model):
    """One email per recipient, kind and day: the unique row is claimed before sending, so two
    copies of send_reminders running at once never send the same mail twice."""

    kind = models.CharField(max_length=10, choices=DeliveryKind.choices)
    recipient_key = models.CharField(max_length=40)  # "client:<id>" or "trainer:<id>"
    day = models.DateField()
    claimed_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "recipient_key", "day"], name="one_mail_a_day")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} to {self.recipient_key} on {self.day}"


class TrainerPreference(models.Model):
    trainer = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coach_preferences"
    )
    daily_digest = models.BooleanField(default=False)
    digest_time = models.TimeField(default="07:00")
    # What clients see of their trainer (clients.contact): the trainer chooses each piece.
    contact_name = models.CharField(max_length=120, blank=True)
    contact_email = models.EmailField(blank=True)
    contact_phone = models.CharField(max_length=40, blank=True)
    contact_note = models.CharField(max_length=200, blank=True)
    # The trainer's pages in this language ("" follows the browser); new clients start with it.
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, blank=True)

    def __str__(self):
        return f"Preferences of trainer {self.trainer_id}"


class AuditAction(models.TextChoices):
    VIEWED = "viewed", "Viewed"
    CREATED = "created", "Created"
    CHANGED = "changed", "Changed"
    EXPORTED = "exported", "Exported"
    ERASED = "erased", "Erased"
    TRANSFERRED = "moved", "Moved to another trainer"


class AuditEventQuerySet(models.QuerySet):
    def about(self, client):
        """Every event about this client, whichever trainer they had at the time (a move to
        another trainer keeps the history). Not before the client existed: SQLite may give an
        erased client's number to a new one."""
        return self.filter(client_ref=client.pk, at__gte=client.created_at)


class AuditEvent(models.Model):
    """Who looked at or changed which client's health record, and when. Never the values.

    `client_id` is a plain number, not a foreign key: the record of an erasure must outlive
    the client it erased (it holds no name, no contact and no health data)."""

    trainer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="audit_events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    client_ref = models.BigIntegerField(db_index=True)
    action = models.CharField(max_length=10, choices=AuditAction.choices)
    subject = models.CharField(max_length=60)  # e.g. "intake of 14 Nov 2026", "client record"
    at = models.DateTimeField(auto_now_add=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.actor} {self.action} {self.subject} of client {self.client_ref}"


def audit(request, client, action, subject):
    """Record one access to a client's health record (see AuditEvent)."""
    return AuditEvent.objects.create(
        trainer_id=client.trainer_id,
        actor=request.user if request.user.is_authenticated else None,
        client_ref=client.pk,
        action=action,
        subject=subject[:60],
    )
