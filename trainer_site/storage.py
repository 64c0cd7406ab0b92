"""Uploaded files in an S3-compatible bucket (settings.STORAGE_URL), every object private."""

from django.conf import settings
from django.utils.encoding import filepath_to_uri
from storages.backends.s3 import S3Storage


class PrivateBucketStorage(S3Storage):
    """Pages link to the app's address of a file (url()), which checks who asks before it
    sends the browser to the bucket's signed, short-lived address (signed_url())."""

    def url(self, name, parameters=None, expire=None, http_method=None):
        return f"{settings.MEDIA_URL}{filepath_to_uri(name)}"

    def signed_url(self, name):
        return super().url(name, expire=settings.STORAGE_SIGNED_SECONDS)
