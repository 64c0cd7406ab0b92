"""How each stretch felt ("felt right / too much / hurt", one tap in the player after it): sent
with the session log, stored per step, a "hurt" alerting the trainer by the stretch's name, and
the easier version suggested on the client page. Over HTTP."""

from datetime import timedelta
from uuid import uuid4

import pytest
from django.urls import reverse

from clients import assigning, share_links
from clients.models import Alert, SessionLog, StretchFeedback
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

HTMX = {"HTTP_HX_REQUEST": "true"}
pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def rosa(trainer):
    rosa = make_client(trainer, name="Rosa Lind")
    make_intake(rosa, pain_average_week=3)
    rosa.refresh_from_db()
    return rosa


@pytest.fixture
def assignment(trainer, rosa, today):
    # Kneeling lunge (one side, then the other) has the standing hip flexor stretch as its
    # easier version; the supine figure 4 has none.
    stretches = [Stretch.objects.get(slug=s) for s in ("kneeling-lunge", "supine-figure-4")]
    assignment = assigning.assign(
        rosa, make_routine(trainer, stretches=stretches), weekdays=[*range(7)]
    )
    assignment.starts_on = today - timedelta(days=14)
    assignment.save(update_fields=["starts_on"])
    return assignment


@pytest.fixture
def link(rosa, assignment):
    return share_links.issue_link(rosa)


def log(client, link, assignment, feedback, **changes):
    data = {
        "assignment": assignment.pk,
        "session_number": 1,
        "status": "done",
        "pain_before": 3,
        "pain_after": 3,
        "feedback": feedback,
        **changes,
    }
    return client.post(reverse("shared:log", args=[link.token]), data, **HTMX)


def stored():
    return sorted(StretchFeedback.objects.values_list("position", "stretch__slug", "feeling"))


def test_feedback_is_stored_per_step_with_the_log(client, link, assignment):
    response = log(client, link, assignment, ["1:right", "2:too_much"])
    assert response.status_code == 200
    assert stored() == [(1, "kneeling-lunge", "right"), (2, "supine-figure-4", "too_much")]
    assert StretchFeedback.objects.filter(session_log=SessionLog.objects.get()).count() == 2
    assert not Alert.objects.exists()  # too much is for the trainer to see, not an alert


def test_a_stretch_that_hurt_alerts_the_trainer_by_its_name(
    client, trainer_client, link, assignment, rosa
):
    assert log(client, link, assignment, ["1:hurt", "2:right"]).status_code == 200
    alert = Alert.objects.get()
    assert (alert.kind, alert.feedback.stretch.slug) == ("stretch_hurt", "kneeling-lunge")
    dashboard = trainer_client.get(reverse("clients:dashboard")).content.decode()
    assert "Kneeling lunge hurt" in dashboard
    page = trainer_client.get(rosa.get_absolute_url()).content.decode()
    assert "Kneeling lunge hurt" in page  # the alert
    assert 'data-step-feedback="1">· hurt 1×' in page
    assert 'data-step-feedback="2">· felt right 1×' in page
    # The easier version is offered for that step, and the swap goes through.
    step = assignment.steps.get(position=1)
    swap = reverse("clients:assignment-swap", args=[rosa.pk, assignment.pk, step.pk])
    # Progression steps it down (clients.progression: a stretch that hurt), offered once.
    assert swap in page and page.count("Swap in Standing hip-flexor stretch") == 1
    assert "Swap for Standing hip-flexor stretch" not in page
    easier = Stretch.objects.get(slug="standing-hip-flexor-stretch")
    response = trainer_client.post(swap, {"to": easier.pk})
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.stretch == easier
    # After the swap the suggestion is gone: the feedback was about the stretch swapped out.
    assert (
        "Swap in Standing hip-flexor stretch"
        not in trainer_client.get(rosa.get_absolute_url()).content.decode()
    )


def test_too_much_suggests_the_easier_version_and_felt_right_does_not(
    client, trainer_client, link, assignment, rosa
):
    step = assignment.steps.get(position=1)
    swap = reverse("clients:assignment-swap", args=[rosa.pk, assignment.pk, step.pk])
    log(client, link, assignment, ["1:right"])
    assert swap not in trainer_client.get(rosa.get_absolute_url()).content.decode()
    # A step with no caution and no uneasy feedback is not swapped behind the trainer's back.
    trainer_client.post(swap)
    step.refresh_from_db()
    assert step.stretch.slug == "kneeling-lunge"
    log(client, link, assignment, ["1:too_much"], session_number=1, pain_after=2)
    assert swap in trainer_client.get(rosa.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    "feedback",
    [
        ["1:great"],  # not one of the three taps
        ["one:hurt"],
        ["1"],
        ["1:hurt", "1:right"],  # the same step twice
        ["-1:hurt"],
        ["1:hurt:extra"],
    ],
)
def test_bad_feedback_is_refused_and_nothing_is_saved(client, link, assignment, feedback):
    response = log(client, link, assignment, feedback)
    assert response.status_code == 422
    assert "How a stretch felt could not be read" in response.content.decode()
    assert not SessionLog.objects.exists()
    assert not StretchFeedback.objects.exists() and not Alert.objects.exists()


def test_feedback_for_a_step_not_in_the_routine_is_refused(client, link, assignment):
    response = log(client, link, assignment, ["1:right", "3:hurt"])
    assert response.status_code == 422
    assert "This routine has changed" in response.content.decode()
    assert not SessionLog.objects.exists() and not StretchFeedback.objects.exists()
    assert not Alert.objects.exists()


def test_a_replayed_log_records_its_feedback_once(client, link, assignment):
    key = str(uuid4())
    for _ in range(2):
        assert (
            log(client, link, assignment, ["1:hurt", "2:right"], client_key=key).status_code == 200
        )
    # The same key again, even with other answers: the replay changes nothing.
    assert log(client, link, assignment, ["1:right"], client_key=key).status_code == 200
    assert SessionLog.objects.count() == 1
    assert stored() == [(1, "kneeling-lunge", "hurt"), (2, "supine-figure-4", "right")]
    assert Alert.objects.filter(kind="stretch_hurt").count() == 1


def test_a_late_log_from_the_phone_alerts_when_it_arrives(client, link, assignment, today):
    yesterday = (today - timedelta(days=1)).isoformat()
    response = log(
        client, link, assignment, ["2:hurt"], session_date=yesterday, client_key=str(uuid4())
    )
    assert response.status_code == 200
    alert = Alert.objects.get()
    assert alert.feedback.stretch.slug == "supine-figure-4"
    assert alert.session_log.session_date.isoformat() == yesterday


def test_a_stretch_that_keeps_hurting_is_one_open_alert(client, link, assignment, today):
    for days_ago in (1, 0):
        day = (today - timedelta(days=days_ago)).isoformat()
        log(client, link, assignment, ["1:hurt"], session_date=day)
    assert StretchFeedback.objects.count() == 2
    assert Alert.objects.filter(kind="stretch_hurt").count() == 1
    # Handled, the next hurt is news again.
    Alert.objects.update(handled_at="2000-01-01T00:00Z")
    log(client, link, assignment, ["1:hurt", "2:hurt"], session_number=1, pain_after=4)
    open_alerts = Alert.objects.filter(handled_at__isnull=True)
    assert sorted(a.feedback.position for a in open_alerts) == [1, 2]


def test_the_export_carries_the_feedback(client, trainer_client, link, assignment, rosa):
    log(client, link, assignment, ["2:too_much"])
    url = reverse("clients:client-export-json", args=[rosa.pk])
    exported = trainer_client.get(url).json()["stretch_feedback"]
    assert [(row["position"], row["feeling"]) for row in exported] == [(2, "too_much")]
