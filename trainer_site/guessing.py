"""Limits on guessing secret links (a client's private link, a reminder's unsubscribe link).

Failed lookups are counted per visitor address over a window; past the limit every lookup from
that address is refused (429) until the window ends, valid links included, so a guesser learns
nothing more. The count must be one count for every gunicorn worker and host: with Redis
(CACHE_URL) it is the cache's atomic INCR; without it, a database row bumped by one UPDATE.
(Django's database cache cannot serve: its incr is a read and then a write, so two workers can
count one failure between them.)
"""

from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Case, F, Value, When
from django.utils import timezone

from trainer_site.models import GuessCount
from trainer_site.network import client_ip


def _key(request):
    return f"secret-link-guess:{client_ip(request)}"


def too_many_guesses(request):
    """Whether this visitor has used up their failed guesses for now."""
    key = _key(request)
    if settings.CACHE_IS_SHARED_AND_ATOMIC:
        return cache.get(key, 0) >= settings.SHARE_GUESS_LIMIT
    return GuessCount.objects.filter(
        key=key, window_ends_at__gt=timezone.now(), failures__gte=settings.SHARE_GUESS_LIMIT
    ).exists()


def count_failed_guess(request):
    """Count one failed lookup of a secret link for this visitor."""
    key = _key(request)
    if settings.CACHE_IS_SHARED_AND_ATOMIC:
        cache.add(key, 0, settings.SHARE_GUESS_WINDOW)
        cache.incr(key)
        return
    now = timezone.now()
    new_window_end = now + timedelta(seconds=settings.SHARE_GUESS_WINDOW)
    still_open = When(window_ends_at__gt=now, then=F("failures") + 1)
    bump = GuessCount.objects.filter(key=key).update(
        failures=Case(still_open, default=Value(1)),
        window_ends_at=Case(
            When(window_ends_at__gt=now, then=F("window_ends_at")),
            default=Value(new_window_end),
        ),
    )
    if bump:
        return
    try:
        with transaction.atomic():
            GuessCount.objects.create(key=key, failures=1, window_ends_at=new_window_end)
    except IntegrityError:  # another worker created the row first: count on it
        GuessCount.objects.filter(key=key).update(failures=F("failures") + 1)
    # A new window started: forget addresses whose windows are over.
    GuessCount.objects.filter(window_ends_at__lte=now).delete()
