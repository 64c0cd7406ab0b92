"""A newcomer on a fresh clone: the README's commands exist and agree with the Makefile."""

import re
import subprocess

from tests.production import ROOT


def dry_run(*args):
    result = subprocess.run(
        ["make", "--dry-run", *args], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_links_in_emails_follow_the_port_make_run_serves_on():
    serve = [line for line in dry_run("run", "PORT=8101").splitlines() if "runserver" in line]
    send = [line for line in dry_run("reminders", "PORT=8101").splitlines() if "send_rem" in line]
    for line in serve + send:
        assert 'SITE_URL="${SITE_URL:-http://127.0.0.1:8101}"' in line, line
    assert serve[0].endswith("runserver 127.0.0.1:8101")
    assert len(send) == 1


def test_every_make_target_the_readme_names_exists():
    readme = (ROOT / "README.md").read_text()
    makefile = (ROOT / "Makefile").read_text()
    named = set(re.findall(r"`make ([a-z-]+)", readme))
    targets = set(re.findall(r"^([a-z-]+):", makefile, flags=re.MULTILINE))
    assert {"run", "test", "reminders"} <= named
    assert named <= targets, named - targets
