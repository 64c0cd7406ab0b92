"""The client page and the dashboard report the same adherence for the same client and logs.

Both count through clients.adherence; this test pins that they also ask for the same windows.
The logs are spread so that a window one day longer, one day shorter or shifted by a day gives
different figures, so either page changing its window on its own fails here.
"""

import re
from datetime import timedelta

from django.urls import reverse

from clients import assigning, session_logs
from routines.models import Stretch
from tests.factories import make_intake, make_routine

DONE_DAYS_AGO = {0, 2, 3, 6, 10, 15, 20, 25, 29, 35}
PARTLY_DAYS_AGO = {5}  # partly done counts as done
SKIPPED_DAYS_AGO = {1, 7, 30}  # a skipped session is not done


def figures(html, marker):
    """(percent, done, planned) shown after the element carrying data-adherence="<marker>"."""
    found = re.search(
        rf'data-adherence="{marker}">(\d+)%<.*?\((\d+)/(\d+)\)', html, flags=re.DOTALL
    )
    assert found, f"no adherence figure {marker!r} on the page"
    return tuple(int(n) for n in found.groups())


def test_client_page_and_dashboard_agree_on_7_and_30_day_adherence(
    trainer_client, trainer, client_of, today
):
    make_intake(client_of)
    client_of.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="kneeling-lunge")])
    plan = assigning.assign(
        client_of, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=60)
    )
    for status, days in (
        ("done", DONE_DAYS_AGO),
        ("partly", PARTLY_DAYS_AGO),
        ("skipped", SKIPPED_DAYS_AGO),
    ):
        for n in days:
            session_logs.record_session(plan, today - timedelta(days=n), 1, status=status)

    client_page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    dashboard = trainer_client.get(reverse("clients:dashboard")).content.decode()

    week = figures(client_page, "7")
    month = figures(client_page, "30")
    assert figures(dashboard, "all-7") == week
    assert figures(dashboard, "all-30") == month
    # Today is done, so it counts: 5 of the last 7 days, 10 of the last 30.
    assert week == (71, 5, 7)
    assert month == (33, 10, 30)
