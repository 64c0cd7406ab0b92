"""Where stretch photos are stored and who may fetch them.

Stored files get random names (nothing derived from the upload or the stretch), on the local
disk or in an S3 bucket (settings.STORAGE_URL) whose objects are all private. Pages link to the
app's own address, /media/stretches/<name>; that view (trainer_site.views.stretch_photo) decides:

- a library photo (no owner) is public;
- a trainer's private photo is for its owner (and staff, who manage stretches in the admin),
  and for the owner's colleagues while the stretch is shared with the practice;
- a client sees a private photo through a grant: a signature over the file name and the day,
  added to the address by the pages that already checked the private link (Stretch.picture).
  It holds for that day and the next, so the address stays the same all day (cacheable).

Anyone else gets 404. The file itself is streamed from the local disk, or the browser is sent to
a signed bucket address that expires within minutes.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare

PREFIX = "stretches/"
GRANT_PARAMETER = "grant"
_signer = signing.Signer(salt="routines.photos.grant")


def photo_name(instance, filename):
    return f"{PREFIX}{secrets.token_urlsafe(16)}.webp"


def thumbnail_name(instance, filename):
    return f"{PREFIX}thumbs/{secrets.token_urlsafe(16)}.webp"


def _grant(name, day):
    return _signer.signature(f"{name}|{day.isoformat()}")


def granted_url(name):
    """The app's address of a stored photo with today's grant, for a client's page."""
    path = reverse("stretch-media", kwargs={"path": name.removeprefix(PREFIX)})
    return f"{path}?{GRANT_PARAMETER}={_grant(name, timezone.localdate())}"


def has_grant(request, name):
    given = request.GET.get(GRANT_PARAMETER, "")
    today = timezone.localdate()
    return bool(given) and any(
        constant_time_compare(given, _grant(name, day)) for day in (today, today - timedelta(1))
    )


def may_see(request, stretch, name, colleagues=None):
    """Whether the visitor may see this photo of `stretch`: whoever may see the stretch itself
    (a library one: anyone; a private one: its owner and staff, and the colleagues it is shared
    with, by the same rule as the practice library), or a client holding the day's grant.
    `colleagues` is the visitor's colleagues as a subquery of user ids (this app knows nothing
    of practices: trainer_site.views passes practices.membership.colleagues_of)."""
    if stretch.owner_id is None:
        return True
    user = request.user
    if user.is_authenticated and (user.pk == stretch.owner_id or user.is_staff):
        return True
    if (
        user.is_authenticated
        and colleagues is not None
        and type(stretch).objects.shared_by(colleagues).filter(pk=stretch.pk).exists()
    ):
        return True
    return has_grant(request, name)


def serve(name, public):
    """The stored file: streamed from the local disk, or a redirect to a short-lived signed
    bucket address. Names are never reused, so a file never changes under its address."""
    if not hasattr(default_storage, "signed_url"):  # the local disk
        response = FileResponse(default_storage.open(name), content_type="image/webp")
        response["Cache-Control"] = (
            "public, max-age=31536000, immutable" if public else "private, max-age=86400"
        )
        return response
    response = HttpResponseRedirect(default_storage.signed_url(name))
    # Shorter than the signed address lives (settings.STORAGE_SIGNED_SECONDS).
    response["Cache-Control"] = f"{'public' if public else 'private'}, max-age=60"
    return response
