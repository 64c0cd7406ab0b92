"""After an alert (review findings 1, 2 and 7): a new emergency sign ticked in the session log
gets the urgent-care card, keeps Start away until a clinician's clearance is recorded (handling
the alert is not enough: no more stretching until a doctor has seen them), and shuts the gate
on assigning until a new clearance; a recent pain alert is recalled above Start; stop cards when
the trainer shows no phone or email."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Alert, Assignment, MedicalClearance, SessionLog, TrainerPreference
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def planned(trainer):
    """Rosa: red flags at intake, cleared by Dr Lee; a routine every day; a private link."""
    rosa = make_client(trainer, name="Rosa Lind")
    intake = make_intake(rosa, pain_average_week=3, red_flags=["fever"])
    MedicalClearance.objects.create(
        intake=intake, cleared_by="Dr Lee", cleared_on=timezone.localdate()
    )
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)), sessions_per_day=2)
    return rosa, assignment, share_links.issue_link(rosa), routine


@pytest.fixture
def contact(trainer):
    return TrainerPreference.objects.create(
        trainer=trainer, contact_name="Tess Hill", contact_phone="+44 20 7946 0000"
    )


def log(client, link, assignment, number=1, **answers):
    data = {"assignment": assignment.pk, "session_number": number, "status": "partly"}
    data.update({"pain_before": 2, "pain_after": 2, **answers})
    return client.post(reverse("shared:log", args=[link.token]), data, **HTMX)


def start(client, link, assignment, number=2, pain=2, **extra):
    data = {"assignment": assignment.pk, "session_number": number, "pain_before": pain}
    return client.post(reverse("shared:start", args=[link.token]), data, **extra)


def page(client, link):
    return client.get(link.get_absolute_url()).content.decode()


def red_flag_alert(rosa):
    return Alert.objects.get(client=rosa, kind="red_flag")


# --- The client: the card after the log ---------------------------------------------------------


def test_a_new_emergency_sign_gets_the_urgent_care_card_not_the_pain_card(client, planned, contact):
    _, assignment, link, _ = planned
    html = log(client, link, assignment, new_red_flag="on").content.decode()
    card = html[html.index("urgent-card") :]
    assert "Get urgent medical care now" in card
    # The action first, then no more stretching, then the trainer with a way to reach them.
    action = card.index("Go to an emergency department or call your local emergency number now")
    no_more = card.index("Do not do any more stretches until a doctor has seen you")
    trainer = card.index("Then tell Tess Hill what the doctor said")
    assert action < no_more < trainer
    assert 'href="tel:+442079460000"' in card
    assert "Please stop for now" not in html
    assert "If the pain does not settle" not in html


def test_high_pain_still_gets_the_pain_card(client, planned, contact):
    _, assignment, link, _ = planned
    html = log(client, link, assignment, pain_after=8).content.decode()
    assert "Please stop for now" in html
    assert "urgent-card" not in html


def test_a_late_log_from_the_phone_queue_gets_the_same_urgent_card(client, planned):
    """The offline queue posts the same form, with the day it was done and its key."""
    _, assignment, link, _ = planned
    yesterday = timezone.localdate() - timedelta(days=1)
    Assignment.objects.filter(pk=assignment.pk).update(starts_on=yesterday)
    response = log(
        client,
        link,
        assignment,
        new_red_flag="on",
        session_date=yesterday.isoformat(),
        client_key="2f6c1f3e-8d57-4b5e-9d0e-3b0f1c2a9e11",
    )
    assert response.status_code == 200
    assert "urgent-card" in response.content.decode()
    assert SessionLog.objects.get().session_date == yesterday


# --- The client: the page while the red flag is open -------------------------------------------


def test_while_a_red_flag_is_open_the_page_shows_the_urgent_card_and_no_start(client, planned):
    _, assignment, link, _ = planned
    assert "Start session" in page(client, link)
    log(client, link, assignment, new_red_flag="on")
    html = page(client, link)  # the cached page was drawn again: the alert bumped it
    assert "Get urgent medical care now" in html
    assert "you told us about a sign that needs urgent care" in html
    assert "Start session" not in html
    assert 'class="player"' not in html
    assert "Your sessions will show here again once" in html


def test_start_is_refused_while_a_red_flag_is_open(client, planned):
    _, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    response = start(client, link, assignment, **HTMX)
    assert response.status_code == 200  # the card, in place of the session: no timer (204)
    assert "Get urgent medical care now" in response.content.decode()
    assert SessionLog.objects.count() == 1  # nothing recorded for the refused start
    # Without JavaScript: back to the page, which shows the card.
    response = start(client, link, assignment)
    assert response.status_code == 302
    assert response["Location"] == link.get_absolute_url()


def clear(trainer_client, rosa):
    today = timezone.localdate().isoformat()
    data = {"report-cleared_by": "Dr Moss, A&E", "report-cleared_on": today}
    response = trainer_client.post(reverse("clients:red-flag-clearance", args=[rosa.pk]), data)
    assert response.status_code == 302


def test_handling_the_alert_is_not_enough_a_clearance_gives_the_sessions_back(
    client, trainer_client, planned
):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    alert = red_flag_alert(rosa)
    url = reverse("clients:alert-handle", args=[rosa.pk, alert.pk])
    trainer_client.post(url, {"handled_note": "Left a voicemail."})
    assert start(client, link, assignment, **HTMX).status_code == 200  # the card, not a start
    html = page(client, link)
    assert "urgent-card" in html and "Start session" not in html
    assert "once a doctor has seen you" in html
    clear(trainer_client, rosa)
    assert start(client, link, assignment, **HTMX).status_code == 204
    html = page(client, link)
    assert "Start session" in html
    assert "urgent-card" not in html


def test_a_clearance_bumps_the_cached_client_page(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    before = client.get(link.get_absolute_url())
    clear(trainer_client, rosa)
    after = client.get(link.get_absolute_url(), HTTP_IF_NONE_MATCH=before["ETag"])
    assert after.status_code == 200  # not 304: the page depends on the clearance
    assert "Start session" in after.content.decode()


# --- The client: a recent pain alert ------------------------------------------------------------


def test_an_open_pain_alert_from_a_recent_session_is_recalled_above_start(client, planned):
    _, assignment, link, _ = planned
    log(client, link, assignment, pain_after=8)
    html = page(client, link)
    assert "you reported pain of 8 out of 10" in html
    assert "If it is 7 or more, or clearly worse than usual, rest today instead" in html
    assert "Start session" in html  # a reminder, never a lock: the pain before decides
    assert start(client, link, assignment, pain=2, **HTMX).status_code == 204


def test_an_old_or_handled_pain_alert_is_not_recalled(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    old = SessionLog.objects.create(
        assignment=assignment,
        client=rosa,
        session_date=timezone.localdate() - timedelta(days=4),
        status="done",
        pain_before=3,
        pain_after=8,
    )
    Alert.objects.create(client=rosa, kind="pain_high", session_log=old)
    assert "you reported pain of" not in page(client, link)
    log(client, link, assignment, pain_after=9)
    assert "you reported pain of 9 out of 10" in page(client, link)
    for alert in Alert.objects.filter(handled_at__isnull=True):
        trainer_client.post(reverse("clients:alert-handle", args=[rosa.pk, alert.pk]))
    assert "you reported pain of" not in page(client, link)


# --- The trainer ---------------------------------------------------------------------------------


def test_the_trainer_sees_a_red_banner_above_the_earlier_clearance(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    html = trainer_client.get(rosa.get_absolute_url()).content.decode()
    day = timezone.localdate().strftime("%-d %b %Y")
    banner = f"New red-flag symptom reported on {day} after a clearance"
    assert banner in html
    assert html.index(banner) < html.index("Cleared by a clinician.")
    assert "Blocked: new red-flag symptom" in html


def test_assigning_is_blocked_again_until_a_new_clearance(client, trainer_client, planned):
    rosa, assignment, link, routine = planned
    log(client, link, assignment, new_red_flag="on")
    assign_url = reverse("clients:assignment-create", args=[rosa.pk])
    schedule = {"routine": routine.pk, "weekdays": ["0", "2"], "sessions_per_day": 1}
    schedule["starts_on"] = timezone.localdate().isoformat()
    response = trainer_client.post(assign_url, schedule)
    assert response.status_code == 409
    assert Assignment.objects.count() == 1
    # Handling the alert (the client was told) does not open the gate: a clearance does.
    alert = red_flag_alert(rosa)
    handle = reverse("clients:alert-handle", args=[rosa.pk, alert.pk])
    trainer_client.post(handle, {"handled_note": "Seen at A&E."})
    assert trainer_client.post(assign_url, schedule).status_code == 409
    clearance_url = reverse("clients:red-flag-clearance", args=[rosa.pk])
    response = trainer_client.post(clearance_url, {"report-cleared_on": "2000-01-01"}, **HTMX)
    assert response.status_code == 422
    assert "This field is required." in response.content.decode()
    assert not MedicalClearance.objects.filter(alert=alert).exists()
    today = timezone.localdate().isoformat()
    data = {"report-cleared_by": "Dr Moss, A&E", "report-cleared_on": today}
    assert trainer_client.post(clearance_url, data).status_code == 302
    assert MedicalClearance.objects.get(alert=alert).cleared_by == "Dr Moss, A&E"
    assert trainer_client.post(assign_url, schedule).status_code == 302
    assert Assignment.objects.count() == 2
    html = trainer_client.get(rosa.get_absolute_url()).content.decode()
    assert "New red-flag symptom reported" not in html


def test_marking_a_red_flag_handled_needs_a_note_of_what_was_done(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    alert = red_flag_alert(rosa)
    url = reverse("clients:alert-handle", args=[rosa.pk, alert.pk])
    response = trainer_client.post(url, {"handled_note": "  "})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Write what was done" in html
    assert f'id="handled-note-{alert.pk}_error"' in html
    alert.refresh_from_db()
    assert alert.handled_at is None
    response = trainer_client.post(url, {"handled_note": "Phoned; she went to the ED."})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.handled_at and alert.handled_note == "Phoned; she went to the ED."
    history = trainer_client.get(reverse("clients:attention-history")).content.decode()
    assert "What was done: Phoned; she went to the ED." in history


def test_a_pain_alert_is_still_handled_in_one_click(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, pain_after=8)
    alert = Alert.objects.filter(client=rosa).first()
    url = reverse("clients:alert-handle", args=[rosa.pk, alert.pk])
    assert trainer_client.post(url).status_code == 302
    alert.refresh_from_db()
    assert alert.handled_at is not None


def test_the_dashboard_sends_a_red_flag_to_the_client_page_to_handle(
    client, trainer_client, planned
):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    html = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert f'href="{rosa.get_absolute_url()}#alerts">Handle with a note' in html
    # The queue's one-click "handled" does not mark it.
    data = {"client": rosa.pk, "reason": "new_red_flag", "occurrence": "alerts"}
    trainer_client.post(reverse("clients:attention-handle"), data)
    assert red_flag_alert(rosa).handled_at is None


def test_the_client_list_shows_the_new_red_flag_and_needs_attention(
    client, trainer_client, planned
):
    _, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    url = reverse("clients:client-list")
    html = trainer_client.get(url, {"show": "attention"}).content.decode()
    assert "Rosa Lind" in html
    assert "badge--safety-new_red_flag" in html


def test_another_trainer_cannot_record_a_clearance(client, other_trainer, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    client.force_login(other_trainer)
    url = reverse("clients:red-flag-clearance", args=[rosa.pk])
    data = {"report-cleared_by": "Me", "report-cleared_on": timezone.localdate().isoformat()}
    assert client.post(url, data).status_code == 404
    assert not MedicalClearance.objects.filter(alert__isnull=False).exists()


def test_the_clearance_for_a_new_symptom_is_post_only(trainer_client, planned):
    rosa = planned[0]
    url = reverse("clients:red-flag-clearance", args=[rosa.pk])
    assert trainer_client.get(url).status_code == 405


# --- No contact set (finding 7) -------------------------------------------------------------------


def test_without_a_contact_the_stop_card_puts_the_professional_first(client, planned):
    _, assignment, link, _ = planned
    html = log(client, link, assignment, pain_after=8).content.decode()
    advice = html.index("If the pain does not settle, or you are worried, see a doctor")
    usual = html.index("the way you usually contact them; they have been alerted")
    assert advice < usual


def test_without_a_contact_the_urgent_card_says_the_usual_way(client, planned):
    _, assignment, link, _ = planned
    html = log(client, link, assignment, new_red_flag="on").content.decode()
    assert "what the doctor said, the way you usually contact them" in html
    assert "tel:" not in html[html.index("urgent-card") :].split("</div>")[0]


def test_the_trainer_is_warned_while_no_contact_is_set(trainer_client, trainer, planned):
    rosa = planned[0]
    warning = "Your clients have no way to reach you from their page."
    assert warning in trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert warning in trainer_client.get(rosa.get_absolute_url()).content.decode()
    TrainerPreference.objects.create(trainer=trainer, contact_email="tess@studio.example")
    assert warning not in trainer_client.get(reverse("clients:dashboard")).content.decode()
    # The client page is cached: the contact's version is part of its key.
    assert warning not in trainer_client.get(rosa.get_absolute_url()).content.decode()


def test_a_new_client_list_page_without_data_has_no_red_flag_badge(trainer_client, trainer):
    make_client(trainer, name="Tom Reyes")
    html = trainer_client.get(reverse("clients:client-list")).content.decode()
    assert "badge--safety-new_red_flag" not in html


def test_the_urgent_card_speaks_the_clients_language(client, planned):
    rosa, assignment, link, _ = planned
    rosa.language = "es"
    rosa.save(update_fields=["language"])
    log(client, link, assignment, new_red_flag="on")
    html = page(client, link)
    assert "Busca atención médica urgente ahora" in html
    assert "No hagas más estiramientos hasta que te haya visto un médico." in html


def test_the_export_carries_the_handling_note_and_the_clearance(client, trainer_client, planned):
    rosa, assignment, link, _ = planned
    log(client, link, assignment, new_red_flag="on")
    alert = red_flag_alert(rosa)
    trainer_client.post(
        reverse("clients:alert-handle", args=[rosa.pk, alert.pk]), {"handled_note": "Called."}
    )
    today = timezone.localdate().isoformat()
    trainer_client.post(
        reverse("clients:red-flag-clearance", args=[rosa.pk]),
        {"report-cleared_by": "Dr Moss", "report-cleared_on": today},
    )
    exported = trainer_client.get(reverse("clients:client-export-json", args=[rosa.pk])).json()
    (row,) = [a for a in exported["alerts"] if a["kind"] == "red_flag"]
    assert row["handled_note"] == "Called." and row["clearance__cleared_by"] == "Dr Moss"
