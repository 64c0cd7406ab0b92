"""Sign-in bookkeeping: when a session started, when it was last used, which browser it is."""

import time

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.dispatch import receiver
from django_otp import user_has_device

from trainer_site.models import TrainerSession

STARTED, LAST_SEEN = "_started_at", "_last_seen"
# Whether the user has an authenticator, looked up once at sign-in (see TwoFactorMiddleware).
TWO_FACTOR_FLAG = "_two_factor"


@receiver(user_logged_in)
def remember_session(sender, request, user, **kwargs):
    now = time.time()
    request.session[STARTED] = now
    request.session[LAST_SEEN] = now
    request.session[TWO_FACTOR_FLAG] = user_has_device(user, confirmed=True)
    if not request.session.session_key:
        request.session.save()
    TrainerSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "user_agent": request.META.get("HTTP_USER_AGENT", "")[:200],
        },
    )


@receiver(user_logged_out)
def forget_session(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        TrainerSession.objects.filter(session_key=request.session.session_key).delete()
