"""The small, rarely changing word lists (caution tags) kept in the cache, so pages that only
need their labels spend no query on them. Saving or deleting a tag clears the cache."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from routines.models import CautionTag, Stretch

CAUTION_LABELS_KEY = "routines:caution-labels"
# Saving clears the cache of the process that saved; with several workers and the default
# in-memory cache, the others catch up within this time (a shared Redis cache: at once).
CACHE_SECONDS = 5 * 60


def caution_labels():
    """{code: label} of every caution tag, in the library's order."""
    labels = cache.get(CAUTION_LABELS_KEY)
    if labels is None:
        labels = dict(CautionTag.objects.order_by("position").values_list("code", "label"))
        cache.set(CAUTION_LABELS_KEY, labels, CACHE_SECONDS)
    return labels


@receiver([post_save, post_delete], sender=CautionTag)
def forget_caution_labels(**kwargs):
    cache.delete(CAUTION_LABELS_KEY)
    cache.delete(STRETCH_CAUTIONS_KEY)


STRETCH_CAUTIONS_KEY = "routines:stretch-cautions"


def stretch_caution_codes():
    """{stretch id: [caution codes]} for every stretch. Pages that flag steps use it instead of
    a join per page; changing a stretch's cautions (admin or own stretch) clears it."""
    mapping = cache.get(STRETCH_CAUTIONS_KEY)
    if mapping is None:
        mapping = {}
        through = Stretch.caution_tags.through.objects.values_list("stretch_id", "cautiontag__code")
        for stretch_id, code in through.order_by("cautiontag__position"):
            mapping.setdefault(stretch_id, []).append(code)
        cache.set(STRETCH_CAUTIONS_KEY, mapping, CACHE_SECONDS)
    return mapping


def caution_tags_of(stretch_id):
    """[(code, label)] of one stretch's cautions, from the cache."""
    labels = caution_labels()
    return [(code, labels.get(code, code)) for code in stretch_caution_codes().get(stretch_id, [])]


@receiver(m2m_changed, sender=Stretch.caution_tags.through)
@receiver([post_save, post_delete], sender=Stretch)
def forget_stretch_cautions(**kwargs):
    cache.delete(STRETCH_CAUTIONS_KEY)
