"""The short re-assessment over HTTP: pain and goals rated again in a minute, the red-flag
question that sends a "yes" to the full intake, and the goal chart on the client page."""

import csv
import io
import json
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from clients.models import AuditEvent, Client, Intake, MedicalClearance
from tests.factories import make_client, make_intake

pytestmark = pytest.mark.usefixtures("today")
HTMX = {"HTTP_HX_REQUEST": "true"}


def weeks_ago(n):
    return timezone.localdate() - timedelta(weeks=n)


@pytest.fixture
def assessed(client_of):
    """A client assessed eight weeks ago, with two goals (in slots 1 and 3) and a caution."""
    intake = make_intake(
        client_of,
        assessed_on=weeks_ago(8),
        pain_now=6,
        pain_average_week=5,
        pain_worst_week=8,
        goal_1="Sitting through a film",
        goal_1_score=3,
        goal_3="Lifting my daughter",
        goal_3_score=2,
        pain_areas=["buttock"],
        cautions=["knee"],
        notes="First assessment note",
    )
    client_of.refresh_from_db()
    return intake


def url(client):
    return reverse("clients:reassessment-create", args=[client.pk])


def answers(**changes):
    data = {
        "consent": "on",
        "new_warning_sign": "no",
        "pain_now": "3",
        "pain_average_week": "3",
        "pain_worst_week": "5",
        "goal_1_score": "6",
        "goal_3_score": "5",
        "notes": "Sits through meetings now",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def field(html, name):
    """The HTML of one field: its label, help, errors and input."""
    start = html.index(f'id="field-{name}"')
    return html[start : html.index("<input", start) + 400]


def test_the_form_names_each_goal_of_the_latest_intake_with_empty_ratings(
    trainer_client, client_of, assessed
):
    response = trainer_client.get(url(client_of))
    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert '<label for="id_goal_1_score">Sitting through a film</label>' in html
    assert '<label for="id_goal_3_score">Lifting my daughter</label>' in html
    assert 'name="goal_2_score"' not in html
    assert 'name="goal_1_score" value' not in html and 'name="pain_now" value' not in html
    assert "Last time: 3." in html and "Last time: 6." in html  # goal 1, pain now
    assert "Has had cancer" in html  # the warning signs to ask about


def test_saving_adds_a_dated_short_reassessment_and_leaves_the_intake_before_alone(
    trainer_client, trainer, client_of, assessed
):
    response = trainer_client.post(url(client_of), answers())
    assert response.status_code == 302
    assert response["Location"] == client_of.get_absolute_url()
    new = Intake.objects.get(client=client_of, short_reassessment=True)
    assert new.assessed_on == timezone.localdate()
    assert (new.pain_now, new.pain_average_week, new.pain_worst_week) == (3, 3, 5)
    assert new.goals == [("Sitting through a film", 6), ("Lifting my daughter", 5)]
    assert new.goal_2 == "" and new.goal_2_score is None
    assert new.notes == "Sits through meetings now"
    # Carried over from the intake before, consent recorded again.
    assert new.pain_areas == ["buttock"] and new.cautions == ["knee"]
    assert new.sitting_hours_workday == assessed.sitting_hours_workday
    assert new.consent_recorded_by == trainer
    client_of.refresh_from_db()
    assert client_of.latest_intake == new
    assessed.refresh_from_db()
    assert assessed.pain_now == 6 and assessed.goal_1_score == 3 and not assessed.short_reassessment
    assert assessed.notes == "First assessment note"
    assert AuditEvent.objects.about(client_of).filter(subject__startswith="short re-assessment")


def test_a_bad_answer_is_refused_beside_its_field_and_nothing_is_saved(
    trainer_client, client_of, assessed
):
    response = trainer_client.post(
        url(client_of), answers(goal_3_score="11", pain_now=None, consent=None), **HTMX
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert html.lstrip().startswith('<form id="reassessment-form"') and "<nav" not in html
    assert "Enter a number from 0 to 10." in field(html, "goal_3_score")
    assert "Enter a number from 0 to 10." in field(html, "pain_now")
    assert "errorlist" not in field(html, "goal_1_score")
    assert "Ask for the client&#x27;s consent" in html
    assert 'value="6"' in html  # what was typed stays
    assert Intake.objects.filter(client=client_of).count() == 1


def test_every_goal_needs_its_rating_and_the_worst_pain_its_place(
    trainer_client, client_of, assessed
):
    response = trainer_client.post(url(client_of), answers(goal_1_score=None, pain_worst_week="2"))
    html = response.content.decode()
    assert response.status_code == 422
    assert "Rate this activity from 0 to 10." in html
    assert "The worst pain cannot be lower than the average." in html
    assert "<nav" in html  # the whole page without HTMX
    assert Intake.objects.filter(client=client_of).count() == 1


def test_the_red_flag_question_must_be_answered(trainer_client, client_of, assessed):
    response = trainer_client.post(url(client_of), answers(new_warning_sign=None), **HTMX)
    assert response.status_code == 422
    assert "Ask about the warning signs before saving." in response.content.decode()
    assert Intake.objects.filter(client=client_of).count() == 1


def test_a_new_warning_sign_saves_nothing_and_opens_the_full_intake(
    trainer_client, client_of, assessed
):
    response = trainer_client.post(url(client_of), answers(new_warning_sign="yes"), follow=True)
    html = response.content.decode()
    assert response.redirect_chain == [(reverse("clients:intake-create", args=[client_of.pk]), 302)]
    assert "Nothing was saved. A new warning sign needs the full re-assessment" in html
    assert 'name="emergency_flags"' in html  # the red-flag screen
    assert Intake.objects.filter(client=client_of).count() == 1


def test_a_new_warning_sign_with_htmx_sends_the_browser_to_the_full_intake(
    trainer_client, client_of, assessed
):
    # Even with other answers missing: "yes" never waits on the rest of the form.
    response = trainer_client.post(
        url(client_of), {"new_warning_sign": "yes", "pain_now": "12"}, **HTMX
    )
    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("clients:intake-create", args=[client_of.pk])
    assert Intake.objects.filter(client=client_of).count() == 1


def test_saving_with_htmx_redirects_the_browser_to_the_client(trainer_client, client_of, assessed):
    response = trainer_client.post(url(client_of), answers(), **HTMX)
    assert response["HX-Redirect"] == client_of.get_absolute_url()
    assert Intake.objects.filter(client=client_of).count() == 2


def test_without_an_intake_the_short_form_sends_to_the_full_intake(trainer_client, client_of):
    response = trainer_client.get(url(client_of), follow=True)
    assert response.redirect_chain == [(reverse("clients:intake-create", args=[client_of.pk]), 302)]
    assert "has no intake yet" in response.content.decode()
    response = trainer_client.post(url(client_of), answers())
    assert response.status_code == 302
    assert not Intake.objects.filter(client=client_of).exists()


def test_a_client_without_goals_is_asked_pain_only(trainer_client, client_of):
    make_intake(client_of, assessed_on=weeks_ago(7))
    html = trainer_client.get(url(client_of)).content.decode()
    assert "No goal activities were recorded" in html
    response = trainer_client.post(url(client_of), answers(goal_1_score=None, goal_3_score=None))
    assert response.status_code == 302
    assert Intake.objects.get(client=client_of, short_reassessment=True).goals == []


def test_a_clearance_of_the_same_red_flags_still_stands(trainer_client, trainer, client_of):
    first = make_intake(client_of, assessed_on=weeks_ago(8), red_flags=["trauma"])
    MedicalClearance.objects.create(
        intake=first, cleared_by="Sam, physio", cleared_on=weeks_ago(7), recorded_by=trainer
    )
    trainer_client.post(url(client_of), answers(goal_1_score=None, goal_3_score=None))
    client_of.refresh_from_db()
    latest = client_of.latest_intake
    assert latest.short_reassessment and latest.red_flags == ["trauma"]
    assert latest.clearance.cleared_by == "Sam, physio"
    assert not client_of.safety.blocks_assigning
    assert first.clearance.pk != latest.clearance.pk  # the first one's record is untouched


def test_red_flags_nobody_cleared_still_block_after_a_short_reassessment(trainer_client, client_of):
    make_intake(client_of, assessed_on=weeks_ago(3), red_flags=["weight_loss"])
    trainer_client.post(url(client_of), answers(goal_1_score=None, goal_3_score=None))
    client_of.refresh_from_db()
    assert client_of.latest_intake.short_reassessment
    assert client_of.safety.blocks_assigning


def test_get_changes_nothing_and_other_methods_are_refused(trainer_client, client_of, assessed):
    trainer_client.get(url(client_of))
    assert Intake.objects.filter(client=client_of).count() == 1
    assert trainer_client.put(url(client_of)).status_code == 405


def test_another_trainer_gets_404_and_anonymous_the_sign_in(
    client, other_trainer, client_of, assessed
):
    response = client.get(url(client_of))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    client.force_login(other_trainer)
    assert client.get(url(client_of)).status_code == 404
    assert client.post(url(client_of), answers()).status_code == 404
    assert Intake.objects.filter(client=client_of).count() == 1


# --- The goal chart on the client page ---------------------------------------------------------


def goal_table(html):
    """The goal chart's table as [[cell, ...], ...], header first."""
    start = html.index("Goals at each assessment, beside pain")
    table = html[html.index("<table>", start) : html.index("</table>", start)]
    rows = []
    for row in table.split("<tr>")[1:]:
        cells = [cell.split(">", 1)[1].split("<")[0] for cell in row.split("<t")[1:] if ">" in cell]
        rows.append([cell for cell in cells if cell.strip()])
    return rows


def test_the_client_page_charts_each_goal_beside_pain(trainer_client, client_of, assessed):
    page = client_of.get_absolute_url()
    before = trainer_client.get(page).content.decode()
    assert "Goals at each assessment, beside pain" not in before  # one assessment: no chart
    assert reverse("clients:reassessment-create", args=[client_of.pk]) in before
    trainer_client.post(url(client_of), answers())
    html = trainer_client.get(page).content.decode()
    assert '<svg class="chart__svg"' in html and 'data-series="goal-0"' in html
    today, earlier = timezone.localdate(), weeks_ago(8)
    assert goal_table(html) == [
        ["Date", "Sitting through a film", "Lifting my daughter", "Pain now"],
        [f"{earlier:%d %b %Y}", "3", "2", "6"],
        [f"{today:%d %b %Y}", "6", "5", "3"],
    ]
    assert "(short re-assessment)" in html  # in the list of assessments


def test_a_goal_is_followed_by_its_name_whatever_its_slot(trainer_client, client_of):
    make_intake(client_of, assessed_on=weeks_ago(12), goal_1="Running", goal_1_score=2)
    make_intake(
        client_of,
        assessed_on=weeks_ago(6),
        goal_1="Gardening",
        goal_1_score=4,
        goal_2=" running ",
        goal_2_score=5,
    )
    html = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert goal_table(html) == [
        ["Date", "Gardening", "running", "Pain now"],
        [f"{weeks_ago(12):%d %b %Y}", "–", "2", "5"],
        [f"{weeks_ago(6):%d %b %Y}", "4", "5", "5"],
    ]


def test_drawing_the_client_page_costs_the_same_queries_with_1_or_50_assessments(
    trainer_client, trainer
):
    from django.core.cache import cache

    def draw_cost(client):
        cache.clear()  # the page drawn, not read from the shared cache
        with CaptureQueriesContext(connection) as queries:
            response = trainer_client.get(client.get_absolute_url())
        assert response.status_code == 200
        return len(queries)

    few, many = make_client(trainer, name="Few"), make_client(trainer, name="Many")
    make_intake(few, goal_1="Walking", goal_1_score=3)
    for n in range(50):
        make_intake(
            many,
            assessed_on=timezone.localdate() - timedelta(days=n),
            goal_1="Walking",
            goal_1_score=n % 11,
            goal_2=f"Goal {n % 4}",
            goal_2_score=5,
        )
    for client in (few, many):
        client.refresh_from_db()
        draw_cost(client)  # the session and word lists warm
    assert draw_cost(many) <= draw_cost(few)
    assert (
        "Goals at each assessment" in trainer_client.get(many.get_absolute_url()).content.decode()
    )


# --- The attention queue, export and erasure ---------------------------------------------------


def test_time_to_reassess_links_to_the_short_form_and_clears_once_saved(
    trainer_client, client_of, assessed
):
    dashboard = reverse("clients:dashboard")
    html = trainer_client.get(dashboard).content.decode()
    assert "Time to re-assess" in html
    assert f'href="{url(client_of)}"' in html
    trainer_client.post(url(client_of), answers())
    html = trainer_client.get(dashboard).content.decode()
    assert "Time to re-assess" not in html and client_of.name not in html


def test_the_practice_dashboard_links_the_reason_to_the_short_form(
    trainer_client, trainer, assessed, client_of
):
    html = trainer_client.get(reverse("clients:practice-dashboard")).content.decode()
    assert "Time to re-assess" in html and f'href="{url(client_of)}"' in html


def test_the_export_marks_short_reassessments(trainer_client, client_of, assessed):
    trainer_client.post(url(client_of), answers())
    exported = json.loads(
        trainer_client.get(reverse("clients:client-export-json", args=[client_of.pk])).content
    )
    kinds = [(row["assessed_on"], row["short_reassessment"]) for row in exported["intakes"]]
    assert kinds == [(weeks_ago(8).isoformat(), False), (timezone.localdate().isoformat(), True)]
    assert exported["intakes"][1]["goal_3_score"] == 5
    response = trainer_client.get(reverse("clients:client-export-csv", args=[client_of.pk]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert [row["short_reassessment"] for row in rows] == ["False", "True"]


def test_erasing_the_client_removes_the_short_reassessments(trainer_client, client_of, assessed):
    trainer_client.post(url(client_of), answers())
    response = trainer_client.post(
        reverse("clients:client-erase", args=[client_of.pk]), {"confirm_name": client_of.name}
    )
    assert response.status_code == 302
    assert not Client.objects.filter(pk=client_of.pk).exists()
    assert not Intake.objects.filter(client_id=client_of.pk).exists()
