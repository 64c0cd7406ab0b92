"""The client's private page (clients.views.shared.today), kept whole in the shared cache.

A client opens the same page many times a day and it changes only when something about them
does, so the page is drawn once and kept as HTML in the shared cache (Redis in production, the
database cache in development: every worker and host reads the same entry); no time-based
expiry decides whether it is fresh. An entry is used only while all of these are what they
were when it was drawn:

- the link (its id: a new link is a new page) and the day the page is for;
- the client's page version (clients.freshness.bump_client_page: their logs, assignments, the
  steps of their copies, intake, reminder settings, links, alerts, the client row);
- their trainer's contact version (clients.freshness.bump_trainer_contact: the contact
  settings, the account's name, the practice and its branding);
- the stretch library's version (any stretch's texts or picture, clients.freshness);
- the language, the code that draws pages and the static files' manifest (trainer_site.page_cache
  and static_version below): a deploy never serves a page drawn by the code before it.

An entry is kept until its day ends, not longer: the page shows health-adjacent data (today's
pain numbers), and a page for a past day is never shown again.

The page is drawn without the request: nothing per visitor or per visit can enter it (no CSRF
token: its forms are protected by the same-origin check in clients.views.shared; no messages, no
signed-in user). The digest of the HTML is its ETag.
"""

import hashlib
from datetime import datetime, time, timedelta

from django.contrib.staticfiles.storage import staticfiles_storage
from django.utils import timezone

from clients.freshness import (
    STRETCHES_KEY,
    client_page_key,
    current_version,
    trainer_contact_key,
)
from trainer_site import page_cache


def static_version():
    """The collected static files' manifest ("" in development, where names are not hashed):
    the page links its scripts and styles by their hashed names."""
    return getattr(staticfiles_storage, "manifest_hash", "") or ""


def seconds_left_in(day):
    """Until `day` ends (at least a minute): a page for a day is never shown after it, so it is
    not kept after it either (docs/security.md)."""
    end = datetime.combine(day + timedelta(days=1), time(), tzinfo=timezone.get_current_timezone())
    return max(60, int((end - timezone.now()).total_seconds()))


def today_page(link, trainer_id, day, draw):
    """(HTML, ETag value) of the link's page for `day`: from the cache when its versions still
    hold, else `draw()` (the page's HTML, drawn without the request) is called and kept. One
    cache read when it holds: the entry and its three versions."""
    keys = [client_page_key(link.client_id), trainer_contact_key(trainer_id), STRETCHES_KEY]
    versions = {key: (lambda key=key: current_version(key)) for key in keys}
    entry_key = page_cache.key("shared-today", link.pk, day.isoformat(), static_version())

    def drawn(_extra):
        html = draw()
        return {"page": html, "etag": hashlib.sha256(html.encode()).hexdigest()[:32]}

    found = page_cache.fragments(None, entry_key, versions, drawn, seconds_left_in(day))
    return found["page"], str(found["etag"])
