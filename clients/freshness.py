"""Every cache invalidation in `clients`, in one place.

A per-trainer "generation" number: every write about a trainer's clients bumps it, and cached
views of that trainer's practice (the dashboard overview, see clients.attention) are keyed by
it, so a cached overview is never older than the last change (the cache is shared by every
worker and host). Saves and deletes bump it through the signal receivers below; queryset
updates and bulk upserts, which send no signals, call bump_generation() themselves.
"""

import secrets

from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clients.models import (
    Alert,
    Assignment,
    AttentionHandled,
    Client,
    Intake,
    MedicalClearance,
    SessionLog,
)


def generation_key(trainer_id):
    return f"attention:generation:{trainer_id}"


def current_generation(trainer_id):
    key = generation_key(trainer_id)
    generation = cache.get(key)
    if generation is None:
        generation = _new_generation()
        if not cache.add(key, generation, None):  # another worker set it first
            generation = cache.get(key)
    return generation


def bump_generation(trainer_id):
    # A new random value, not incr: a set is atomic on every cache backend, while the database
    # cache's incr reads then writes, and two bumps at once could count as one.
    cache.set(generation_key(trainer_id), _new_generation(), None)


def _new_generation():
    return secrets.token_hex(8)


def _trainer_of(instance):
    for path in ("trainer_id", "client.trainer_id"):
        value = instance
        for part in path.split("."):
            value = getattr(value, part, None)
        if value:
            return value
    return None


@receiver([post_save, post_delete], sender=SessionLog)
@receiver([post_save, post_delete], sender=Alert)
@receiver([post_save, post_delete], sender=Assignment)
@receiver([post_save, post_delete], sender=AttentionHandled)
@receiver([post_save, post_delete], sender=Client)
@receiver([post_save, post_delete], sender=Intake)
@receiver([post_save, post_delete], sender=MedicalClearance)
def forget_overview(sender, instance, **kwargs):
    if sender is MedicalClearance:
        trainer_id = (
            Client.objects.filter(intakes=instance.intake_id)
            .values_list("trainer_id", flat=True)
            .first()
        )
    else:
        trainer_id = _trainer_of(instance)
    if trainer_id:
        bump_generation(trainer_id)
