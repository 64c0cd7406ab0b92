"""What /healthz asks: does each dependency the app needs answer? One function per dependency,
each returning a short description of what answered, or raising."""

import secrets

from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection


def database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return connection.vendor


def shared_cache():
    """A value written must read back: Redis, or the database cache."""
    probe = secrets.token_hex(8)
    cache.set("healthz-probe", probe, timeout=30)
    if cache.get("healthz-probe") != probe:
        raise RuntimeError("the cache did not return what was written")
    return "redis" if settings.CACHE_URL else "database cache"


def storage():
    """The bucket answers a lookup (of a name never stored); the local folder is writable."""
    if hasattr(default_storage, "signed_url"):
        default_storage.exists("healthz-probe")  # a HEAD request: 404 is an answer
        return "bucket"
    media = settings.MEDIA_ROOT
    folder = media if media.exists() else media.parent  # made at the first upload
    if not folder.is_dir() or not _writable(folder):
        raise RuntimeError(f"{folder} is not a writable folder")
    return "local disk"


def _writable(folder):
    import os

    return os.access(folder, os.W_OK | os.X_OK)


CHECKS = {"database": database, "cache": shared_cache, "storage": storage}


def report():
    """(every dependency answered, the lines to show)."""
    lines, failed = [], []
    for name, check in CHECKS.items():
        try:
            lines.append(f"{name}: ok ({check()})")
        except Exception as error:  # whatever the driver raises, the answer is "not ok"
            failed.append(name)
            lines.append(f"{name}: failing ({type(error).__name__})")
    head = "ok" if not failed else f"{', '.join(failed)} not answering"
    return not failed, [head, *lines]
