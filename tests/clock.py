"""The test run's clock: a run moved in time, and a fixed "today" for the tests that need one.

`TEST_CLOCK` moves a whole run, which then ticks on from there:

    TEST_CLOCK=+365d make test                        # a year ahead (CI runs this)
    TEST_CLOCK=2028-02-29T23:59:30+00:00 make test    # just before midnight on a leap day

time-machine moves `time.time()`, `datetime.now()`, `date.today()` and the rest at the C level, so
every thread of this process follows (live_server, the load check's clients). Every Python process
the suite starts follows too: they inherit TEST_CLOCK_OFFSET_SECONDS and a PYTHONPATH that leads
to `shifted_clock/sitecustomize.py`, which moves the new interpreter by the same offset before
anything else runs (manage.py commands, gunicorn and its forked workers, the load check's
scripts). Monotonic clocks stay real, so timeouts and measured durations are not disturbed.
"""

import os
import re
import time
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

import time_machine

OFFSET_VARIABLE = "TEST_CLOCK_OFFSET_SECONDS"
SITECUSTOMIZE_DIR = str(Path(__file__).resolve().parent / "shifted_clock")


def offset_seconds(setting, now):
    """How far `setting` ("+365d", "-2d", or an ISO 8601 moment with its UTC offset) is from
    `now`, a Unix time."""
    if days := re.fullmatch(r"([+-]\d+)d", setting.strip()):
        return int(days.group(1)) * 86400.0
    moment = datetime.fromisoformat(setting.strip())
    if moment.tzinfo is None:
        raise ValueError(f"TEST_CLOCK={setting!r} needs a UTC offset, e.g. 2028-02-29T09:00+00:00")
    return moment.timestamp() - now


def _export(offset):
    """Make the Python processes started from now on begin `offset` seconds from real time."""
    os.environ[OFFSET_VARIABLE] = repr(offset)
    paths = os.environ.get("PYTHONPATH", "").split(os.pathsep)
    if SITECUSTOMIZE_DIR not in paths:
        os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [SITECUSTOMIZE_DIR, *paths]))


def _travel(destination):
    """Start travelling to `destination` (a Unix time or an aware datetime), ticking."""
    travel = time_machine.travel(destination, tick=True)
    travel.start()
    time.time()  # time-machine ticks from the first reading: take it now, in step with real time
    return travel


def real_time():
    """Unix time as the machine's clock has it, whatever travel is under way."""
    return time.time() - float(os.environ.get(OFFSET_VARIABLE, 0))


def shift_run_from_environment():
    """Start the whole-run travel TEST_CLOCK asks for (nothing when it is unset)."""
    setting = os.environ.get("TEST_CLOCK")
    if not setting:
        return None
    now = time.time()
    offset = offset_seconds(setting, now)
    _export(offset)
    return _travel(now + offset)


@contextmanager
def ticking_from(moment):
    """Move this process, and the Python processes it starts meanwhile, to `moment` (an aware
    datetime); the clock ticks on from there."""
    saved = {name: os.environ.get(name) for name in (OFFSET_VARIABLE, "PYTHONPATH")}
    _export(moment.timestamp() - real_time())
    travel = _travel(moment)
    try:
        yield
    finally:
        travel.stop()
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
