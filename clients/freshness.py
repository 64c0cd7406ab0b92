"""A per-trainer "generation" number: every write about a trainer's clients bumps it, and
cached views of that trainer's practice (the dashboard overview) are keyed by it, so a cached
overview is never older than the last change seen by this cache."""

from django.core.cache import cache


def generation_key(trainer_id):
    return f"attention:generation:{trainer_id}"


def current_generation(trainer_id):
    return cache.get_or_set(generation_key(trainer_id), 1, None)


def bump_generation(trainer_id):
    key = generation_key(trainer_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, None)
