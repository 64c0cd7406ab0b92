"""The owner's team: invitations by email, joining, removing trainers, roles."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from django.utils import timezone

from clients.models import Client
from practices.membership import invite
from practices.models import Invitation, Membership, Practice, Role
from tests.factories import make_client, make_trainer

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def owner(db):
    return make_trainer("olga", first_name="Olga", last_name="Owner")


@pytest.fixture
def practice(owner):
    return owner.membership.practice


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client


def link_in(mail):
    line = next(line for line in mail.body.splitlines() if "/practice/join/" in line)
    return line.strip().split("testserver", 1)[1]


def test_owner_invites_a_trainer_by_email(owner_client, practice, mailoutbox):
    response = owner_client.post(reverse("clients:practice-invite"), {"email": "Tom@Example.com"})
    assert response.status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["tom@example.com"]
    assert "/practice/join/" in mail.body
    invitation = Invitation.objects.get(practice=practice)
    assert invitation.email == "tom@example.com"
    assert invitation.expires_at - timezone.now() > timedelta(days=6)
    token = link_in(mail).rstrip("/").rsplit("/", 1)[1]
    assert token not in invitation.token_hash  # only a hash is stored


def test_bad_email_is_refused_beside_the_field_with_422(owner_client, mailoutbox):
    response = owner_client.post(
        reverse("clients:practice-invite"), {"email": "not-an-address"}, **HTMX
    )
    assert response.status_code == 422
    assert 'id="invite-form"' in response.text and "<nav" not in response.text
    assert "Enter a valid email address" in response.text
    assert not Invitation.objects.exists() and not mailoutbox


def test_inviting_someone_already_in_the_practice_is_refused(owner_client, practice, mailoutbox):
    make_trainer("tom", email="tom@example.com", practice=practice)
    response = owner_client.post(reverse("clients:practice-invite"), {"email": "tom@example.com"})
    assert response.status_code == 422
    assert "already in your practice" in response.text
    assert not mailoutbox


def test_a_new_trainer_signs_up_through_the_invitation(client, owner, practice):
    _, token = invite(practice, "tom@example.com", owner)
    path = reverse("clients:invitation-accept", args=[token])
    page = client.get(path)
    assert page.status_code == 200 and "Olga Owner invited" in page.text
    response = client.post(
        path,
        {
            "first_name": "Tom",
            "username": "tom",
            "password1": "hip-flexor-2026!",
            "password2": "hip-flexor-2026!",
        },
    )
    assert response["Location"] == reverse("clients:dashboard")
    tom = User.objects.get(username="tom")
    assert tom.email == "tom@example.com"  # the invited address, proven by the email
    assert (tom.membership.practice, tom.membership.role) == (practice, Role.TRAINER)
    assert client.get(reverse("clients:dashboard")).status_code == 200  # signed in
    # Single use: the same link now leads nowhere.
    client.logout()
    assert client.get(path).status_code == 404


def test_bad_sign_up_through_an_invitation_shows_errors_and_keeps_it(client, owner, practice):
    _, token = invite(practice, "tom@example.com", owner)
    path = reverse("clients:invitation-accept", args=[token])
    response = client.post(path, {"first_name": "Tom", "username": "tom", "password1": "x"})
    assert response.status_code == 422
    assert "field--invalid" in response.text
    assert not User.objects.filter(username="tom").exists()
    assert client.get(path).status_code == 200  # still usable


def test_an_expired_invitation_leads_nowhere(client, owner, practice):
    invitation, token = invite(practice, "tom@example.com", owner)
    Invitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now())
    response = client.get(reverse("clients:invitation-accept", args=[token]))
    assert response.status_code == 404
    assert "no longer works" in response.text


def test_a_solo_trainer_joins_with_their_account_and_keeps_their_clients(client, owner, practice):
    solo = make_trainer("sol")
    old_practice = solo.membership.practice
    alex = make_client(solo, name="Alex")
    _, token = invite(practice, "sol@example.com", owner)
    client.force_login(solo)
    response = client.post(reverse("clients:invitation-accept", args=[token]))
    assert response.status_code == 302
    solo.refresh_from_db()
    assert solo.membership.practice == practice
    assert Client.objects.get(pk=alex.pk).trainer == solo
    assert not Practice.objects.filter(pk=old_practice.pk).exists()


def test_a_trainer_with_colleagues_cannot_join_another_practice(client, owner, practice):
    elsewhere = make_trainer("eve")
    colleague = make_trainer("carl", practice=elsewhere.membership.practice)
    _, token = invite(practice, "carl@example.com", owner)
    client.force_login(colleague)
    response = client.post(reverse("clients:invitation-accept", args=[token]))
    assert response.status_code == 409
    assert "remove you first" in response.text
    colleague.refresh_from_db()
    assert colleague.membership.practice == elsewhere.membership.practice
    assert Invitation.objects.usable().count() == 1  # not used up


def test_removing_a_trainer_with_clients_is_refused_with_the_list(owner_client, practice):
    tom = make_trainer("tom", practice=practice)
    make_client(tom, name="Alex Client")
    make_client(tom, name="Bea Client")
    response = owner_client.post(
        reverse("clients:practice-member-remove", args=[tom.membership.pk])
    )
    assert response.status_code == 409
    assert "still has clients" in response.text
    assert "Alex Client" in response.text and "Bea Client" in response.text
    tom.refresh_from_db()
    assert tom.membership.practice == practice


def test_a_removed_trainer_keeps_their_account_in_a_practice_of_their_own(owner_client, practice):
    tom = make_trainer("tom", practice=practice)
    response = owner_client.post(
        reverse("clients:practice-member-remove", args=[tom.membership.pk])
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user=tom)
    assert membership.practice != practice and membership.role == Role.OWNER


def test_the_last_owner_cannot_be_removed_or_made_a_trainer(owner_client, owner, practice):
    membership = owner.membership
    removed = owner_client.post(reverse("clients:practice-member-remove", args=[membership.pk]))
    assert removed.status_code == 409 and "needs an owner" in removed.text
    demoted = owner_client.post(
        reverse("clients:practice-member-role", args=[membership.pk]), {"role": "trainer"}
    )
    assert demoted.status_code == 409 and "needs an owner" in demoted.text
    membership.refresh_from_db()
    assert membership.role == Role.OWNER and membership.practice == practice


def test_an_owner_makes_a_trainer_an_owner_who_may_then_step_down(owner_client, owner, practice):
    tom = make_trainer("tom", practice=practice)
    response = owner_client.post(
        reverse("clients:practice-member-role", args=[tom.membership.pk]), {"role": "owner"}
    )
    assert response.status_code == 302
    tom.membership.refresh_from_db()
    assert tom.membership.role == Role.OWNER
    # Now that Tom owns it too, Olga may step down.
    response = owner_client.post(
        reverse("clients:practice-member-role", args=[owner.membership.pk]), {"role": "trainer"}
    )
    assert response.status_code == 302
    owner.membership.refresh_from_db()
    assert owner.membership.role == Role.TRAINER


def test_a_trainer_of_the_practice_cannot_manage_the_team(client, practice):
    tom = make_trainer("tom", practice=practice)
    client.force_login(tom)
    assert client.get(reverse("clients:practice-team")).status_code == 404
    response = client.post(
        reverse("clients:practice-member-role", args=[tom.membership.pk]), {"role": "owner"}
    )
    assert response.status_code == 404
    tom.membership.refresh_from_db()
    assert tom.membership.role == Role.TRAINER
