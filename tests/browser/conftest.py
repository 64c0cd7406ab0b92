import importlib

import pytest
from django.apps import apps

library_migration = importlib.import_module("routines.migrations.0002_library_content")
templates_migration = importlib.import_module("routines.migrations.0004_routine_templates")


@pytest.fixture(autouse=True)
def stretch_library(transactional_db):
    """live_server tests empty every table when they end, the migrated library included.

    Load it again from the data migration itself, so browser tests see what a fresh install has.
    """
    if not apps.get_model("routines", "Stretch").objects.filter(owner=None).exists():
        library_migration.load_library(apps, None)
        templates_migration.load_templates(apps, None)
