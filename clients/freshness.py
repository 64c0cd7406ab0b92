"""Every cache invalidation in `clients`, in one place.

A per-trainer "generation" number: every write about a trainer's clients bumps it, and cached
views of that trainer's practice (the dashboard overview, see clients.attention) are keyed by
it, so a cached overview is never older than the last change (the cache is shared by every
worker and host). A second number, the trainer's "own" generation, moves with every write but
those a client makes on their private page (their logs and what those raise): the dashboard
shows the trainer's own changes at once, and clients' activity within a few seconds
(trainer_site.page_cache, `late`), so a client logging every second does not make every visit
draw 500 clients again. Saves and deletes bump it through the signal receivers below; queryset
updates and bulk upserts, which send no signals, call bump_generation() themselves.

The client's private page (clients.shared_cache) is kept per client instead: a client's page
version, bumped by every write about that client (their logs, assignments and the steps of
their copies, intake, reminder settings, links, alerts, the client row itself), and one version
per trainer for what their clients see of them (contact, name, practice branding), and one
version for the stretch library's texts and pictures, which any client's page may show. Those bumps
happen at once and again when the transaction commits, so a page drawn from data read before the
commit is never kept under the version that follows it.
"""

import secrets
from contextlib import contextmanager
from contextvars import ContextVar

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from clients.models import (
    Alert,
    AssignedStep,
    Assignment,
    AttentionHandled,
    Client,
    Intake,
    MedicalClearance,
    SessionLog,
    SessionReply,
    TrainerPreference,
)
from practices.models import Cover, Membership, Practice
from routines.models import Stretch, StretchStep
from trainer_site import page_cache

# Who belongs to which practice, with which role, and who covers whom: a version for all
# practices (they change rarely), read by pages that show what a role allows.
PRACTICES_KEY = "practices:version"


# Set while a client's own request writes (clients.views.shared): what they do there.
_client_activity = ContextVar("client_activity", default=False)


@contextmanager
def client_activity():
    """Writes made inside are a client's activity: they move the trainer's generation, not
    the trainer's own one."""
    reset = _client_activity.set(True)
    try:
        yield
    finally:
        _client_activity.reset(reset)


def generation_key(trainer_id):
    return f"attention:generation:{trainer_id}"


def own_generation_key(trainer_id):
    return f"attention:own:{trainer_id}"


def current_generation(trainer_id):
    return page_cache.current_version(generation_key(trainer_id))


def bump_generation(trainer_id):
    page_cache.bump(generation_key(trainer_id))
    if not _client_activity.get():
        page_cache.bump(own_generation_key(trainer_id))


def _new_generation():
    return secrets.token_hex(8)


# --- The client's private page -------------------------------------------------------------------

STRETCHES_KEY = "shared:stretches"


def client_page_key(client_id):
    return f"shared:client:{client_id}"


def current_version(key):
    """The version stored under `key`, made (once, whichever worker is first) when missing."""
    version = cache.get(key)
    if version is None:
        version = _new_generation()
        if not cache.add(key, version, None):
            version = cache.get(key)
    return version


def _bump_now_and_on_commit(key):
    cache.set(key, _new_generation(), None)
    # Again once the data is committed: a page drawn between the first bump and the commit read
    # the old rows, and it was kept under the first new version, which this one replaces.
    transaction.on_commit(lambda: cache.set(key, _new_generation(), None))


def bump_client_page(client_id):
    """Every write about this client that their private page may show calls this (the signal
    receivers below; queryset updates and bulk upserts call it themselves)."""
    _bump_now_and_on_commit(client_page_key(client_id))


def trainer_contact_key(trainer_id):
    return f"shared:trainer:{trainer_id}"


def bump_trainer_contact(trainer_id):
    """What the trainer's clients see of them changed (clients.contact): all their pages."""
    _bump_now_and_on_commit(trainer_contact_key(trainer_id))


def bump_stretches():
    _bump_now_and_on_commit(STRETCHES_KEY)


def _trainer_of(instance):
    for path in ("trainer_id", "client.trainer_id"):
        value = instance
        for part in path.split("."):
            value = getattr(value, part, None)
        if value:
            return value
    return None


@receiver([post_save, post_delete], sender=SessionLog)
@receiver([post_save, post_delete], sender=SessionReply)
@receiver([post_save, post_delete], sender=Alert)
@receiver([post_save, post_delete], sender=Assignment)
@receiver([post_save, post_delete], sender=AttentionHandled)
@receiver([post_save, post_delete], sender=Client)
@receiver([post_save, post_delete], sender=Intake)
@receiver([post_save, post_delete], sender=MedicalClearance)
def forget_overview(sender, instance, **kwargs):
    if sender is MedicalClearance:
        # For an intake's red flags, or for a red-flag symptom reported after a session.
        if instance.intake_id:
            of = {"intakes": instance.intake_id}
        else:
            of = {"alerts": instance.alert_id}
        found = Client.objects.filter(**of).values_list("trainer_id", "pk").first()
        trainer_id = found[0] if found else None
        if found and instance.alert_id:  # the client's page waits for this clearance
            bump_client_page(found[1])
    else:
        trainer_id = _trainer_of(instance)
    if trainer_id:
        bump_generation(trainer_id)
    if sender is Client:
        bump_client_page(instance.pk)


def forget_client_page(sender, instance, **kwargs):
    bump_client_page(instance.client_id)


# Every model of this app that belongs to one client (a `client` foreign key: their logs,
# assignments, intakes, alerts, reminder settings, links, and any added later), so a new kind
# of record the client's page comes to show is covered without a line here.
for _model in apps.get_app_config("clients").get_models():
    if any(field.name == "client" and field.is_relation for field in _model._meta.fields):
        for _signal in (post_save, post_delete):
            _signal.connect(forget_client_page, sender=_model, dispatch_uid=f"client-page:{_model}")


@receiver([post_save, post_delete], sender=AssignedStep)
def forget_client_page_of_step(sender, instance, **kwargs):
    """A step of a client's copy changed (a swap to the easier version, a dose): their page."""
    if AssignedStep.assignment.is_cached(instance):  # e.g. deleted through assignment.steps
        client_id = instance.assignment.client_id
    else:
        client_id = (
            Assignment.objects.filter(pk=instance.assignment_id)
            .values_list("client_id", flat=True)
            .first()
        )
    if client_id:
        bump_client_page(client_id)


@receiver([post_save, post_delete], sender=TrainerPreference)
@receiver([post_save, post_delete], sender=Membership)
def forget_contact(sender, instance, **kwargs):
    """The contact a trainer shows, or the practice (and so the branding) they are in."""
    bump_trainer_contact(instance.trainer_id if sender is TrainerPreference else instance.user_id)


@receiver([post_save, post_delete], sender=get_user_model())
def forget_contact_of_user(sender, instance, update_fields=None, **kwargs):
    """The account's name is the contact's fallback and the branding's trainer name; a sign-in
    (last_login only) changes neither."""
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return
    bump_trainer_contact(instance.pk)


@receiver([post_save, post_delete], sender=Practice)
def forget_branding(sender, instance, **kwargs):
    """The practice's name, logo or contact line: every member's clients' pages."""
    for user_id in Membership.objects.filter(practice_id=instance.pk).values_list(
        "user_id", flat=True
    ):
        bump_trainer_contact(user_id)


@receiver([post_save, post_delete], sender=Stretch)
@receiver([post_save, post_delete], sender=StretchStep)
def forget_stretch_pages(sender, instance, **kwargs):
    """A stretch's texts or picture: any client's page may show it (rare writes)."""
    bump_stretches()


@receiver([post_save, post_delete], sender=Membership)
@receiver([post_save, post_delete], sender=Cover)
def forget_practices(**kwargs):
    page_cache.bump(PRACTICES_KEY)
