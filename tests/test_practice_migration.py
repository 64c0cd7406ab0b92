"""The data migration that gives every existing trainer a practice of one, run forwards and
backwards on a populated database (trainers with clients and routines)."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("practices", None)]
DATA_MIGRATION = [("practices", "0002_one_practice_per_trainer")]
SCHEMA_ONLY = [("practices", "0001_initial")]


def migrate(targets):
    """Migrate to `targets` and return the models as they are there (historical models)."""
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(list(executor.loader.applied_migrations)).apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def populated_before_practices(transactional_db):
    """The database as it was before practices existed, with three trainers' work in it."""
    apps = migrate(BEFORE)
    User = apps.get_model("auth", "User")
    Client = apps.get_model("clients", "Client")
    Routine = apps.get_model("routines", "Routine")
    trainers = []
    for name in ("ana", "ben", "cleo"):
        user = User.objects.create(username=name, email=f"{name}@example.com")
        for n in range(3):
            Client.objects.create(trainer=user, name=f"{name} client {n}")
        Routine.objects.create(owner=user, name=f"{name}'s routine")
        trainers.append(user.pk)
    yield trainers
    migrate(latest())  # leave the schema as every other test expects it


def test_every_existing_trainer_becomes_owner_of_a_practice_of_one(populated_before_practices):
    apps = migrate(DATA_MIGRATION)
    Membership = apps.get_model("practices", "Membership")
    Client = apps.get_model("clients", "Client")
    memberships = list(Membership.objects.filter(user__in=populated_before_practices))
    assert len(memberships) == 3
    assert {m.role for m in memberships} == {"owner"}
    assert len({m.practice_id for m in memberships}) == 3  # one each, nobody shares
    assert {m.practice.name for m in memberships} == {""}  # clients still see "Psoas Coach"
    # Nothing else moved: every client keeps their trainer.
    assert Client.objects.filter(trainer__in=populated_before_practices).count() == 9


def test_migrating_back_removes_the_practices_and_keeps_everything_else(
    populated_before_practices,
):
    migrate(DATA_MIGRATION)
    apps = migrate(SCHEMA_ONLY)
    assert apps.get_model("practices", "Practice").objects.count() == 0
    apps = migrate(BEFORE)
    assert apps.get_model("clients", "Client").objects.count() == 9
    assert apps.get_model("auth", "User").objects.count() == 3
    # And forwards again on the same data: still one practice each.
    apps = migrate(DATA_MIGRATION)
    assert apps.get_model("practices", "Membership").objects.count() == 3
