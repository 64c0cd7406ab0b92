import pytest
from playwright.sync_api import expect

# expect() polls until the page shows what it waits for; on a loaded 2-core machine a swap can
# take longer than Playwright's 5 s default, and a longer ceiling costs nothing when all is well.
expect.set_options(timeout=15_000)


@pytest.fixture(autouse=True)
def stretch_library(library_loaded):
    """Browser tests run against live_server, which empties the tables: see library_loaded."""
