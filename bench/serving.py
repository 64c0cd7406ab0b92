"""gunicorn on a free loopback port, handed over only once it answers HTTP.

An open port is not a ready server: gunicorn's master listens before its workers have imported
Django, which takes seconds on a loaded 2-core machine. So whoever starts a server waits for its
first answered request, generously, and measures any time window from then on.
"""

import http.client
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
READY_TIMEOUT_SECONDS = 180


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_answering(port, process, path="/healthz", timeout=READY_TIMEOUT_SECONDS):
    """Block until the server on `port` answers `path` with any HTTP status; return that status.

    Fails at once if `process` exits, and after `timeout` seconds without an answer."""
    deadline = time.monotonic() + timeout
    while True:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited ({process.returncode}) before answering")
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
        try:
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            return connection.getresponse().status
        except (OSError, http.client.HTTPException):
            if time.monotonic() > deadline:
                raise TimeoutError(f"no answer on port {port} within {timeout} s") from None
            time.sleep(0.1)
        finally:
            connection.close()


@contextmanager
def gunicorn(env, *, workers, output, options=()):
    """Serve the app with our gunicorn settings; yield the port once a worker has answered.

    `output` receives the server's log (a file, or subprocess.DEVNULL); `options` are extra
    gunicorn command-line options."""
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "python:trainer_site.gunicorn",
         "--bind", f"127.0.0.1:{port}", "--workers", str(workers), *options, "trainer_site.wsgi"],
        cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_until_answering(port, process)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)
