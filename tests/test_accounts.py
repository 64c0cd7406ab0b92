from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import make_trainer

SIGNUP = {
    "first_name": "Sam",
    "email": "sam@example.com",
    "username": "sam",
    "password1": "hip-flexor-2026!",
    "password2": "hip-flexor-2026!",
}


def test_signup_creates_a_trainer_and_signs_them_in(client, db):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:dashboard")
    user = User.objects.get(username="sam")
    assert user.first_name == "Sam"
    assert user.password.startswith("argon2")
    assert client.get(reverse("clients:dashboard")).status_code == 200


def test_signup_with_mismatched_passwords_shows_the_error_beside_the_field(client, db):
    response = client.post(reverse("signup"), {**SIGNUP, "password2": "something-else-99"})
    assert response.status_code == 422
    assert "The two password fields" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(username="sam").exists()


def test_signup_refuses_an_email_already_in_use(client, db):
    make_trainer("existing", email="sam@example.com")
    response = client.post(reverse("signup"), {**SIGNUP, "email": "SAM@example.com"})
    assert response.status_code == 422
    assert "already exists" in response.content.decode()
    assert User.objects.count() == 1


def test_signed_in_trainer_is_sent_from_signup_to_dashboard(trainer_client):
    response = trainer_client.get(reverse("signup"))
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:dashboard")


def test_login_with_password(client, db):
    make_trainer("tess", password="long-enough-pass-1")
    response = client.post(reverse("login"), {"username": "tess", "password": "long-enough-pass-1"})
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:dashboard")


def test_login_with_wrong_password_says_so(client, db):
    make_trainer("tess", password="long-enough-pass-1")
    response = client.post(reverse("login"), {"username": "tess", "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_logout_is_post_only_and_ends_the_session(trainer_client):
    assert trainer_client.get(reverse("logout")).status_code == 405
    response = trainer_client.post(reverse("logout"))
    assert response["Location"] == reverse("login")
    assert trainer_client.get(reverse("clients:dashboard")).status_code == 302


def test_password_reset_mails_a_working_link(client, db, mailoutbox):
    make_trainer("tess", email="tess@example.com", password="long-enough-pass-1")
    client.post(reverse("password_reset"), {"email": "tess@example.com"})
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    link = next(line for line in body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form_page = client.get(path, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    done = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "fresh-stretch-77", "new_password2": "fresh-stretch-77"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    signed_in = client.post(reverse("login"), {"username": "tess", "password": "fresh-stretch-77"})
    assert signed_in.status_code == 302 and signed_in["Location"] == reverse("clients:dashboard")


def test_password_change(client, db):
    user = make_trainer("tess", password="long-enough-pass-1")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "long-enough-pass-1",
            "new_password1": "fresh-stretch-77",
            "new_password2": "fresh-stretch-77",
        },
    )
    assert response["Location"] == reverse("password_change_done")
    user.refresh_from_db()
    assert user.check_password("fresh-stretch-77")
