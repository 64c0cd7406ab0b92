"""Cache versions in `routines` (trainer_site.page_cache), as clients.freshness is for clients.

The stretches' version: one for the whole library, bumped by any change to a stretch, its tags,
areas, props, steps or variations, or to the vocabularies. Stretches change rarely (the library
is curated; a trainer adds one of their own now and then), and a page listing them may show the
library's, the trainer's own and, as staff, drafts: one version covers them all.

A routines version per owner, bumped by saving or deleting one of their routines (created,
renamed, archived): what a list of the owner's routines shows. Edits of a routine's steps go
through routines.editing, which moves the routine's own version in the database instead.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from routines.models import (
    CautionTag,
    Prop,
    Routine,
    Stretch,
    StretchStep,
    StretchVariation,
    TargetArea,
)
from trainer_site import page_cache

STRETCHES_KEY = "routines:stretches:version"


def routines_key(owner_id):
    return f"routines:version:{owner_id}"


@receiver([post_save, post_delete], sender=Stretch)
@receiver([post_save, post_delete], sender=StretchStep)
@receiver([post_save, post_delete], sender=StretchVariation)
@receiver([post_save, post_delete], sender=CautionTag)
@receiver([post_save, post_delete], sender=TargetArea)
@receiver([post_save, post_delete], sender=Prop)
@receiver(m2m_changed, sender=Stretch.caution_tags.through)
@receiver(m2m_changed, sender=Stretch.target_areas.through)
@receiver(m2m_changed, sender=Stretch.props.through)
def forget_stretches(**kwargs):
    page_cache.bump(STRETCHES_KEY)


@receiver([post_save, post_delete], sender=Routine)
def forget_routines(sender, instance, **kwargs):
    if instance.owner_id:
        page_cache.bump(routines_key(instance.owner_id))
