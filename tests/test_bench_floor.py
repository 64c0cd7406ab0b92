"""The benchmark's floor page (/bench/floor/): one indexed query for 30 rows, in the project's
layout; a 404 unless BENCH_FLOOR is on."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from clients.models import Client


def test_floor_is_not_found_unless_the_benchmark_turns_it_on(trainer_client, settings):
    settings.BENCH_FLOOR = False
    assert trainer_client.get("/bench/floor/").status_code == 404


@pytest.mark.django_db
def test_floor_lists_the_first_30_clients_by_key_with_one_query_and_no_sort_on_names(
    client, trainer, settings
):
    settings.BENCH_FLOOR = True
    Client.objects.bulk_create(Client(trainer=trainer, name=f"Zed {n:03}") for n in range(40))
    Client.objects.create(trainer=trainer, name="Aaron Last")  # first by name, last by key
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/bench/floor/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Zed 000" in html and "Zed 029" in html
    assert "Zed 030" not in html and "Aaron Last" not in html
    assert len(queries) == 1
    sql = queries[0]["sql"].upper()
    assert "LOWER" not in sql and "LIMIT 30" in sql
    assert 'class="site-footer"' in html  # the project's layout, as every page has


def test_floor_signed_in_shows_the_main_navigation(trainer_client, settings):
    settings.BENCH_FLOOR = True
    html = trainer_client.get("/bench/floor/").content.decode()
    assert 'aria-label="Main"' in html
