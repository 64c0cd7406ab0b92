"""Drawings shipped as static files (static/img/stretches/...), named by path on each stretch.

The path is typed by an admin. With the production storage (a manifest of hashed names) a path
that is not in the manifest makes `static()` raise, which used to break every page showing the
stretch. It is checked when the admin saves, and a page shows no drawing rather than failing.
"""

import logging

from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import ValidationError
from django.templatetags.static import static

logger = logging.getLogger(__name__)

DRAWING_SUFFIXES = (".svg", ".png", ".webp", ".jpg", ".jpeg")


def illustration_url(path):
    """The drawing's URL, or "" if the file is not among the collected static files."""
    if not path:
        return ""
    try:
        return static(path)
    except ValueError:
        logger.warning("Stretch drawing %r is not among the static files; shown without it.", path)
        return ""


def check_illustration_path(path):
    """Raise ValidationError unless `path` names a drawing the static files can serve."""
    example = "img/stretches/pigeon-pose.svg"
    if path.startswith("/") or ".." in path.split("/") or "\\" in path:
        raise ValidationError(f"Give the path inside static/, such as {example}.")
    if not path.lower().endswith(DRAWING_SUFFIXES):
        raise ValidationError("A drawing is an SVG, PNG, WebP or JPEG file.")
    if finders.find(path) is None:
        raise ValidationError(
            f"There is no static file {path}. Check the spelling, e.g. {example}."
        )
    try:
        staticfiles_storage.url(path)
    except ValueError:
        raise ValidationError(
            f"{path} is in static/ but not yet collected: run `manage.py collectstatic` first."
        ) from None
