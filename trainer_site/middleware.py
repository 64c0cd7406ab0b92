"""Session lifetime and two-factor checks that run on every signed-in request."""

import time
from datetime import UTC, datetime
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

from trainer_site.models import TrainerSession
from trainer_site.sessions import LAST_SEEN, STARTED, TWO_FACTOR_FLAG

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
