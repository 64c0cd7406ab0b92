"""Reminder emails: the client's choice, the one-tap done link, unsubscribe, digests, and
exactly-once sending when two copies of send_reminders run at the same time."""

import io
import re
from datetime import UTC, date, datetime, time

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from clients import assigning, session_logs, share_links
from clients.models import (
    Delivery,
    ReminderPreference,
    SessionLog,
    TrainerPreference,
)
from clients.reminders import send_client_reminders
from routines.models import Stretch
from tests import clock
from tests.factories import make_client, make_intake, make_routine, make_trainer
from tests.scratch import development_env, manage, scratch_database

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")  # "today at 08:05" stays one day, even at midnight


def today_at(clock):
    """A --now value for send_reminders: today at `clock` ("08:05"), whatever the real time."""
    return f"{timezone.localdate().isoformat()}T{clock}"


def send(clock="08:05"):
    out = io.StringIO()
    call_command("send_reminders", now=today_at(clock), stdout=out)
    return out.getvalue()


@pytest.fixture
def routine(trainer):
    return make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])


@pytest.fixture
def planned(trainer, routine):
    client = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(client)
    client.refresh_from_db()
    assignment = assigning.assign(client, routine, weekdays=list(range(7)))
    link = share_links.issue_link(client)
    return client, assignment, link


def test_the_client_turns_reminders_on_from_their_page(client, planned):
    rosa, _, link = planned
    url = reverse("shared:reminders", args=[link.token])
    refused = client.post(url, {"enabled": "on", "time_of_day": "07:15"}, **HTMX)
    assert refused.status_code == 422
    assert "Pick at least one day" in refused.content.decode()
    bad_time = client.post(url, {"enabled": "on", "time_of_day": "25:99", "weekdays": [0]}, **HTMX)
    assert bad_time.status_code == 422 and "Use a time like 08:00." in bad_time.content.decode()
    assert not ReminderPreference.objects.exists()

    saved = client.post(url, {"enabled": "on", "time_of_day": "07:15", "weekdays": [0, 2]}, **HTMX)
    assert saved.status_code == 200
    assert "We will email you at 07:15" in saved.content.decode()
    preference = ReminderPreference.objects.get(client=rosa)
    assert (preference.time_of_day, preference.weekdays) == (time(7, 15), [0, 2])
    assert len(preference.unsubscribe_token) >= 32


def test_reminders_need_an_email_address(client, trainer, routine):
    nomail = make_client(trainer, name="No Mail")
    make_intake(nomail)
    nomail.refresh_from_db()
    assigning.assign(nomail, routine, weekdays=[0])
    link = share_links.issue_link(nomail)
    assert (
        "Ask your trainer to add your email" in client.get(link.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("shared:reminders", args=[link.token]),
        {"enabled": "on", "time_of_day": "07:15", "weekdays": [0]},
    )
    assert response.status_code == 422
    assert not ReminderPreference.objects.exists()


def turn_on(client_record, at=time(8, 0)):
    return ReminderPreference.objects.create(
        client=client_record,
        time_of_day=at,
        weekdays=list(range(7)),
        unsubscribe_token=f"unsub-{client_record.pk}-" + "x" * 24,
    )


def test_a_due_reminder_is_sent_once_and_its_done_link_logs_one_session(client, planned):
    rosa, assignment, _ = planned
    turn_on(rosa)
    assert "Queued 0 reminder(s)" in send("07:59")  # not yet
    assert "Queued 1 reminder(s)" in send("08:05")
    assert "Queued 0 reminder(s)" in send("08:10")  # a later run the same day sends nothing more
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["rosa@example.com"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    done_url = re.search(r"http\S+/done/\S+", message.body).group(0)
    path = done_url.split("8000", 1)[1] if "8000" in done_url else done_url
    page = client.get(path)
    assert page.status_code == 200 and "Yes, I did it" in page.content.decode()
    assert not SessionLog.objects.exists()  # opening the link alone logs nothing
    for _ in range(2):
        response = client.post(path, {"status": "done"})
        assert "Logged: done" in response.content.decode()
    assert SessionLog.objects.filter(assignment=assignment).count() == 1


def test_no_reminder_when_the_session_is_already_logged_or_the_run_is_late(planned):
    rosa, assignment, _ = planned
    turn_on(rosa)
    assert "Queued 0 reminder(s)" in send("11:00")  # three hours late: stale, not sent
    session_logs.record_session(assignment, timezone.localdate(), 1, status="done")
    assert "Queued 0 reminder(s)" in send("08:05")  # already done today
    assert mail.outbox == []


def test_done_links_follow_the_share_token_rules(client, planned):
    rosa, assignment, link = planned
    day = timezone.localdate()
    path = f"{reverse('shared:done', args=[link.token])}?a={assignment.pk}&n=1&d={day}"
    assert client.get(path).status_code == 200
    share_links.revoke_link(rosa)
    assert client.get(path).status_code == 404
    assert client.post(path, {"status": "done"}).status_code == 404
    assert not SessionLog.objects.exists()


def test_one_click_unsubscribe(client, planned):
    rosa, _, _ = planned
    preference = turn_on(rosa)
    url = reverse("clients:reminder-stop", args=[preference.unsubscribe_token])
    assert "Stop reminders" in client.get(url).content.decode()
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    preference.refresh_from_db()
    assert not preference.enabled
    assert client.get(reverse("clients:reminder-stop", args=["nope" * 8])).status_code == 404


def test_trainer_digest_lists_names_and_reasons_without_figures(trainer, planned):
    _, assignment, _ = planned
    session_logs.record_session(assignment, timezone.localdate(), 1, status="done", pain_after=9)
    TrainerPreference.objects.create(trainer=trainer, daily_digest=True, digest_time=time(7, 0))
    send("07:30")
    send("07:45")
    digests = [m for m in mail.outbox if m.to == [trainer.email]]
    assert len(digests) == 1
    assert "Rosa Lind: Pain alert" in digests[0].body
    assert "9/10" not in digests[0].body


SEED = """
import django
django.setup()
from datetime import timedelta, time
from django.contrib.auth.models import User
from django.utils import timezone
from clients import assigning, share_links
from clients.models import Client, Intake, ReminderPreference
from routines.models import Routine, RoutineStep, Stretch

now = timezone.localtime()
trainer = User.objects.create(username="busy", email="busy@example.com")
stretch = Stretch.objects.get(slug="supine-figure-4")
routine = Routine.objects.create(owner=trainer, name="Plan")
RoutineStep.objects.create(routine=routine, stretch=stretch, position=1, hold_seconds=30)
for n in range({count}):
    client = Client.objects.create(
        trainer=trainer, name=f"Client {{n}}", email=f"c{{n}}@example.com"
    )
    intake = Intake.objects.create(
        client=client, consent_recorded_at=now, pain_now=3, pain_average_week=3,
        pain_worst_week=4, pain_duration="6_12_weeks", sitting_hours_workday=8,
        sitting_hours_day_off=4,
    )
    client.refresh_latest_intake()
    assigning.assign(client, routine, weekdays=list(range(7)))
    share_links.issue_link(client)
    ReminderPreference.objects.create(
        client=client, time_of_day=time(8, 0), weekdays=list(range(7)),
        unsubscribe_token=f"u{{n}}" * 20,
    )
print("seeded")
"""

COUNT_SENT = """
import django
django.setup()
from clients.models import Delivery
print(Delivery.objects.filter(sent_at__isnull=False).count())
"""


@pytest.mark.django_db
def test_two_concurrent_runs_send_each_reminder_exactly_once(tmp_path):
    count = 25
    with scratch_database(tmp_path) as database_url:
        env = development_env(database_url)
        migrated = manage(env, "migrate", "--no-input")
        assert migrated.returncode == 0, migrated.stderr
        seeded = manage(env, "shell", "-c", SEED.format(count=count))
        assert seeded.returncode == 0 and "seeded" in seeded.stdout, seeded.stderr

        at = today_at("08:05")
        runs = [manage(env, "send_reminders", f"--now={at}", background=True) for _ in range(2)]
        outputs = [run.communicate(timeout=120) for run in runs]
        assert all(run.returncode == 0 for run in runs), [err for _, err in outputs]
        sent = sum(out.count("Subject: Time for your stretches") for out, _ in outputs)
        assert sent == count
        recipients = re.findall(r"^To: (\S+)$", "".join(out for out, _ in outputs), re.M)
        assert sorted(recipients) == sorted(f"c{n}@example.com" for n in range(count))
        claimed = manage(env, "shell", "-c", COUNT_SENT)
        assert claimed.stdout.strip().splitlines()[-1] == str(count)

        again = manage(env, "send_reminders", f"--now={at}")
        assert "Queued 0 reminder(s)" in again.stdout
    assert not Delivery.objects.exists()  # the scratch database was separate


def test_guessing_unsubscribe_links_is_limited_with_the_private_links(client, planned, settings):
    settings.SHARE_GUESS_LIMIT = 3
    rosa, _, _ = planned
    preference = turn_on(rosa)
    for attempt in range(2):
        assert (
            client.get(reverse("clients:reminder-stop", args=[f"guess-{attempt}" * 6])).status_code
            == 404
        )
    assert client.get(f"/s/{'guess-link' * 4}/").status_code == 404  # one count for both kinds
    blocked = client.post(reverse("clients:reminder-stop", args=[preference.unsubscribe_token]))
    assert blocked.status_code == 429
    preference.refresh_from_db()
    assert preference.enabled
    elsewhere = client.get(
        reverse("clients:reminder-stop", args=[preference.unsubscribe_token]),
        REMOTE_ADDR="203.0.113.9",
    )
    assert elsewhere.status_code == 200


# --- The client's own time zone -------------------------------------------------------------
# Pinned dates around a change of clocks (the test clock moves the run there): in 2027 New York
# moves from EST (UTC-5) to EDT (UTC-4) on Sunday 14 March.
NEW_YORK = "America/New_York"


def a_client_in(zone, at=time(7, 0)):
    """Rosa, planned every day from today, with a live link and a reminder at `at` in `zone`."""
    trainer = make_trainer("zoe", password="calm-hips-2026")
    rosa = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
    make_intake(rosa)
    rosa.refresh_from_db()
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="supine-figure-4")])
    assigning.assign(rosa, routine, weekdays=list(range(7)))
    share_links.issue_link(rosa)
    preference = turn_on(rosa, at)
    preference.time_zone = zone
    preference.save()
    return rosa


def test_the_client_chooses_their_time_zone_and_a_bad_one_is_refused(client, planned):
    rosa, _, link = planned
    url = reverse("shared:reminders", args=[link.token])
    choice = {"enabled": "on", "time_of_day": "07:15", "weekdays": [0, 2]}
    refused = client.post(url, {**choice, "time_zone": "Mars/Olympus_Mons"}, **HTMX)
    html = refused.content.decode()
    assert refused.status_code == 422
    field = html[html.index('<label for="reminder-time_zone"') : html.index("Save reminder")]
    assert "We do not know that time zone." in field  # beside the field
    assert 'value="Mars/Olympus_Mons"' in field
    assert not ReminderPreference.objects.exists()

    saved = client.post(url, {**choice, "time_zone": NEW_YORK}, **HTMX)
    assert saved.status_code == 200
    assert f"We will email you at 07:15 ({NEW_YORK})" in saved.content.decode()
    assert ReminderPreference.objects.get(client=rosa).time_zone == NEW_YORK
    # The page shows the choice again; without one, the phone fills the field in.
    page = client.get(link.get_absolute_url()).content.decode()
    assert f'value="{NEW_YORK}"' in page and "data-browser-zone" in page


def test_a_reminder_goes_out_at_the_clients_own_time_across_a_change_of_clocks(db):
    with clock.ticking_from(datetime(2027, 3, 12, 15, 0, tzinfo=UTC)):
        a_client_in(NEW_YORK)
    # Saturday, EST: 07:00 in New York is 12:00 UTC.
    assert send_client_reminders(datetime(2027, 3, 13, 11, 30, tzinfo=UTC)) == 0
    assert send_client_reminders(datetime(2027, 3, 13, 12, 5, tzinfo=UTC)) == 1
    # Monday, EDT: 07:00 in New York is now 11:00 UTC, not 12:00.
    assert send_client_reminders(datetime(2027, 3, 15, 10, 55, tzinfo=UTC)) == 0
    assert send_client_reminders(datetime(2027, 3, 15, 11, 5, tzinfo=UTC)) == 1
    assert send_client_reminders(datetime(2027, 3, 15, 12, 5, tzinfo=UTC)) == 0  # once a day
    days = sorted(Delivery.objects.values_list("day", flat=True))
    assert days == [date(2027, 3, 13), date(2027, 3, 15)]
    assert len(mail.outbox) == 2


def test_a_client_ahead_of_the_studio_is_reminded_on_their_own_day(db):
    with clock.ticking_from(datetime(2027, 6, 14, 9, 0, tzinfo=UTC)):
        a_client_in("Pacific/Auckland")
    # 19:05 UTC on Monday 14 June is 07:05 on Tuesday 15 June in Auckland (UTC+12).
    assert send_client_reminders(datetime(2027, 6, 14, 19, 5, tzinfo=UTC)) == 1
    assert Delivery.objects.get().day == date(2027, 6, 15)
