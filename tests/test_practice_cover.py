"""Cover: a trainer names a colleague for a period; during it the colleague sees and handles
that trainer's clients and attention queue, and before or after it they do not."""

from datetime import timedelta

import pytest
from django.urls import reverse

from clients.models import Alert, AttentionHandled
from practices.models import Cover
from tests.factories import make_client, make_intake, make_trainer

pytestmark = pytest.mark.usefixtures("today")


@pytest.fixture
def team(db):
    owner = make_trainer("olga", first_name="Olga")
    practice = owner.membership.practice
    tess = make_trainer("tess", first_name="Tess", practice=practice)
    colin = make_trainer("colin", first_name="Colin", practice=practice)
    return owner, tess, colin


def test_a_trainer_names_a_colleague_as_cover(client, team, today):
    _, tess, colin = team
    client.force_login(tess)
    response = client.post(
        reverse("clients:practice-cover"),
        {
            "covered_by": colin.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today + timedelta(days=6)).isoformat(),
        },
    )
    assert response.status_code == 302
    cover = Cover.objects.get(trainer=tess)
    assert (cover.covered_by, cover.starts_on, cover.ends_on) == (
        colin,
        today,
        today + timedelta(days=6),
    )


def test_a_cover_that_ends_before_it_starts_is_refused_beside_the_field(client, team, today):
    _, tess, colin = team
    client.force_login(tess)
    response = client.post(
        reverse("clients:practice-cover"),
        {
            "covered_by": colin.pk,
            "starts_on": today.isoformat(),
            "ends_on": (today - timedelta(days=1)).isoformat(),
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 422
    assert 'id="cover-form"' in response.text and "<nav" not in response.text
    assert "cannot be before the first" in response.text
    assert not Cover.objects.exists()


def test_only_a_colleague_of_the_practice_can_be_named(client, team, today):
    _, tess, _ = team
    stranger = make_trainer("stranger")
    client.force_login(tess)
    response = client.post(
        reverse("clients:practice-cover"),
        {"covered_by": stranger.pk, "starts_on": today, "ends_on": today},
    )
    assert response.status_code == 422
    assert not Cover.objects.exists()


def test_during_the_cover_the_colleague_sees_and_handles_the_queue(client, team, today):
    _, tess, colin = team
    alex = make_client(tess, name="Alex Client")
    Alert.objects.create(client=alex, kind="pain_high")
    Cover.objects.create(trainer=tess, covered_by=colin, starts_on=today, ends_on=today)
    client.force_login(colin)
    cover_page = client.get(reverse("clients:practice-cover")).text
    assert "Alex Client" in cover_page and "client of Tess" in cover_page
    assert client.get(alex.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("clients:attention-handle"),
        {"client": alex.pk, "reason": "old_intake", "occurrence": "x", "back": "cover"},
    )
    assert response["Location"] == reverse("clients:practice-cover")
    assert AttentionHandled.objects.get(client=alex).handled_by == colin
    assert "Marked handled for Alex Client" in client.get(response["Location"]).text
    # Colin's own dashboard stays his own.
    assert "Alex Client" not in client.get(reverse("clients:dashboard")).text


@pytest.mark.parametrize("days", [-2, 1])
def test_before_or_after_the_cover_the_colleague_sees_nothing(client, team, today, days):
    _, tess, colin = team
    alex = make_client(tess, name="Alex Client")
    day = today + timedelta(days=days)
    Cover.objects.create(trainer=tess, covered_by=colin, starts_on=day, ends_on=day)
    Alert.objects.create(client=alex, kind="pain_high")
    client.force_login(colin)
    assert "Alex Client" not in client.get(reverse("clients:practice-cover")).text
    assert client.get(alex.get_absolute_url()).status_code == 404


def test_a_cover_ends_when_the_colleague_leaves_the_practice(client, team, today):
    _, tess, colin = team
    alex = make_client(tess, name="Alex Client")
    Cover.objects.create(trainer=tess, covered_by=colin, starts_on=today, ends_on=today)
    colin.membership.delete()
    client.force_login(colin)
    assert client.get(alex.get_absolute_url()).status_code == 404


def test_the_cover_queue_sends_red_flags_not_cleared_to_the_clearance_form(client, team, today):
    _, tess, colin = team
    rita = make_client(tess, name="Refer Rita")
    make_intake(rita, red_flags=["weight_loss"])
    Cover.objects.create(trainer=tess, covered_by=colin, starts_on=today, ends_on=today)
    client.force_login(colin)
    page = client.get(reverse("clients:practice-cover")).text
    item = page[page.index(f'data-client="{rita.pk}"') :]
    item = item[: item.index("</ul>")]
    assert "Red flags not cleared" in item
    assert f'href="{rita.get_absolute_url()}#clearance-form">Record clearance' in item
    assert "Handled" not in item
    response = client.post(
        reverse("clients:attention-handle"),
        {
            "client": rita.pk,
            "reason": "uncleared_red_flags",
            "occurrence": f"intake-{rita.latest_intake_id}",
            "back": "cover",
        },
        follow=True,
    )
    assert response.redirect_chain == [(reverse("clients:practice-cover"), 302)]
    assert "“Red flags not cleared” cannot be marked handled for Refer Rita" in response.text
    assert not AttentionHandled.objects.exists()
