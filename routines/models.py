from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.urls import reverse

from routines import photos
from routines.illustrations import illustration_url


class Difficulty(models.TextChoices):
    RESTORATIVE = "restorative", "Restorative"
    BEGINNER = "beginner", "Beginner"
    INTERMEDIATE = "intermediate", "Intermediate"
    ADVANCED = "advanced", "Advanced"

    @property
    def rank(self):
        """Restorative 0 up to advanced 3: a variation steps at most one level."""
        return list(Difficulty).index(self)


class Sides(models.TextChoices):
    EACH_SIDE = "each_side", "Each side"
    LEFT = "left", "Left only"
    RIGHT = "right", "Right only"
    BOTH = "both", "Both at once"
    ALTERNATING = "alternating", "Alternating sides"

    @property
    def count(self):
        """How many times a repetition is done: once per side for two-sided doses."""
        return 2 if self in (Sides.EACH_SIDE, Sides.ALTERNATING) else 1


class Vocabulary(models.Model):
    """A small curated word list (caution tags, target areas, props), seeded by migrations."""

    code = models.SlugField(max_length=40, unique=True)
    label = models.CharField(max_length=80)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        abstract = True
        ordering = ["position", "label"]

    def __str__(self):
        return self.label


class CautionTag(Vocabulary):
    """A reason a stretch may not suit a client; matched against the intake's caution answers."""

    client_wording = models.CharField(
        max_length=120,
        help_text='How the library filter names it after "Hide stretches tagged", e.g. '
        '"knee pain". A tag marks what a stretch loads; hiding it makes nothing safe.',
    )


class TargetArea(Vocabulary):
    pass


class Prop(Vocabulary):
    pass


@dataclass(frozen=True)
class Picture:
    url: str
    alt: str


class StretchQuerySet(models.QuerySet):
    def visible_to(self, trainer):
        """Published library stretches and the trainer's own; staff also preview drafts."""
        library = (
            Q(owner__isnull=True) if trainer.is_staff else Q(owner__isnull=True, is_published=True)
        )
        return self.filter(library | Q(owner=trainer))

    def owned_by(self, trainer):
        return self.filter(owner=trainer)

    def shared_by(self, trainers):
        """Private stretches the given trainers (a queryset of user ids) share with their
        practice."""
        return self.filter(owner__in=trainers, shared_with_practice=True)

    def with_tags(self):
        return self.prefetch_related("caution_tags", "target_areas")

    def search(self, text):
        text = text.strip()
        if not text:
            return self
        return self.filter(Q(name__icontains=text) | Q(summary__icontains=text))

    def without_cautions(self, caution_codes):
        """Leave out every stretch carrying any of the given caution tags."""
        if not caution_codes:
            return self
        return self.exclude(caution_tags__code__in=caution_codes)


class Stretch(models.Model):
    # Null owner: the shared library, curated by admins. Otherwise a trainer's private stretch.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_stretches",
    )
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=120, unique=True)
    summary = models.CharField(max_length=240, help_text="One or two sentences for the card.")
    difficulty = models.CharField(max_length=20, choices=Difficulty.choices)
    target_areas = models.ManyToManyField(TargetArea, blank=True, related_name="stretches")
    setup = models.TextField(max_length=2000, help_text="How to get into the starting position.")
    cues = models.TextField(blank=True, max_length=2000, help_text="One cue per line.")
    you_should_feel = models.TextField(
        blank=True, max_length=2000, help_text="Where and how the stretch is felt."
    )
    stop_if = models.TextField(blank=True, max_length=2000, help_text="One warning sign per line.")
    common_mistakes = models.TextField(
        blank=True, max_length=2000, help_text="One mistake per line."
    )
    props = models.ManyToManyField(Prop, blank=True, related_name="stretches")
    caution_tags = models.ManyToManyField(CautionTag, blank=True, related_name="stretches")

    # Default dose, copied into a routine step when the stretch is added.
    hold_seconds = models.PositiveSmallIntegerField(
        help_text="Seconds per repetition (for a tempo stretch: one contract-release-rest cycle)."
    )
    repetitions = models.PositiveSmallIntegerField(default=1)
    sides = models.CharField(max_length=20, choices=Sides.choices, default=Sides.EACH_SIDE)
    tempo_contract_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_release_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    side_leg = models.CharField(
        max_length=40,
        blank=True,
        help_text='Which leg "left side" names, e.g. "back leg" in a lunge, "front leg" in pigeon.',
    )

    illustration = models.CharField(
        max_length=200, blank=True, help_text="Path of a drawing shipped in static/, if any."
    )
    illustration_alt = models.CharField(
        max_length=240,
        blank=True,
        help_text="Describes the picture for screen readers; rewrite it when you add a photo.",
    )
    # Random stored names (routines.photos): nothing in them comes from the upload or the stretch.
    photo = models.ImageField(upload_to=photos.photo_name, blank=True)
    photo_thumbnail = models.ImageField(upload_to=photos.thumbnail_name, blank=True, editable=False)
    video_url = models.URLField(blank=True)
    media_source = models.CharField(
        max_length=200, blank=True, help_text="Where the media is from."
    )
    media_author = models.CharField(max_length=120, blank=True)
    media_licence = models.CharField(max_length=120, blank=True)

    is_published = models.BooleanField(default=False)
    # A private stretch colleagues of the owner's practice may copy into their own library.
    shared_with_practice = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = StretchQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        verbose_name_plural = "stretches"
        constraints = [
            models.CheckConstraint(
                condition=Q(hold_seconds__gt=0), name="stretch_hold_seconds_positive"
            ),
            models.CheckConstraint(
                condition=Q(repetitions__gt=0), name="stretch_repetitions_positive"
            ),
            models.CheckConstraint(condition=Q(sides__in=Sides.values), name="stretch_sides_valid"),
            models.CheckConstraint(
                condition=Q(difficulty__in=Difficulty.values), name="stretch_difficulty_valid"
            ),
            # A tempo is all three phases or none of them.
            models.CheckConstraint(
                condition=Q(
                    tempo_contract_seconds__isnull=True,
                    tempo_release_seconds__isnull=True,
                    tempo_rest_seconds__isnull=True,
                )
                | Q(
                    tempo_contract_seconds__gt=0,
                    tempo_release_seconds__gt=0,
                    tempo_rest_seconds__gte=0,
                ),
                name="stretch_tempo_complete",
            ),
        ]
        indexes = [models.Index(fields=["owner", "is_published"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("routines:stretch-detail", kwargs={"slug": self.slug})

    @property
    def illustration_url(self):
        """The drawing's URL, or "" when it has none or its file is missing."""
        return illustration_url(self.illustration)

    @property
    def is_private(self):
        return self.owner_id is not None

    @property
    def has_tempo(self):
        return self.tempo_contract_seconds is not None

    def lines(self, field_name):
        return [line.strip() for line in getattr(self, field_name).splitlines() if line.strip()]

    @property
    def picture(self):
        """What the client sees of the stretch: the uploaded photo (its small rendition) if
        there is one, else the shipped drawing; None when there is neither."""
        alt = self.illustration_alt or f"The {self.name} pose"
        if photo := self.photo_thumbnail or self.photo:
            # A private photo's address carries the grant that lets the client's browser in:
            # only pages that checked the client's private link show this picture.
            return Picture(photos.granted_url(photo.name) if self.is_private else photo.url, alt)
        if self.illustration_url:
            return Picture(self.illustration_url, alt)
        return None

    @property
    def cue_list(self):
        return self.lines("cues")

    @property
    def stop_if_list(self):
        return self.lines("stop_if")

    @property
    def mistake_list(self):
        return self.lines("common_mistakes")


class StretchStep(models.Model):
    stretch = models.ForeignKey(Stretch, on_delete=models.CASCADE, related_name="steps")
    position = models.PositiveSmallIntegerField()
    instruction = models.TextField(max_length=1000)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["stretch", "position"], name="stretch_step_position_unique"
            )
        ]

    def __str__(self):
        return f"{self.stretch}: step {self.position}"


class VariationKind(models.TextChoices):
    EASIER = "easier", "Easier"
    HARDER = "harder", "Harder"


class StretchVariation(models.Model):
    """An ordered link to another stretch to move to when this one is too hard or too easy."""

    from_stretch = models.ForeignKey(
        Stretch, on_delete=models.CASCADE, related_name="variation_links"
    )
    to_stretch = models.ForeignKey(
        Stretch, on_delete=models.CASCADE, related_name="variation_of_links"
    )
    kind = models.CharField(max_length=10, choices=VariationKind.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["kind", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_stretch=models.F("to_stretch")),
                name="variation_not_itself",
            ),
            models.UniqueConstraint(
                fields=["from_stretch", "to_stretch", "kind"], name="variation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} than {self.from_stretch}: {self.to_stretch}"


def variation_problem(stretch, other, kind, stretch_target_ids=None):
    """Why `other` cannot be the `kind` ("easier"/"harder") version of `stretch`, or "".

    A variation is one step on the same road: never more than one difficulty level away, never
    the wrong way, and an easier version works at least one of the same target areas (another
    target is another exercise, not "the easier version"). Pass `stretch_target_ids` when the
    stretch's targets are being changed in the same form."""
    if {stretch.difficulty, other.difficulty} - set(Difficulty.values):
        return ""  # the stretch's own form reports its missing or unknown difficulty
    step = Difficulty(other.difficulty).rank - Difficulty(stretch.difficulty).rank
    if kind == VariationKind.EASIER and step > 0:
        return f"{other} is harder ({other.get_difficulty_display().lower()}) than {stretch}."
    if kind == VariationKind.HARDER and step < 0:
        return f"{other} is easier ({other.get_difficulty_display().lower()}) than {stretch}."
    if abs(step) > 1:
        return f"{other} is more than one difficulty level away from {stretch}."
    if kind == VariationKind.EASIER:
        if stretch_target_ids is None:
            if stretch.pk is None:
                return ""  # its targets are not known yet
            stretch_target_ids = {area.pk for area in stretch.target_areas.all()}
        if stretch_target_ids and not set(stretch_target_ids) & {
            area.pk for area in other.target_areas.all()
        }:
            return f"{other} works another target area, so it is not an easier {stretch}."
    return ""


class RoutineQuerySet(models.QuerySet):
    def for_trainer(self, trainer):
        return self.filter(owner=trainer)

    def templates(self):
        """Ready routines the app ships (no owner); any trainer may copy them."""
        return self.filter(owner__isnull=True, is_template=True)

    def active(self):
        return self.filter(archived_at__isnull=True)

    def shared_by(self, trainers):
        """Routines the given trainers (a queryset of user ids: this app knows nothing of
        practices) share with their practice."""
        return self.filter(owner__in=trainers, shared_with_practice=True, archived_at__isnull=True)


class Routine(models.Model):
    # Null owner: a template shipped with the app, copied by trainers, never edited in place.
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="routines",
    )
    name = models.CharField(max_length=100)
    goal = models.TextField(
        blank=True, max_length=1000, help_text="What this routine is for, in a sentence or two."
    )
    is_template = models.BooleanField(default=False)
    # Colleagues of the owner's practice may copy it into their own (never edit this one).
    shared_with_practice = models.BooleanField(default=False)
    # Bumped by every change; an edit made from an older copy of the page is refused (409).
    version = models.PositiveIntegerField(default=1)
    archived_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RoutineQuerySet.as_manager()

    class Meta:
        ordering = [Lower("name"), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(owner__isnull=False) | Q(is_template=True),
                name="routine_without_owner_is_template",
            )
        ]
        indexes = [models.Index(fields=["owner", "archived_at"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("routines:builder", kwargs={"pk": self.pk})

    @property
    def is_archived(self):
        return self.archived_at is not None


class RoutineStep(models.Model):
    routine = models.ForeignKey(Routine, on_delete=models.CASCADE, related_name="steps")
    # PROTECT: a stretch in use cannot vanish from under a routine.
    stretch = models.ForeignKey(Stretch, on_delete=models.PROTECT, related_name="routine_steps")
    position = models.PositiveSmallIntegerField()
    hold_seconds = models.PositiveSmallIntegerField()
    repetitions = models.PositiveSmallIntegerField(default=1)
    sides = models.CharField(max_length=20, choices=Sides.choices, default=Sides.EACH_SIDE)
    rest_seconds = models.PositiveSmallIntegerField(
        default=0, help_text="Rest between repetitions."
    )
    tempo_contract_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_release_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    tempo_rest_seconds = models.PositiveSmallIntegerField(null=True, blank=True)
    client_note = models.CharField(
        max_length=300, blank=True, help_text="Shown to the client with this step."
    )
    private_note = models.CharField(
        max_length=300, blank=True, help_text="Only you see this; never shown to the client."
    )

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["routine", "position"], name="routine_step_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(hold_seconds__gt=0), name="routine_step_hold_positive"
            ),
            models.CheckConstraint(
                condition=Q(repetitions__gt=0), name="routine_step_repetitions_positive"
            ),
            models.CheckConstraint(
                condition=Q(sides__in=Sides.values), name="routine_step_sides_valid"
            ),
        ]

    def __str__(self):
        return f"{self.routine}: {self.position}. {self.stretch}"

    @property
    def has_tempo(self):
        return self.tempo_contract_seconds is not None
