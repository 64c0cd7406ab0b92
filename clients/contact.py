"""How a client reaches their trainer: what the client's page, handout and emails show.

The trainer chooses each piece in their account settings (TrainerPreference.contact_*); the
name falls back to the account's full name. The practice's branding (name, logo, contact line:
clients.branding) rides along as `brand`. After a move to another trainer, this is what changes
on the client's page, and nothing else.
"""

import re
from dataclasses import dataclass

from django.core.exceptions import ObjectDoesNotExist

from clients.branding import Branding, branding_for


@dataclass(frozen=True)
class Contact:
    name: str
    email: str = ""
    phone: str = ""
    note: str = ""
    brand: Branding | None = None  # the trainer's practice, or Psoas Coach

    @property
    def display_name(self):
        return self.name or "your trainer"

    @property
    def can_be_reached(self):
        """A phone or an email the client can use; else the stop cards say "the usual way"."""
        return bool(self.email or self.phone)

    @property
    def phone_link(self):
        """The number for a tel: link: digits and a leading plus only."""
        return re.sub(r"(?!^\+)[^\d]", "", self.phone.strip())

    @property
    def as_text(self):
        """One line for plain-text mail: "Tess Hill (tess@example.com, 0123 456)"."""
        ways = ", ".join(way for way in (self.email, self.phone) if way)
        return f"{self.display_name} ({ways})" if ways else self.display_name


def trainer_preference(trainer):
    """The trainer's TrainerPreference, or None (select_related it to spare a query)."""
    try:
        return trainer.coach_preferences
    except ObjectDoesNotExist:
        return None


def trainer_contact(trainer):
    """Load the trainer with select_related("coach_preferences", "membership__practice") to
    spend no query here."""
    preference = trainer_preference(trainer)
    name = (preference.contact_name if preference else "") or trainer.get_full_name()
    brand = branding_for(trainer)
    if preference is None:
        return Contact(name=name, brand=brand)
    return Contact(
        name=name,
        email=preference.contact_email,
        phone=preference.contact_phone,
        note=preference.contact_note,
        brand=brand,
    )


def client_contact(client):
    """Whom this client contacts, and how: the one answer every client-facing surface shows."""
    return trainer_contact(client.trainer)


def can_be_reached(trainer):
    """Whether the trainer shows their clients a phone or an email: without one, every stop card
    says "the way you usually contact them", and the trainer is warned (dashboard, private link).
    One query, none when coach_preferences is loaded."""
    preference = trainer_preference(trainer)
    return bool(preference and (preference.contact_email or preference.contact_phone))
