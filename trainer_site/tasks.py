"""Background tasks of the accounts (sign-up and password-reset mail) and the retry rule that
every mail task follows.

A task's arguments are stored in the database with the queued task (and shown to staff in the
admin), so they name records by id and carry no secret: the links with their tokens are made
when the mail is written, in the worker.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

logger = logging.getLogger(__name__)


def send_or_retry(message, retried_task, attempt, *args, on_give_up=None):
    """Send `message`. If sending fails, queue `retried_task(*args, attempt=attempt + 1)` after the
    next of settings.TASK_RETRY_DELAYS and re-raise, so this try is recorded as failed (with its
    traceback) in the admin. Once the delays are used up the failure is final: `on_give_up()`
    is called then."""
    try:
        message.send()
    except Exception:
        queued = retry_later(retried_task, attempt, *args)
        if not queued and on_give_up:
            on_give_up()
        logger.warning(
            "Sending %r failed (try %s); %s", message.subject, attempt,
            "queued again" if queued else "giving up",
        )  # fmt: skip
        raise
    return True


def retry_later(retried_task, attempt, *args):
    """Queue the next try after a growing delay; False when the tries are used up, or when the
    backend cannot delay a task (the immediate one of development and tests)."""
    delays = settings.TASK_RETRY_DELAYS
    if attempt > len(delays) or not retried_task.get_backend().supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=delays[attempt - 1])
    retried_task.using(run_after=run_after).enqueue(*args, attempt=attempt + 1)
    return True


# What the sign-up mail says, by the kind the view chose.
SIGNUP_MAILS = {
    "signup-confirm": "registration/signup_confirm_email.txt",
    "signup-existing": "registration/signup_existing_email.txt",
}


@task
def send_account_mail(kind, user_id, base_url, attempt=1):
    """A sign-up confirmation, a note to the owner of an address already registered, or a
    password reset. `base_url` is the scheme and host the visitor used."""
    user = User.objects.filter(pk=user_id).first()
    if user is None or not user.email:
        return "no such account"
    from trainer_site.forms import signup_tokens

    if kind == "password-reset":
        message = _password_reset_mail(user, base_url)
    else:
        path = reverse(
            "signup-confirm",
            kwargs={
                "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": signup_tokens.make_token(user),
            },
        )
        context = {
            "user": user,
            "confirm_url": f"{base_url}{path}",
            "login_url": f"{base_url}{reverse('login')}",
            "reset_url": f"{base_url}{reverse('password_reset')}",
        }
        body = render_to_string(SIGNUP_MAILS[kind], context)
        message = EmailMessage("Your Psoas Coach account", body, to=[user.email])
    return send_or_retry(message, send_account_mail, attempt, kind, user_id, base_url)


def _password_reset_mail(user, base_url):
    protocol, domain = base_url.split("://", 1)
    context = {
        "email": user.email,
        "domain": domain,
        "site_name": domain,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "user": user,
        "token": default_token_generator.make_token(user),
        "protocol": protocol,
    }
    subject = "".join(
        render_to_string("registration/password_reset_subject.txt", context).splitlines()
    )
    body = render_to_string("registration/password_reset_email.html", context)
    return EmailMessage(subject, body, to=[user.email])
