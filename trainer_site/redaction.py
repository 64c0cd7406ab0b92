"""Keep private-link and unsubscribe tokens out of every log line: Django's loggers and
gunicorn's access log.

A token in a log file is a working key (to a client's page, or to stop their reminders), so it
is replaced before writing.
"""

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

SHARE_TOKEN = re.compile(r"(/s/|/reminders/stop/)[A-Za-z0-9_-]{16,}")
REDACTED = r"\1[redacted]"


def redact(text):
    return SHARE_TOKEN.sub(REDACTED, text) if isinstance(text, str) else text


class RedactShareTokens(logging.Filter):
    """A logging filter: rewrites the message and its arguments (request paths, URLs)."""

    def filter(self, record):
        record.msg = redact(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(redact(arg) if isinstance(arg, str) else arg for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: redact(value) for key, value in record.args.items()}
        if hasattr(record, "request"):
            # Django's request loggers attach the request; its repr includes the path.
            record.request = None
        return True


class RedactingGunicornLogger(GunicornLogger):
    """gunicorn's logger with every access-log field passed through `redact`."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: redact(value) for key, value in atoms.items()}
