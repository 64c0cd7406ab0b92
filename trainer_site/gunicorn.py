"""gunicorn settings: `gunicorn -c python:trainer_site.gunicorn trainer_site.wsgi`.

Everything can be overridden on the command line or with GUNICORN_CMD_ARGS.
"""

import os

bind = os.environ.get("BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
accesslog = "-"
errorlog = "-"
# The access log must never contain a client's private-link token.
logger_class = "trainer_site.redaction.RedactingGunicornLogger"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
