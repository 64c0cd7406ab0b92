"""Practices: sign-up makes a practice of one, staff edit practices in the admin."""

from django.contrib.auth.models import User
from django.urls import reverse

from practices.models import Membership, Practice, Role
from tests.factories import make_client, make_trainer, sign_in_with_second_factor

SIGNUP = {
    "first_name": "Sam",
    "email": "sam@example.com",
    "username": "sam",
    "password1": "hip-flexor-2026!",
    "password2": "hip-flexor-2026!",
}


def test_sign_up_makes_the_new_trainer_owner_of_a_practice_of_one(client, db):
    client.post(reverse("signup"), SIGNUP)
    membership = Membership.objects.get(user__username="sam")
    assert membership.role == Role.OWNER
    assert list(membership.practice.memberships.all()) == [membership]
    assert membership.practice.name == ""


def test_sign_up_with_a_registered_address_makes_no_practice(client, db):
    make_trainer("sam", email="sam@example.com")
    before = Practice.objects.count()
    client.post(reverse("signup"), {**SIGNUP, "username": "sam2"})
    assert Practice.objects.count() == before
    assert not User.objects.filter(username="sam2").exists()


def test_staff_edit_a_membership_role_in_the_admin(client, db):
    owner = make_trainer("olga")
    practice = owner.membership.practice
    colleague = make_trainer("tom", practice=practice)
    sign_in_with_second_factor(client, make_trainer("editor", is_staff=True, is_superuser=True))
    assert client.get(reverse("admin:practices_practice_changelist")).status_code == 200
    page = client.get(reverse("admin:practices_practice_change", args=[practice.pk]))
    assert page.status_code == 200 and "tom" in page.text
    membership = colleague.membership
    response = client.post(
        reverse("admin:practices_membership_change", args=[membership.pk]),
        {"user": colleague.pk, "practice": practice.pk, "role": "owner"},
    )
    assert response.status_code == 302
    membership.refresh_from_db()
    assert membership.role == Role.OWNER


def test_the_owner_finds_every_client_of_the_practice_with_their_trainer(client, db):
    owner = make_trainer("olga", first_name="Olga")
    tess = make_trainer("tess", first_name="Tess", practice=owner.membership.practice)
    make_client(tess, name="Alex Client")
    make_client(owner, name="Bea Client")
    make_client(make_trainer("stranger"), name="Not Theirs")
    client.force_login(owner)
    html = client.get(reverse("clients:client-list")).text
    assert "Alex Client" in html and "with Tess" in html
    assert "Bea Client" in html
    assert "Not Theirs" not in html


def test_a_colleague_with_the_trainer_role_sees_only_their_own_clients(client, db):
    owner = make_trainer("olga")
    tess = make_trainer("tess", practice=owner.membership.practice)
    colin = make_trainer("colin", practice=owner.membership.practice)
    alex = make_client(tess, name="Alex Client")
    make_client(owner, name="Bea Client")
    client.force_login(colin)
    html = client.get(reverse("clients:client-list")).text
    assert "Alex Client" not in html and "Bea Client" not in html
    assert client.get(alex.get_absolute_url()).status_code == 404


def test_an_account_without_a_practice_still_sees_its_own_clients(client, db):
    loner = make_trainer("loner", practice=False)
    mine = make_client(loner, name="Mine")
    client.force_login(loner)
    assert client.get(mine.get_absolute_url()).status_code == 200


def test_staff_see_invitations_in_the_admin_without_the_token(client, db):
    from practices.membership import invite

    owner = make_trainer("olga")
    _, token = invite(owner.membership.practice, "tom@example.com", owner)
    sign_in_with_second_factor(client, make_trainer("editor", is_staff=True, is_superuser=True))
    page = client.get(reverse("admin:practices_invitation_changelist"))
    assert page.status_code == 200 and "tom@example.com" in page.text
    assert token not in page.text
