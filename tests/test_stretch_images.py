import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from routines.images import process_upload
from tests.images import HTML_AS_JPEG, PDF, SVG, photo_bytes, png_bomb, upload


def decoded(content_file):
    return Image.open(io.BytesIO(content_file.read()))


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_jpeg_png_and_webp_are_accepted_and_re_encoded(fmt):
    renditions = process_upload(upload(f"pose.{fmt.lower()}", photo_bytes(fmt)))
    assert decoded(renditions.large).format == "WEBP"
    assert decoded(renditions.thumbnail).format == "WEBP"


def test_location_and_other_exif_are_removed():
    original = photo_bytes("JPEG", gps=True, exif_orientation=1)
    assert Image.open(io.BytesIO(original)).getexif().get(0x8825) is not None
    renditions = process_upload(upload("holiday.jpg", original))
    for rendition in (renditions.large, renditions.thumbnail):
        rendition.seek(0)
        image = decoded(rendition)
        assert len(image.getexif()) == 0
        assert "exif" not in image.info


def test_orientation_is_applied_to_the_pixels():
    # Orientation 6 means "rotate 90 degrees clockwise to display": 120x80 shows as 80x120.
    renditions = process_upload(upload("sideways.jpg", photo_bytes("JPEG", (120, 80), 6)))
    assert decoded(renditions.large).size == (80, 120)


def test_large_photos_get_a_bounded_large_and_thumbnail_rendition():
    renditions = process_upload(upload("big.png", photo_bytes("PNG", (3000, 2000)), "image/png"))
    assert decoded(renditions.large).size == (1600, 1067)
    assert max(decoded(renditions.thumbnail).size) == 480


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("drawing.svg", SVG, "not a photo we can use"),
        ("totally-a-photo.jpg", HTML_AS_JPEG, "not a photo we can use"),
        ("handout.pdf", PDF, "not a photo we can use"),
        ("anim.gif", photo_bytes("GIF", mode="RGB"), "GIF files are not accepted"),
        ("scan.tiff", photo_bytes("TIFF"), "TIFF files are not accepted"),
        ("gif-named.jpg", photo_bytes("GIF"), "GIF files are not accepted"),
    ],
)
def test_files_that_are_not_jpeg_png_or_webp_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        process_upload(upload(name, content))
    assert message in error.value.messages[0]


def test_a_decompression_bomb_is_refused_before_decoding():
    bomb = png_bomb(6000, 5000)  # 30 megapixels
    assert len(bomb) < 200_000
    with pytest.raises(ValidationError) as error:
        process_upload(upload("bomb.png", bomb, "image/png"))
    assert "25 megapixels" in error.value.messages[0]


def test_a_huge_bomb_past_pillows_own_limit_is_refused_too():
    with pytest.raises(ValidationError) as error:
        process_upload(upload("bigger-bomb.png", png_bomb(20000, 10000), "image/png"))
    assert "megapixels" in error.value.messages[0]


def test_files_over_5_mb_are_refused():
    too_big = photo_bytes("PNG", (10, 10)) + b"\x00" * (5 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        process_upload(upload("huge.png", too_big, "image/png"))
    assert "at most 5 MB" in error.value.messages[0]


def test_a_truncated_image_is_refused_with_a_message():
    with pytest.raises(ValidationError) as error:
        process_upload(upload("cut.jpg", photo_bytes("JPEG", (400, 400))[:600]))
    assert "damaged" in error.value.messages[0] or "not a photo" in error.value.messages[0]
