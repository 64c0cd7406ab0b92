"""Uploaded stretch photos: accept only real JPEG, PNG or WebP, and store clean re-encoded copies.

The file's name and declared type are ignored; Pillow reads the content. Dimensions are checked
from the header before any pixel is decoded, so a decompression bomb is refused cheaply. The
stored renditions are re-encoded from pixels alone, which drops EXIF (GPS location included),
ICC profiles, comments and anything appended to the file.
"""

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 25_000_000
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
LARGE_EDGE = 1600
THUMBNAIL_EDGE = 480


@dataclass
class Renditions:
    large: ContentFile
    thumbnail: ContentFile


def _encode(image, edge, name):
    copy = image.copy()
    copy.thumbnail((edge, edge), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    copy.save(buffer, format="WEBP", quality=82, method=4)
    return ContentFile(buffer.getvalue(), name=name)


def process_upload(upload, base_name="photo"):
    """Validate an uploaded file and return its large and thumbnail WebP renditions."""
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(
            "This file is %(size).1f MB; photos may be at most 5 MB.",
            params={"size": upload.size / 1024 / 1024},
            code="too_large",
        )
    upload.seek(0)
    try:
        # open() reads only the header; nothing is decoded yet.
        image = Image.open(upload)
    except Image.DecompressionBombError:
        raise ValidationError(
            "This image has far too many pixels; the limit is 25 megapixels.",
            code="too_many_pixels",
        ) from None
    except (UnidentifiedImageError, OSError):
        raise ValidationError(
            "This file is not a photo we can use. Upload a JPEG, PNG or WebP image.",
            code="not_an_image",
        ) from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError(
            "%(format)s files are not accepted. Upload a JPEG, PNG or WebP image.",
            params={"format": image.format or "This kind of"},
            code="format",
        )
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            "This image is %(width)s x %(height)s pixels; the limit is 25 megapixels.",
            params={"width": width, "height": height},
            code="too_many_pixels",
        )
    try:
        image.load()
        image = ImageOps.exif_transpose(image)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            "This image is damaged or incomplete. Try exporting it again.", code="damaged"
        ) from None
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    return Renditions(
        large=_encode(image, LARGE_EDGE, f"{base_name}.webp"),
        thumbnail=_encode(image, THUMBNAIL_EDGE, f"{base_name}-thumb.webp"),
    )
