from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from routines.models import CautionTag, Stretch, StretchStep, StretchVariation
from tests.factories import make_stretch

LIBRARY = reverse("routines:library")
THE_FIVE = [
    "Kneeling lunge",
    "Pigeon pose",
    "King pigeon pose",
    "Half frog pose",
    "Pandiculation march",
]
EASIER_ONES = [
    "Standing hip-flexor stretch",
    "Supine figure-4 stretch",
    "Seated figure-4 on a chair",
    "Seated or lying pandiculation",
    "Supported half frog",
]
# In-pose progressions between the kneeling lunge and king pigeon.
HARDER_ONES = ["Kneeling lunge with overhead reach", "Low-lunge quad stretch"]


def test_fresh_install_has_the_five_stretches_and_their_variations(db):
    names = set(
        Stretch.objects.filter(owner=None, is_published=True).values_list("name", flat=True)
    )
    assert names == set(THE_FIVE + EASIER_ONES + HARDER_ONES)


@pytest.mark.parametrize("name", THE_FIVE + EASIER_ONES + HARDER_ONES)
def test_every_library_stretch_is_complete_and_has_its_own_drawing(db, name):
    stretch = Stretch.objects.get(name=name)
    for field in ("summary", "setup", "cues", "you_should_feel", "stop_if", "common_mistakes"):
        assert getattr(stretch, field).strip(), f"{name} has no {field}"
    assert stretch.steps.count() >= 3
    assert stretch.target_areas.exists()
    assert stretch.illustration_alt
    drawing = Path(settings.BASE_DIR, "static", stretch.illustration)
    assert drawing.read_text().startswith("<svg")


@pytest.mark.parametrize("name", THE_FIVE)
def test_every_one_of_the_five_has_an_easier_way_down(db, name):
    stretch = Stretch.objects.get(name=name)
    assert StretchVariation.objects.filter(from_stretch=stretch, kind="easier").exists()


def test_doses_follow_the_content_notes(db):
    march = Stretch.objects.get(slug="pandiculation-march")
    assert (march.repetitions, march.sides) == (5, "alternating")
    assert (march.tempo_contract_seconds, march.tempo_release_seconds) == (4, 6)
    assert Stretch.objects.get(slug="half-frog-pose").hold_seconds >= 60
    assert Stretch.objects.get(slug="king-pigeon-pose").difficulty == "advanced"


def test_library_lists_every_published_stretch_with_its_drawing(trainer_client):
    response = trainer_client.get(LIBRARY)
    html = response.content.decode()
    assert response.status_code == 200
    for name in THE_FIVE:
        assert name in html
    assert "/static/img/stretches/kneeling-lunge.svg" in html
    assert "12 stretches" in html


def test_search_finds_by_name(trainer_client):
    html = trainer_client.get(LIBRARY, {"q": "pigeon"}).content.decode()
    assert "King pigeon pose" in html
    assert "Kneeling lunge" not in html
    assert "Half frog pose" not in html
    assert "Supine figure-4 stretch" in html  # its summary mentions pigeon pose


def test_filter_by_difficulty(trainer_client):
    html = trainer_client.get(LIBRARY, {"difficulty": "restorative"}).content.decode()
    assert "Half frog pose" in html
    assert "Pigeon pose" not in html


def test_filter_by_target_area(trainer_client):
    html = trainer_client.get(LIBRARY, {"target": "inner-thigh"}).content.decode()
    assert "Half frog pose" in html
    assert "Kneeling lunge" not in html


def test_hiding_the_knee_tag_leaves_out_stretches_with_a_knee_caution(trainer_client):
    html = trainer_client.get(LIBRARY, {"hide_tagged": ["knee"]}).content.decode()
    for name in ("Kneeling lunge", "Pigeon pose", "King pigeon pose", "Half frog pose"):
        assert name not in html
    assert "Pandiculation march" in html
    assert "Standing hip-flexor stretch" in html


def test_the_tag_filter_names_cautions_with_a_capital_as_everywhere_else(trainer_client):
    html = trainer_client.get(LIBRARY).content.decode()
    assert " Knee pain</label>" in html and " Back pain when arching</label>" in html
    assert " knee pain</label>" not in html and " back pain when arching</label>" not in html


def test_two_hidden_tags_combine(trainer_client):
    html = trainer_client.get(LIBRARY, {"hide_tagged": ["knee", "balance"]}).content.decode()
    assert "Pandiculation march" not in html
    assert "Supine figure-4 stretch" in html


def test_unknown_filter_values_are_ignored_not_an_error(trainer_client):
    response = trainer_client.get(LIBRARY, {"difficulty": "impossible", "page": "x"})
    assert response.status_code == 200


def test_htmx_filter_request_returns_only_the_results_fragment(trainer_client):
    response = trainer_client.get(
        LIBRARY,
        {"q": "lunge"},
        headers={"HX-Request": "true", "HX-Target": "stretch-results"},
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<section id="stretch-results"')
    assert "<nav" not in html.split("pagination")[0]
    assert "Kneeling lunge" in html


def test_unpublished_library_stretch_is_hidden_from_trainers(trainer_client):
    draft = make_stretch(None, name="Draft Stretch", is_published=False)
    assert "Draft Stretch" not in trainer_client.get(LIBRARY).content.decode()
    assert trainer_client.get(draft.get_absolute_url()).status_code == 404


def test_staff_can_preview_an_unpublished_stretch(client, db):
    from tests.factories import make_trainer

    editor = make_trainer("editor", is_staff=True)
    draft = make_stretch(None, name="Draft Stretch", is_published=False)
    client.force_login(editor)
    response = client.get(draft.get_absolute_url())
    assert response.status_code == 200
    assert "Draft: only staff can see" in response.content.decode()


def test_private_stretches_are_only_in_their_owners_library(client, trainer, other_trainer):
    make_stretch(trainer, name="Tess Private Twist")
    client.force_login(other_trainer)
    assert "Tess Private Twist" not in client.get(LIBRARY).content.decode()
    client.force_login(trainer)
    assert "Tess Private Twist" in client.get(LIBRARY).content.decode()


def test_detail_page_shows_everything_a_trainer_needs(trainer_client):
    html = trainer_client.get(reverse("routines:stretch-detail", args=["pigeon-pose"])).content
    html = html.decode()
    for heading in ("Setup", "Steps", "Cues", "You should feel", "Stop if", "Common mistakes"):
        assert f"<h2>{heading}</h2>" in html
    assert "Knee pain" in html  # a caution tag
    assert "40 s × 2 on each side" in html
    assert 'href="/library/supine-figure-4/"' in html  # easier
    assert 'href="/library/king-pigeon-pose/"' in html  # harder


def test_variations_to_another_trainers_private_stretch_are_not_shown(
    client, trainer, other_trainer
):
    hidden = make_stretch(other_trainer, name="Otto Only")
    StretchVariation.objects.create(
        from_stretch=Stretch.objects.get(slug="pigeon-pose"), to_stretch=hidden, kind="easier"
    )
    client.force_login(trainer)
    html = client.get(reverse("routines:stretch-detail", args=["pigeon-pose"])).content.decode()
    assert "Otto Only" not in html


def page_queries(http, data):
    """The page's own queries: not the session's and the shared cache's (database tables
    without CACHE_URL, one round trip each with Redis), nor the test's savepoints."""
    with CaptureQueriesContext(connection) as queries:
        response = http.get(LIBRARY, data)
    assert response.status_code == 200
    shared = ('"django_session"', '"trainer_site_cache"', "SAVEPOINT", "RELEASE SAVEPOINT")
    return [q["sql"] for q in queries if not any(part in q["sql"] for part in shared)]


@pytest.mark.parametrize("extra", [0, 495])
def test_library_query_count_does_not_grow_with_the_library(trainer_client, extra):
    Stretch.objects.bulk_create(
        Stretch(
            name=f"Bulk {n}",
            slug=f"bulk-{n}",
            summary="s",
            difficulty="beginner",
            setup="s",
            hold_seconds=30,
            is_published=True,
        )
        for n in range(extra)
    )
    search = {"hide_tagged": ["knee"], "q": "e"}
    assert len(page_queries(trainer_client, search)) <= 7  # drawn: the user and six
    # Then read from the shared cache until a stretch changes: only the signed-in user.
    assert len(page_queries(trainer_client, search)) <= 1


def test_the_cached_library_follows_changes_to_stretches(trainer_client, trainer):
    assert "Hip opener for desks" not in trainer_client.get(LIBRARY, {"q": "desk"}).text
    own = make_stretch(trainer, name="Hip opener for desks")
    html = trainer_client.get(LIBRARY, {"q": "desk"}).text
    assert "Hip opener for desks" in html and '<span class="badge">Yours</span>' in html
    own.name = "Hip opener at the desk"
    own.save()
    assert "Hip opener at the desk" in trainer_client.get(LIBRARY, {"q": "desk"}).text
    own.caution_tags.add(CautionTag.objects.get(code="knee"))
    hidden = trainer_client.get(LIBRARY, {"q": "desk", "hide_tagged": ["knee"]}).text
    assert "Hip opener at the desk" not in hidden


def test_another_trainer_never_gets_the_cached_library_with_ones_own_stretches(
    client, trainer, other_trainer
):
    make_stretch(trainer, name="Hip opener for desks")
    client.force_login(trainer)
    assert "Hip opener for desks" in client.get(LIBRARY, {"q": "desk"}).text
    client.force_login(other_trainer)
    assert "Hip opener for desks" not in client.get(LIBRARY, {"q": "desk"}).text


@pytest.mark.parametrize("extra_steps", [0, 40])
def test_detail_query_count_is_fixed(trainer_client, django_assert_max_num_queries, extra_steps):
    stretch = Stretch.objects.get(slug="kneeling-lunge")
    StretchStep.objects.bulk_create(
        StretchStep(stretch=stretch, position=100 + n, instruction="more")
        for n in range(extra_steps)
    )
    with django_assert_max_num_queries(9):
        response = trainer_client.get(stretch.get_absolute_url())
    assert response.status_code == 200


def test_library_rejects_post(trainer_client):
    assert trainer_client.post(LIBRARY).status_code == 405
