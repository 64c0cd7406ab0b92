"""Real servers on loopback for tests that need them: gunicorn as the README deploys it, Redis.

Readiness is waited for (the log says every worker booted, Redis answers PING), never slept.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import time
from contextlib import contextmanager
from http.cookies import SimpleCookie
from urllib.parse import urlencode

from bench import serving
from bench.serving import free_port
from tests.production import PRODUCTION_ENV

READY_TIMEOUT = 60


def _wait_until(ready, what, process, log_path=None):
    deadline = time.monotonic() + READY_TIMEOUT
    while not ready():
        if process.poll() is not None or time.monotonic() > deadline:
            log = log_path.read_text() if log_path else ""
            raise AssertionError(f"{what} did not start:\n{log}")
        time.sleep(0.05)


@contextmanager
def redis_server(tmp_path):
    """A private redis-server on a free port, keeping nothing on disk; yields its URL."""
    binary = shutil.which("redis-server")
    assert binary, "redis-server is missing: `apt-get install redis-server` (.ci/run does)"
    port = free_port()
    server = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def answers():
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5) as connection:
                connection.sendall(b"PING\r\n")
                return connection.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    try:
        _wait_until(answers, "redis-server", server)
        yield f"redis://127.0.0.1:{port}/0"
    finally:
        server.terminate()
        server.wait(timeout=10)


def production_server_env(**extra):
    """The environment of a production deploy (DEBUG off), over plain HTTP on loopback."""
    test_only = {"PYTEST_VERSION", "DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "CACHE_URL"}
    env = {key: value for key, value in os.environ.items() if key not in test_only}
    env.update(PRODUCTION_ENV)
    env.update(
        {
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",
            "DJANGO_SETTINGS_MODULE": "trainer_site.settings",
        }
    )
    env.update(extra)
    return env


# The access log names the worker (its pid) that served each request, and where it redirected.
ACCESS_LOG_FORMAT = 'worker=%(p)s "%(r)s" %(s)s location=%({location}o)s'
ACCESS_LINE = re.compile(r'worker=<(\d+)> "(\S+) (\S+) [^"]*" (\d+) location=(\S*)')


@contextmanager
def gunicorn(env, log_path, workers=2):
    """bench.serving's gunicorn (our settings module) with `workers` sync workers and an access
    log naming the worker; yields the base URL once every worker has booted."""
    options = ["--access-logformat", ACCESS_LOG_FORMAT]
    with (
        log_path.open("w") as log,
        serving.gunicorn(env, workers=workers, output=log, options=options) as port,
    ):
        deadline = time.monotonic() + READY_TIMEOUT
        while log_path.read_text().count("Booting worker") < workers:
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"


def served_by(log_path, marker):
    """{worker pid: [status or "302 <location>", ...]} of the logged requests whose path
    contains `marker`."""
    workers = {}
    for pid, _, path, status, location in ACCESS_LINE.findall(log_path.read_text()):
        if marker in path:
            answer = f"{status} {location}" if status.startswith("3") else int(status)
            workers.setdefault(pid, []).append(answer)
    return workers


class Browser:
    """A browser's cookies and a plain HTTP/1.1 request, redirects not followed."""

    def __init__(self, base_url):
        host, port = base_url.removeprefix("http://").split(":")
        self.host, self.port = host, int(port)
        self.cookies = {}

    def request(self, method, path, form=None, headers=None):
        body = urlencode(form, doseq=True) if form is not None else None
        sent = {"Host": self.host, **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{key}={value}" for key, value in self.cookies.items())
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read().decode(errors="replace")
        finally:
            connection.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for key, morsel in SimpleCookie(header).items():
                if morsel["max-age"] == "0" or not morsel.value:
                    self.cookies.pop(key, None)
                else:
                    self.cookies[key] = morsel.value
        return response.status, response.headers, content

    def csrf_token(self, path):
        """GET a page with a form; the CSRF token from its hidden field."""
        _, _, html = self.request("GET", path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    def post_form(self, path, form, page=None):
        token = self.csrf_token(page or path)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **form})

    def sign_in(self, username, password):
        status, headers, _ = self.post_form(
            "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302, (status, headers)
