from django import forms
from django.db import transaction
from django.utils.text import capfirst, slugify

from routines.images import process_upload
from routines.models import Difficulty, Routine, RoutineStep, Stretch, StretchStep

HOLD_SECONDS_RANGE = (5, 300)
REPETITIONS_RANGE = (1, 20)
TEMPO_SECONDS_RANGE = (1, 30)


def check_range(value, bounds, what):
    low, high = bounds
    if value is not None and not low <= value <= high:
        raise forms.ValidationError(f"{what} must be between {low} and {high}.")
    return value


class PhotoUploadMixin:
    """Runs an uploaded photo through routines.images and stores its clean renditions."""

    def clean_photo(self):
        upload = self.cleaned_data.get("photo")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            self.photo_renditions = process_upload(upload, base_name=slugify(upload.name)[:40])
        return upload

    def apply_photo(self, stretch):
        renditions = getattr(self, "photo_renditions", None)
        if renditions:
            stretch.photo = renditions.large
            stretch.photo_thumbnail = renditions.thumbnail
        elif self.cleaned_data.get("photo") is False:  # "clear" ticked
            stretch.photo = stretch.photo_thumbnail = ""


class PhotoField(forms.FileField):
    """A plain file field: routines.images judges the content, with its own clear messages."""

    widget = forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})


class DoseValidationMixin:
    def clean_hold_seconds(self):
        return check_range(self.cleaned_data["hold_seconds"], HOLD_SECONDS_RANGE, "Hold")

    def clean_repetitions(self):
        return check_range(self.cleaned_data["repetitions"], REPETITIONS_RANGE, "Repetitions")

    def clean(self):
        cleaned = super().clean()
        tempo = [cleaned.get(f"tempo_{phase}_seconds") for phase in ("contract", "release", "rest")]
        if any(value is not None for value in tempo) and any(value is None for value in tempo):
            self.add_error(
                "tempo_contract_seconds",
                "A tempo needs all three: contract, release and rest seconds (or none of them).",
            )
        for phase, value in zip(("contract", "release", "rest"), tempo, strict=True):
            low = 0 if phase == "rest" else 1
            if value is not None and not low <= value <= TEMPO_SECONDS_RANGE[1]:
                self.add_error(
                    f"tempo_{phase}_seconds",
                    f"{phase.title()} must be between {low} and {TEMPO_SECONDS_RANGE[1]} seconds.",
                )
        return cleaned


class OwnStretchForm(PhotoUploadMixin, DoseValidationMixin, forms.ModelForm):
    """A trainer's private stretch: the library's fields, with steps typed one per line."""

    steps_text = forms.CharField(
        label="Steps",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="One step per line, in order.",
        error_messages={"required": "Write at least one step."},
    )
    photo = PhotoField(
        required=False, help_text="JPEG, PNG or WebP, up to 5 MB. Location data is removed."
    )

    class Meta:
        model = Stretch
        fields = [
            "name",
            "summary",
            "difficulty",
            "target_areas",
            "setup",
            "cues",
            "you_should_feel",
            "stop_if",
            "common_mistakes",
            "props",
            "caution_tags",
            "hold_seconds",
            "repetitions",
            "sides",
            "side_leg",
            "tempo_contract_seconds",
            "tempo_release_seconds",
            "tempo_rest_seconds",
            "photo",
            "illustration_alt",
            "video_url",
            "media_source",
            "media_author",
            "media_licence",
        ]
        widgets = {
            "target_areas": forms.CheckboxSelectMultiple,
            "props": forms.CheckboxSelectMultiple,
            "caution_tags": forms.CheckboxSelectMultiple,
            "setup": forms.Textarea(attrs={"rows": 3}),
            "cues": forms.Textarea(attrs={"rows": 3}),
            "you_should_feel": forms.Textarea(attrs={"rows": 2}),
            "stop_if": forms.Textarea(attrs={"rows": 3}),
            "common_mistakes": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "illustration_alt": "Photo description",
            "tempo_contract_seconds": "Contract (seconds)",
            "tempo_release_seconds": "Release (seconds)",
            "tempo_rest_seconds": "Rest (seconds)",
            "hold_seconds": "Hold (seconds)",
            "side_leg": "Which leg “left” and “right” name",
        }
        help_texts = {
            "illustration_alt": "What the photo shows, for clients using a screen reader.",
            "tempo_contract_seconds": "Only for contract-and-release moves such as pandiculation.",
            "side_leg": "E.g. “back leg” in a lunge, “front leg” in pigeon pose.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["steps_text"].initial = "\n".join(
                step.instruction for step in self.instance.steps.all()
            )

    def clean_steps_text(self):
        steps = [line.strip() for line in self.cleaned_data["steps_text"].splitlines()]
        steps = [line for line in steps if line]
        if not steps:
            raise forms.ValidationError("Write at least one step.")
        if len(steps) > 20:
            raise forms.ValidationError("Keep it to 20 steps or fewer.")
        return steps

    @transaction.atomic
    def save(self, commit=True):
        stretch = super().save(commit=False)
        if not stretch.slug:
            stretch.slug = unique_slug(stretch.name)
        self.apply_photo(stretch)
        stretch.save()
        self.save_m2m()
        stretch.steps.all().delete()
        StretchStep.objects.bulk_create(
            StretchStep(stretch=stretch, position=number, instruction=text)
            for number, text in enumerate(self.cleaned_data["steps_text"], start=1)
        )
        return stretch


def unique_slug(name):
    base = slugify(name)[:100] or "stretch"
    slug, suffix = base, 2
    while Stretch.objects.filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug


class LibraryFilterForm(forms.Form):
    """The library's search and filters; a GET form whose values live in the URL."""

    q = forms.CharField(required=False, label="Search", max_length=100)
    difficulty = forms.ChoiceField(
        required=False, choices=[("", "Any difficulty"), *Difficulty.choices]
    )
    target = forms.ChoiceField(required=False, label="Target area")
    # A tag marks what a stretch loads (the knee, an arched back, balance); leaving tagged
    # stretches out is a filter, not a promise that what is left is safe for someone.
    hide_tagged = forms.MultipleChoiceField(
        required=False,
        label="Hide stretches tagged",
        help_text="Tags mark what a stretch loads; the ones left still need your judgement.",
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, target_areas, caution_tags, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [("", "Any area")] + [
            (area.code, area.label) for area in target_areas
        ]
        # Capitalised as every other list of cautions is ("Knee pain").
        self.fields["hide_tagged"].choices = [
            (tag.code, capfirst(tag.client_wording)) for tag in caution_tags
        ]

    def filter(self, stretches):
        """Apply the valid filters; an invalid value is ignored rather than failing the page."""
        data = self.cleaned_data if self.is_valid() else {}
        stretches = stretches.search(data.get("q", ""))
        if data.get("difficulty"):
            stretches = stretches.filter(difficulty=data["difficulty"])
        if data.get("target"):
            stretches = stretches.filter(target_areas__code=data["target"])
        return stretches.without_cautions(data.get("hide_tagged"))


REST_SECONDS_RANGE = (0, 120)


class RoutineForm(forms.ModelForm):
    class Meta:
        model = Routine
        fields = ["name", "goal"]
        widgets = {"goal": forms.Textarea(attrs={"rows": 2})}
        labels = {"name": "Routine name"}


class ConstraintsCheckedByTheForm:
    """For model forms whose own clean methods check exactly what the model's CheckConstraints
    check (ranges, choices): skip Django's re-validation of them, which costs one database
    query per constraint on every save. The database still enforces every constraint."""

    def validate_constraints(self):
        pass


class StepDoseForm(ConstraintsCheckedByTheForm, DoseValidationMixin, forms.ModelForm):
    """One step's dose, edited inline in the builder."""

    class Meta:
        model = RoutineStep
        fields = [
            "hold_seconds",
            "repetitions",
            "sides",
            "rest_seconds",
            "tempo_contract_seconds",
            "tempo_release_seconds",
            "tempo_rest_seconds",
            "client_note",
            "private_note",
        ]
        labels = {
            "hold_seconds": "Hold (s)",
            "repetitions": "Reps",
            "rest_seconds": "Rest between reps (s)",
            "tempo_contract_seconds": "Contract (s)",
            "tempo_release_seconds": "Release (s)",
            "tempo_rest_seconds": "Rest (s)",
            "client_note": "Note for the client",
            "private_note": "Private note",
        }
        help_texts = {"rest_seconds": ""}
        widgets = {
            field: forms.NumberInput(attrs={"inputmode": "numeric"})
            for field in (
                "hold_seconds",
                "repetitions",
                "rest_seconds",
                "tempo_contract_seconds",
                "tempo_release_seconds",
                "tempo_rest_seconds",
            )
        }

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", f"step-{kwargs['instance'].pk}")
        super().__init__(*args, **kwargs)

    def clean_rest_seconds(self):
        return check_range(self.cleaned_data["rest_seconds"], REST_SECONDS_RANGE, "Rest")
