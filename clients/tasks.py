"""Background tasks that mail clients and trainers: the private link ("Email it"), the client's
reminders and the trainer's morning digest.

Arguments are ids only (they are stored with the queued task and shown in the admin); the mail,
with its private links, is written when the task runs.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext

from clients import reminders
from clients.contact import client_contact
from clients.languages import in_client_language
from clients.models import Delivery, DeliveryKind, ShareLink
from trainer_site.tasks import send_or_retry


@task
def email_share_link(link_id, base_url, attempt=1):
    """Mail the client their private link. A link revoked or replaced meanwhile is not sent."""
    links = ShareLink.objects.live().select_related("client__trainer__coach_preferences")
    link = links.filter(pk=link_id).first()
    if link is None or not link.client.email:
        return "the link is no longer live, or the client has no address"
    context = {
        "client": link.client,
        "contact": client_contact(link.client),
        "url": f"{base_url}{link.get_absolute_url()}",
    }
    with in_client_language(link.client):
        message = EmailMessage(
            subject=gettext("Your stretching routine"),
            body=render_to_string("clients/email/share_link.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[link.client.email],
        )
    return send_or_retry(message, email_share_link, attempt, link_id, base_url)


@task
def send_delivery(delivery_id, attempt=1):
    """Write and send the reminder or digest claimed by Delivery `delivery_id`, once."""
    claim = Delivery.objects.filter(pk=delivery_id).first()
    if claim is None or claim.sent_at is not None:
        return "already sent"  # a task run twice sends nothing the second time
    message = _message_for(claim)
    if message is None:  # every session logged meanwhile, or reminders turned off
        reminders.release(claim)
        return "nothing to send"
    # Out of tries, the claim is released: a later run of send_reminders may try again.
    send_or_retry(
        message, send_delivery, attempt, delivery_id, on_give_up=lambda: reminders.release(claim)
    )
    claim.sent_at = timezone.now()
    claim.save(update_fields=["sent_at"])
    return "sent"


def _message_for(claim):
    pk = claim.recipient_key.partition(":")[2]
    if claim.kind == DeliveryKind.DIGEST:
        trainer = User.objects.filter(pk=pk).first()
        return reminders.trainer_digest(trainer, claim.day) if trainer and trainer.email else None
    # Checked again when sending: reminders turned off, or an alert opened, since the claim.
    preference = reminders.reminder_preferences().filter(client_id=pk).first()
    return reminders.client_reminder(preference, claim.day) if preference else None
