"""The attention queue closes the loop: a client's note (or a session with a pain alert) is
answered in place from the dashboard, and a variation progression suggests is swapped in with one
click, or left ("not now"). The same replies and the same swap as the client page."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import assigning, reminders, session_logs, share_links
from clients.models import AttentionHandled, AuditEvent, SessionLog, SessionReply
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
DASHBOARD = reverse("clients:dashboard")
pytestmark = pytest.mark.usefixtures("today")


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def planned(trainer, name="Rosa Lind", slug="kneeling-lunge"):
    client = make_client(trainer, name=name)
    make_intake(client, assessed_on=days_ago(10))
    client.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug=slug)])
    assignment = assigning.assign(client, routine, weekdays=list(range(7)), starts_on=days_ago(30))
    return client, assignment


def good_sessions(assignment, count, first=1):
    for n in range(first, first + count):
        session_logs.record_session(
            assignment, days_ago(n), 1, status="done", pain_before=4, pain_after=3
        )


def noted(trainer, note="The lunge pinched my knee", **answers):
    client, assignment = planned(trainer)
    answers = {"status": "partly", "pain_before": 3, "pain_after": 3, **answers}
    session_logs.record_session(assignment, days_ago(1), 1, note=note, **answers)
    return client, SessionLog.objects.get(client=client)


def queue(http):
    html = http.get(DASHBOARD).content.decode()
    start = html.index('id="attention-queue"')
    return html[start : html.index("</section>", start)]


def reply(http, client, log, text, **extra):
    url = reverse("clients:session-reply", args=[client.pk, log.pk])
    return http.post(url, {f"reply-{log.pk}-text": text}, **extra)


def from_queue(log):
    return {**HTMX, "HTTP_HX_TARGET": f"queue-reply-{log.pk}"}


# --- Replies --------------------------------------------------------------------------------


def test_a_clients_note_is_in_the_queue_with_its_words_and_a_reply_form(trainer_client, trainer):
    client, log = noted(trainer)
    shown = queue(trainer_client)
    assert "Note from the client" in shown and "“The lunge pinched my knee”" in shown
    assert f'id="queue-reply-{log.pk}"' in shown
    assert reverse("clients:session-reply", args=[client.pk, log.pk]) in shown


def test_a_reply_from_the_queue_is_stored_and_the_item_shows_it(trainer_client, trainer):
    client, log = noted(trainer)
    queue(trainer_client)  # drawn and cached
    response = reply(
        trainer_client, client, log, "  Pad that knee with a towel.  ", **from_queue(log)
    )
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith(f'<div class="queue__reply" id="queue-reply-{log.pk}">')
    assert "Reply sent: Rosa Lind sees it on their page." in html and "<nav" not in html
    assert "“Pad that knee with a towel.”" in html
    saved = SessionReply.objects.get()
    assert (saved.session_log, saved.client, saved.author) == (log, client, trainer)
    assert saved.text == "Pad that knee with a towel."
    # Answered: the note leaves the queue (the cached queue follows the write).
    assert "Note from the client" not in queue(trainer_client)


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "Write a reply first."), ("x" * 1001, "at most 1000 characters")],
    ids=["empty", "too long"],
)
def test_a_bad_reply_from_the_queue_is_refused_beside_the_field(
    trainer_client, trainer, text, message
):
    client, log = noted(trainer)
    response = reply(trainer_client, client, log, text, **from_queue(log))
    assert response.status_code == 422
    html = response.content.decode()
    assert f'id="queue-reply-{log.pk}"' in html and message in html
    assert "field--invalid" in html and '<details class="queue__reply-form" open>' in html
    assert not SessionReply.objects.exists()
    assert "Note from the client" in queue(trainer_client)


def test_the_client_reads_the_queue_reply_on_their_page(client, trainer_client, trainer):
    rosa, log = noted(trainer)
    link = share_links.issue_link(rosa)
    reply(trainer_client, rosa, log, "Pad that knee with a towel.", **from_queue(log))
    html = client.get(link.get_absolute_url()).content.decode()
    section = html[html.index('id="replies-heading"') :]
    assert "Pad that knee with a towel." in section and "The lunge pinched my knee" in section


def test_a_session_with_a_pain_alert_can_be_answered_from_the_queue(trainer_client, trainer):
    client, assignment = planned(trainer)
    session_logs.record_session(
        assignment, days_ago(0), 1, status="done", pain_before=3, pain_after=8
    )
    log = SessionLog.objects.get(client=client)
    shown = queue(trainer_client)
    assert "Pain alert" in shown and f'id="queue-reply-{log.pk}"' in shown
    reply(trainer_client, client, log, "Call me today, please.", **from_queue(log))
    shown = queue(trainer_client)
    # The alert stays until marked handled (safety); the reply is there, and another may follow.
    assert "Pain alert" in shown and "Reply again" in shown


def test_a_handled_note_leaves_the_queue_without_a_reply(trainer_client, trainer):
    client, log = noted(trainer)
    trainer_client.post(
        reverse("clients:attention-handle"),
        {"client": client.pk, "reason": "client_note", "occurrence": f"log-{log.pk}"},
    )
    assert "Note from the client" not in queue(trainer_client)
    assert AttentionHandled.objects.get().reason == "client_note"


def test_notes_older_than_two_weeks_stay_off_the_queue(trainer_client, trainer):
    _client, assignment = planned(trainer)
    session_logs.record_session(assignment, days_ago(14), 1, status="done", note="Old news")
    assert "Old news" not in queue(trainer_client)


def test_another_practices_trainer_cannot_reply_to_the_queue_item(client, trainer, other_trainer):
    rosa, log = noted(trainer)
    client.force_login(other_trainer)
    response = reply(client, rosa, log, "Not mine to answer.", **from_queue(log))
    assert response.status_code == 404
    assert not SessionReply.objects.exists()
    assert "Rosa Lind" not in queue(client)


# --- Progression ------------------------------------------------------------------------------


def swap(http, client, assignment, to, **extra):
    step = assignment.steps.get()
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    return http.post(url, {"to": to.pk, "back": "dashboard"}, **extra)


def test_ready_for_the_next_variation_is_in_the_queue_with_name_and_dose(trainer_client, trainer):
    _client, assignment = planned(trainer)
    good_sessions(assignment, 5)
    assert "Ready for the next variation" not in queue(trainer_client)
    good_sessions(assignment, 1, first=6)
    shown = queue(trainer_client)
    reason = shown[shown.index("Ready for the next variation") :][:1600]
    assert "Kneeling lunge → Kneeling lunge with overhead reach" in reason
    assert "30 s" in reason and "6 sessions in two weeks" in reason
    assert "Swap in Kneeling lunge with overhead reach" in reason and "Not now" in reason


def test_one_click_in_the_queue_swaps_it_in_and_records_who_and_when(trainer_client, trainer):
    client, assignment = planned(trainer)
    good_sessions(assignment, 6)
    queue(trainer_client)  # drawn and cached
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    response = swap(trainer_client, client, assignment, harder, **HTMX)
    assert response.status_code == 200
    html = response.content.decode().strip()
    assert html.startswith('<div id="attention-queue"') and "<nav" not in html
    assert "Ready for the next variation" not in html  # gone: six sessions earned one step
    assert 'id="queue-status"' in html and 'hx-swap-oob="true"' in html
    assert "Swapped Kneeling lunge for Kneeling lunge with overhead reach" in html
    step = assignment.steps.get()
    assert (step.stretch, step.hold_seconds) == (harder, harder.hold_seconds)
    event = AuditEvent.objects.about(client).get(subject__startswith="swapped")
    assert event.actor == trainer
    assert "Ready for the next variation" not in queue(trainer_client)


def test_a_plain_swap_from_the_queue_returns_to_the_dashboard(trainer_client, trainer):
    client, assignment = planned(trainer)
    good_sessions(assignment, 6)
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    response = swap(trainer_client, client, assignment, harder)
    assert response.status_code == 302 and response.url == DASHBOARD
    assert assignment.steps.get().stretch == harder


def test_a_swap_no_longer_suggested_changes_nothing_and_says_so(trainer_client, trainer):
    client, assignment = planned(trainer)
    good_sessions(assignment, 3)
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    response = swap(trainer_client, client, assignment, harder, **HTMX)
    assert response.status_code == 200
    assert "no longer suggested" in response.content.decode()
    assert assignment.steps.get().stretch.slug == "kneeling-lunge"


def test_not_now_leaves_the_suggestion_off_the_queue_but_on_the_client_page(
    trainer_client, trainer
):
    client, assignment = planned(trainer)
    good_sessions(assignment, 6)
    shown = queue(trainer_client)
    occurrence = shown.split('name="reason" value="step_up">')[1].split('value="')[1].split('"')[0]
    trainer_client.post(
        reverse("clients:attention-handle"),
        {"client": client.pk, "reason": "step_up", "occurrence": occurrence},
        **HTMX,
    )
    assert "Ready for the next variation" not in queue(trainer_client)
    good_sessions(assignment, 2, first=7)  # more sessions: still left, no nagging
    assert "Ready for the next variation" not in queue(trainer_client)
    page = trainer_client.get(client.get_absolute_url()).content.decode()
    assert "Ready for the next variation" in page
    assert assignment.steps.get().stretch.slug == "kneeling-lunge"


def test_a_stretch_that_hurt_suggests_the_easier_one_in_the_queue(trainer_client, trainer):
    client, assignment = planned(trainer)
    good_sessions(assignment, 6)
    link = share_links.issue_link(client)
    trainer_client.post(
        reverse("shared:log", args=[link.token]),
        {"assignment": assignment.pk, "session_number": 1, "status": "done", "feedback": "1:hurt"},
    )
    shown = queue(trainer_client)
    assert "Try the easier variation" in shown and "Ready for the next variation" not in shown
    assert "Kneeling lunge → Standing hip-flexor stretch" in shown
    # Safety first: the pain alert naming the stretch ranks above the suggestion.
    assert shown.index("Kneeling lunge hurt") < shown.index("Try the easier variation")


def test_a_client_with_a_safety_reason_is_not_offered_a_harder_variation(trainer_client, trainer):
    _client, assignment = planned(trainer)
    good_sessions(assignment, 6)
    session_logs.record_session(
        assignment, days_ago(0), 1, status="done", pain_before=2, pain_after=2, new_red_flag=True
    )
    shown = queue(trainer_client)
    assert "New red-flag symptom" in shown and "Ready for the next variation" not in shown


def test_the_queue_ranks_safety_then_notes_then_readiness(trainer_client, trainer):
    _ready, plan = planned(trainer, name="Ada Ready")
    good_sessions(plan, 6)
    noted(trainer)  # Rosa Lind's note
    _hurting, plan = planned(trainer, name="Bea Pain")
    session_logs.record_session(plan, days_ago(0), 1, status="done", pain_before=2, pain_after=9)
    shown = queue(trainer_client)
    assert shown.index("Bea Pain") < shown.index("Rosa Lind") < shown.index("Ada Ready")


def test_another_practices_trainer_cannot_swap_from_the_queue(client, trainer, other_trainer):
    rosa, assignment = planned(trainer)
    good_sessions(assignment, 6)
    client.force_login(other_trainer)
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    assert swap(client, rosa, assignment, harder, **HTMX).status_code == 404
    assert assignment.steps.get().stretch.slug == "kneeling-lunge"


def test_the_practice_dashboard_and_digest_name_the_new_reasons(client, trainer):
    _rosa, assignment = planned(trainer)
    good_sessions(assignment, 6)
    client.force_login(trainer)  # the owner of their own practice
    html = client.get(reverse("clients:practice-dashboard")).content.decode()
    assert "Ready for the next variation" in html
    assert "Kneeling lunge → Kneeling lunge with overhead reach" in html
    digest = reminders.trainer_digest(trainer, timezone.localdate()).body
    assert "Rosa Lind: Ready for the next variation" in digest
