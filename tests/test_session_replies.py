"""Replies on a session: the trainer answers from the client page (HTMX or a plain post); the
client reads it on their page and once in their next reminder; export and erasure include it."""

import json
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients import assigning, reminders, share_links
from clients.models import ReminderPreference, SessionLog, SessionReply
from tests.factories import make_client, make_intake, make_routine, make_stretch

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def logged(trainer):
    client = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(client)
    client.refresh_from_db()
    routine = make_routine(trainer, stretches=[make_stretch(trainer)])
    assignment = assigning.assign(client, routine, weekdays=list(range(7)))
    log = SessionLog.objects.create(
        assignment=assignment,
        client=client,
        session_date=timezone.localdate() - timedelta(days=1),
        status="partly",
        note="My hip pinched on the left",
    )
    return client, log


def reply_url(client, log):
    return reverse("clients:session-reply", args=[client.pk, log.pk])


def reply_data(log, text):
    return {f"reply-{log.pk}-text": text}


def test_a_reply_from_the_client_page_is_stored_and_shown_under_the_session(
    trainer_client, trainer, logged
):
    client, log = logged
    response = trainer_client.post(
        reply_url(client, log), reply_data(log, "  Ease off the lunge depth.  "), **HTMX
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<nav" not in html and f'id="log-{log.pk}-replies"' in html
    assert "Ease off the lunge depth." in html and "Sent:" in html
    reply = SessionReply.objects.get()
    assert (reply.session_log, reply.client, reply.author) == (log, client, trainer)
    assert reply.text == "Ease off the lunge depth."
    page = trainer_client.get(client.get_absolute_url()).content.decode()
    assert "Replies (1)" in page and "My hip pinched on the left" in page
    # The thread loads when opened.
    thread = trainer_client.get(reply_url(client, log), **HTMX)
    assert thread.status_code == 200 and "Ease off the lunge depth." in thread.content.decode()
    assert "<nav" not in thread.content.decode()


def test_an_empty_reply_is_refused_beside_the_field_and_nothing_is_saved(trainer_client, logged):
    client, log = logged
    response = trainer_client.post(reply_url(client, log), reply_data(log, "   "), **HTMX)
    assert response.status_code == 422
    html = response.content.decode()
    field = html[html.index(f'id="field-reply-{log.pk}-text"') :]
    assert "Write a reply first." in field[: field.index("</textarea>")]
    assert not SessionReply.objects.exists()


def test_a_plain_post_redirects_to_the_thread_and_a_bad_one_shows_the_page_with_the_message(
    trainer_client, logged
):
    client, log = logged
    response = trainer_client.post(reply_url(client, log), reply_data(log, "Nice work"))
    assert response.status_code == 302
    assert response["Location"].endswith(f"#log-{log.pk}-replies")
    too_long = trainer_client.post(reply_url(client, log), reply_data(log, "x" * 1001))
    assert too_long.status_code == 422
    assert "at most 1000 characters" in too_long.content.decode()
    assert SessionReply.objects.count() == 1


def test_another_practice_and_another_clients_session_get_404(
    client, trainer_client, other_trainer, trainer, logged
):
    rosa, log = logged
    someone = make_client(trainer, name="Someone Else")
    assert trainer_client.post(reply_url(someone, log), reply_data(log, "Hi")).status_code == 404
    client.force_login(other_trainer)
    assert client.post(reply_url(rosa, log), reply_data(log, "Hi")).status_code == 404
    assert client.get(reply_url(rosa, log), **HTMX).status_code == 404
    assert trainer_client.put(reply_url(rosa, log)).status_code == 405
    assert not SessionReply.objects.exists()


def test_the_client_sees_the_reply_on_their_page(client, trainer_client, logged):
    rosa, log = logged
    link = share_links.issue_link(rosa)
    trainer_client.post(reply_url(rosa, log), reply_data(log, "Shorter holds this week."), **HTMX)
    html = client.get(link.get_absolute_url()).content.decode()
    section = html[html.index('id="replies-heading"') :]
    assert "Shorter holds this week." in section
    assert "My hip pinched on the left" in section  # what it answers


def test_the_clients_note_is_quoted_on_its_own_with_no_doubled_punctuation(
    client, trainer_client, logged
):
    rosa, log = logged
    SessionLog.objects.filter(pk=log.pk).update(note="Lunge pinched my back on the left side.")
    link = share_links.issue_link(rosa)
    trainer_client.post(reply_url(rosa, log), reply_data(log, "Shorter holds this week."), **HTMX)
    html = client.get(link.get_absolute_url()).content.decode()
    section = html[html.index('id="replies-heading"') :]
    assert ", you wrote:</p>" in section
    assert (
        '<blockquote class="trainer-replies__note">Lunge pinched my back on the left side.'
        "</blockquote>"
    ) in section
    assert ".”" not in section and "”:" not in section


def test_the_next_reminder_carries_the_reply_once(trainer_client, logged):
    rosa, log = logged
    share_links.issue_link(rosa)
    preference = ReminderPreference.objects.create(
        client=rosa, time_of_day="08:00", weekdays=list(range(7)), unsubscribe_token="u" * 32
    )
    trainer_client.post(reply_url(rosa, log), reply_data(log, "Shorter holds this week."), **HTMX)
    today = timezone.localdate()
    first = reminders.client_reminder(preference, today)
    assert "Shorter holds this week." in first.body
    second = reminders.client_reminder(preference, today)
    assert second is not None and "Shorter holds this week." not in second.body
    assert mail.outbox == []  # composing a reminder sends nothing by itself


def test_replies_are_in_the_export_and_go_with_erasure(trainer_client, logged):
    rosa, log = logged
    trainer_client.post(reply_url(rosa, log), reply_data(log, "Shorter holds this week."), **HTMX)
    export = trainer_client.get(reverse("clients:client-export-json", args=[rosa.pk]))
    replies = json.loads(export.content)["session_replies"]
    assert [r["text"] for r in replies] == ["Shorter holds this week."]
    erase = reverse("clients:client-erase", args=[rosa.pk])
    trainer_client.post(erase, {"confirm_name": rosa.name})
    assert not SessionReply.objects.exists()


def reply_field(html, log):
    field = html[html.index(f'id="field-reply-{log.pk}-text"') :]
    return field[: field.index("</textarea>")].replace("&#x27;", "'")


SPANISH_HINT = "Rosa Lind's page is in Spanish: write in Spanish."


def test_a_reply_to_a_client_who_reads_in_spanish_says_to_write_in_spanish(trainer_client, logged):
    client, log = logged
    client.language = "es"
    client.save()
    page = trainer_client.get(client.get_absolute_url()).text
    field = reply_field(page, log)
    assert SPANISH_HINT in field
    assert f'aria-describedby="id_reply-{log.pk}-text_helptext"' in field  # read with the field
    thread = trainer_client.get(reply_url(client, log), **HTMX).text
    assert SPANISH_HINT in reply_field(thread, log)
    # The dashboard's queue: her note waits for a reply there too.
    dashboard = trainer_client.get(reverse("clients:dashboard")).text
    assert SPANISH_HINT in reply_field(dashboard, log)
    refused = trainer_client.post(reply_url(client, log), reply_data(log, " "), **HTMX).text
    assert SPANISH_HINT in reply_field(refused, log)


@pytest.mark.parametrize(
    ("client_language", "accept_language", "hint"),
    [
        ("en-gb", "", None),
        ("es", "es", None),
        ("en-gb", "es", "Rosa Lind's page is in English: write in English."),
    ],
)
def test_the_language_hint_shows_only_when_the_languages_differ(
    trainer_client, logged, client_language, accept_language, hint
):
    client, log = logged
    client.language = client_language
    client.save()
    headers = {"HTTP_ACCEPT_LANGUAGE": accept_language} if accept_language else {}
    for url in (client.get_absolute_url(), reverse("clients:dashboard")):
        field = reply_field(trainer_client.get(url, **headers).text, log)
        if hint:
            assert hint in field
        else:
            assert "page is in" not in field
