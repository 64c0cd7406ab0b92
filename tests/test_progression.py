"""Progression, never automatic: six good sessions in two weeks suggest a step's harder
variation; pain rising suggests the easier one; one click swaps it in, recorded who and when."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from clients import assigning
from clients.models import AuditEvent, SessionLog, StretchFeedback
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine

pytestmark = pytest.mark.usefixtures("today")


def planned(trainer, slug="kneeling-lunge", cautions=(), also=()):
    client = make_client(trainer, name="Rosa Lind")
    make_intake(client, cautions=list(cautions))
    client.refresh_from_db()
    stretches = [Stretch.objects.get(slug=s) for s in (slug, *also)]
    routine = make_routine(trainer, stretches=stretches)
    start = timezone.localdate() - timedelta(days=30)
    assignment = assigning.assign(client, routine, weekdays=list(range(7)), starts_on=start)
    return client, assignment


def log_sessions(assignment, count, before=4, after=3, days_back_from=1):
    for n in range(count):
        SessionLog.objects.create(
            assignment=assignment,
            client=assignment.client,
            session_date=timezone.localdate() - timedelta(days=days_back_from + n),
            status="done",
            pain_before=before,
            pain_after=after,
        )


def page(http, client):
    return http.get(client.get_absolute_url()).content.decode()


def test_six_good_sessions_suggest_the_harder_variation_with_its_dose(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 5)
    assert "Ready for the next variation" not in page(trainer_client, client)
    log_sessions(assignment, 1, days_back_from=6)
    html = page(trainer_client, client)
    suggestion = html[html.index("Ready for the next variation") :]
    assert "Kneeling lunge with overhead reach" in suggestion[:400]
    assert "30 s" in suggestion[:400] and "6 sessions in two weeks" in suggestion[:400]


def test_older_sessions_do_not_count(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 6, days_back_from=14)  # 14 to 19 days ago: outside two weeks
    assert "Ready for the next variation" not in page(trainer_client, client)


def test_pain_higher_after_a_session_suggests_the_easier_variation(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 6)
    log_sessions(assignment, 1, before=2, after=5, days_back_from=8)
    html = page(trainer_client, client)
    assert "Ready for the next variation" not in html
    step_down = html[html.index("Step down:") :]
    assert "Standing hip-flexor stretch" in step_down[:400]


def test_the_practice_sets_how_many_sessions(trainer_client, trainer):
    practice = trainer.membership.practice
    practice.progression_sessions = 3
    practice.save()
    client, assignment = planned(trainer)
    log_sessions(assignment, 3)
    assert "Ready for the next variation" in page(trainer_client, client)


def test_one_click_swaps_the_harder_variation_into_the_clients_copy(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 6)
    step = assignment.steps.get()
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    response = trainer_client.post(url, {"to": harder.pk})
    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.stretch, step.hold_seconds) == (harder, harder.hold_seconds)
    event = AuditEvent.objects.about(client).get(subject__startswith="swapped")
    assert event.actor == trainer and "for Kneeling lunge with overhead" in event.subject


def test_a_swap_that_is_not_suggested_changes_nothing(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 2)  # not enough sessions yet
    step = assignment.steps.get()
    harder = Stretch.objects.get(slug="kneeling-lunge-overhead-reach")
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    trainer_client.post(url, {"to": harder.pk})
    step.refresh_from_db()
    assert step.stretch.slug == "kneeling-lunge"


def test_an_advanced_variation_still_needs_the_unlock(trainer_client, trainer):
    client, assignment = planned(trainer, slug="pigeon-pose")
    log_sessions(assignment, 6)
    html = page(trainer_client, client)
    assert "King pigeon pose is advanced" in html
    step = assignment.steps.get()
    king = Stretch.objects.get(slug="king-pigeon-pose")
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    trainer_client.post(url, {"to": king.pk})
    step.refresh_from_db()
    assert step.stretch.slug == "pigeon-pose"
    assigning.unlock_advanced(client, trainer)
    trainer_client.post(url, {"to": king.pk})
    step.refresh_from_db()
    assert step.stretch == king


def test_the_practice_page_sets_the_number_and_refuses_a_bad_one(trainer_client, trainer):
    details = reverse("clients:practice-details")
    response = trainer_client.post(details, {"name": "Studio", "progression_sessions": "40"})
    assert response.status_code == 422
    assert "Choose between 2 and 14 sessions." in response.content.decode()
    trainer_client.post(details, {"name": "Studio", "progression_sessions": "4"})
    trainer.membership.practice.refresh_from_db()
    assert trainer.membership.practice.progression_sessions == 4


# --- The client's feedback per stretch (felt right / too much / hurt) --------------------------


def tap(assignment, feeling, days_back=1, position=1, stretch=None):
    """The client's tap on a step after the session of `days_back` days ago."""
    log = SessionLog.objects.get(
        assignment=assignment, session_date=timezone.localdate() - timedelta(days=days_back)
    )
    step = assignment.steps.get(position=position)
    return StretchFeedback.objects.create(
        session_log=log, position=position, stretch=stretch or step.stretch, feeling=feeling
    )


def test_too_much_on_the_stretch_blocks_the_harder_variation(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 8)
    tap(assignment, "too_much", days_back=3)
    html = page(trainer_client, client)
    assert "Ready for the next variation" not in html
    assert "Step down:" not in html  # too much alone does not step down through progression


def test_hurt_on_the_stretch_suggests_the_easier_variation_instead(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 8)
    tap(assignment, "hurt", days_back=2)
    html = page(trainer_client, client)
    assert "Ready for the next variation" not in html
    step_down = html[html.index("Step down:") :]
    assert "Standing hip-flexor stretch" in step_down[:400]
    assert "tapped “hurt”" in step_down[:600]


def test_hurt_steps_down_even_before_n_sessions(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 1)
    tap(assignment, "hurt")
    assert "Step down:" in page(trainer_client, client)


def test_feedback_on_another_stretch_or_older_than_two_weeks_does_not_block(
    trainer_client, trainer
):
    client, assignment = planned(trainer)
    log_sessions(assignment, 6)
    log_sessions(assignment, 1, days_back_from=20)
    tap(assignment, "hurt", days_back=20)  # outside the window
    tap(assignment, "too_much", stretch=Stretch.objects.get(slug="pigeon-pose"))  # not this one
    html = page(trainer_client, client)
    assert "Ready for the next variation" in html and "Step down:" not in html


def test_after_a_swap_only_sessions_with_the_new_stretch_count(trainer_client, trainer):
    """Six sessions earned one step up, not the next one too."""
    client, assignment = planned(trainer, slug="seated-figure-4-chair")
    log_sessions(assignment, 6)
    step = assignment.steps.get()
    harder = Stretch.objects.get(slug="pigeon-pose")  # whose harder one is king pigeon
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    trainer_client.post(url, {"to": harder.pk})
    html = page(trainer_client, client)
    assert "Ready for the next variation" not in html and "Step down:" not in html
    step.refresh_from_db()
    assert step.stretch_since == timezone.localdate()


def test_pain_rising_before_the_swap_does_not_step_the_new_stretch_down(trainer_client, trainer):
    client, assignment = planned(trainer, slug="kneeling-lunge-overhead-reach")
    log_sessions(assignment, 2, before=2, after=5)
    step = assignment.steps.get()
    easier = Stretch.objects.get(slug="kneeling-lunge")  # whose easier one is standing
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    trainer_client.post(url, {"to": easier.pk})
    step.refresh_from_db()
    assert step.stretch == easier
    assert "Step down:" not in page(trainer_client, client)


def test_a_one_point_rise_is_noise_it_neither_steps_down_nor_up(trainer_client, trainer):
    client, assignment = planned(trainer)
    log_sessions(assignment, 6)
    log_sessions(assignment, 1, before=3, after=4, days_back_from=8)
    html = page(trainer_client, client)
    assert "Step down:" not in html  # one point: no step down (2 or more is meaningful)
    assert "Ready for the next variation" not in html  # but pain was higher: not ready either


def test_one_step_of_a_plan_steps_up_at_a_time(trainer_client, trainer):
    client, assignment = planned(trainer, also=["pigeon-pose"])
    log_sessions(assignment, 6)
    html = page(trainer_client, client)
    assert html.count("Ready for the next variation") == 1
    assert "Kneeling lunge with overhead reach" in html  # the plan's first step
    assert "King pigeon pose" not in html


def test_a_variation_with_one_of_the_clients_cautions_is_passed_over(trainer_client, trainer):
    # Kneeling lunge's harder versions: with overhead reach (tagged shoulder), then the low
    # lunge quad stretch (not tagged shoulder).
    client, assignment = planned(trainer, cautions=["shoulder"])
    log_sessions(assignment, 6)
    html = page(trainer_client, client)
    suggestion = html[html.index("Ready for the next variation") :][:600]
    assert "Low-lunge quad stretch" in suggestion or "low-lunge" in suggestion.lower()
    assert "overhead reach" not in suggestion
    assert "Caution:" not in suggestion


def test_when_every_variation_has_the_clients_caution_the_suggestion_says_so(
    trainer_client, trainer
):
    client, assignment = planned(trainer, cautions=["knee"])
    log_sessions(assignment, 6)
    html = page(trainer_client, client)
    suggestion = html[html.index("Ready for the next variation") :][:900]
    assert "Caution: it is tagged" in suggestion and "Knee" in suggestion


def swap_forms(html, client, assignment, step):
    url = reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk])
    return html.count(f'action="{url}"')


def test_a_step_down_the_caution_check_also_offers_shows_once_with_both_reasons(
    trainer_client, trainer
):
    # Half frog carries "arching"; its easier version, the supported half frog, clears it.
    client, assignment = planned(trainer, slug="half-frog-pose", cautions=["arching"])
    log_sessions(assignment, 1, before=2, after=5, days_back_from=3)
    step = assignment.steps.get()
    html = page(trainer_client, client)
    assert swap_forms(html, client, assignment, step) == 1
    assert html.count("Supported half frog</strong>") == 1
    assert "Swap for Supported half frog" not in html
    offer = html[html.index("Step down:") :][:1200]
    assert "pain 2 or more points higher after a session" in offer  # progression's reason
    assert "carries a caution that matches the intake: Back pain when arching" in offer
    assert offer.count("Swap in Supported half frog") == 1
    response = trainer_client.post(
        reverse("clients:assignment-swap", args=[client.pk, assignment.pk, step.pk]),
        {"to": Stretch.objects.get(slug="supported-half-frog-pose").pk},
    )
    assert response.status_code == 302
    step.refresh_from_db()
    assert step.stretch.slug == "supported-half-frog-pose"
    html = page(trainer_client, client)
    assert "Step down:" not in html and "carries a caution" not in html


def test_a_cautioned_step_that_was_too_much_gives_both_reasons_in_one_box(trainer_client, trainer):
    client, assignment = planned(trainer, slug="half-frog-pose", cautions=["arching"])
    log_sessions(assignment, 1, days_back_from=2)
    tap(assignment, "too_much", days_back=2)
    step = assignment.steps.get()
    html = page(trainer_client, client)
    assert swap_forms(html, client, assignment, step) == 1
    offer = html[html.index("carries a caution that matches the intake") :][:1000]
    assert "It also hurt or was too much for Rosa Lind lately." in offer
    assert "Swap for Supported half frog" in offer
    assert "feedback-suggestion" not in html
