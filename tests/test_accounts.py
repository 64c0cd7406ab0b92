import re
import time

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import make_trainer
from tests.servers import Browser

SIGNUP = {
    "first_name": "Sam",
    "email": "sam@example.com",
    "username": "sam",
    "password1": "hip-flexor-2026!",
    "password2": "hip-flexor-2026!",
}


def confirm_link(message):
    return next(line for line in message.body.splitlines() if "/signup/confirm/" in line)


def test_signup_mails_a_link_that_turns_the_account_on(client, db, mailoutbox):
    response = client.post(reverse("signup"), SIGNUP)
    assert response.status_code == 200
    assert "We sent a message to <strong>sam@example.com</strong>" in response.text
    user = User.objects.get(username="sam")
    assert (user.first_name, user.is_active) == ("Sam", False)
    assert user.password.startswith("argon2")
    assert client.post(reverse("login"), {"username": "sam", "password": SIGNUP["password1"]})[
        "Content-Type"
    ].startswith("text/html")  # the sign-in page again: not on yet
    assert client.get(reverse("clients:dashboard")).status_code == 302
    [mail] = mailoutbox
    assert mail.to == ["sam@example.com"]
    path = confirm_link(mail).split("testserver", 1)[1]
    assert "Turn on my account" in client.get(path).text
    user.refresh_from_db()
    assert not user.is_active  # a GET (a mail scanner) changes nothing
    turned_on = client.post(path)
    assert turned_on["Location"] == reverse("clients:dashboard")
    assert client.get(reverse("clients:dashboard")).status_code == 200
    user.refresh_from_db()
    assert user.is_active
    assert client.get(path).status_code == 404  # used once


def test_signup_answers_the_same_for_a_registered_address_and_mails_its_owner(
    client, db, mailoutbox
):
    make_trainer("existing", email="sam@example.com", first_name="Sal")
    registered = client.post(reverse("signup"), {**SIGNUP, "email": "SAM@example.com"})
    fresh = client.post(
        reverse("signup"), {**SIGNUP, "username": "sam2", "email": "new@example.com"}
    )
    assert registered.status_code == fresh.status_code == 200

    def page(response):  # without what differs on every page (CSRF token, CSP nonce)
        text = re.sub(r'(csrfmiddlewaretoken" value|nonce)="[^"]+"', "", response.text)
        return re.sub(r'"x-csrftoken": "[^"]+"', "", text)

    assert page(registered) == page(fresh).replace("new@example.com", "sam@example.com")
    assert not User.objects.filter(username="sam").exists()
    note, welcome = mailoutbox
    assert note.to == ["sam@example.com"]
    assert "already has one (username: existing)" in note.body
    assert "/accounts/password_reset/" in note.body and "/signup/confirm/" not in note.body
    assert welcome.to == ["new@example.com"]


def test_signing_up_again_before_confirming_mails_the_first_link_again(client, db, mailoutbox):
    client.post(reverse("signup"), SIGNUP)
    client.post(reverse("signup"), {**SIGNUP, "username": "sam-again"})
    _, again = mailoutbox
    assert list(User.objects.values_list("username", flat=True)) == ["sam"]
    path = confirm_link(again).split("testserver", 1)[1]
    assert "Your account is <strong>sam</strong>" in client.get(path).text


def test_signup_with_mismatched_passwords_shows_the_error_beside_the_field(client, db):
    response = client.post(reverse("signup"), {**SIGNUP, "password2": "something-else-99"})
    assert response.status_code == 422
    assert "The two password fields" in response.content.decode()
    assert 'aria-invalid="true"' in response.content.decode()
    assert not User.objects.filter(username="sam").exists()


def test_signup_asks_for_the_first_name_the_dashboard_greets_with(client, db):
    html = client.get(reverse("signup")).content.decode()
    assert ">First name</label>" in html
    assert "Your name" not in html


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


@pytest.fixture
def held_mail(settings):
    from tests import held_mail

    held_mail.reset()
    settings.MAILERS = {"default": {"BACKEND": "tests.held_mail.HeldBackend"}}
    yield held_mail
    held_mail.RELEASE.set()


def answered_before_mail_went_out(held_mail, mailoutbox, send_request):
    """Make the request while the mail server is held; then let the mail go."""
    send_request()
    held_mail.ANSWERED.set()
    held_mail.RELEASE.set()
    for _ in range(600):  # the server thread sends once released
        if held_mail.SENT_AFTER_ANSWER:
            break
        time.sleep(0.05)
    return held_mail.SENT_AFTER_ANSWER


@pytest.mark.django_db(transaction=True)
def test_password_reset_answers_before_its_mail_goes_out(live_server, held_mail, mailoutbox):
    make_trainer("tess", email="tess@example.com", password="long-enough-pass-1")
    browser = Browser(live_server.url)
    reset = reverse("password_reset")
    sent = answered_before_mail_went_out(
        held_mail,
        mailoutbox,
        lambda: browser.post_form(reset, {"email": "tess@example.com"}),
    )
    assert sent == [True]


@pytest.mark.django_db(transaction=True)
def test_signup_with_a_registered_address_answers_before_the_note_goes_out(
    live_server, held_mail, mailoutbox
):
    make_trainer("existing", email="sam@example.com")
    browser = Browser(live_server.url)
    sent = answered_before_mail_went_out(
        held_mail, mailoutbox, lambda: browser.post_form(reverse("signup"), SIGNUP)
    )
    assert sent == [True]
