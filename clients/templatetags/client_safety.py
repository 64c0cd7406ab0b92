"""What every client-facing page says about safety, rendered from one place each:
the emergency signs (clients.red_flags) and how to reach the trainer (clients.contact)."""

import json

from django import template
from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html, json_script
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from clients.page_texts import page_texts
from clients.red_flags import (
    CLIENT_EMERGENCY_ACTION,
    CLIENT_EMERGENCY_HEADING,
    CLIENT_EMERGENCY_SIGNS,
    emergency_signs_sentence,
)

register = template.Library()


@register.inclusion_tag("clients/shared/emergency_signs.html")
def emergency_signs(heading=CLIENT_EMERGENCY_HEADING):
    return {"heading": heading, "signs": CLIENT_EMERGENCY_SIGNS, "action": CLIENT_EMERGENCY_ACTION}


@register.simple_tag
def emergency_sign_list():
    """The signs one by one, for a list of the page's own (the log form's red-flag question)."""
    return CLIENT_EMERGENCY_SIGNS


@register.simple_tag
def emergency_signs_text():
    """The list in one plain sentence, for emails."""
    return gettext("{heading} {signs}.").format(
        heading=CLIENT_EMERGENCY_HEADING, signs=emergency_signs_sentence()
    )


@register.inclusion_tag("clients/shared/contact.html")
def trainer_contact_card(contact, lead=None):
    return {"contact": contact, "lead": lead or pgettext("contact card", "Your trainer")}


@register.simple_tag
def page_texts_json():
    """The words of the page's scripts in the page's language (clients.page_texts)."""
    return json_script(page_texts(), "page-texts")


# What json_script escapes, so the data can never close its <script>.
SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def compact_json_script(value, element_id):
    """json_script without a space after each "," and ":": the player's cue lists run to a few
    hundred entries, and every byte counts on a client's first visit."""
    text = json.dumps(value, cls=DjangoJSONEncoder, separators=(",", ":"))
    return format_html(
        '<script id="{}" type="application/json">{}</script>',
        element_id,
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308 - escaped as json_script does
    )


@register.simple_tag
def language_choices():
    """Each language named in itself ("English", "Español"), as a switch shows them."""
    return settings.LANGUAGES
