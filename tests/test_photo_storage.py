"""Stretch photos on the local disk and in an S3 bucket (moto's real server on loopback): random
stored names, a private photo for its owner and the client's page only, the bucket's own address
useless without the app's signature."""

import re
import secrets
import urllib.error
import urllib.request

import pytest
from django.test import Client
from django.urls import reverse

from bench.object_store import moto_server, new_bucket, s3_client
from clients import assigning, share_links
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine, make_stretch, make_trainer
from tests.images import photo_bytes, upload
from tests.test_own_stretches import CREATE, own_stretch_data

RANDOM_NAME = re.compile(r"^stretches/(thumbs/)?[A-Za-z0-9_-]{22}\.webp$")


@pytest.fixture(scope="session")
def object_store():
    """moto's standalone S3 server, started once for the run; yields its endpoint URL."""
    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def bucket_storage(object_store, settings):
    """Uploads go to a new, empty bucket on the moto server for this test."""
    from trainer_site.settings import storage_from_url

    name = f"photos-{secrets.token_hex(6)}"
    backend, _ = storage_from_url(new_bucket(object_store, name))
    settings.STORAGES = {**settings.STORAGES, "default": backend}
    return {"bucket": name, "endpoint": object_store}


def upload_private_photo(trainer_client, upload_name="tess-knee-photo.jpg"):
    response = trainer_client.post(
        CREATE, own_stretch_data(photo=upload(upload_name, photo_bytes("JPEG", (900, 600))))
    )
    assert response.status_code == 302
    return Stretch.objects.get(name="Couch stretch")


def get(url):
    """GET a full URL with nothing but the URL (no cookies, no app): status and body."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


# --- Local disk (the default) ------------------------------------------------------------------


def test_stored_names_are_random_not_from_the_upload(trainer_client, settings):
    stretch = upload_private_photo(trainer_client)
    for name in (stretch.photo.name, stretch.photo_thumbnail.name):
        assert RANDOM_NAME.match(name), name
        assert "tess" not in name and "couch" not in name
        assert (settings.MEDIA_ROOT / name).is_file()


def test_owner_gets_a_private_photo_and_another_trainer_or_anonymous_gets_404(
    trainer_client, other_trainer
):
    client = Client()  # trainer_client is pytest-django's `client`, signed in
    stretch = upload_private_photo(trainer_client)
    url = stretch.photo_thumbnail.url
    owner = trainer_client.get(url)
    assert owner.status_code == 200 and owner["Content-Type"] == "image/webp"
    assert owner["Cache-Control"] == "private, max-age=86400"
    assert b"".join(owner.streaming_content) == stretch.photo_thumbnail.open().read()

    assert client.get(url).status_code == 404
    client.force_login(other_trainer)
    assert client.get(url).status_code == 404
    assert client.get(stretch.photo.url).status_code == 404


def test_the_clients_page_links_a_granted_address_that_works_without_login(trainer_client, trainer):
    client = Client()
    stretch = upload_private_photo(trainer_client)
    patient = make_client(trainer, name="Alex Client")
    make_intake(patient)
    patient.refresh_from_db()
    assigning.assign(patient, make_routine(trainer, stretches=[stretch]), weekdays=list(range(7)))
    link = share_links.issue_link(patient)

    page = client.get(reverse("shared:today", args=[link.token])).content.decode()
    granted = re.search(r'src="(/media/stretches/thumbs/[^"]+\?grant=[^"]+)"', page).group(1)
    assert client.get(granted.replace("&amp;", "&")).status_code == 200

    assert client.get(granted[:-4] + "abcd").status_code == 404  # a tampered grant
    large = stretch.photo.url + "?" + granted.split("?", 1)[1]
    assert client.get(large).status_code == 404  # a grant opens only the file it names


def test_library_photos_are_public_and_cached_long(trainer_client, client, db):
    stretch = make_stretch(name="Library lunge", is_published=True)
    stretch.photo_thumbnail.save("any.webp", upload("x.jpg", photo_bytes("JPEG")), save=True)
    response = client.get(stretch.photo_thumbnail.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


def test_an_address_of_no_stored_photo_is_404(client, db):
    assert client.get("/media/stretches/thumbs/nothing-here.webp").status_code == 404


# --- An S3 bucket (moto's server on loopback) --------------------------------------------------


def test_uploads_land_in_the_bucket_under_random_names(trainer_client, bucket_storage, settings):
    stretch = upload_private_photo(trainer_client)
    listed = s3_client(bucket_storage["endpoint"]).list_objects_v2(Bucket=bucket_storage["bucket"])
    keys = sorted(item["Key"] for item in listed["Contents"])
    assert keys == sorted([stretch.photo.name, stretch.photo_thumbnail.name])
    assert all(RANDOM_NAME.match(key) for key in keys)
    assert not (settings.MEDIA_ROOT / stretch.photo.name).exists()  # nothing on the host's disk


def test_owner_is_sent_to_a_short_lived_signed_address_that_serves_the_photo(
    trainer_client, bucket_storage
):
    stretch = upload_private_photo(trainer_client)
    response = trainer_client.get(stretch.photo.url)
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(f"{bucket_storage['endpoint']}/{bucket_storage['bucket']}/")
    assert "X-Amz-Signature=" in signed and "X-Amz-Expires=300" in signed
    assert response["Cache-Control"] == "private, max-age=60"
    status, body = get(signed)
    assert status == 200 and body[:4] == b"RIFF" and b"WEBP" in body[:16]


def test_the_bucket_address_without_the_signature_gives_no_data(trainer_client, bucket_storage):
    stretch = upload_private_photo(trainer_client)
    signed = trainer_client.get(stretch.photo.url)["Location"]
    status, body = get(signed.split("?", 1)[0])
    assert status == 403
    assert b"WEBP" not in body


def test_another_trainer_gets_404_from_the_app_for_a_photo_in_the_bucket(
    trainer_client, bucket_storage
):
    stretch = upload_private_photo(trainer_client)
    client = Client()
    client.force_login(make_trainer("otto"))
    assert client.get(stretch.photo.url).status_code == 404
    assert client.get(stretch.photo_thumbnail.url).status_code == 404


def test_storage_url_sets_a_private_bucket_and_allows_its_origin_for_images():
    from trainer_site.settings import storage_from_url

    backend, origin = storage_from_url(
        "s3://key:se%2Fcret@coach-photos?endpoint_url=https://s3.example.net&region_name=eu-west-2"
    )
    options = backend["OPTIONS"]
    assert (options["bucket_name"], options["secret_key"]) == ("coach-photos", "se/cret")
    assert options["default_acl"] == "private" and options["querystring_auth"] is True
    assert origin == "https://s3.example.net"


def test_healthz_says_the_bucket_answers(client, db, bucket_storage):
    response = client.get(reverse("healthz"))
    assert response.status_code == 200, response.content.decode()
    assert "storage: ok (bucket)" in response.content.decode().splitlines()


def test_healthz_answers_503_when_the_bucket_does_not(client, db, settings):
    from bench.serving import free_port
    from trainer_site.settings import storage_from_url

    nowhere = f"s3://k:s@photos?endpoint_url=http://127.0.0.1:{free_port()}&region_name=eu-west-2"
    settings.STORAGES = {**settings.STORAGES, "default": storage_from_url(nowhere)[0]}
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    lines = response.content.decode().splitlines()
    assert lines[0] == "storage not answering"
    assert "storage: failing (EndpointConnectionError)" in lines
