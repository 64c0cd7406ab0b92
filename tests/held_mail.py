"""A mail backend that holds each message until the test lets it go, and notes whether the
visitor already had their answer by then: mail sent on the request path would be sent first."""

import threading

from django.core.mail.backends.locmem import EmailBackend

ANSWERED = threading.Event()  # set by the test once the response has arrived
RELEASE = threading.Event()
SENT_AFTER_ANSWER = []  # one True/False per message


class HeldBackend(EmailBackend):
    def send_messages(self, messages):
        RELEASE.wait(timeout=15)
        SENT_AFTER_ANSWER.extend(ANSWERED.is_set() for _ in messages)
        return super().send_messages(messages)


def reset():
    ANSWERED.clear()
    RELEASE.clear()
    SENT_AFTER_ANSWER.clear()


class RefusingBackend(EmailBackend):
    """A mail server that answers every message with a temporary failure."""

    def send_messages(self, messages):
        import smtplib

        raise smtplib.SMTPDataError(451, b"try again later")
