"""Assigning routines and managing the private link, from the trainer's side."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from clients import assigning, share_links
from clients.models import Assignment, MedicalClearance, SessionLog, ShareLink
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")  # schedules and adherence count from one today


@pytest.fixture
def lunge():
    return Stretch.objects.get(slug="kneeling-lunge")


@pytest.fixture
def routine(trainer, lunge):
    routine = make_routine(
        trainer, name="Desk reset", stretches=[lunge, Stretch.objects.get(slug="pigeon-pose")]
    )
    routine.steps.update(private_note="only for the trainer")
    return routine


def assign_data(chosen, **changes):
    return {
        "routine": chosen.pk,
        "sessions_per_day": 1,
        "weekdays": [0, 2, 4],
        "starts_on": timezone.localdate().isoformat(),
        **changes,
    }


def assign_url(client):
    return reverse("clients:assignment-create", args=[client.pk])


def test_assigning_freezes_a_copy_without_private_notes(trainer_client, client_of, routine):
    make_intake(client_of)
    response = trainer_client.post(assign_url(client_of), assign_data(routine))
    assert response.status_code == 302
    assignment = Assignment.objects.get(client=client_of)
    assert assignment.weekdays == [0, 2, 4]
    assert [s.stretch.slug for s in assignment.steps.all()] == ["kneeling-lunge", "pigeon-pose"]
    assert not hasattr(assignment.steps.first(), "private_note")

    # Editing the routine later does not change the client's copy until the trainer says so.
    routine.steps.filter(position=1).update(hold_seconds=99)
    routine.version += 1
    routine.save()
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "update Alex Client's copy" in page
    assert assignment.steps.get(position=1).hold_seconds != 99
    trainer_client.post(
        reverse("clients:assignment-update-copy", args=[client_of.pk, assignment.pk])
    )
    assert assignment.steps.get(position=1).hold_seconds == 99


@pytest.mark.parametrize("flags", [None, ["cancer"], ["bladder_bowel"]])
def test_assigning_is_blocked_until_the_screen_allows_it(trainer_client, client_of, routine, flags):
    if flags is not None:
        make_intake(client_of, red_flags=flags)
    response = trainer_client.post(assign_url(client_of), assign_data(routine))
    assert response.status_code == 409
    assert "Record medical clearance first" in response.content.decode()
    assert not Assignment.objects.exists()


def test_clearance_unblocks_assigning(trainer_client, client_of, routine):
    intake = make_intake(client_of, red_flags=["cancer"])
    MedicalClearance.objects.create(intake=intake, cleared_by="GP", cleared_on=timezone.localdate())
    response = trainer_client.post(assign_url(client_of), assign_data(routine))
    assert response.status_code == 302
    assert Assignment.objects.filter(client=client_of).count() == 1


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weekdays": []}, "Pick at least one day."),
        (
            {"ends_on": (timezone.localdate() - timedelta(days=1)).isoformat()},
            "The end date must be on or after the start date.",
        ),
        ({"sessions_per_day": 7}, "Select a valid choice."),
        ({"routine": ""}, "This field is required."),
    ],
)
def test_bad_schedules_are_refused_beside_the_field(
    trainer_client, client_of, routine, changes, message
):
    make_intake(client_of)
    response = trainer_client.post(assign_url(client_of), assign_data(routine, **changes))
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Assignment.objects.exists()


def test_another_trainers_routine_cannot_be_assigned(
    trainer_client, client_of, other_trainer, lunge
):
    make_intake(client_of)
    theirs = make_routine(other_trainer, name="Theirs", stretches=[lunge])
    response = trainer_client.post(assign_url(client_of), assign_data(theirs))
    assert response.status_code == 422
    assert not Assignment.objects.exists()


def test_caution_matches_offer_a_one_click_swap_to_the_easier_version(
    trainer_client, client_of, routine
):
    make_intake(client_of, cautions=["knee"])
    trainer_client.post(assign_url(client_of), assign_data(routine))
    assignment = Assignment.objects.get()
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Kneeling lunge</strong> carries a caution that matches the intake: Knee pain" in page
    assert "Swap for Standing hip-flexor stretch" in page
    lunge_step = assignment.steps.get(position=1)
    trainer_client.post(
        reverse("clients:assignment-swap", args=[client_of.pk, assignment.pk, lunge_step.pk])
    )
    lunge_step.refresh_from_db()
    assert lunge_step.stretch.slug == "standing-hip-flexor-stretch"
    assert lunge_step.hold_seconds == lunge_step.stretch.hold_seconds


def test_ending_an_assignment_keeps_its_history(trainer_client, client_of, routine):
    make_intake(client_of)
    client_of.refresh_from_db()
    assignment = assigning.assign(client_of, routine, weekdays=[0])
    trainer_client.post(reverse("clients:assignment-end", args=[client_of.pk, assignment.pk]))
    assignment.refresh_from_db()
    assert assignment.ended_at is not None
    assert not Assignment.objects.current().filter(pk=assignment.pk).exists()


def test_adherence_counts_sessions_done_against_sessions_planned(
    trainer_client, client_of, routine
):
    make_intake(client_of)
    client_of.refresh_from_db()
    today = timezone.localdate()
    assignment = assigning.assign(
        client_of, routine, weekdays=list(range(7)), starts_on=today - timedelta(days=40)
    )
    for days_ago in range(0, 7, 2):  # 4 of the last 7 days
        SessionLog.objects.create(
            assignment=assignment,
            client=client_of,
            session_date=today - timedelta(days=days_ago),
            status="done",
        )
    SessionLog.objects.create(
        assignment=assignment, client=client_of, session_date=today - timedelta(1), status="skipped"
    )
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert '<strong data-adherence="7">57%</strong> (4/7)' in page
    assert '<strong data-adherence="30">13%</strong> (4/30)' in page


def test_the_private_link_can_be_made_replaced_revoked_and_expire(
    client, trainer_client, client_of
):
    issue = reverse("clients:link-issue", args=[client_of.pk])
    trainer_client.post(issue)
    first = ShareLink.objects.get(client=client_of, revoked_at__isnull=True)
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert first.get_absolute_url() in page
    assert 'data-copy="share-url"' in page

    trainer_client.post(issue, {"expires_on": (timezone.localdate()).isoformat()})
    second = ShareLink.objects.get(client=client_of, revoked_at__isnull=True)
    assert second.token != first.token
    assert client.get(first.get_absolute_url()).status_code == 404
    assert client.get(second.get_absolute_url()).status_code == 200

    yesterday = timezone.localdate() - timedelta(days=1)
    refused = trainer_client.post(issue, {"expires_on": yesterday.isoformat()})
    assert refused.status_code == 422
    assert "Choose today or a later date." in refused.content.decode()
    assert ShareLink.objects.get(client=client_of, revoked_at__isnull=True) == second

    trainer_client.post(reverse("clients:link-revoke", args=[client_of.pk]))
    assert client.get(second.get_absolute_url()).status_code == 404
    assert not ShareLink.objects.live().filter(client=client_of).exists()


def test_the_replace_form_sits_behind_a_disclosure_with_the_new_links_date(
    trainer_client, client_of
):
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert ">Link works until" in page  # no link yet: the date is the first link's
    assert "link-replace" not in page
    issue = reverse("clients:link-issue", args=[client_of.pk])
    trainer_client.post(issue)
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    replace = page[page.index('<details class="link-replace"') :]
    assert replace.index("<summary>Replace with a new link</summary>") < replace.index(
        ">New link works until"
    )
    assert ">Link works until" not in page
    yesterday = timezone.localdate() - timedelta(days=1)
    refused = trainer_client.post(issue, {"expires_on": yesterday.isoformat()})
    assert refused.status_code == 422
    html = refused.content.decode()
    assert '<details class="link-replace" open>' in html  # the message is in sight
    assert ">New link works until" in html


def test_the_link_as_qr_code_and_by_email(trainer_client, client_of):
    client_of.email = "alex@example.com"
    client_of.save()
    link = share_links.issue_link(client_of)
    qr = trainer_client.get(reverse("clients:link-qr", args=[client_of.pk]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    trainer_client.post(reverse("clients:link-email", args=[client_of.pk]))
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["alex@example.com"]
    assert link.token in mail.outbox[0].body


def test_alerts_show_on_the_client_page_until_handled(trainer_client, client_of, routine, client):
    make_intake(client_of, pain_average_week=3)
    client_of.refresh_from_db()
    assignment = assigning.assign(client_of, routine, weekdays=list(range(7)))
    link = share_links.issue_link(client_of)
    client.post(
        reverse("shared:log", args=[link.token]),
        {"assignment": assignment.pk, "session_number": 1, "status": "partly", "pain_after": 8},
    )
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Pain of 7 or more" in page and "Pain 2 or more above their usual" in page
    alert = client_of.alerts.get(kind="pain_high")
    trainer_client.post(reverse("clients:alert-handle", args=[client_of.pk, alert.pk]))
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Pain of 7 or more" not in page
    alert.refresh_from_db()
    assert alert.handled_at is not None  # kept in the history


@pytest.mark.parametrize("count", [1, 20])
def test_client_page_query_budget_with_assignments(
    trainer_client, client_of, routine, count, django_assert_max_num_queries
):
    make_intake(client_of, cautions=["knee"])
    client_of.refresh_from_db()
    for _ in range(count):
        assigning.assign(client_of, routine, weekdays=list(range(7)))
    share_links.issue_link(client_of)
    trainer_client.get(client_of.get_absolute_url())  # the session's first request saves it
    with django_assert_max_num_queries(16):
        response = trainer_client.get(client_of.get_absolute_url())
    assert response.content.decode().count('class="assignment"') == count


def test_clients_of_other_trainers_are_never_listed_in_the_routine_picker(
    trainer_client, client_of, other_trainer, lunge
):
    make_routine(other_trainer, name="Otto's secret routine", stretches=[lunge])
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Otto&#x27;s secret routine" not in page


def test_the_routine_list_counts_the_clients_who_have_each_routine(
    trainer_client, trainer, routine
):
    for name in ("One", "Two"):
        someone = make_client(trainer, name=name)
        make_intake(someone)
        someone.refresh_from_db()
        assigning.assign(someone, routine, weekdays=[0])
        assigning.assign(someone, routine, weekdays=[3])  # twice, still one client
    html = trainer_client.get(reverse("routines:routine-list")).content.decode()
    row = html[html.index("Desk reset</a>") :]
    assert row[: row.index("</tr>")].rstrip().endswith("<td>2</td>")
