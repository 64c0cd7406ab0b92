"""What every client-facing page says about safety, rendered from one place each:
the emergency signs (clients.red_flags) and how to reach the trainer (clients.contact)."""

from django import template

from clients.red_flags import (
    CLIENT_EMERGENCY_ACTION,
    CLIENT_EMERGENCY_SIGNS,
    emergency_signs_sentence,
)

register = template.Library()


@register.inclusion_tag("clients/shared/emergency_signs.html")
def emergency_signs(heading="Get urgent medical care now if you notice"):
    return {"heading": heading, "signs": CLIENT_EMERGENCY_SIGNS, "action": CLIENT_EMERGENCY_ACTION}


@register.simple_tag
def emergency_signs_text():
    """The list in one plain sentence, for emails."""
    return f"Get urgent medical care now if you notice {emergency_signs_sentence()}."


@register.inclusion_tag("clients/shared/contact.html")
def trainer_contact_card(contact, lead="Your trainer"):
    return {"contact": contact, "lead": lead}
