"""Advanced stretches need the trainer's unlock per client: assigning, updating a copy or
swapping into an advanced step without it is refused with a clear message and a one-click
unlock, recorded (who, when) and in the access history."""

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import assigning
from clients.models import Assignment, AuditEvent
from routines.models import CautionTag, Stretch, StretchVariation, VariationKind
from tests.factories import make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def king_pigeon():
    return Stretch.objects.get(slug="king-pigeon-pose")


@pytest.fixture
def advanced_routine(trainer, king_pigeon):
    stretches = [Stretch.objects.get(slug="pigeon-pose"), king_pigeon]
    return make_routine(trainer, name="Deep hips", stretches=stretches)


@pytest.fixture
def screened(client_of):
    make_intake(client_of)
    client_of.refresh_from_db()
    return client_of


def assign(trainer_client, client, routine):
    return trainer_client.post(
        reverse("clients:assignment-create", args=[client.pk]),
        {
            "routine": routine.pk,
            "sessions_per_day": 1,
            "weekdays": [0, 3],
            "starts_on": timezone.localdate().isoformat(),
        },
    )


def test_an_advanced_step_is_refused_until_unlocked_then_assigned(
    trainer_client, trainer, screened, advanced_routine
):
    refused = assign(trainer_client, screened, advanced_routine)
    assert refused.status_code == 409
    html = refused.content.decode()
    assert "King pigeon pose is an advanced stretch: unlock advanced stretches for" in html
    unlock_url = reverse("clients:advanced-unlock", args=[screened.pk])
    assert f'action="{unlock_url}"' in html
    assert not Assignment.objects.exists()

    unlocked = trainer_client.post(unlock_url)
    assert unlocked.status_code == 302
    screened.refresh_from_db()
    assert screened.advanced_unlocked_by == trainer
    assert timezone.now() - screened.advanced_unlocked_at < timezone.timedelta(minutes=1)
    assert AuditEvent.objects.filter(
        client_ref=screened.pk, subject="advanced stretches unlocked"
    ).exists()
    page = trainer_client.get(screened.get_absolute_url()).content.decode()
    assert "Advanced stretches: <strong>unlocked</strong> by Tess on" in page

    assert assign(trainer_client, screened, advanced_routine).status_code == 302
    assert Assignment.objects.filter(client=screened).count() == 1


def test_a_routine_without_advanced_steps_needs_no_unlock(trainer_client, trainer, screened):
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    assert assign(trainer_client, screened, routine).status_code == 302


def test_update_copy_cannot_sneak_an_advanced_step_in(
    trainer_client, trainer, screened, king_pigeon
):
    routine = make_routine(trainer, stretches=[Stretch.objects.get(slug="pigeon-pose")])
    assignment = assigning.assign(screened, routine, weekdays=[0])
    routine.steps.create(stretch=king_pigeon, position=2, hold_seconds=20, repetitions=1)
    routine.version += 1
    routine.save()
    url = reverse("clients:assignment-update-copy", args=[screened.pk, assignment.pk])
    response = trainer_client.post(url, follow=True)
    assert "Copy not updated: King pigeon pose is an advanced stretch" in (
        response.content.decode()
    )
    assert [s.stretch.slug for s in assignment.steps.all()] == ["pigeon-pose"]


def test_a_swap_cannot_sneak_an_advanced_step_in(trainer_client, trainer, screened, king_pigeon):
    # A library link no editor would allow (easier must not be harder), made directly: the swap
    # itself still refuses an advanced stretch without the unlock.
    pigeon = Stretch.objects.get(slug="pigeon-pose")
    StretchVariation.objects.filter(from_stretch=pigeon, kind=VariationKind.EASIER).delete()
    StretchVariation.objects.create(
        from_stretch=pigeon, to_stretch=king_pigeon, kind=VariationKind.EASIER, position=1
    )
    # Only an easier version that clears the client's caution is offered at all.
    king_pigeon.caution_tags.remove(CautionTag.objects.get(code="knee"))
    make_intake(screened, cautions=["knee"])
    screened.refresh_from_db()
    assignment = assigning.assign(screened, make_routine(trainer, stretches=[pigeon]), weekdays=[0])
    step = assignment.steps.get()
    url = reverse("clients:assignment-swap", args=[screened.pk, assignment.pk, step.pk])
    response = trainer_client.post(url, follow=True)
    assert "Not swapped: King pigeon pose is an advanced stretch" in response.content.decode()
    step.refresh_from_db()
    assert step.stretch == pigeon


def test_locking_again_refuses_new_advanced_steps(
    trainer_client, trainer, screened, advanced_routine
):
    assigning.unlock_advanced(screened, trainer)
    response = trainer_client.post(reverse("clients:advanced-lock", args=[screened.pk]))
    assert response.status_code == 302
    screened.refresh_from_db()
    assert screened.advanced_unlocked_at is None and screened.advanced_unlocked_by is None
    assert assign(trainer_client, screened, advanced_routine).status_code == 409


def test_unlock_is_post_only(trainer_client, screened):
    url = reverse("clients:advanced-unlock", args=[screened.pk])
    assert trainer_client.get(url).status_code == 405
    screened.refresh_from_db()
    assert not screened.advanced_unlocked
