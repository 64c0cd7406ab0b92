from django.urls import reverse

from routines.models import Stretch
from tests.factories import make_stretch
from tests.images import SVG, photo_bytes, upload

CREATE = reverse("routines:stretch-create")


def own_stretch_data(**overrides):
    data = {
        "name": "Couch stretch",
        "summary": "Back knee against the sofa, front foot down.",
        "difficulty": "intermediate",
        "target_areas": ["hip-flexors"],
        "setup": "Kneel with the back shin up the sofa.",
        "steps_text": "Tuck the pelvis.\nSit tall.\nHold and breathe.",
        "stop_if": "Knee pain",
        "caution_tags": ["knee"],
        "hold_seconds": "45",
        "repetitions": "2",
        "sides": "each_side",
    }
    data["target_areas"] = [_id("TargetArea", code) for code in data["target_areas"]]
    data["caution_tags"] = [_id("CautionTag", code) for code in data["caution_tags"]]
    data.update(overrides)
    return data


def _id(model, code):
    from routines import models

    return getattr(models, model).objects.get(code=code).pk


def test_trainer_adds_a_private_stretch_with_steps(trainer_client, trainer):
    response = trainer_client.post(CREATE, own_stretch_data())
    stretch = Stretch.objects.get(name="Couch stretch")
    assert response.status_code == 302
    assert response["Location"] == stretch.get_absolute_url()
    assert stretch.owner == trainer
    assert stretch.slug == "couch-stretch"
    assert [s.instruction for s in stretch.steps.all()] == [
        "Tuck the pelvis.",
        "Sit tall.",
        "Hold and breathe.",
    ]
    assert list(stretch.caution_tags.values_list("code", flat=True)) == ["knee"]


def test_a_second_stretch_with_the_same_name_gets_its_own_slug(trainer_client):
    make_stretch(None, name="Couch stretch")
    trainer_client.post(CREATE, own_stretch_data())
    assert Stretch.objects.filter(slug="couch-stretch-2").exists()


def test_out_of_range_hold_is_refused_beside_the_field_and_nothing_is_saved(trainer_client):
    response = trainer_client.post(CREATE, own_stretch_data(hold_seconds="600"))
    assert response.status_code == 422
    html = response.content.decode()
    assert "Hold must be between 5 and 300." in html
    assert 'id="id_hold_seconds_error"' in html
    assert not Stretch.objects.filter(name="Couch stretch").exists()


def test_half_a_tempo_is_refused(trainer_client):
    response = trainer_client.post(CREATE, own_stretch_data(tempo_contract_seconds="4"))
    assert response.status_code == 422
    assert "A tempo needs all three" in response.content.decode()


def test_missing_steps_are_refused(trainer_client):
    response = trainer_client.post(CREATE, own_stretch_data(steps_text="  \n "))
    assert response.status_code == 422
    assert "Write at least one step." in response.content.decode()


def test_a_photo_upload_is_stored_as_clean_renditions(trainer_client):
    data = own_stretch_data(photo=upload("me.jpg", photo_bytes("JPEG", gps=True)))
    trainer_client.post(CREATE, data)
    stretch = Stretch.objects.get(name="Couch stretch")
    assert stretch.photo.name.endswith(".webp")
    assert stretch.photo_thumbnail.name.endswith(".webp")


def test_uploaded_photo_is_served_to_its_owner_as_webp_and_to_nobody_else(trainer_client):
    trainer_client.post(CREATE, own_stretch_data(photo=upload("me.jpg", photo_bytes("JPEG"))))
    stretch = Stretch.objects.get(name="Couch stretch")
    response = trainer_client.get(stretch.photo_thumbnail.url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert response["X-Content-Type-Options"] == "nosniff"
    trainer_client.logout()
    assert trainer_client.get(stretch.photo_thumbnail.url).status_code == 404


def test_media_view_refuses_to_leave_its_folder(client, db):
    response = client.get("/media/stretches/../../trainer_site/settings.py")
    assert response.status_code == 404  # only names of stored photos are looked up
    assert b"SECRET_KEY" not in response.content


def test_an_svg_upload_is_refused_and_nothing_is_saved(trainer_client):
    response = trainer_client.post(
        CREATE, own_stretch_data(photo=upload("x.svg", SVG, "image/svg+xml"))
    )
    assert response.status_code == 422
    assert "not a photo we can use" in response.content.decode()
    assert not Stretch.objects.filter(name="Couch stretch").exists()


def test_owner_edits_their_stretch_and_a_bad_edit_loses_nothing(trainer_client, trainer):
    stretch = make_stretch(trainer, name="Mine", hold_seconds=30)
    edit = reverse("routines:stretch-edit", args=[stretch.slug])
    page = trainer_client.get(edit).content.decode()
    assert "Breathe and hold." in page  # steps prefilled
    bad = trainer_client.post(edit, own_stretch_data(name="Mine", hold_seconds="2"))
    assert bad.status_code == 422
    stretch.refresh_from_db()
    assert stretch.hold_seconds == 30
    assert stretch.steps.count() == 1
    good = trainer_client.post(edit, own_stretch_data(name="Mine renamed", hold_seconds="60"))
    assert good.status_code == 302
    stretch.refresh_from_db()
    assert (stretch.name, stretch.hold_seconds, stretch.steps.count()) == ("Mine renamed", 60, 3)


def test_library_stretches_cannot_be_edited_or_deleted_by_trainers(trainer_client):
    assert (
        trainer_client.get(reverse("routines:stretch-edit", args=["pigeon-pose"])).status_code
        == 404
    )
    response = trainer_client.post(reverse("routines:stretch-delete", args=["pigeon-pose"]))
    assert response.status_code == 404
    assert Stretch.objects.filter(slug="pigeon-pose").exists()


def test_owner_deletes_their_stretch(trainer_client, trainer):
    stretch = make_stretch(trainer, name="Mine")
    response = trainer_client.post(reverse("routines:stretch-delete", args=[stretch.slug]))
    assert response["Location"] == reverse("routines:library")
    assert not Stretch.objects.filter(pk=stretch.pk).exists()


def test_delete_needs_post(trainer_client, trainer):
    stretch = make_stretch(trainer, name="Mine")
    assert (
        trainer_client.get(reverse("routines:stretch-delete", args=[stretch.slug])).status_code
        == 405
    )
