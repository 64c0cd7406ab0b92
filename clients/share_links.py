"""The client's private link: issue a fresh one (the old one dies at once), or revoke it."""

import secrets

from django.db import transaction
from django.utils import timezone

from clients.freshness import bump_generation
from clients.models import ShareLink

TOKEN_BYTES = 24  # 192 bits from the OS's secure random source


@transaction.atomic
def issue_link(client, expires_at=None):
    """Revoke the current link (if any) and issue a fresh one."""
    client.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    link = ShareLink.objects.create(
        client=client, token=secrets.token_urlsafe(TOKEN_BYTES), expires_at=expires_at
    )
    bump_generation(client.trainer_id)  # the client page shows the link
    return link


def revoke_link(client):
    """Revoke the live link; returns how many were revoked (0 when there was none)."""
    revoked = client.share_links.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    if revoked:
        bump_generation(client.trainer_id)  # the client page shows the link
    return revoked
