"""Assign to many: one routine and one schedule for several clients; each passes their own
red-flag gate, advanced unlock and caution check, and the result says who got it and why not."""

import pytest
from django.urls import reverse

from clients.models import Assignment
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")
URL = reverse("clients:assign-many")


@pytest.fixture
def practice(trainer):
    ready = make_client(trainer, name="Ready Rae")
    make_intake(ready)
    knees = make_client(trainer, name="Knee Kit")
    make_intake(knees, cautions=["knee"])
    flagged = make_client(trainer, name="Flagged Fran")
    make_intake(flagged, red_flags=["cancer"])
    new = make_client(trainer, name="New Nia")
    routine = make_routine(
        trainer, name="Desk reset", stretches=[Stretch.objects.get(slug="kneeling-lunge")]
    )
    return {"ready": ready, "knees": knees, "flagged": flagged, "new": new, "routine": routine}


def schedule(routine, *clients):
    return {
        "client": [c.pk for c in clients],
        "routine": routine.pk,
        "sessions_per_day": 1,
        "weekdays": [0, 2, 4],
        "starts_on": "2026-01-05",
    }


def test_each_client_passes_their_own_gate_and_the_result_says_who_and_why(
    trainer_client, practice
):
    p = practice
    response = trainer_client.post(
        URL, schedule(p["routine"], p["ready"], p["knees"], p["flagged"], p["new"])
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "2 of 4 assigned" in html
    assigned = html[html.index('id="assigned-heading"') : html.index('id="blocked-heading"')]
    blocked = html[html.index('id="blocked-heading"') :]
    assert "Ready Rae" in assigned and "Knee Kit" in assigned
    assert "Kneeling lunge: Knee pain" in assigned  # assigned, with the caution to check
    assert "Flagged Fran</a>: red flags not cleared" in blocked
    assert "New Nia</a>: no intake yet" in blocked
    assigned_to = set(Assignment.objects.values_list("client__name", flat=True))
    assert assigned_to == {"Ready Rae", "Knee Kit"}
    copy = Assignment.objects.get(client=p["ready"])
    assert (copy.weekdays, copy.steps.count()) == ([0, 2, 4], 1)


def test_bad_input_is_refused_beside_the_field_and_nobody_is_assigned(trainer_client, practice):
    p = practice
    data = {**schedule(p["routine"], p["ready"]), "weekdays": []}
    response = trainer_client.post(URL, data)
    assert response.status_code == 422
    html = response.content.decode()
    assert "Pick at least one day." in html
    none_chosen = trainer_client.post(URL, schedule(p["routine"]))
    assert none_chosen.status_code == 422
    assert "Choose at least one client." in none_chosen.content.decode()
    assert not Assignment.objects.exists()


def test_another_practices_clients_and_routines_are_not_found(
    client, other_trainer, trainer_client, practice
):
    p = practice
    client.force_login(other_trainer)
    own_routine = make_routine(other_trainer, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    response = client.post(URL, schedule(own_routine, p["ready"]))
    assert response.status_code == 422  # Ready Rae is not theirs: no client chosen
    page = client.get(URL, {"client": [p["ready"].pk]}).content.decode()
    assert "Ready Rae" not in page
    # The trainer cannot pick another trainer's routine either.
    refused = trainer_client.post(URL, schedule(own_routine, p["ready"]))
    assert refused.status_code == 422
    assert not Assignment.objects.exists()


def test_the_list_offers_a_box_per_client_for_the_assign_page(trainer_client, practice):
    html = trainer_client.get(reverse("clients:client-list")).content.decode()
    assert f'name="client" value="{practice["ready"].pk}"' in html
    assert 'form="assign-many"' in html and f'action="{URL}"' in html
    page = trainer_client.get(URL, {"client": [practice["ready"].pk, "x"]}).content.decode()
    assert "Ready Rae" in page and "Assign to 1 client" in page
