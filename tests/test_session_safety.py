"""Stop rules and safety on the client's side: pain before the session, reminders paused while
the client is told to stop, the complete emergency list everywhere, and the named trainer."""

import io
from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clients import assigning, session_logs, share_links
from clients.models import Alert, ReminderPreference, SessionLog, TrainerPreference
from clients.red_flags import CLIENT_EMERGENCY_SIGNS
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def planned(trainer):
    rosa = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(rosa, pain_average_week=3)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assignment = assigning.assign(rosa, routine, weekdays=list(range(7)))
    return rosa, assignment, share_links.issue_link(rosa)


@pytest.fixture
def contact(trainer):
    return TrainerPreference.objects.create(
        trainer=trainer,
        contact_name="Tess Hill",
        contact_email="tess@studio.example",
        contact_phone="+44 20 7946 0000",
        contact_note="Text me on weekdays, 8-18.",
    )


def start(client, link, assignment, pain, **extra):
    url = reverse("shared:start", args=[link.token])
    data = {"assignment": assignment.pk, "session_number": 1, "pain_before": pain}
    return client.post(url, data, **extra)


# --- Pain before the session ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("pain", "kinds"),
    [(9, {"pain_high", "pain_rise"}), (7, {"pain_high", "pain_rise"}), (5, {"pain_rise"})],
)
def test_pain_at_the_stop_rule_before_starting_shows_the_stop_card_and_alerts(
    client, planned, pain, kinds
):
    _, assignment, link = planned  # usual pain 3: 5 is 2 above it
    response = start(client, link, assignment, pain, **HTMX)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Please do not start today" in html
    assert 'class="player"' not in html  # no timer in the card that replaces the form
    log = SessionLog.objects.get(assignment=assignment)
    assert (log.status, log.pain_before, log.pain_after) == ("skipped", pain, None)
    assert set(Alert.objects.filter(handled_at__isnull=True).values_list("kind", flat=True)) == (
        kinds
    )


def test_pain_below_the_stop_rule_lets_the_player_start_and_records_nothing(client, planned):
    _, assignment, link = planned
    response = start(client, link, assignment, 4, **HTMX)
    assert response.status_code == 204
    assert not SessionLog.objects.exists() and not Alert.objects.exists()


def test_without_js_the_start_button_posts_and_the_server_shows_the_stop_card(client, planned):
    _, assignment, link = planned
    page = client.get(link.get_absolute_url()).content.decode()
    start_url = reverse("shared:start", args=[link.token])
    assert f'formaction="{start_url}"' in page  # a real submit button, not a JS-only one
    stopped = start(client, link, assignment, 9)
    assert stopped.status_code == 200
    assert "Please do not start today" in stopped.content.decode()
    assert "<nav" not in stopped.content.decode() and "<html" in stopped.content.decode()

    SessionLog.objects.all().delete()
    going = start(client, link, assignment, 2)
    assert going.status_code == 302
    assert going["Location"] == f"{link.get_absolute_url()}#session-{assignment.pk}-1"


def test_start_without_a_pain_answer_is_refused_beside_the_scale(client, planned):
    _, assignment, link = planned
    url = reverse("shared:start", args=[link.token])
    response = client.post(url, {"assignment": assignment.pk, "session_number": 1}, **HTMX)
    assert response.status_code == 422
    assert "Tap how your back feels now" in response.content.decode()
    assert not SessionLog.objects.exists()


def test_start_for_another_clients_assignment_is_refused(client, planned, trainer):
    _, _, link = planned
    other = make_client(trainer, name="Other")
    make_intake(other)
    other.refresh_from_db()
    theirs = assigning.assign(
        other,
        make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")]),
        weekdays=list(range(7)),
    )
    response = start(client, link, theirs, 9, **HTMX)
    assert response.status_code == 422
    assert not SessionLog.objects.exists() and not Alert.objects.exists()


# --- Reminders pause while the client is told to stop -------------------------------------------


def send_reminders():
    now = f"{timezone.localdate().isoformat()}T08:05"
    call_command("send_reminders", now=now, stdout=io.StringIO())


def test_reminders_pause_while_a_pain_alert_is_open_and_resume_after_handled(
    client, trainer_client, planned
):
    rosa, assignment, _ = planned
    ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="u" * 32
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    session_logs.record_session(assignment, yesterday, 1, status="done", pain_after=7)
    alert = Alert.objects.get(kind="pain_high")

    send_reminders()
    assert mail.outbox == []  # no "time for your stretches", no one-tap "done" link

    # A red flag ticked another day stays open, and keeps reminders paused.
    session_logs.record_session(
        assignment, yesterday - timedelta(days=1), 1, status="done", new_red_flag=True
    )
    handled = trainer_client.post(reverse("clients:alert-handle", args=[rosa.pk, alert.pk]))
    assert handled.status_code == 302
    # One click handles the session's pain alerts together (7 or more, 2 above the usual).
    assert list(Alert.objects.filter(handled_at__isnull=True).values_list("kind", flat=True)) == [
        "red_flag"
    ]
    send_reminders()
    assert mail.outbox == []

    red_flag = Alert.objects.get(handled_at__isnull=True)
    trainer_client.post(
        reverse("clients:alert-handle", args=[rosa.pk, red_flag.pk]),
        {"handled_note": "Phoned her; seen by her GP, all clear."},
    )
    send_reminders()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["rosa@example.com"]


def test_one_sessions_two_pain_alerts_are_one_row_and_one_click(trainer_client, planned):
    rosa, assignment, _ = planned  # usual pain 3
    yesterday = timezone.localdate() - timedelta(days=1)
    session_logs.record_session(
        assignment, yesterday, 1, status="done", pain_before=4, pain_after=7
    )
    assert Alert.objects.filter(handled_at__isnull=True).count() == 2
    page = trainer_client.get(rosa.get_absolute_url()).content.decode()
    alerts = page[page.index('id="alerts"') : page.index("</section>", page.index('id="alerts"'))]
    assert "<strong>Pain of 7 or more · Pain 2 or more above their usual</strong>" in alerts
    assert alerts.count("Mark handled") == 1
    first = Alert.objects.order_by("pk").first()
    trainer_client.post(reverse("clients:alert-handle", args=[rosa.pk, first.pk]))
    assert not Alert.objects.filter(handled_at__isnull=True).exists()
    assert 'id="alerts"' not in trainer_client.get(rosa.get_absolute_url()).content.decode()


def test_a_red_flag_ticked_after_a_session_pauses_reminders_too(client, planned):
    rosa, assignment, _ = planned
    ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="v" * 32
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    session_logs.record_session(assignment, yesterday, 1, status="done", new_red_flag=True)
    send_reminders()
    assert mail.outbox == []


# --- The emergency list, complete on every client-facing surface --------------------------------


def test_every_client_facing_surface_lists_every_emergency_sign(client, planned, contact):
    rosa, assignment, link = planned
    ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="w" * 32
    )
    send_reminders()
    (reminder,) = mail.outbox
    done_url = reverse("shared:done", args=[link.token])
    surfaces = {
        "page footer": client.get(link.get_absolute_url()).content.decode(),
        "handout": client.get(reverse("shared:handout", args=[link.token])).content.decode(),
        "done page": client.get(
            f"{done_url}?a={assignment.pk}&n=1&d={timezone.localdate()}"
        ).content.decode(),
        "stop card": start(client, link, assignment, 9, **HTMX).content.decode(),
        "reminder email": reminder.body,
    }
    # The post-session tick box: its label is on the page, inside the log form.
    page = surfaces["page footer"]
    tick_box = page[page.index('name="new_red_flag"') - 600 : page.index('name="new_red_flag"')]
    tick_box += page[page.index('name="new_red_flag"') : page.index('name="new_red_flag"') + 600]
    surfaces["tick box"] = tick_box
    must_say = ["bladder or bowels", "both legs", "saddle area", "drags"]
    signs = [str(sign) for sign in CLIENT_EMERGENCY_SIGNS]  # translated lazily: English here
    assert all(any(word in sign for sign in signs) for word in must_say)
    for name, text in surfaces.items():
        for sign in signs:
            assert sign in text or sign.capitalize() in text, f"{name} lacks: {sign}"


# --- The client knows their trainer -------------------------------------------------------------


def test_the_page_handout_stop_card_and_emails_name_the_trainer_and_how_to_reach_them(
    client, trainer_client, planned, contact
):
    rosa, assignment, link = planned
    page = client.get(link.get_absolute_url()).content.decode()
    handout = client.get(reverse("shared:handout", args=[link.token])).content.decode()
    stop = start(client, link, assignment, 9, **HTMX).content.decode()
    for text in (page, handout, stop):
        assert "Tess Hill" in text
        assert "mailto:tess@studio.example" in text
        assert 'href="tel:+442079460000"' in text
    assert "contact your trainer" not in (page + handout + stop).lower()

    trainer_client.post(reverse("clients:link-email", args=[rosa.pk]))
    Alert.objects.update(handled_at=timezone.now())
    ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="x" * 32
    )
    SessionLog.objects.all().delete()
    send_reminders()
    link_mail, reminder = mail.outbox
    for body in (link_mail.body, reminder.body):
        assert "Tess Hill (tess@studio.example, +44 20 7946 0000)" in body
        assert "Text me on weekdays, 8-18." in body
        assert "contact your trainer" not in body.lower()
    for text in (handout, link_mail.body, reminder.body):
        assert "the way you usually contact them" not in text  # there is a way to show


def test_without_a_phone_or_email_the_handout_and_emails_say_the_usual_way(
    client, trainer_client, planned
):
    rosa, _, link = planned  # Tess has set no contact: her account's name only
    handout = client.get(reverse("shared:handout", args=[link.token])).content.decode()
    trainer_client.post(reverse("clients:link-email", args=[rosa.pk]))
    ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="y" * 32
    )
    send_reminders()
    link_mail, reminder = mail.outbox
    for text in (handout, link_mail.body, reminder.body):
        assert "If your pain gets worse, stop." in text
        assert "If the pain does not settle, or you are worried, see a doctor or" in text
        assert "Tell Tess as well, the way you usually contact them." in text
        assert "contact Tess" not in text and "contact your trainer" not in text.lower()
        assert "mailto:" not in text and "tel:" not in text
    assert "Your trainer: <strong>Tess</strong>" in handout  # still named


@pytest.mark.parametrize("shown", ["email", "nothing"])
def test_a_dead_link_says_how_to_reach_the_trainer_for_a_new_one(client, planned, trainer, shown):
    rosa, _, link = planned
    if shown == "email":
        TrainerPreference.objects.create(
            trainer=trainer, contact_name="Tess Hill", contact_email="tess@studio.example"
        )
    share_links.revoke_link(rosa)
    response = client.get(link.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 404
    if shown == "email":
        assert "Ask your trainer, Tess Hill, for a new one.</p>" in html
        assert 'href="mailto:tess@studio.example"' in html
        assert "the way you usually contact them" not in html
    else:
        assert "Ask your trainer, Tess, for a new one, the way you usually contact them." in html
        assert "mailto:" not in html and "Your trainer:" not in html


def test_without_a_chosen_contact_the_client_sees_the_trainers_account_name(client, planned):
    _, _, link = planned
    page = client.get(link.get_absolute_url()).content.decode()
    assert "Your trainer: <strong>Tess</strong>" in page
    assert "tess@example.com" not in page  # the login address is never shown unasked


def test_the_trainer_chooses_what_clients_see(trainer_client, trainer):
    url = reverse("clients:contact-settings")
    assert trainer_client.get(url).status_code == 200
    saved = trainer_client.post(
        url, {"contact_name": "Tess Hill", "contact_email": "", "contact_phone": "07700 900123"}
    )
    assert saved.status_code == 302
    preference = TrainerPreference.objects.get(trainer=trainer)
    assert (preference.contact_name, preference.contact_phone) == ("Tess Hill", "07700 900123")
    assert "Tess Hill" in trainer_client.get(url).content.decode()


def test_a_bad_contact_is_refused_beside_the_field_with_422(trainer_client, trainer):
    url = reverse("clients:contact-settings")
    response = trainer_client.post(
        url, {"contact_name": "Tess", "contact_email": "not-an-email", "contact_phone": "call me"}
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Enter a valid email address." in html and "Enter a phone number" in html
    assert not TrainerPreference.objects.filter(trainer=trainer).exists()
    fragment = trainer_client.post(url, {"contact_email": "nope"}, **HTMX)
    assert fragment.status_code == 422
    assert 'id="contact-form"' in fragment.content.decode()
    assert "<nav" not in fragment.content.decode()


def test_the_contact_settings_page_needs_a_login(client):
    response = client.get(reverse("clients:contact-settings"))
    assert response.status_code == 302 and "/login/" in response["Location"]
