"""The red-flag screen: its flags, their two tiers, where a client stands, and the gate.

Any flag means "see a professional first"; an emergency flag means "today". The app never
diagnoses: it only decides whether routines may be assigned yet (the gate) and which message
the trainer sees. Templates ask the `Safety` object (`safety.is_emergency`), never compare strings.
"""

from django.db import models
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


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
EMERGENCY_CHOICES = [(flag.value, flag.label) for flag in RedFlag if flag in EMERGENCY_FLAGS]
REFER_CHOICES = [(flag.value, flag.label) for flag in RedFlag if flag not in EMERGENCY_FLAGS]


def red_flag_tier(flags):
    """The tier of a set of answers: emergency if any emergency flag, refer if any flag."""
    if any(flag in EMERGENCY_FLAGS for flag in flags):
        return RedFlagTier.EMERGENCY
    return RedFlagTier.REFER if flags else RedFlagTier.NONE


class AssignmentBlocked(Exception):
    """The client's red-flag screen (or a missing intake) does not allow assigning yet."""


class Safety:
    """Where a client stands on the red-flag screen, from their latest intake, and the gate."""

    NO_INTAKE, CLEAR, REFER, EMERGENCY, CLEARED, NEW_RED_FLAG = (
        "no_intake",
        "clear",
        "refer",
        "emergency",
        "cleared",
        "new_red_flag",
    )
    LABELS = {
        NO_INTAKE: "No intake yet",
        CLEAR: "No red flags",
        REFER: RedFlagTier.REFER.label,
        EMERGENCY: RedFlagTier.EMERGENCY.label,
        CLEARED: "Cleared by a clinician",
        NEW_RED_FLAG: "New red-flag symptom",
    }

    def __init__(self, state, intake=None, earlier=None, reported_at=None):
        self.state = state
        self.intake = intake
        # A red-flag symptom ticked after a session: when, and where the intake alone stands.
        self.earlier = earlier or self
        self.reported_at = reported_at

    @classmethod
    def of(cls, intake, red_flag_reported_at=None):
        """From a saved intake (its clearance is looked up: select_related it for lists) and
        the newest red-flag symptom reported after a session that nobody has cleared yet: that
        comes first, whatever the intake said, and shuts the gate again like an intake's."""
        if red_flag_reported_at is not None:
            earlier = cls.of(intake)
            return cls(cls.NEW_RED_FLAG, intake, earlier, red_flag_reported_at)
        if intake is None:
            return cls(cls.NO_INTAKE)
        if not intake.red_flag_tier:
            return cls(cls.CLEAR, intake)
        if hasattr(intake, "clearance"):
            return cls(cls.CLEARED, intake)
        return cls(intake.red_flag_tier, intake)

    @classmethod
    def of_answers(cls, flags):
        """From answers being typed in, before anything is saved (the intake's live check)."""
        return cls(red_flag_tier(flags) or cls.CLEAR)

    @property
    def is_emergency(self):
        return self.state == self.EMERGENCY

    @property
    def is_refer(self):
        return self.state == self.REFER

    @property
    def needs_clearance(self):
        """Red flags that nobody has cleared yet: the trainer sees what to tell the client."""
        return self.state in {self.REFER, self.EMERGENCY}

    @property
    def is_cleared(self):
        return self.state == self.CLEARED

    @property
    def had_red_flags(self):
        return self.state in {self.REFER, self.EMERGENCY, self.CLEARED}

    @property
    def has_no_intake(self):
        return self.state == self.NO_INTAKE

    @property
    def is_new_red_flag(self):
        return self.state == self.NEW_RED_FLAG

    @property
    def blocks_assigning(self):
        """The gate: no routine before an intake, nor while red flags (the intake's, or one
        reported after a session) wait for clearance."""
        return self.is_new_red_flag or self.has_no_intake or self.needs_clearance

    def check_gate(self):
        if self.blocks_assigning:
            raise AssignmentBlocked(self.label)

    @property
    def label(self):
        return self.LABELS[self.state]


# What a client is told to watch for, in their own words: the emergency flags above, said to
# "you". The page footer, the stop card, the post-session tick box and the reminder email all
# render this one list (through the `client_safety` template tags), so none can fall behind.
# Lazy: each is translated into the language active where it is shown (the client's).
CLIENT_EMERGENCY_SIGNS = (
    _("new numbness or tingling around the groin, genitals or inner buttocks (the saddle area)"),
    _("new trouble passing urine, or losing control of your bladder or bowels"),
    _("numbness or weakness in both legs"),
    _("a leg getting weaker, or a foot that drags or slaps when you walk"),
)
CLIENT_EMERGENCY_ACTION = _(
    "Stop now and get urgent care: go to an emergency department or urgent care, "
    "or call your local emergency number."
)
CLIENT_EMERGENCY_HEADING = _("Get urgent medical care now if you notice")


def _signs_sentence():
    *first, last = CLIENT_EMERGENCY_SIGNS
    return gettext("{signs}; or {last}").format(signs="; ".join(map(str, first)), last=last)


# The list as one sentence, for plain-text mail and a tick box's label; lazy, so a label made
# once at import is still said in the language of the page that shows it.
emergency_signs_sentence = lazy(_signs_sentence, str)
