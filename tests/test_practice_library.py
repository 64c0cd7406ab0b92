"""Shared routines and stretches: a trainer shares with the practice, colleagues copy them
into their own, and never change the original."""

from django.urls import reverse

from routines.models import Routine, RoutineStep, Stretch
from tests.factories import make_routine, make_stretch, make_trainer
from tests.images import photo_bytes, upload
from tests.test_own_stretches import own_stretch_data


def team(db):
    owner = make_trainer("olga", first_name="Olga")
    tess = make_trainer("tess", first_name="Tess", practice=owner.membership.practice)
    return owner, tess


def test_a_trainer_shares_a_routine_with_the_practice(client, db):
    _, tess = team(db)
    routine = make_routine(tess, name="Hip opener")
    client.force_login(tess)
    response = client.post(
        reverse("clients:practice-routine-share", args=[routine.pk]), {"shared": "on"}
    )
    assert response.status_code == 302
    routine.refresh_from_db()
    assert routine.shared_with_practice
    client.post(reverse("clients:practice-routine-share", args=[routine.pk]))
    routine.refresh_from_db()
    assert not routine.shared_with_practice


def test_a_colleague_copies_a_shared_routine_with_its_private_stretches(client, db):
    owner, tess = team(db)
    private = make_stretch(tess, name="Tess wall stretch", cues="Knee soft")
    library = Stretch.objects.get(slug="kneeling-lunge", owner=None)
    source = make_routine(
        tess, name="Hip opener", stretches=[private, library], shared_with_practice=True
    )
    source.steps.update(private_note="Only for me")
    client.force_login(owner)
    assert "Hip opener" in client.get(reverse("clients:practice-library")).text
    response = client.post(reverse("clients:practice-routine-copy", args=[source.pk]))
    copy = Routine.objects.get(owner=owner, name="Hip opener")
    assert response["Location"] == copy.get_absolute_url()
    steps = list(copy.steps.select_related("stretch").order_by("position"))
    # The private stretch is copied into Olga's library; the library stretch is shared already.
    assert steps[0].stretch.owner == owner and steps[0].stretch.name == "Tess wall stretch"
    assert steps[0].stretch.cues == "Knee soft" and steps[0].stretch.steps.count() == 1
    assert steps[1].stretch == library
    assert {step.private_note for step in steps} == {""}  # Tess's notes stay hers
    # Tess's routine is unchanged, and Olga cannot open it to edit.
    assert list(source.steps.values_list("stretch", flat=True)) == [private.pk, library.pk]
    assert client.get(source.get_absolute_url()).status_code == 404


def test_a_colleague_copies_a_shared_stretch_with_its_photo(client, db):
    owner, tess = team(db)
    client.force_login(tess)
    data = own_stretch_data(photo=upload("wall.jpg", photo_bytes("JPEG", (800, 600))))
    assert client.post(reverse("routines:stretch-create"), data).status_code == 302
    source = Stretch.objects.get(owner=tess)
    source.shared_with_practice = True
    source.save()
    client.force_login(owner)
    response = client.post(reverse("clients:practice-stretch-copy", args=[source.pk]))
    assert response.status_code == 302
    copy = Stretch.objects.get(owner=owner)
    assert copy.slug != source.slug and not copy.shared_with_practice
    assert copy.name == source.name and copy.caution_tags.get().code == "knee"
    assert copy.photo.name != source.photo.name  # its own file: either may be deleted alone
    assert copy.photo.read() == Stretch.objects.get(pk=source.pk).photo.read()
    assert copy.photo_thumbnail.name.endswith(".webp")


def test_an_unshared_routine_cannot_be_copied(client, db):
    owner, tess = team(db)
    routine = make_routine(tess, name="Private plan")
    client.force_login(owner)
    response = client.post(reverse("clients:practice-routine-copy", args=[routine.pk]))
    assert response.status_code == 404
    assert not Routine.objects.filter(owner=owner, name="Private plan").exists()


def test_another_practice_cannot_see_or_copy_what_is_shared(client, db):
    _, tess = team(db)
    routine = make_routine(tess, name="Hip opener", shared_with_practice=True)
    stranger = make_trainer("stranger")
    client.force_login(stranger)
    assert "Hip opener" not in client.get(reverse("clients:practice-library")).text
    response = client.post(reverse("clients:practice-routine-copy", args=[routine.pk]))
    assert response.status_code == 404
    assert RoutineStep.objects.filter(routine__owner=stranger).count() == 0


def test_the_practice_library_lists_your_routines_and_stretches_with_their_share_buttons(
    client, db
):
    _, tess = team(db)
    routine = make_routine(tess, name="Hip opener")
    stretch = make_stretch(owner=tess, name="Wall lean")
    Routine.objects.filter(pk=routine.pk).update(shared_with_practice=True)
    client.force_login(tess)
    page = client.get(reverse("clients:practice-library")).text
    assert reverse("clients:practice-routine-share", args=[routine.pk]) in page
    assert reverse("clients:practice-stretch-share", args=[stretch.pk]) in page
    assert 'aria-label="Stop sharing Hip opener"' in page
    assert 'aria-label="Share Wall lean"' in page
