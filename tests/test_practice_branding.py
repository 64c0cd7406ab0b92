"""Practice branding on the client's page, handout and emails; Psoas Coach by default."""

import io

from django.core import mail
from django.urls import reverse
from PIL import Image

from clients import share_links
from clients.models import ReminderPreference
from clients.reminders import reminder_message
from tests.factories import make_client, make_trainer
from tests.images import photo_bytes, upload

DETAILS = reverse("clients:practice-details")


def test_a_practice_without_branding_shows_psoas_coach(client, db):
    tess = make_trainer("tess", first_name="Tess")
    link = share_links.issue_link(make_client(tess, name="Alex Client"))
    page = client.get(link.get_absolute_url()).text
    assert "Psoas Coach" in page and "Your trainer: <strong>Tess</strong>" in page
    assert "/static/img/favicon.svg" in page


def test_the_owner_brands_the_clients_page_handout_and_emails(client, db, mailoutbox):
    owner = make_trainer("olga", first_name="Olga")
    tess = make_trainer("tess", first_name="Tess", practice=owner.membership.practice)
    alex = make_client(tess, name="Alex Client", email="alex@example.com")
    link = share_links.issue_link(alex)
    client.force_login(owner)
    logo = upload("logo.png", photo_bytes("PNG", (600, 300), gps=False), "image/png")
    response = client.post(
        DETAILS,
        {"name": "Hip Hub Studio", "contact_line": "12 High St · 020 7946 0000", "logo": logo},
    )
    assert response.status_code == 302
    owner.membership.practice.refresh_from_db()
    logo_name = owner.membership.practice.logo.name
    assert logo_name.startswith("logos/") and logo_name.endswith(".webp")

    page = client.get(link.get_absolute_url()).text
    assert "Hip Hub Studio" in page and "12 High St · 020 7946 0000" in page
    logo_url = reverse("practice-logo", args=[logo_name.split("/", 1)[1]])
    assert logo_url in page
    handout = client.get(reverse("shared:handout", args=[link.token])).text
    assert "Hip Hub Studio" in handout and "Your trainer: <strong>Tess</strong>" in handout

    client.force_login(tess)
    client.post(reverse("clients:link-email", args=[alex.pk]))
    [sent] = mailoutbox
    assert "Hip Hub Studio" in sent.body and "020 7946 0000" in sent.body
    preference = ReminderPreference.objects.create(
        client=alex, time_of_day="08:00", weekdays=[0], unsubscribe_token="u" * 32
    )
    reminder = reminder_message(preference, link, [], alex.created_at.date())
    assert "Hip Hub Studio · 12 High St" in reminder.body


def test_the_logo_is_served_re_encoded_without_metadata(client, db):
    owner = make_trainer("olga")
    client.force_login(owner)
    client.post(
        DETAILS, {"name": "", "logo": upload("logo.jpg", photo_bytes("JPEG", (400, 400), gps=True))}
    )
    name = owner.membership.practice.__class__.objects.get().logo.name.split("/", 1)[1]
    client.logout()
    response = client.get(reverse("practice-logo", args=[name]))
    assert response.status_code == 200
    image = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert image.format == "WEBP" and not image.getexif()


def test_a_file_that_is_not_an_image_is_refused_beside_the_field(client, db):
    owner = make_trainer("olga")
    client.force_login(owner)
    response = client.post(
        DETAILS,
        {"name": "Hip Hub", "logo": upload("logo.png", b"not a picture at all", "image/png")},
    )
    assert response.status_code == 422
    assert "not a photo we can use" in response.text and "field--invalid" in response.text
    practice = owner.membership.practice
    practice.refresh_from_db()
    assert practice.name == "" and not practice.logo  # nothing half-saved


def test_only_the_owner_changes_the_branding(client, db):
    owner = make_trainer("olga")
    tess = make_trainer("tess", practice=owner.membership.practice)
    client.force_login(tess)
    assert client.post(DETAILS, {"name": "Mine now"}).status_code == 404
    assert mail.outbox == []
    owner.membership.practice.refresh_from_db()
    assert owner.membership.practice.name == ""
