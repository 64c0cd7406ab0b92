"""Mail sent once the response has gone out.

A page that mails only in some cases (a password reset for a known address, a sign-up with an
address already in use) would otherwise answer later in those cases, and the delay would tell a
visitor which addresses have accounts. Messages queued here are sent when Django signals that
the request finished: after the WSGI server has written the whole response (its length is in
Content-Length, so the browser is not kept waiting).
"""

import logging
import threading

from django.core.signals import request_finished
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_queue = threading.local()  # a request is served start to finish on one thread


def send_after_response(message):
    """Queue an EmailMessage for sending when the current request has been answered."""
    if not hasattr(_queue, "messages"):
        _queue.messages = []
    _queue.messages.append(message)


@receiver(request_finished)
def send_queued_mail(**kwargs):
    messages, _queue.messages = getattr(_queue, "messages", []), []
    for message in messages:
        try:
            message.send()
        except Exception:  # a mail server failure must not fail the next request
            logger.exception("Could not send the mail %r", message.subject)
