"""A short run of bench/load_check.py: parallel writes through gunicorn lose nothing and never
hit "database is locked", on the engine this suite runs on (SQLite or PostgreSQL)."""

import os

import pytest

from bench import load_check


@pytest.mark.django_db
def test_parallel_writes_lose_nothing():
    report = load_check.main(
        [
            "--seconds=4",
            "--workers=8",
            "--server-workers=3",
            "--clients=30",
            f"--database-url={os.environ.get('DATABASE_URL', '')}",
        ]
    )
    assert report["problems"] == []
    assert report["database_locked"] == 0
    by_kind = {row["operation"]: row for row in report["operations"]}
    for kind in ("session log", "routine reorder", "intake save"):
        assert by_kind[kind]["ok"] > 0, kind
        assert by_kind[kind]["errors_5xx"] == 0
        assert by_kind[kind]["lost_updates"] == 0
