"""The intake over HTTP: consent, validation (422), the live red-flag check, gate and clearance."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients.models import Intake, MedicalClearance
from tests.factories import make_intake

HTMX = {"HTTP_HX_REQUEST": "true"}


def answers(**changes):
    data = {
        "consent": "on",
        "assessed_on": timezone.localdate().isoformat(),
        "pain_now": "6",
        "pain_average_week": "5",
        "pain_worst_week": "8",
        "pain_areas": ["low_back_centre", "buttock"],
        "pain_duration": "6_12_weeks",
        "onset": "gradual",
        "worse_with": ["sitting"],
        "goal_1": "Sitting through a film",
        "goal_1_score": "3",
        "sitting_hours_workday": "9.5",
        "sitting_hours_day_off": "5",
        "longest_sitting_minutes": "120",
        "job_type": "desk",
        "activity_minutes_week": "60",
        "strength_days_week": "0",
        "cautions": ["knee"],
        "emergency_flags": ["none"],
        "refer_flags": ["none"],
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def intake_url(client, name="intake-create"):
    return reverse(f"clients:{name}", args=[client.pk])


def test_the_intake_page_is_never_cached_nor_kept_in_history(trainer_client, client_of):
    response = trainer_client.get(intake_url(client_of))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert 'hx-history="false"' in response.content.decode()


def test_saving_an_intake_records_consent_and_updates_the_client(
    trainer_client, trainer, client_of
):
    response = trainer_client.post(intake_url(client_of), answers())
    assert response.status_code == 302
    assert response["Location"] == client_of.get_absolute_url()
    intake = Intake.objects.get(client=client_of)
    assert intake.consent_recorded_by == trainer and intake.consent_recorded_at
    assert intake.pain_areas == ["low_back_centre", "buttock"]
    assert intake.cautions == ["knee"]
    assert intake.red_flags == [] and intake.red_flag_tier == ""
    client_of.refresh_from_db()
    assert client_of.latest_intake == intake
    assert not client_of.safety.blocks_assigning


def test_saving_with_htmx_redirects_the_browser(trainer_client, client_of):
    response = trainer_client.post(intake_url(client_of), answers(), **HTMX)
    assert response.status_code == 200
    assert response["HX-Redirect"] == client_of.get_absolute_url()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"consent": None}, "consent", "Ask for the client&#x27;s consent"),
        ({"pain_now": "11"}, "pain_now", "Pain must be between 0 and 10."),
        ({"pain_now": "-1"}, "pain_now", "Pain must be between 0 and 10."),
        ({"pain_now": ""}, "pain_now", "This field is required."),
        ({"pain_worst_week": "2"}, "pain_worst_week", "cannot be lower than the average"),
        ({"sitting_hours_workday": "25"}, "sitting_hours_workday", "between 0 and 24"),
        ({"strength_days_week": "8"}, "strength_days_week", "between 0 and 7"),
        ({"goal_1": ""}, "goal_1", "Name the activity this score is for."),
        ({"goal_1_score": ""}, "goal_1_score", "Rate this activity from 0 to 10."),
        ({"goal_1_score": "12"}, "goal_1_score", "The score must be between 0 and 10."),
        ({"assessed_on": "2999-01-01"}, "assessed_on", "cannot be in the future"),
        ({"red_flags": "x", "refer_flags": ["made_up"]}, "refer_flags", "Select a valid choice."),
        ({"pain_areas": ["elbow"]}, "pain_areas", "Select a valid choice."),
    ],
)
def test_a_bad_answer_is_refused_beside_its_field_and_nothing_is_saved(
    trainer_client, client_of, changes, field, message
):
    response = trainer_client.post(intake_url(client_of), answers(**changes), **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    assert "<nav" not in html  # only the form fragment
    errors = html[html.index(f'id="id_{field}_live"') :]
    assert message in errors[: errors.index("</div>")]
    assert not Intake.objects.exists()
    client_of.refresh_from_db()
    assert client_of.latest_intake is None


def test_a_failed_save_keeps_every_answer_typed(trainer_client, client_of):
    html = trainer_client.post(
        intake_url(client_of), answers(pain_now="99", notes="Keep this"), **HTMX
    ).content.decode()
    assert 'name="sitting_hours_workday" value="9.5"' in html
    assert "Keep this</textarea>" in html
    buttock = html[html.index('value="buttock"') :]
    assert "checked" in buttock[: buttock.index(">")]


@pytest.mark.parametrize(
    ("flags", "expected", "absent"),
    [
        ({"emergency_flags": ["bladder_bowel"]}, "Urgent medical care now", "Get checked"),
        ({"refer_flags": ["weight_loss"]}, "Get checked before starting", "Urgent medical"),
        ({}, None, "safety-message"),
    ],
)
def test_the_live_check_shows_the_banner_as_soon_as_a_flag_is_ticked(
    trainer_client, client_of, flags, expected, absent
):
    data = {"pain_now": "6", "sitting_hours_workday": "99", **flags}
    response = trainer_client.post(intake_url(client_of, "intake-check"), data, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="red-flag-banner"')
    if expected:
        assert expected in html
    assert absent not in html
    # Errors come back for answered fields only, out of band, beside each field.
    assert 'id="id_sitting_hours_workday_live" hx-swap-oob="true"' in html
    assert "between 0 and 24" in html
    assert 'id="id_pain_average_week_live"' not in html  # not answered yet: no nagging
    assert not Intake.objects.exists()


def test_an_emergency_answer_blocks_assigning_until_clearance(trainer_client, trainer, client_of):
    trainer_client.post(
        intake_url(client_of), answers(emergency_flags=["saddle_numbness"], refer_flags=["fever"])
    )
    intake = Intake.objects.get(client=client_of)
    assert intake.red_flag_tier == "emergency"
    assert set(intake.red_flags) == {"saddle_numbness", "fever"}
    client_of.refresh_from_db()
    assert client_of.safety.blocks_assigning

    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Urgent medical care now" in page
    assert "What to tell them" in page
    assert "Record medical clearance" in page

    clearance_url = reverse("clients:clearance-create", args=[client_of.pk, intake.pk])
    refused = trainer_client.post(clearance_url, {"cleared_by": "", "cleared_on": ""}, **HTMX)
    assert refused.status_code == 422
    assert "This field is required." in refused.content.decode()
    assert not MedicalClearance.objects.exists()

    response = trainer_client.post(
        clearance_url,
        {
            "cleared_by": "Dr Lee, GP",
            "cleared_on": timezone.localdate(),
            "details": "Fine to stretch",
        },
    )
    assert response.status_code == 302
    clearance = MedicalClearance.objects.get(intake=intake)
    assert clearance.recorded_by == trainer
    client_of.refresh_from_db()
    assert not client_of.safety.blocks_assigning
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Cleared by a clinician." in page and "Dr Lee, GP" in page
    assert "Urgent medical care now" not in page


def test_a_new_red_flag_at_reassessment_needs_a_new_clearance(trainer_client, client_of):
    weeks_ago = timezone.localdate() - timedelta(weeks=8)
    first = make_intake(client_of, assessed_on=weeks_ago, red_flags=["trauma"])
    MedicalClearance.objects.create(intake=first, cleared_by="Physio", cleared_on=weeks_ago)
    client_of.refresh_from_db()
    assert not client_of.safety.blocks_assigning
    trainer_client.post(intake_url(client_of), answers(refer_flags=["not_improving"]))
    client_of.refresh_from_db()
    assert client_of.safety.state == "refer"
    assert client_of.safety.blocks_assigning


def test_no_intake_blocks_assigning(client_of):
    assert client_of.safety.state == "no_intake"
    assert client_of.safety.blocks_assigning


def test_clearance_is_only_for_an_intake_with_red_flags(trainer_client, client_of):
    intake = make_intake(client_of)
    response = trainer_client.post(
        reverse("clients:clearance-create", args=[client_of.pk, intake.pk]),
        {"cleared_by": "GP", "cleared_on": timezone.localdate()},
    )
    assert response.status_code == 404


def test_reassessment_starts_from_the_previous_answers_but_asks_consent_again(
    trainer_client, client_of
):
    make_intake(client_of, sitting_hours_workday=11, cautions=["arching"])
    html = trainer_client.get(intake_url(client_of)).content.decode()
    assert "Re-assess" in html
    assert 'name="sitting_hours_workday" value="11.0"' in html
    assert 'value="arching"' in html and "checked" in html
    consent = html[html.index('name="consent"') - 200 : html.index('name="consent"') + 100]
    assert "checked" not in consent


def test_intake_detail_page(trainer_client, client_of):
    intake = make_intake(client_of, red_flags=["upper_back"], cautions=["balance"])
    response = trainer_client.get(intake.get_absolute_url())
    html = response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert "Pain mostly in the upper or middle back" in html
    assert "Needs balance" in html
    assert "Get checked before starting" in html


# --- The red-flag screen cannot be skipped (review finding 13) ---------------------------------


def test_an_unanswered_red_flag_screen_is_refused_beside_each_question(trainer_client, client_of):
    data = answers(emergency_flags=None, refer_flags=None)
    response = trainer_client.post(intake_url(client_of), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    message = "Ask these and tick the signs that apply, or tick “None of these”."
    for field in ("emergency_flags", "refer_flags"):
        errors = html[html.index(f'id="id_{field}_live"') :]
        assert errors[: errors.index("</div>")].count(message) == 1
    assert not Intake.objects.exists()


def test_signs_and_none_of_these_together_are_refused(trainer_client, client_of):
    data = answers(refer_flags=["fever", "none"])
    response = trainer_client.post(intake_url(client_of), data, **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    errors = html[html.index('id="id_refer_flags_live"') :]
    assert "not both" in errors[: errors.index("</div>")]
    assert not Intake.objects.exists()


def test_none_of_these_in_both_tiers_saves_no_red_flags(trainer_client, client_of):
    response = trainer_client.post(intake_url(client_of), answers())
    assert response.status_code == 302
    intake = Intake.objects.get()
    assert intake.red_flags == [] and intake.red_flag_tier == ""


def test_the_red_flag_questions_are_never_labelled_optional(trainer_client, client_of):
    html = trainer_client.get(intake_url(client_of)).content.decode()
    for field in ("emergency_flags", "refer_flags"):
        group = html[html.index(f'id="field-{field}"') :]
        group = group[: group.index("</fieldset>")]
        assert "(optional)" not in group
        assert "None of these" in group


def test_a_re_assessment_asks_the_red_flag_screen_again(trainer_client, client_of):
    """A previous "no red flags" is not carried over as an answer."""
    make_intake(client_of)
    html = trainer_client.get(intake_url(client_of)).content.decode()
    boxes = re.findall(r'<input[^>]*value="none"[^>]*>', html)
    assert len(boxes) == 2
    assert not any("checked" in box for box in boxes)
