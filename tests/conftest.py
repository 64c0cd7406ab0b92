import os
import shutil
from datetime import datetime, time

import pytest
from django.test import override_settings

from tests import clock
from tests.factories import make_client, make_trainer
from tests.production import collected_static  # noqa: F401 - a session fixture

# Playwright's sync API runs an event loop in the test thread, beside live_server's thread;
# Django would otherwise refuse ORM calls made from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
PHONE_VIEWPORT = {"width": 390, "height": 844}


def pytest_configure(config):
    # Before any test module is imported, so that dates computed at import follow TEST_CLOCK too.
    clock.shift_run_from_environment()


def pytest_report_header(config):
    if setting := os.environ.get("TEST_CLOCK"):
        now = datetime.now().astimezone()
        return f"clock: TEST_CLOCK={setting}, the run starts at {now:%a %Y-%m-%d %H:%M %Z}"
    return None


@pytest.fixture(scope="session", autouse=True)
def plain_static_storage():
    """Serve static files unhashed in tests: the manifest exists only after collectstatic.

    tests/test_static_files.py runs collectstatic for real and checks the hashed, compressed files.
    """
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with override_settings(STORAGES=storages):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache.

    The default (database) cache is a table in the test database: each test's rollback or flush
    empties it. A Redis cache (CACHE_URL) is cleared here."""
    from django.conf import settings
    from django.core.cache import cache

    if settings.CACHE_URL:
        cache.clear()
    yield
    if settings.CACHE_URL:
        cache.clear()


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def today():
    """The date, for a test whose outcome depends on it: the run's own date (a year ahead in CI's
    second run), with the clock held near noon so that a test running across midnight still sees
    one day. Python processes the test starts meanwhile share that clock. Take it as an argument
    or with `pytestmark = pytest.mark.usefixtures("today")`."""
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture(autouse=True)
def _hold_the_clock_for_today(request):
    """Moves the clock to noon for the tests that use `today`. Autouse fixtures are set up before
    any other function fixture, so nothing made earlier in the test (a login and its session
    times, a row's created_at) sees the jump of up to 12 hours."""
    if "today" not in request.fixturenames:
        yield
        return
    from django.utils import timezone

    noon = datetime.combine(timezone.localdate(), time(12), tzinfo=timezone.get_current_timezone())
    with clock.ticking_from(noon):
        yield


@pytest.fixture
def library_loaded(transactional_db):
    """Tests on committed data (transactional_db, live_server) empty every table when they end,
    the migrated library and templates included: load them again, as a fresh install has them."""
    import importlib

    from django.apps import apps

    if not apps.get_model("routines", "Stretch").objects.filter(owner=None).exists():
        importlib.import_module("routines.migrations.0002_library_content").load_library(apps, None)
        importlib.import_module("routines.migrations.0004_routine_templates").load_templates(
            apps, None
        )
        importlib.import_module("routines.migrations.0007_library_content_fixes").fix_library(
            apps, None
        )
        importlib.import_module("routines.migrations.0012_translations").copy_english(apps, None)
        importlib.import_module("routines.migrations.0013_spanish_library").add_spanish(apps, None)
        importlib.import_module("routines.migrations.0014_spanish_library_wording").reword(
            apps, None
        )


@pytest.fixture
def trainer(db):
    return make_trainer("tess", first_name="Tess")


@pytest.fixture
def other_trainer(db):
    return make_trainer("otto", first_name="Otto")


@pytest.fixture
def client_of(trainer):
    return make_client(trainer, name="Alex Client")


@pytest.fixture
def trainer_client(client, trainer):
    """Django's test client, signed in as the trainer."""
    client.force_login(trainer)
    return client


# --- Playwright with Debian's chromium ---------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_FLAGS,
    }


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport=PHONE_VIEWPORT, is_mobile=True, has_touch=True)
    page = context.new_page()
    yield page
    context.close()


def pytest_collection_modifyitems(config, items):
    browser_items = [item for item in items if item.path.parent.name == "browser"]
    for item in browser_items:
        item.add_marker(pytest.mark.browser)
        item.add_marker(pytest.mark.django_db(transaction=True))
    if not browser_items or os.path.exists(CHROMIUM):
        return
    if os.environ.get("CI"):
        raise pytest.UsageError(
            f"CI is set but Chromium is missing at {CHROMIUM}: the browser tests cannot run."
        )
    skip = pytest.mark.skip(
        reason=f"Chromium not found at {CHROMIUM}; install it with "
        "`sudo apt-get install chromium fonts-dejavu-core` (or set CHROMIUM_PATH) "
        "to run the browser tests"
    )
    for item in browser_items:
        item.add_marker(skip)
