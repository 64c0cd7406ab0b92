"""Clients over HTTP: list and filters, create, edit, archive, the client page, export, erase."""

import csv
import io
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients import assigning, session_logs, share_links
from clients.models import (
    Alert,
    Assignment,
    Client,
    Intake,
    MedicalClearance,
    SessionLog,
    ShareLink,
)
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine


def test_adding_a_client_leads_to_their_intake(trainer_client, trainer):
    response = trainer_client.post(
        reverse("clients:client-create"),
        {"name": "  Priya   Shah ", "email": "priya@example.com", "age_band": "35_49"},
    )
    client = Client.objects.get(trainer=trainer)
    assert client.name == "Priya Shah"
    assert response["Location"] == reverse("clients:intake-create", args=[client.pk])


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"name": "A", "email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": "A", "date_of_birth": "2999-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"name": "A", "date_of_birth": "1800-01-01"}, "date_of_birth", "more than 120 years"),
    ],
)
def test_bad_client_details_are_refused_beside_the_field(
    trainer_client, trainer, data, field, message
):
    response = trainer_client.post(reverse("clients:client-create"), data)
    assert response.status_code == 422
    html = response.content.decode()
    block = html[html.index(f'id="field-{field}"') :]
    assert message in block[: block.index("</div>\n</div>") if "</div>\n</div>" in block else None]
    assert not Client.objects.exists()


def test_editing_keeps_what_was_not_changed(trainer_client, client_of):
    client_of.notes = "Prefers mornings"
    client_of.save()
    response = trainer_client.post(
        reverse("clients:client-edit", args=[client_of.pk]),
        {"name": "Alex Client", "phone": "+44 7700 900123", "notes": "Prefers mornings"},
    )
    assert response.status_code == 302
    client_of.refresh_from_db()
    assert (client_of.phone, client_of.notes) == ("+44 7700 900123", "Prefers mornings")


def test_archive_moves_a_client_out_of_the_active_list(trainer_client, client_of):
    link = f'href="{client_of.get_absolute_url()}"'
    list_url = reverse("clients:client-list")
    trainer_client.post(reverse("clients:client-archive", args=[client_of.pk]))
    assert link not in trainer_client.get(list_url).content.decode()
    assert link in trainer_client.get(list_url, {"show": "archived"}).content.decode()


def test_search_and_needs_attention_filter(trainer_client, trainer):
    flagged = make_client(trainer, name="Flagged Fran")
    make_intake(flagged, red_flags=["cancer"])
    calm = make_client(trainer, name="Calm Carl")
    make_intake(calm)
    new = make_client(trainer, name="New Nina")  # no intake yet
    cleared = make_client(trainer, name="Cleared Cleo")
    intake = make_intake(cleared, red_flags=["trauma"])
    MedicalClearance.objects.create(
        intake=intake, cleared_by="Dr Lee", cleared_on=timezone.localdate()
    )

    def names(**params):
        html = trainer_client.get(
            reverse("clients:client-list"),
            params,
            HTTP_HX_REQUEST="true",
            HTTP_HX_TARGET="client-results",
        ).content.decode()
        assert "<nav" not in html
        return {c.name for c in (flagged, calm, new, cleared) if c.get_absolute_url() in html}

    assert names() == {"Flagged Fran", "Calm Carl", "New Nina", "Cleared Cleo"}
    assert names(show="attention") == {"Flagged Fran", "New Nina"}
    assert names(q="carl") == {"Calm Carl"}


def test_client_page_shows_latest_intake_and_status(trainer_client, client_of):
    today = timezone.localdate()
    make_intake(client_of, assessed_on=today - timedelta(days=60), pain_now=8)
    make_intake(client_of, assessed_on=today - timedelta(days=1), pain_now=3, cautions=["knee"])
    response = trainer_client.get(client_of.get_absolute_url())
    html = response.content.decode()
    assert "<strong>3</strong>/10" in html
    assert "No red flags at the last assessment" in html
    assert "Knee pain" in html and "hide_tagged=knee" in html
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in html


def test_two_reassessments_draw_three_points_per_series(trainer_client, client_of, time_machine):
    time_machine.move_to(datetime(2026, 11, 16, 12, tzinfo=UTC))  # the labels name the dates
    for month, pain in ((7, 8), (8, 6), (10, 3)):
        make_intake(client_of, assessed_on=date(2026, month, 1), pain_now=pain)
    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    pain_svg = html[html.index('data-series="pain_now"') :]
    pain_svg = pain_svg[: pain_svg.index("</g>")]
    assert pain_svg.count("<circle") == 3
    assert "Now, 01 Jul 2026: 8" in pain_svg and "Now, 01 Oct 2026: 3" in pain_svg
    # The points go down the page as pain goes down: y grows.
    ys = [float(part.split('"')[1]) for part in pain_svg.split("cy=")[1:]]
    assert ys == sorted(ys)
    table = html[html.index('<caption class="visually-hidden">Pain at each assessment') :]
    table = table[: table.index("</table>")]
    assert table.count('<th scope="row">') == 3
    assert '<th scope="row">01 Aug 2026</th><td>6</td>' in table
    sitting = html[html.index('data-series="workday"') :]
    assert sitting[: sitting.index("</g>")].count("<circle") == 3


def test_one_intake_shows_no_chart_yet(trainer_client, client_of):
    make_intake(client_of)
    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "<svg" not in html
    assert "The chart appears after the first re-assessment" in html


def test_export_json_contains_every_field(trainer_client, client_of):
    intake = make_intake(
        client_of,
        red_flags=["trauma"],
        pain_areas=["below_knee"],
        goal_1="Gardening",
        goal_1_score=4,
        notes="Sore after driving",
    )
    MedicalClearance.objects.create(
        intake=intake, cleared_by="Dr Lee", cleared_on=timezone.localdate()
    )
    response = trainer_client.get(reverse("clients:client-export-json", args=[client_of.pk]))
    assert response["Content-Disposition"].startswith("attachment;")
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    exported = data["intakes"][0]
    for field in Intake._meta.concrete_fields:
        if field.name != "client":
            assert field.attname in exported, field.attname
    for field in MedicalClearance._meta.concrete_fields:
        if field.name not in {"id", "intake"}:
            assert f"clearance_{field.attname}" in exported
    assert exported["red_flags"] == ["trauma"]
    assert exported["clearance_cleared_by"] == "Dr Lee"
    assert data["client"]["name"] == "Alex Client"
    for field in Client._meta.concrete_fields:
        if field.name not in {"trainer", "latest_intake"}:
            assert field.attname in data["client"]


def test_export_csv_has_one_row_per_intake(trainer_client, client_of):
    today = timezone.localdate()
    make_intake(
        client_of, assessed_on=today - timedelta(days=60), worse_with=["sitting", "arching"]
    )
    make_intake(client_of, assessed_on=today - timedelta(days=30))
    response = trainer_client.get(reverse("clients:client-export-csv", args=[client_of.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 2
    assert rows[0]["client_name"] == "Alex Client"
    assert rows[0]["worse_with"] == "sitting; arching"
    assert {"pain_now", "sitting_hours_workday", "red_flags", "consent_recorded_at"} <= set(rows[0])


def test_export_csv_keeps_formula_like_text_from_running_in_a_spreadsheet(trainer_client, trainer):
    hostile = make_client(
        trainer,
        name="=cmd|' /C calc'!A0",
        email="@SUM(1+1)@example.com",
        phone="+44 7700 900123",
        notes="-2+3",
    )
    make_intake(hostile, notes="\t=1+1", worse_with=["sitting"], pain_now=0)
    response = trainer_client.get(reverse("clients:client-export-csv", args=[hostile.pk]))
    row = next(csv.DictReader(io.StringIO(response.content.decode())))
    assert row["client_name"] == "'=cmd|' /C calc'!A0"
    assert row["client_email"] == "'@SUM(1+1)@example.com"
    assert row["client_phone"] == "'+44 7700 900123"
    assert row["client_notes"] == "'-2+3"
    assert row["notes"] == "'\t=1+1"
    assert row["worse_with"] == "sitting"
    assert row["pain_now"] == "0"
    formula_cells = [value for value in row.values() if value[:1] in {"=", "+", "-", "@", "\t"}]
    assert formula_cells == []


def test_erase_needs_the_typed_name(trainer_client, client_of):
    make_intake(client_of)
    response = trainer_client.post(
        reverse("clients:client-erase", args=[client_of.pk]), {"confirm_name": "Alex"}
    )
    assert response.status_code == 422
    assert "Type “Alex Client” exactly" in response.content.decode()
    assert Client.objects.filter(pk=client_of.pk).exists()
    assert Intake.objects.filter(client=client_of).exists()


def test_erase_leaves_no_row_about_the_client_anywhere(trainer_client, trainer, client_of, capsys):
    client_of.email = "alex.unique@example.com"
    client_of.notes = "Trainer note zebra-kite"
    client_of.save()
    intake = make_intake(client_of, red_flags=["cancer"], notes="Intake note okapi-lamp")
    MedicalClearance.objects.create(
        intake=intake, cleared_by="Dr Quokka-Fern", cleared_on=timezone.localdate()
    )
    client_of.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    assignment = assigning.assign(client_of, routine, weekdays=[0])
    link = share_links.issue_link(client_of)
    session_logs.record_session(
        assignment,
        timezone.localdate(),
        1,
        status="done",
        pain_after=8,
        note="Log note heron-vase",
    )
    keep = make_client(trainer, name="Kept Client")
    make_intake(keep)

    response = trainer_client.post(
        reverse("clients:client-erase", args=[client_of.pk]), {"confirm_name": "alex client"}
    )
    assert response.status_code == 302

    call_command(
        "dumpdata", "--natural-foreign", exclude=["sessions"], stdout=(out := io.StringIO())
    )
    everything = out.getvalue()
    for trace in (
        "Alex Client",
        "alex.unique@example.com",
        "zebra-kite",
        "okapi-lamp",
        "Quokka-Fern",
    ):
        assert trace not in everything
    assert Intake.objects.filter(client__name="Kept Client").count() == 1
    assert MedicalClearance.objects.count() == 0
    assert link.token not in everything and "heron-vase" not in everything
    for model in apps.get_app_config("clients").get_models():
        fields = {f.name for f in model._meta.get_fields()}
        if "client" in fields:
            assert not model.objects.filter(client_id=client_of.pk).exists(), model
    assert not Assignment.objects.exists() and not SessionLog.objects.exists()
    assert not Alert.objects.exists() and not ShareLink.objects.exists()


@pytest.mark.parametrize("count", [5, 500])
def test_client_list_query_budget(trainer_client, trainer, count):
    Client.objects.bulk_create(Client(trainer=trainer, name=f"Client {n}") for n in range(count))
    for client in Client.objects.filter(trainer=trainer)[:3]:
        make_intake(client, red_flags=["fever"])  # a save: the trainer's generation moves on
    # Drawn: the page's own queries, not the session's and the shared cache's (database tables
    # without CACHE_URL, one round trip each with Redis), nor the test's savepoints.
    shared = ('"django_session"', '"trainer_site_cache"', "SAVEPOINT", "RELEASE SAVEPOINT")
    with CaptureQueriesContext(connection) as queries:
        response = trainer_client.get(reverse("clients:client-list"))
    own = [q["sql"] for q in queries if not any(part in q["sql"] for part in shared)]
    assert len(own) <= 8, "\n".join(own)
    # Then read from the shared cache until one of the clients changes: only the user.
    with CaptureQueriesContext(connection) as queries:
        trainer_client.get(reverse("clients:client-list"))
    assert len([q for q in queries if not any(part in q["sql"] for part in shared)]) <= 1
    html = response.content.decode()
    assert html.count('<th scope="row">') == min(count, 50)  # 50 a page
    if count > 50:
        assert f"Page 1 of {-(-count // 50)} · {count} clients" in html
        last = trainer_client.get(reverse("clients:client-list"), {"page": 10}).content.decode()
        assert last.count('<th scope="row">') == count - 450


@pytest.mark.parametrize("count", [1, 50])
def test_client_page_query_budget(trainer_client, client_of, count, django_assert_max_num_queries):
    trainer_client.get(client_of.get_absolute_url())  # the cache's versions exist from now on
    for n in range(count):
        intake = make_intake(
            client_of,
            assessed_on=timezone.localdate() - timedelta(days=n % 28),
            red_flags=["trauma"] if n % 2 else [],
        )
        if n % 4 == 1:
            MedicalClearance.objects.create(
                intake=intake, cleared_by="GP", cleared_on=timezone.localdate()
            )
    # The client page is the richest: screen, intakes, routines, progress, link, alerts, audit;
    # and 2 more for the session and the shared cache (database tables without CACHE_URL).
    # The first visit after a change draws the page and, without CACHE_URL, stores it in the
    # database cache (6 more, with the test's savepoints); later visits read it (12).
    with django_assert_max_num_queries(24):
        response = trainer_client.get(client_of.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(12):
        response = trainer_client.get(client_of.get_absolute_url())
    assert response.status_code == 200
