"""Intake answers feed the caution check: "worse when arching backwards" flags the arching
stretches even with the take-care-with box empty, and the trainer sees where each caution came
from."""

import pytest
from django.urls import reverse

from clients import assigning
from clients.cautions import INTAKE_CAUTIONS, caution_codes
from clients.models import Aggravator, Intake
from routines.models import CautionTag, Stretch
from tests.factories import make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def routine(trainer):
    slugs = ["kneeling-lunge", "pigeon-pose", "half-frog-pose"]
    return make_routine(trainer, stretches=[Stretch.objects.get(slug=s) for s in slugs])


def test_an_arching_answer_alone_flags_the_arching_stretches_on_the_client_page(
    trainer_client, client_of, routine
):
    make_intake(client_of, worse_with=["arching"], cautions=[])
    client_of.refresh_from_db()
    assigning.assign(client_of, routine, weekdays=[0, 2, 4])
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Kneeling lunge</strong> carries a caution that matches the intake" in page
    assert "Half frog pose</strong> carries a caution that matches the intake" in page
    assert "Pigeon pose</strong> carries a caution" not in page  # not tagged "arching"
    assert "Back pain when arching" in page
    assert "from intake: worse when arching backwards" in page
    assert "from the take-care-with box" not in page


def test_each_caution_says_where_it_came_from(trainer_client, client_of):
    intake = make_intake(client_of, worse_with=["arching"], cautions=["knee", "arching"])
    client_of.refresh_from_db()
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert (
        'Back pain when arching</span> <span class="muted">from the take-care-with box; '
        "from intake: worse when arching backwards"
    ) in page
    assert 'Knee pain</span> <span class="muted">from the take-care-with box' in page
    detail = trainer_client.get(intake.get_absolute_url()).content.decode()
    assert "from intake: worse when arching backwards" in detail


def test_the_swap_offered_for_a_derived_caution_works(trainer_client, client_of, routine):
    make_intake(client_of, worse_with=["arching"])
    client_of.refresh_from_db()
    assignment = assigning.assign(client_of, routine, weekdays=[0])
    lunge_step = assignment.steps.get(position=1)
    response = trainer_client.post(
        reverse("clients:assignment-swap", args=[client_of.pk, assignment.pk, lunge_step.pk])
    )
    assert response.status_code == 302
    lunge_step.refresh_from_db()
    assert lunge_step.stretch.slug == "standing-hip-flexor-stretch"


def test_every_derived_caution_names_a_real_tag_and_a_real_answer(db):
    tags = set(CautionTag.objects.values_list("code", flat=True))
    for (field, answer), code in INTAKE_CAUTIONS.items():
        assert code in tags
        Intake._meta.get_field(field)  # the answer's field exists
        assert answer in Aggravator.values
    assert caution_codes(None) == []


def assign_slugs(client, trainer, slugs):
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug=s) for s in slugs])
    return assigning.assign(client, routine, weekdays=[0])


def test_an_easier_version_with_the_same_caution_is_named_not_offered(
    trainer_client, trainer, client_of
):
    make_intake(client_of, cautions=["knee"])
    client_of.refresh_from_db()
    assignment = assign_slugs(client_of, trainer, ["half-frog-pose"])
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Half frog pose</strong> carries a caution that matches the intake: Knee pain" in page
    assert "The easier version, Supported half frog, still carries Knee pain" in page
    assert "Swap for Supported half frog" not in page
    step = assignment.steps.get()
    response = trainer_client.post(
        reverse("clients:assignment-swap", args=[client_of.pk, assignment.pk, step.pk])
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.stretch.slug == "half-frog-pose"  # nothing swapped


def test_the_swap_prefers_an_easier_version_not_already_in_the_routine(
    trainer_client, trainer, client_of
):
    make_intake(client_of, cautions=["knee"])
    client_of.refresh_from_db()
    assignment = assign_slugs(client_of, trainer, ["supine-figure-4", "pigeon-pose"])
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Swap for Seated figure-4 on a chair" in page  # supine figure-4 is step 1 already
    assert "Swap for Supine figure-4" not in page
    assert "data-duplicate" not in page
    pigeon = assignment.steps.get(position=2)
    trainer_client.post(
        reverse("clients:assignment-swap", args=[client_of.pk, assignment.pk, pigeon.pk])
    )
    pigeon.refresh_from_db()
    assert pigeon.stretch.slug == "seated-figure-4-chair"


def test_a_swap_that_would_repeat_a_step_says_so(trainer_client, trainer, client_of):
    make_intake(client_of, worse_with=["arching"], cautions=[])
    client_of.refresh_from_db()
    assign_slugs(client_of, trainer, ["supported-half-frog-pose", "half-frog-pose"])
    page = trainer_client.get(client_of.get_absolute_url()).content.decode()
    assert "Swap for Supported half frog" in page  # it clears "arching"
    assert "Supported half frog is already step 1 of this routine: swapping puts it in twice." in (
        page
    )
