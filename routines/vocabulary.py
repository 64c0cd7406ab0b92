"""The small, rarely changing caution-tag lists, kept in the cache as one entry, so a page that
needs tag labels or flags steps reads them once. Changing a tag or a stretch's tags clears it."""

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from routines.models import CautionTag, Stretch

CAUTIONS_KEY = "routines:cautions"
# Saving clears the entry in the cache every worker shares (Redis or the database cache); the
# time limit only bounds how long an entry lives.
CACHE_SECONDS = 5 * 60


def _cautions():
    """{"labels": {code: label}, "by_stretch": {stretch id: [(code, label)]}}, in library order."""
    cautions = cache.get(CAUTIONS_KEY)
    if cautions is None:
        labels = dict(CautionTag.objects.order_by("position").values_list("code", "label"))
        by_stretch = {}
        through = Stretch.caution_tags.through.objects.values_list("stretch_id", "cautiontag__code")
        for stretch_id, code in through.order_by("cautiontag__position"):
            by_stretch.setdefault(stretch_id, []).append((code, labels[code]))
        cautions = {"labels": labels, "by_stretch": by_stretch}
        cache.set(CAUTIONS_KEY, cautions, CACHE_SECONDS)
    return cautions


def caution_labels():
    """{code: label} of every caution tag, in the library's order."""
    return _cautions()["labels"]


def caution_tags_by_stretch():
    """{stretch id: [(code, label)]} for every stretch. Pages that flag steps read it once
    instead of a join per page."""
    return _cautions()["by_stretch"]


def caution_tags_of(stretch_id):
    """[(code, label)] of one stretch's cautions."""
    return caution_tags_by_stretch().get(stretch_id, [])


@receiver([post_save, post_delete], sender=CautionTag)
@receiver(m2m_changed, sender=Stretch.caution_tags.through)
@receiver([post_save, post_delete], sender=Stretch)
def forget_cautions(**kwargs):
    cache.delete(CAUTIONS_KEY)
