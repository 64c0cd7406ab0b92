"""Mail queued once the response has gone out.

A page that mails only in some cases (a password reset for a known address, a sign-up with an
address already in use) would otherwise answer later in those cases, and the delay would tell a
visitor which addresses have accounts. Tasks handed over here are queued (trainer_site.tasks)
when Django signals that the request finished: after the WSGI server has written the whole
response (its length is in Content-Length, so the browser is not kept waiting). With the
immediate task backend the mail is sent right then; with the database backend a worker sends it.
"""

import logging
import threading

from django.core.signals import request_finished
from django.dispatch import receiver

logger = logging.getLogger(__name__)
_queue = threading.local()  # a request is served start to finish on one thread


def enqueue_after_response(task, *args):
    """Queue `task(*args)` when the current request has been answered."""
    if not hasattr(_queue, "tasks"):
        _queue.tasks = []
    _queue.tasks.append((task, args))


@receiver(request_finished)
def enqueue_waiting_tasks(**kwargs):
    waiting, _queue.tasks = getattr(_queue, "tasks", []), []
    for task, args in waiting:
        try:
            task.enqueue(*args)
        except Exception:  # a failure here must not fail the next request
            logger.exception("Could not queue %s", task.name)
