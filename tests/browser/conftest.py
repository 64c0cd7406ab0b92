import pytest


@pytest.fixture(autouse=True)
def stretch_library(library_loaded):
    """Browser tests run against live_server, which empties the tables: see library_loaded."""
