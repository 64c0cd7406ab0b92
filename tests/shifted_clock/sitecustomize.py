"""Imported at start-up by every Python process a test run starts (tests/clock.py puts this
folder on PYTHONPATH): it begins on the run's clock, TEST_CLOCK_OFFSET_SECONDS from real time."""

import os

if offset := os.environ.get("TEST_CLOCK_OFFSET_SECONDS"):
    import time

    import time_machine

    time_machine.travel(time.time() + float(offset), tick=True).start()
    time.time()  # time-machine ticks from the first reading: take it now, in step with real time
