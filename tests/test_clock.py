"""The suite's clock reaches the processes it starts: a run moved to another day (TEST_CLOCK, or a
test's own `today`) tests the whole app on that day, not a mix of two days."""

import email.utils
import time
from datetime import UTC, datetime, timedelta

from bench.serving import gunicorn
from tests import clock
from tests.scratch import development_env, manage

NOW_IN_DJANGO = "from django.utils import timezone; print(timezone.now().timestamp())"


def far_from_now():
    """A moment no real clock is near: 400 days and 5 hours from the run's own now."""
    return datetime.now(UTC) + timedelta(days=400, hours=5)


def test_a_manage_py_command_runs_on_the_tests_clock(tmp_path):
    moment = far_from_now()
    with clock.ticking_from(moment):
        env = development_env(f"sqlite:///{tmp_path / 'clock.sqlite3'}")
        result = manage(env, "shell", "-c", NOW_IN_DJANGO)
        returned_at = time.time()
    assert result.returncode == 0, result.stderr
    seen = float(result.stdout.split()[-1])
    assert moment.timestamp() <= seen <= returned_at


def test_gunicorn_workers_run_on_the_tests_clock(tmp_path):
    moment = far_from_now()
    with clock.ticking_from(moment), (tmp_path / "gunicorn.log").open("w") as log:
        env = development_env(f"sqlite:///{tmp_path / 'clock.sqlite3'}", ALLOWED_HOSTS="127.0.0.1")
        with gunicorn(env, workers=1, output=log) as port:
            import http.client

            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            stamped = connection.getresponse().getheader("Date")
            answered_at = time.time()
            connection.close()
    seen = email.utils.parsedate_to_datetime(stamped).timestamp()  # whole seconds
    assert moment.timestamp() - 1 <= seen <= answered_at
