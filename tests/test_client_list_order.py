"""The client list reads a trainer's active clients in name order straight from an index
(client_active_by_name), a page at a time: no sort of every client on each visit."""

import pytest
from django.db import connection

from clients.models import Client


@pytest.mark.django_db
def test_the_active_client_list_is_read_in_name_order_from_its_index(trainer):
    Client.objects.bulk_create(Client(trainer=trainer, name=f"Client {n:03}") for n in range(300))
    page = Client.objects.for_trainer(trainer).filter(archived_at__isnull=True)[:50]
    sql, params = page.query.sql_with_params()
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE clients_client")  # the planner's view of 300 new rows
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"EXPLAIN {sql}", params)
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " ".join(str(row) for row in cursor.fetchall())
    assert "client_active_by_name" in plan, plan
    assert "TEMP B-TREE" not in plan and "Sort" not in plan, plan
