import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from routines.models import CautionTag, Stretch, StretchVariation, TargetArea
from routines.translation import STRETCH_TEXTS
from tests.factories import make_trainer, sign_in_with_second_factor
from tests.images import HTML_AS_JPEG, photo_bytes, png_bomb, upload


@pytest.fixture
def editor_client(client, db):
    sign_in_with_second_factor(client, make_trainer("editor", is_staff=True, is_superuser=True))
    return client


def admin_form(**overrides):
    data = {
        "name": "Wall psoas release",
        "slug": "wall-psoas-release",
        "summary": "Lying with the calves on a wall.",
        "difficulty": "restorative",
        "target_areas": [TargetArea.objects.get(code="hip-flexors").pk],
        "caution_tags": [CautionTag.objects.get(code="arching").pk],
        "setup": "Lie on your back.",
        "hold_seconds": "60",
        "repetitions": "1",
        "sides": "both",
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "0",
        "steps-0-position": "1",
        "steps-0-instruction": "Rest the calves on the wall.",
        "variation_links-TOTAL_FORMS": "1",
        "variation_links-INITIAL_FORMS": "0",
        "variation_links-0-kind": "easier",
        "variation_links-0-to_stretch": Stretch.objects.get(
            slug="seated-or-lying-pandiculation"
        ).pk,
        "variation_links-0-position": "0",
    }
    data.update(overrides)
    # The admin edits each text once per language (django-modeltranslation): the English column.
    return {english_column(key): value for key, value in data.items()}


def english_column(key):
    if key in STRETCH_TEXTS or key.endswith("-instruction"):
        return f"{key}_en_gb"
    return key


def test_changelist_has_filters_search_and_thumbnails(editor_client):
    response = editor_client.get(reverse("admin:routines_stretch_changelist"), {"q": "pigeon"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "King pigeon pose" in html
    assert "/static/img/stretches/pigeon-pose.svg" in html
    assert "By difficulty" in html or "difficulty" in html


def test_editor_creates_a_stretch_with_steps_variation_and_photo(editor_client):
    data = admin_form(photo=upload("wall.jpg", photo_bytes("JPEG", (900, 600), gps=True)))
    response = editor_client.post(reverse("admin:routines_stretch_add"), data)
    assert response.status_code == 302, response.content.decode()[:3000]
    stretch = Stretch.objects.get(slug="wall-psoas-release")
    assert stretch.owner is None
    assert stretch.steps.get().instruction == "Rest the calves on the wall."
    assert stretch.variation_links.get().to_stretch.slug == "seated-or-lying-pandiculation"
    assert stretch.photo.name.endswith(".webp")
    assert stretch.photo_thumbnail.name.endswith(".webp")


def test_editor_publishes_from_the_list(editor_client):
    stretch = Stretch.objects.get(slug="pigeon-pose")
    stretch.is_published = False
    stretch.save()
    editor_client.post(
        reverse("admin:routines_stretch_changelist"),
        {"action": "publish", "_selected_action": [stretch.pk]},
    )
    stretch.refresh_from_db()
    assert stretch.is_published


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("x.jpg", HTML_AS_JPEG), "not a photo we can use"),
        (upload("bomb.png", png_bomb(), "image/png"), "25 megapixels"),
    ],
)
def test_crafted_bad_images_are_refused_with_a_message(editor_client, file, message):
    response = editor_client.post(reverse("admin:routines_stretch_add"), admin_form(photo=file))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Stretch.objects.filter(slug="wall-psoas-release").exists()


@pytest.mark.parametrize(
    ("difficulty", "kind", "slug", "message"),
    [
        # Supine figure-4 works the glutes, this stretch the hip flexors: not "the easier one".
        ("intermediate", "easier", "supine-figure-4", "works another target area"),
        ("restorative", "easier", "kneeling-lunge", "is harder (beginner)"),
        ("restorative", "harder", "pigeon-pose", "more than one difficulty level away"),
    ],
)
def test_the_admin_refuses_a_variation_off_the_road(editor_client, difficulty, kind, slug, message):
    data = admin_form(
        **{
            "difficulty": difficulty,
            "variation_links-0-kind": kind,
            "variation_links-0-to_stretch": Stretch.objects.get(slug=slug).pk,
        }
    )
    response = editor_client.post(reverse("admin:routines_stretch_add"), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Stretch.objects.filter(slug="wall-psoas-release").exists()


def test_the_database_refuses_a_stretch_as_its_own_variation(db):
    stretch = Stretch.objects.get(slug="pigeon-pose")
    with pytest.raises(IntegrityError), transaction.atomic():
        StretchVariation.objects.create(from_stretch=stretch, to_stretch=stretch, kind="easier")


def test_preview_link_opens_the_trainers_view(editor_client):
    stretch = Stretch.objects.get(slug="half-frog-pose")
    html = editor_client.get(reverse("admin:routines_stretch_change", args=[stretch.pk])).content
    assert b'href="/library/half-frog-pose/"' in html


def test_the_admin_refuses_a_drawing_path_that_is_not_a_static_file(editor_client):
    for path, message in [
        ("img/stretches/pigeon-pose-typo.svg", "There is no static file"),
        ("../settings.py", "path inside static/"),
        ("/img/stretches/pigeon-pose.svg", "path inside static/"),
        ("css/app.css", "SVG, PNG, WebP or JPEG"),
    ]:
        response = editor_client.post(
            reverse("admin:routines_stretch_add"), admin_form(illustration=path)
        )
        assert response.status_code == 200
        assert message in response.content.decode(), path
    assert not Stretch.objects.filter(slug="wall-psoas-release").exists()
    saved = editor_client.post(
        reverse("admin:routines_stretch_add"),
        admin_form(illustration="img/stretches/pigeon-pose.svg"),
    )
    assert saved.status_code == 302
    assert Stretch.objects.get(slug="wall-psoas-release").illustration == (
        "img/stretches/pigeon-pose.svg"
    )


def test_a_variation_with_no_difficulty_chosen_is_a_form_error_not_a_500(editor_client):
    response = editor_client.post(reverse("admin:routines_stretch_add"), admin_form(difficulty=""))
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
