"""Session lifetime and two-factor checks that run on every signed-in request."""

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpResponseBadRequest
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import redirect, render
from django.urls import reverse
from django_otp import user_has_device

from trainer_site.models import TrainerSession
from trainer_site.sessions import LAST_SEEN, STARTED, TWO_FACTOR_FLAG


class CompressPagesMiddleware(GZipMiddleware):
    """gzip for what the app writes (HTML, HTMX fragments, JSON, web app manifests, calendars,
    CSV, the client link's service worker), with Django's
    random-length padding against BREACH (docs/security.md, "Compression"). Photos and the
    static files whitenoise serves (already compressed, or not worth it) pass untouched."""

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "")
        if not content_type.startswith(("text/", "application/json", "application/manifest+json")):
            return response
        return super().process_response(request, response)


# Record "last seen" at most this often: not a database write on every request.
LAST_SEEN_RESOLUTION = 60


class SessionLimitsMiddleware:
    """End a session 8 hours after sign-in, or after an idle hour, and keep TrainerSession fresh."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.get(STARTED, now)
            last_seen = request.session.get(LAST_SEEN, now)
            if (
                now - started > settings.SESSION_COOKIE_AGE
                or now - last_seen > settings.SESSION_IDLE_SECONDS
            ):
                TrainerSession.objects.filter(session_key=request.session.session_key).delete()
                logout(request)
                messages.info(request, "You were signed out to keep your clients' data safe.")
                return redirect(f"{reverse('login')}?{urlencode({'next': request.path})}")
            request.session.setdefault(STARTED, now)
            if now - last_seen >= LAST_SEEN_RESOLUTION or LAST_SEEN not in request.session:
                request.session[LAST_SEEN] = now
                TrainerSession.objects.filter(session_key=request.session.session_key).update(
                    last_seen=datetime.fromtimestamp(now, UTC)
                )
        return self.get_response(request)


def has_second_factor(request):
    """Whether the user has an authenticator, remembered in the session at sign-in: no query
    per request. Turning two-factor on ends the user's other sessions, so no session keeps a
    stale "no"."""
    flag = request.session.get(TWO_FACTOR_FLAG)
    if flag is None:
        flag = request.session[TWO_FACTOR_FLAG] = user_has_device(request.user, confirmed=True)
    return flag


# Pages a signed-in user may reach before the second factor: the factor itself and sign-out.
OPEN_BEFORE_SECOND_FACTOR = ("two-factor-verify", "two-factor-setup", "logout")


class TwoFactorMiddleware:
    """Users with an authenticator must enter a code after their password; staff must have one
    before they can use the admin."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.open_paths = None

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and not user.is_verified():
            if self.open_paths is None:
                self.open_paths = {reverse(name) for name in OPEN_BEFORE_SECOND_FACTOR}
            path = request.path
            exempt = path in self.open_paths or path.startswith(settings.STATIC_URL)
            if not exempt:
                next_query = urlencode({"next": request.get_full_path()})
                if has_second_factor(request):
                    return redirect(f"{reverse('two-factor-verify')}?{next_query}")
                if user.is_staff and path.startswith(reverse("admin:index")):
                    messages.warning(
                        request, "The admin needs two-factor sign-in. Set up your authenticator."
                    )
                    return redirect(f"{reverse('two-factor-setup')}?{next_query}")
        return self.get_response(request)


class PermissionsPolicyMiddleware:
    """Send the Permissions-Policy header built from settings.PERMISSIONS_POLICY."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(
            f"{feature}=({' '.join(origins)})"
            for feature, origins in settings.PERMISSIONS_POLICY.items()
        )

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", self.header)
        return response


# Views that take a photo upload; they accept the photo's limit on top of the form's.
PHOTO_UPLOAD_VIEWS = {
    "routines:stretch-create",
    "routines:stretch-edit",
    "admin:routines_stretch_add",
    "admin:routines_stretch_change",
}


class RequestSizeLimitMiddleware:
    """Refuse a request body that is too large from its Content-Length, before reading it.

    Django's own limit counts form fields only: a file in a multipart body is streamed to a
    temporary file first, whatever its size, and only then judged by the form. Here a body over
    the form limit (or, for the photo upload views, the photo limit plus the form limit) is
    answered with 413 without a byte of it read. The reverse proxy should refuse the same bodies
    (docs/security.md)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from routines.images import MAX_UPLOAD_BYTES

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponseBadRequest("The Content-Length header is not a number.")
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        takes_photo = request.resolver_match.view_name in PHOTO_UPLOAD_VIEWS
        if takes_photo:
            limit += MAX_UPLOAD_BYTES
        if length > limit:
            context = {"takes_photo": takes_photo, "photo_megabytes": MAX_UPLOAD_BYTES // 2**20}
            return render(request, "413.html", context, status=413)
        return None


NUL = "\x00"


def _has_nul(pairs):
    """Whether any key or value of these (key, [values]) pairs contains NUL."""
    return any(NUL in key or any(NUL in value for value in values) for key, values in pairs)


def _carries_nul(request):
    """A NUL in the decoded path, a query parameter, a cookie or a header."""
    headers = (
        (key, [value])
        for key, value in request.META.items()
        if key.startswith("HTTP_") and isinstance(value, str)
    )
    cookies = ((key, [value]) for key, value in request.COOKIES.items())
    return NUL in request.path or any(
        _has_nul(pairs) for pairs in (request.GET.lists(), cookies, headers)
    )


NUL_MESSAGE = (
    "This request contains a NUL character (%00), which no address, search or form field of "
    "Psoas Coach accepts. Remove it and try again."
)


class RejectNulMiddleware:
    """Answer 400 to any request with a NUL character in its path, query string, cookies,
    headers or form fields.

    PostgreSQL cannot store or compare text containing NUL: one in a private-link token, a
    search or a form field would reach the database and fail there with a 500. No real request
    carries one, so it is refused for every view here. (File contents are not text: uploads
    are not checked.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _carries_nul(request):
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # After RequestSizeLimitMiddleware: the body is read only once its size is known.
        if request.method == "POST" and _has_nul(request.POST.lists()):
            return HttpResponseBadRequest(NUL_MESSAGE, content_type="text/plain; charset=utf-8")
        return None
