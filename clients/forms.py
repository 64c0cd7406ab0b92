import re
from functools import cache
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from clients.languages import writing_hint
from clients.models import (
    Aggravator,
    Client,
    Feeling,
    Intake,
    MedicalClearance,
    PainArea,
    SessionReply,
    SessionStatus,
    TrainerPreference,
    Weekday,
)
from clients.reassessment import goal_slots as reassessment_goal_slots
from clients.red_flags import (
    EMERGENCY_CHOICES,
    EMERGENCY_FLAGS,
    REFER_CHOICES,
    RedFlag,
)
from clients.session_logs import LATE_LOG_DAYS, accepted_session_dates
from practices.membership import owned_practices
from practices.models import Cover, Membership, Practice
from routines.forms import ConstraintsCheckedByTheForm, PhotoField, check_range
from routines.images import process_upload
from routines.models import CautionTag, Routine

PAIN_RANGE = (0, 10)
SITTING_HOURS_RANGE = (0, 24)
MAX_AGE_YEARS = 120


class DateInput(forms.DateInput):
    """The browser's date picker, which needs ISO dates whatever the site's locale."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def not_in_the_future(value, what="The date"):
    if value and value > timezone.localdate():
        raise forms.ValidationError(f"{what} cannot be in the future.")
    return value


class ClientForm(forms.ModelForm):
    class Meta:
        model = Client
        fields = ["name", "email", "phone", "date_of_birth", "age_band", "language", "notes"]
        widgets = {
            "date_of_birth": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        labels = {
            "email": "Email",
            "age_band": "Age band (if you do not know the birth date)",
            "language": "Language of their page and emails",
        }
        help_texts = {
            "language": "Their page, timer, printable sheet, calendar and reminders use it; "
            "they can switch their page on their phone."
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Left out of a post (an older form, a script): the client keeps their language.
        self.fields["language"].required = False

    def clean_name(self):
        name = " ".join(self.cleaned_data["name"].split())
        if not name:
            raise forms.ValidationError("Enter the client's name.")
        return name

    def clean_language(self):
        return self.cleaned_data["language"] or self.instance.language

    def clean_date_of_birth(self):
        born = not_in_the_future(self.cleaned_data.get("date_of_birth"), "A birth date")
        if born and born.year < timezone.localdate().year - MAX_AGE_YEARS:
            raise forms.ValidationError("Check the year: that is more than 120 years ago.")
        return born


def pain_field(label):
    return forms.IntegerField(
        label=label,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
        help_text="0 no pain, 10 the worst imaginable.",
    )


def checkboxes(choices, label, help_text=""):
    return forms.MultipleChoiceField(
        choices=choices,
        required=False,
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
    )


NONE_OF_THESE = "none"


def red_flag_checkboxes(choices, label, help_text):
    """One tier of the red-flag screen: its signs and "None of these", one of them required."""
    return forms.MultipleChoiceField(
        choices=[*choices, (NONE_OF_THESE, "None of these")],
        label=label,
        help_text=help_text,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Ask these and tick the signs that apply, or tick “None of these”."
        },
    )


def clean_red_flag_tier(ticked):
    """The flags of one tier without "None of these"; both at once is an error."""
    if NONE_OF_THESE in ticked and len(ticked) > 1:
        raise forms.ValidationError("Tick the signs that apply or “None of these”, not both.")
    return [flag for flag in ticked if flag != NONE_OF_THESE]


class IntakeForm(ConstraintsCheckedByTheForm, forms.ModelForm):
    """The back-pain intake. Red flags come in two tiers; either one gates assigning routines."""

    consent = forms.BooleanField(
        label="The client agrees that their health information may be stored here",
        error_messages={"required": "Ask for the client's consent before recording their health."},
    )
    pain_now = pain_field("Pain now")
    pain_average_week = pain_field("Average pain over the last week")
    pain_worst_week = pain_field("Worst pain over the last week")
    pain_areas = checkboxes(PainArea.choices, "Where it hurts")
    worse_with = checkboxes(Aggravator.choices, "What makes it worse")
    # The red-flag screen cannot be skipped: each tier needs an answer, the signs that apply or
    # "None of these" (form-only: stored intakes keep their list, where [] means none).
    emergency_flags = red_flag_checkboxes(
        EMERGENCY_CHOICES,
        "Any of these now?",
        "Any one of these needs a doctor the same day.",
    )
    refer_flags = red_flag_checkboxes(
        REFER_CHOICES,
        "Any of these?",
        "Any one of these needs a check by a doctor or physiotherapist before starting.",
    )
    cautions = checkboxes([], "Take care with")

    class Meta:
        model = Intake
        fields = [
            "assessed_on",
            "pain_now",
            "pain_average_week",
            "pain_worst_week",
            "pain_areas",
            "pain_duration",
            "onset",
            "worse_with",
            "goal_1",
            "goal_1_score",
            "goal_2",
            "goal_2_score",
            "goal_3",
            "goal_3_score",
            "sitting_hours_workday",
            "sitting_hours_day_off",
            "longest_sitting_minutes",
            "job_type",
            "activity_minutes_week",
            "strength_days_week",
            "under_clinician_care",
            "clinician_care_details",
            "cautions",
            "notes",
        ]
        labels = {
            "assessed_on": "Date of this assessment",
            "pain_duration": "How long it has hurt",
            "onset": "How it started",
            "goal_1": "Activity that is hard now",
            "goal_2": "Second activity",
            "goal_3": "Third activity",
            "goal_1_score": "How well they manage it (0-10)",
            "goal_2_score": "How well they manage it (0-10)",
            "goal_3_score": "How well they manage it (0-10)",
            "sitting_hours_workday": "Hours sitting on a workday",
            "sitting_hours_day_off": "Hours sitting on a day off",
            "longest_sitting_minutes": "Longest time sitting without getting up (minutes)",
            "job_type": "Work",
            "activity_minutes_week": "Minutes of moderate activity a week",
            "strength_days_week": "Days of strength training a week",
            "under_clinician_care": "Currently seeing a doctor or physiotherapist for this",
            "clinician_care_details": "Who, and what they advised",
            "notes": "Notes",
        }
        help_texts = {
            "goal_1": "For example: sitting through a film, lifting a child, a 5 km run.",
            "goal_1_score": "0 cannot do it at all, 10 as well as before the pain.",
            "sitting_hours_workday": "A rough figure is fine, e.g. 7.5.",
            "activity_minutes_week": "Brisk walking counts. WHO suggests 150-300 a week.",
        }
        widgets = {
            "assessed_on": DateInput,
            "notes": forms.Textarea(attrs={"rows": 3}),
            "onset": forms.RadioSelect,
            "pain_duration": forms.RadioSelect,
            **{
                name: forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.5"})
                for name in ("sitting_hours_workday", "sitting_hours_day_off")
            },
            **{
                name: forms.NumberInput(attrs={"inputmode": "numeric"})
                for name in (
                    "goal_1_score",
                    "goal_2_score",
                    "goal_3_score",
                    "longest_sitting_minutes",
                    "activity_minutes_week",
                    "strength_days_week",
                )
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cautions"].choices = [
            (tag.code, tag.label) for tag in CautionTag.objects.order_by("position")
        ]
        self.fields[
            "cautions"
        ].help_text = "Stretches with these cautions are flagged when you build or assign routines."
        self.fields["onset"].choices = self.fields["onset"].choices[1:]  # no blank radio
        self.fields["pain_duration"].choices = self.fields["pain_duration"].choices[1:]
        if self.instance.pk:
            flags = set(self.instance.red_flags)
            self.initial["emergency_flags"] = [f for f in flags if f in EMERGENCY_FLAGS]
            self.initial["refer_flags"] = [f for f in flags if f not in EMERGENCY_FLAGS]

    def clean_assessed_on(self):
        return not_in_the_future(self.cleaned_data["assessed_on"])

    def clean_emergency_flags(self):
        return clean_red_flag_tier(self.cleaned_data["emergency_flags"])

    def clean_refer_flags(self):
        return clean_red_flag_tier(self.cleaned_data["refer_flags"])

    def clean_pain_now(self):
        return check_range(self.cleaned_data["pain_now"], PAIN_RANGE, "Pain")

    def clean_pain_average_week(self):
        return check_range(self.cleaned_data["pain_average_week"], PAIN_RANGE, "Pain")

    def clean_pain_worst_week(self):
        return check_range(self.cleaned_data["pain_worst_week"], PAIN_RANGE, "Pain")

    def clean_sitting_hours_workday(self):
        value = self.cleaned_data["sitting_hours_workday"]
        return check_range(value, SITTING_HOURS_RANGE, "Hours in a day")

    def clean_sitting_hours_day_off(self):
        value = self.cleaned_data["sitting_hours_day_off"]
        return check_range(value, SITTING_HOURS_RANGE, "Hours in a day")

    def clean_longest_sitting_minutes(self):
        value = self.cleaned_data["longest_sitting_minutes"]
        return check_range(value, (0, 24 * 60), "Minutes")

    def clean_activity_minutes_week(self):
        return check_range(self.cleaned_data["activity_minutes_week"], (0, 7 * 24 * 60), "Minutes")

    def clean_strength_days_week(self):
        return check_range(self.cleaned_data["strength_days_week"], (0, 7), "Days in a week")

    def clean(self):
        cleaned = super().clean()
        for number in (1, 2, 3):
            activity, score = cleaned.get(f"goal_{number}"), cleaned.get(f"goal_{number}_score")
            if score is not None:
                try:
                    check_range(score, PAIN_RANGE, "The score")
                except forms.ValidationError as error:
                    self.add_error(f"goal_{number}_score", error)
                    continue
            if score is not None and not activity:
                self.add_error(f"goal_{number}", "Name the activity this score is for.")
            if activity and score is None:
                self.add_error(f"goal_{number}_score", "Rate this activity from 0 to 10.")
        worst, average = cleaned.get("pain_worst_week"), cleaned.get("pain_average_week")
        if worst is not None and average is not None and worst < average:
            self.add_error("pain_worst_week", "The worst pain cannot be lower than the average.")
        return cleaned

    @property
    def red_flags(self):
        """Ticked flags from whatever was posted, valid or not (drives the live banner)."""
        if not self.is_bound:
            return list(self.instance.red_flags)
        valid = set(RedFlag.values)
        posted = self.data.getlist("emergency_flags") + self.data.getlist("refer_flags")
        return [flag for flag in posted if flag in valid]

    def save(self, commit=True, recorded_by=None):
        intake = super().save(commit=False)
        intake.red_flags = self.cleaned_data["emergency_flags"] + self.cleaned_data["refer_flags"]
        if recorded_by is not None:
            intake.consent_recorded_by = recorded_by
            intake.consent_recorded_at = timezone.now()
        if commit:
            intake.save()
        return intake


def _last_score(score):
    return "–" if score is None else score


class ShortReassessmentForm(forms.Form):
    """The short re-assessment (clients.reassessment): consent, pain, and a new rating of each
    goal activity named in the latest intake (`previous`); one question guards the red flags."""

    YES, NO = "yes", "no"
    consent = forms.BooleanField(
        label=_("The client agrees that their health information may be stored here"),
        error_messages={
            "required": _("Ask for the client's consent before recording their health.")
        },
    )
    new_warning_sign = forms.ChoiceField(
        label=_("Since the last assessment, has any warning sign on the red-flag list appeared?"),
        choices=[(NO, _("No, nothing new")), (YES, _("Yes, something new"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("Ask about the warning signs before saving.")},
    )
    pain_now = forms.IntegerField(label=_("Pain now"))
    pain_average_week = forms.IntegerField(label=_("Average pain over the last week"))
    pain_worst_week = forms.IntegerField(label=_("Worst pain over the last week"))
    notes = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Anything that changed, in a few words. Private to you."),
    )

    def __init__(self, *args, previous, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("pain_now", "pain_average_week", "pain_worst_week"):
            self.fields[name].widget = forms.NumberInput(
                attrs={"inputmode": "numeric", "min": 0, "max": 10}
            )
            self.fields[name].help_text = format_lazy(
                _("0 no pain, 10 the worst imaginable. Last time: {score}."),
                score=getattr(previous, name),
            )
            self.fields[name].error_messages["required"] = _("Enter a number from 0 to 10.")
        # One rating per goal activity of the latest intake, named by it, in the same slot.
        self.goal_names = []
        for slot, activity in reassessment_goal_slots(previous):
            name = f"goal_{slot}_score"
            self.fields[name] = forms.IntegerField(
                label=activity,
                widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0, "max": 10}),
                help_text=format_lazy(
                    _("0 cannot do it at all, 10 as well as before the pain. Last time: {score}."),
                    score=_last_score(getattr(previous, f"{name}")),
                ),
                error_messages={"required": _("Rate this activity from 0 to 10.")},
            )
            self.goal_names.append(name)
        # Every field but the red-flag question and the note: checked together in clean().
        self.ranged = ["pain_now", "pain_average_week", "pain_worst_week", *self.goal_names]

    @property
    def goal_fields(self):
        return [self[name] for name in self.goal_names]

    @property
    def reports_a_new_warning_sign(self):
        """Whether "yes" was answered, whatever else the form holds (valid or not)."""
        return self.is_bound and self.data.get("new_warning_sign") == self.YES

    def clean(self):
        cleaned = super().clean()
        for name in self.ranged:
            value = cleaned.get(name)
            if value is not None and not 0 <= value <= 10:
                self.add_error(name, gettext("Enter a number from 0 to 10."))
                cleaned.pop(name, None)
        worst, average = cleaned.get("pain_worst_week"), cleaned.get("pain_average_week")
        if worst is not None and average is not None and worst < average:
            self.add_error(
                "pain_worst_week", gettext("The worst pain cannot be lower than the average.")
            )
        return cleaned


class ClearanceForm(forms.ModelForm):
    class Meta:
        model = MedicalClearance
        fields = ["cleared_by", "cleared_on", "details"]
        widgets = {"cleared_on": DateInput, "details": forms.Textarea(attrs={"rows": 2})}
        labels = {"cleared_by": "Cleared by", "cleared_on": "Date of clearance"}

    def clean_cleared_on(self):
        return not_in_the_future(self.cleaned_data["cleared_on"])


class SessionReplyForm(forms.ModelForm):
    class Meta:
        model = SessionReply
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}
        labels = {"text": "Your reply"}
        help_texts = {"text": "The client reads it on their page (and in their next reminder)."}
        error_messages = {"text": {"required": "Write a reply first."}}

    def __init__(self, *args, instance, client=None, **kwargs):
        # Names and ids of their own per session: the client page has a form under each one.
        kwargs.setdefault("prefix", f"reply-{instance.session_log_id}")
        super().__init__(*args, instance=instance, **kwargs)
        # The reply is shown as typed: say which language to write in when it is not the
        # trainer's (clients.languages.writing_hint).
        hint = writing_hint(client) if client is not None else ""
        if hint:
            text = self.fields["text"]
            text.help_text = format_html("{} <strong>{}</strong>", text.help_text, hint)

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if not text:
            raise forms.ValidationError("Write a reply first.")
        return text


class EraseClientForm(forms.Form):
    confirm_name = forms.CharField(label="Type the client's name to confirm")

    def __init__(self, *args, client, **kwargs):
        super().__init__(*args, **kwargs)
        self.client = client

    def clean_confirm_name(self):
        typed = " ".join(self.cleaned_data["confirm_name"].split())
        if typed.casefold() != self.client.name.casefold():
            raise forms.ValidationError(f"Type “{self.client.name}” exactly to erase this client.")
        return typed


class AssignmentForm(forms.Form):
    routine = forms.ModelChoiceField(queryset=None, empty_label="Choose a routine")
    sessions_per_day = forms.TypedChoiceField(
        choices=[(1, "Once a day"), (2, "Twice a day"), (3, "Three times a day")],
        coerce=int,
        initial=1,
        label="How often",
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Weekday.values),
        label="On these days",
        error_messages={"required": "Pick at least one day."},
    )
    starts_on = forms.DateField(widget=DateInput, label="From")
    ends_on = forms.DateField(widget=DateInput, required=False, label="Until")

    def __init__(self, *args, trainer, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["routine"].queryset = Routine.objects.for_trainer(trainer).active()
        self.fields["starts_on"].initial = timezone.localdate()

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", "The end date must be on or after the start date.")
        return cleaned


class ShareLinkForm(forms.Form):
    expires_on = forms.DateField(
        widget=DateInput,
        required=False,
        label="Link works until",
        help_text="Leave empty for a link that works until you revoke it.",
    )

    def __init__(self, *args, replacing=False, **kwargs):
        super().__init__(*args, **kwargs)
        if replacing:  # the date is the new link's, never the current one's
            self.fields["expires_on"].label = "New link works until"

    def clean_expires_on(self):
        day = self.cleaned_data["expires_on"]
        if day and day < timezone.localdate():
            raise forms.ValidationError("Choose today or a later date.")
        return day


class StretchFeedbackField(forms.Field):
    """The player's one tap after each stretch, sent as hidden "<step position>:<feeling>"
    values; cleaned to {position: feeling}. Whether the positions are steps of the routine is
    the view's check (it knows the assignment)."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("How a stretch felt could not be read. Reload the page and log again."),
    }
    MAX_STEPS = 50

    def to_python(self, value):
        if not value:
            return {}
        if not isinstance(value, list | tuple) or len(value) > self.MAX_STEPS:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        feelings = {}
        for item in value:
            position, _, feeling = str(item).partition(":")
            if (
                not re.fullmatch(r"[0-9]{1,4}", position)
                or feeling not in Feeling.values
                or int(position) in feelings
            ):
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            feelings[int(position)] = feeling
        return feelings


class SessionLogForm(forms.Form):
    """What the client sends after a session: one tap each, every answer optional but the status."""

    assignment = forms.IntegerField(widget=forms.HiddenInput)
    session_number = forms.TypedChoiceField(
        choices=[(1, 1), (2, 2), (3, 3)], coerce=int, widget=forms.HiddenInput
    )
    pain_before = forms.TypedChoiceField(
        choices=[(n, n) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("Before: how is your back? (0 no pain, 10 worst)"),
    )
    pain_after = forms.TypedChoiceField(
        choices=[(n, n) for n in range(11)],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("After: how is it now?"),
    )
    new_red_flag = forms.BooleanField(
        required=False,
        # The answer to the question above it on the page, which lists the one emergency list
        # (clients.red_flags, through client_safety's emergency_sign_list).
        label=_("Yes, I have noticed one of these"),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Anything to tell your trainer?"),
    )
    status = forms.ChoiceField(
        choices=SessionStatus.choices,
        error_messages={"required": _("Tap Done, Did part of it or Skipped.")},
    )
    # Filled in by the phone (static/js/offline.js) when the client taps: the day in their own
    # time zone and a key naming this log. Without JavaScript both stay empty: today, no key.
    session_date = forms.DateField(required=False, widget=forms.HiddenInput)
    client_key = forms.UUIDField(required=False, widget=forms.HiddenInput)
    # Added by the player (static/js/player.js) after each stretch the client tapped.
    feedback = StretchFeedbackField(required=False)

    def clean_session_date(self):
        day = self.cleaned_data["session_date"]
        if day is None:
            return None
        earliest, latest = accepted_session_dates()
        if day > latest:
            raise ValidationError(
                _(
                    "That day has not begun yet anywhere. Check the date on your phone, "
                    "then log again."
                )
            )
        if day < earliest:
            raise ValidationError(
                gettext(
                    "A session can be logged up to {days} days later. "
                    "Tell your trainer about this one instead."
                ).format(days=LATE_LOG_DAYS)
            )
        return day


class SessionStartForm(forms.Form):
    """The Start button: which session, and the pain before it (the server decides whether the
    client may start, clients.session_logs.stop_before_start)."""

    assignment = forms.IntegerField(widget=forms.HiddenInput)
    session_number = forms.TypedChoiceField(
        choices=[(1, 1), (2, 2), (3, 3)], coerce=int, widget=forms.HiddenInput
    )
    pain_before = forms.TypedChoiceField(
        choices=[(n, n) for n in range(11)],
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={"required": _("Tap how your back feels now, from 0 to 10, then Start.")},
    )


class ReminderForm(forms.Form):
    """The client's reminder choice on their shared page."""

    enabled = forms.BooleanField(required=False, label=_("Email me a reminder"))
    time_of_day = forms.TimeField(
        label=_("At"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        initial="08:00",
        error_messages={
            "required": _("Choose a time, e.g. 08:00."),
            "invalid": _("Use a time like 08:00."),
        },
    )
    weekdays = forms.TypedMultipleChoiceField(
        choices=Weekday.choices,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("On"),
        initial=list(Weekday.values),
    )

    # Filled in by the phone (offline.js reads the browser's zone) when the client has not chosen
    # one; a text field rather than a list of 600 zones, to keep the client's page light.
    time_zone = forms.CharField(
        label=_("Time zone"),
        required=False,
        max_length=64,
        help_text=_("Filled in from your phone, e.g. Europe/London."),
        widget=forms.TextInput(
            attrs={"data-browser-zone": "", "autocomplete": "off", "spellcheck": "false"}
        ),
    )

    def clean_time_zone(self):
        name = self.cleaned_data["time_zone"].strip()
        if name and name not in known_time_zones():
            raise ValidationError(
                _("We do not know that time zone. Use a name like Europe/London.")
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("enabled") and not cleaned.get("weekdays"):
            self.add_error("weekdays", _("Pick at least one day, or untick the reminder."))
        return cleaned


@cache
def known_time_zones():
    """The IANA time zone names this server knows (read once: it scans the zone files)."""
    return frozenset(available_timezones())


class TrainerContactForm(forms.ModelForm):
    """What clients see of their trainer: on their page, the handout and every email."""

    class Meta:
        model = TrainerPreference
        fields = ["contact_name", "contact_email", "contact_phone", "contact_note", "language"]
        labels = {
            "language": "Your language",
            "contact_name": "Your name as clients see it",
            "contact_email": "Email for clients",
            "contact_phone": "Phone for clients",
            "contact_note": "A line about reaching you",
        }
        help_texts = {
            "contact_name": "Leave empty to use your account's name.",
            "contact_email": "Optional. Shown only if you fill it in.",
            "contact_phone": "Optional.",
            "contact_note": "Optional, e.g. “Text me on weekdays, 8-18.”",
            "language": "Your pages in this language (empty: your browser's). New clients start "
            "with it; set each client's own on their record.",
        }

    def clean_contact_phone(self):
        phone = self.cleaned_data["contact_phone"].strip()
        if phone and not re.fullmatch(r"\+?[\d ()./-]{5,40}", phone):
            raise forms.ValidationError("Enter a phone number: digits, spaces and a leading +.")
        return phone

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("contact_name") and not self.instance.trainer.get_full_name():
            self.add_error(
                "contact_name", "Your account has no name yet: enter the name clients know you by."
            )
        return cleaned


# --- Practice ------------------------------------------------------------------------------


class InviteForm(forms.Form):
    email = forms.EmailField(label="Trainer's email", max_length=254)

    def __init__(self, *args, practice, **kwargs):
        super().__init__(*args, **kwargs)
        self.practice = practice

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.practice.memberships.filter(user__email__iexact=email).exists():
            raise forms.ValidationError("Someone with this email is already in your practice.")
        return email


class JoinForm(UserCreationForm):
    """A new account made from an invitation: the email is the invited address."""

    # The dashboard greets the trainer by it ("Good to see you, Marta"): a first name only.
    first_name = forms.CharField(label="First name", max_length=150)

    class Meta(UserCreationForm.Meta):
        model = User
        fields = ("first_name", "username")
        labels = {"username": "Username"}
        help_texts = {"username": "What you type to sign in: letters, digits and @.+-_ only."}


def _trainer_label(user):
    return user.get_full_name() or user.get_username()


class TrainerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _trainer_label(obj)


class TransferForm(forms.Form):
    trainer = TrainerChoiceField(queryset=User.objects.none(), label="Move to", empty_label=None)

    def __init__(self, *args, client, owner, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the other trainers of the client's practice, and only for its owner: a security
        # rule, not a nicety. Empty for anyone else (one query, no lookups beforehand).
        practice = Membership.objects.filter(user=client.trainer_id).values("practice")
        self.fields["trainer"].queryset = (
            User.objects.filter(membership__practice__in=owned_practices(owner))
            .filter(membership__practice__in=practice)
            .exclude(pk=client.trainer_id)
            .order_by("first_name", "username")
        )


class CoverForm(forms.ModelForm):
    covered_by = TrainerChoiceField(
        queryset=User.objects.none(), label="Colleague", empty_label=None
    )

    class Meta:
        model = Cover
        fields = ["covered_by", "starts_on", "ends_on"]
        labels = {"starts_on": "From", "ends_on": "Until (inclusive)"}
        widgets = {"starts_on": DateInput(), "ends_on": DateInput()}

    def __init__(self, *args, trainer, **kwargs):
        super().__init__(*args, **kwargs)
        practice = trainer.membership.practice_id
        self.fields["covered_by"].queryset = (
            User.objects.filter(membership__practice=practice)
            .exclude(pk=trainer.pk)
            .order_by("first_name", "username")
        )

    def clean_ends_on(self):
        starts, ends = self.cleaned_data.get("starts_on"), self.cleaned_data.get("ends_on")
        if starts and ends and ends < starts:
            raise forms.ValidationError("The last day cannot be before the first.")
        if ends and ends < timezone.localdate():
            raise forms.ValidationError("This cover would already be over.")
        return ends


class PracticeForm(forms.ModelForm):
    """The practice's branding. The logo goes through the same hardened pipeline as stretch
    photos (routines.images): only real JPEG, PNG or WebP, re-encoded without metadata."""

    logo = PhotoField(label="Logo", required=False, help_text="JPEG, PNG or WebP, up to 5 MB.")
    progression_sessions = forms.IntegerField(
        required=False,
        label="Sessions before suggesting the next variation",
        help_text="Good sessions of a routine in two weeks (pain never higher after) before the "
        "client page suggests a stretch's harder variation: 2 to 14, usually 6.",
    )

    class Meta:
        model = Practice
        fields = ["name", "contact_line", "logo", "progression_sessions"]
        labels = {"name": "Practice name", "contact_line": "Contact line"}
        help_texts = {"name": "Shown to clients instead of “Psoas Coach”. Leave empty to keep it."}

    def clean_progression_sessions(self):
        sessions = self.cleaned_data["progression_sessions"]
        if sessions is None:  # left empty: keep what is stored
            return self.instance.progression_sessions
        if not 2 <= sessions <= 14:
            raise forms.ValidationError("Choose between 2 and 14 sessions.")
        return sessions

    def clean_logo(self):
        upload = self.cleaned_data.get("logo")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            # The thumbnail size (480 px) is plenty for a logo shown at 24-32 px.
            self.logo_file = process_upload(upload, base_name="logo").thumbnail
        return upload

    def save(self, commit=True):
        practice = super().save(commit=False)
        if getattr(self, "logo_file", None):
            practice.logo = self.logo_file
        elif self.cleaned_data.get("logo") is False:  # "clear" ticked
            practice.logo = ""
        if commit:
            practice.save()
        return practice
