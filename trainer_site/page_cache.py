"""Rendered HTML kept in the shared cache, valid for explicit versions.

A page's expensive fragments (the dashboard's queue and chart, a client's charts) are stored
together with the versions they were drawn from: the owner's data generation (bumped by every
write, see clients.freshness), the day, the language and the code that drew them. One
`get_many` fetches the fragments and the current versions in a single round trip; a fragment
whose versions differ from the current ones is drawn again. No time-based expiry decides
freshness: the versions do (the timeout below only lets old entries go).

Per-request bits never enter the cache: forms are drawn with a placeholder CSRF token, replaced
by the request's own (freshly masked) token after the read. The placeholder derives from
SECRET_KEY, so no stored text (a client's name, a note) can contain it by chance or on purpose.

The cache is the shared one (Redis, or the database cache): every worker and host sees the same
entries and the same versions. Keys name their scope in parts (`key("dashboard", owner, ...)`),
so a page seen differently by role or practice adds that as a part.
"""

import hashlib
import hmac
import secrets
import time
from functools import cache as once
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.middleware.csrf import get_token
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

# Housekeeping only: keys carry the day and the versions, so an entry is never used stale
# (but for the "late" versions of fragments(), within LATE_SECONDS).
ENTRY_SECONDS = 2 * 24 * 60 * 60
# How late a drawing may show the changes of a "late" version (others' activity), and how long
# one worker may hold the right to draw it again before another may take over.
LATE_SECONDS = 10
DRAWING_SECONDS = 30
CODE_FOLDERS = ("templates", "clients", "routines", "trainer_site")


@once
def code_version():
    """A digest of the templates and Python code that draw pages: a deploy that changes how a
    page looks never serves HTML drawn by the code before it."""
    digest = hashlib.sha256()
    for folder in CODE_FOLDERS:
        for path in sorted((settings.BASE_DIR / folder).rglob("*")):
            if path.suffix in {".html", ".py"} and "migrations" not in path.parts:
                digest.update(str(path.relative_to(settings.BASE_DIR)).encode())
                digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


@once
def placeholder(name):
    """A stand-in for a per-request value in cached HTML, put in place after the read. It
    derives from SECRET_KEY, so no stored text can contain it by chance or on purpose."""
    mac = hmac.new(settings.SECRET_KEY.encode(), f"page-cache-{name}".encode(), hashlib.sha256)
    return f"{name}-placeholder-{mac.hexdigest()[:32]}"


def csrf_placeholder():
    return placeholder("csrf")


def current_version(version_key):
    """The version stored under `version_key`, made if there is none."""
    version = cache.get(version_key)
    return make_version(version_key) if version is None else version


def make_version(version_key):
    """A first version under `version_key` (once: whichever worker is first sets it)."""
    version = secrets.token_hex(8)
    if not cache.add(version_key, version, None):  # another worker set it first
        version = cache.get(version_key)
    return version


def bump(version_key):
    """A new version under `version_key`: entries drawn at the old one are not used again.

    A new random value, not incr: a set is atomic on every cache backend, while the database
    cache's incr reads then writes, and two bumps at once could count as one. Bumped now and
    again when the transaction commits: a page drawn between the two (from data not yet
    committed) is stored under the first version and never used."""
    cache.set(version_key, secrets.token_hex(8), None)
    transaction.on_commit(lambda: cache.set(version_key, secrets.token_hex(8), None))


def digest(*parts):
    """A short digest of key parts that should not appear in a key as they are (a link's
    token, a host name)."""
    return hashlib.sha256("\x1f".join(str(part) for part in parts).encode()).hexdigest()[:16]


def key(*scope):
    parts = ":".join(str(part) for part in scope)
    return f"page:{parts}:{get_language()}:{code_version()}"


def remembered(entry_key, versions, compute):
    """`compute()` (any value the cache can store), kept under `entry_key` while `versions` (a
    list of version keys) are the ones it was computed at."""
    found = cache.get_many([entry_key, *versions])
    current = {key: found.get(key) or make_version(key) for key in versions}
    entry = found.get(entry_key)
    if entry is not None and entry["versions"] == current:
        return entry["value"]
    value = compute()
    cache.set(entry_key, {"versions": current, "value": value}, ENTRY_SECONDS)
    return value


def fragments(request, entry_key, versions, draw, timeout=ENTRY_SECONDS, late=()):
    """The fragments stored under `entry_key` if they were drawn at the current `versions`
    ({cache key: function making that version when it is missing}, or a list of cache keys
    made by make_version()); otherwise `draw(context)` draws them ({name: HTML}, given the extra
    context for a cacheable drawing) and stores them (for `timeout` seconds: housekeeping, never
    freshness). Returns {name: safe HTML} with this request's CSRF token in place (`request`
    None: no forms in them).

    `late`: version keys whose changes may show up to LATE_SECONDS late (others' activity on a
    busy page): when only they moved, a drawing younger than that is served as it is, and an
    older one is drawn again by one request at a time while the others serve it meanwhile."""
    if not isinstance(versions, dict):  # a list of version keys: made by make_version()
        versions = dict.fromkeys(versions)
    found = cache.get_many([entry_key, *versions])
    current = {}
    for version_key, make in versions.items():
        current[version_key] = found.get(version_key)
        if current[version_key] is None:
            current[version_key] = make() if make else make_version(version_key)
    entry = found.get(entry_key)
    turn = None  # whether this request took the turn to draw a late entry again
    if entry is not None and entry["versions"] != current:
        turn = _late_turn(entry_key, entry, current, late)
    if entry is not None and (entry["versions"] == current or turn is False):
        drawn = entry["fragments"]
    else:
        # The versions were read before the data: a write during the drawing bumps them, and
        # the next read draws again rather than keep what this one saw.
        drawn = draw({"csrf_token": csrf_placeholder()})
        entry = {"versions": current, "fragments": drawn, "drawn_at": time.time()}
        cache.set(entry_key, entry, timeout)
        if turn:
            cache.delete(_drawing_key(entry_key))
    if request is None:  # fragments without forms
        return {name: mark_safe(html) for name, html in drawn.items()}  # noqa: S308
    token = get_token(request)
    placeholder = csrf_placeholder()
    return {name: mark_safe(html.replace(placeholder, token)) for name, html in drawn.items()}  # noqa: S308 - drawn by our templates


def _drawing_key(entry_key):
    return f"{entry_key}:drawing"


def _late_turn(entry_key, entry, current, late):
    """For a stale `entry`: None when it must be drawn again now (a version moved that is not
    `late`); False when it may be served as it is (only `late` versions moved, and it is younger
    than LATE_SECONDS or another request is drawing it again); True when this request took the
    turn to draw it (the first to find it older, in the shared cache: one worker of all draws)."""
    moved = {key for key, version in current.items() if entry["versions"].get(key) != version}
    if not moved <= set(late):
        return None
    if time.time() - entry.get("drawn_at", 0) < LATE_SECONDS:
        return False
    return cache.add(_drawing_key(entry_key), 1, DRAWING_SECONDS)
