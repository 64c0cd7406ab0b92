"""Which language a page or an email is in.

- A trainer's pages: the language chosen in their settings (copied into the session at sign-in
  and when saved, so reading it costs no query), else the browser's (LocaleMiddleware).
- Everything a client gets (their page, the player, the handout, the calendar feed, every
  email): the client's language, which the trainer sets on the client. On their page the client
  may switch (?lang=es); the choice is remembered on that phone in a cookie scoped to the link.
"""

from contextlib import contextmanager

from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.utils import translation

SUPPORTED = dict(settings.LANGUAGES)
CLIENT_COOKIE = "page_language"
CLIENT_COOKIE_AGE = 365 * 24 * 60 * 60


def supported(code):
    """The supported language for a code ("es-MX" -> "es"), or None."""
    if not code:
        return None
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return None


def trainer_language(trainer):
    """The trainer's chosen language, or "" (load coach_preferences with select_related)."""
    from clients.contact import trainer_preference

    preference = trainer_preference(trainer)
    return preference.language if preference else ""


def new_client_language(trainer):
    """A new client starts with the trainer's language, else the one the trainer reads now."""
    return (
        trainer_language(trainer) or supported(translation.get_language()) or settings.LANGUAGE_CODE
    )


def client_language(client):
    return supported(client.language) or settings.LANGUAGE_CODE


def _base(code):
    return code.split("-")[0]


def writing_hint(client):
    """For a field whose text the client reads as typed (a reply to their session): a line
    saying which language to write in when the client's page is not in the language of the
    trainer's pages now, else "". Trainer-facing, in English like the trainer's forms."""
    theirs = _base(client_language(client))
    if theirs == _base(supported(translation.get_language()) or settings.LANGUAGE_CODE):
        return ""
    name = translation.get_language_info(theirs)["name"]  # in English: "Spanish"
    return f"{client.name}'s page is in {name}: write in {name}."


@contextmanager
def in_client_language(client):
    """Render mail, feeds and pages for a client in their language."""
    with translation.override(client_language(client)):
        yield


def page_language(request, client):
    """(language, chosen_now) for the client's page: ?lang= (a tap on the switch), else the
    phone's remembered choice, else the client's language."""
    chosen = supported(request.GET.get("lang", ""))
    if chosen:
        return chosen, True
    return supported(request.COOKIES.get(CLIENT_COOKIE, "")) or client_language(client), False


def remember_page_language(response, language, path):
    """Keep the client's choice on this phone, for this link only (the cookie's path)."""
    response.set_cookie(
        CLIENT_COOKIE,
        language,
        max_age=CLIENT_COOKIE_AGE,
        path=path,
        samesite="Lax",
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
    )


TRAINER_LANGUAGE_KEY = "_coach_language"


def remember_trainer_language(request, language):
    """Keep the trainer's choice in their session (read on every page without a query)."""
    request.session[TRAINER_LANGUAGE_KEY] = language


@receiver(user_logged_in)
def language_at_sign_in(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        remember_trainer_language(request, trainer_language(user))


class TrainerLanguageMiddleware:
    """After LocaleMiddleware and authentication: a signed-in trainer's chosen language wins
    over the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = supported(request.session.get(TRAINER_LANGUAGE_KEY, ""))
        if language and request.user.is_authenticated:
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)
