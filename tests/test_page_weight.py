"""What a first visit costs on the wire, from gunicorn in production mode: each page's HTML as the
server compresses it, plus the CSS and JS it links (as whitenoise sends them), headers included,
images apart. The client's page must stay within 30 KB on a phone, counting the link's service
worker and manifest that the first visit installs; trainer pages under 60 KB.

Measured 2026-12-05 (issue 16): 31,388 bytes before the client's pages dropped the trainer's
styles and app.js (trainer.css, 2.7 KB, and app.js, 1.4 KB, on the wire) and loaded breaks.js only
for clients offered movement breaks; 28,126 after.

Measured 2026-12-05 (review findings 5-18, h5), Spanish, which runs closest: 30,471 before, and
30,730 once main's trainer-header styles (+177 in app.css) and the stop card's words, the red-flag
question as a list and the reworded Spanish were in; 30,460-30,536 after the client page dropped
the whitespace between its tags ({% spaceless %}), the player's cue lists lost their JSON spaces and
player.js's header comment was tightened. Runs vary by about 100 bytes (the worker and manifest)."""

import gzip
import http.client
import re
from contextlib import ExitStack

import pytest

from tests.production import run_in_production
from tests.scratch import scratch_database
from tests.servers import Browser, gunicorn, production_server_env

PASSWORD = "calm-hips-2026"
QUEUED = 120
SETUP = f"""
QUEUED = {QUEUED}
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from clients import assigning, share_links
from routines.models import Stretch
from tests.factories import make_client, make_intake, make_routine, make_trainer

trainer = make_trainer("tess", password={PASSWORD!r}, first_name="Tess")
rosa = make_client(trainer, name="Rosa Lind", email="rosa@example.com")
make_intake(rosa)
rosa.refresh_from_db()
slugs = ("kneeling-lunge", "pigeon-pose", "half-frog-pose", "pandiculation-march",
         "supine-figure-4")
routine = make_routine(trainer, name="Full session",
                       stretches=[Stretch.objects.get(slug=s) for s in slugs])
assigning.assign(rosa, routine, weekdays=list(range(7)), sessions_per_day=2)
link = share_links.issue_link(rosa)
# The same page in Spanish (longer words): it keeps the same budget.
lucia = make_client(trainer, name="Lucía Ortega", email="lucia@example.com", language="es")
make_intake(lucia)
lucia.refresh_from_db()
assigning.assign(lucia, routine, weekdays=list(range(7)), sessions_per_day=2)
spanish_link = share_links.issue_link(lucia)
# A practice where many clients need attention: the dashboard still shows 20 at a time.
from datetime import timedelta
from django.utils import timezone
for n in range(QUEUED):
    make_intake(make_client(trainer, name=f"Quiet {{n:03}}"),
                assessed_on=timezone.localdate() - timedelta(days=100))
print(rosa.get_absolute_url(), routine.get_absolute_url(), link.get_absolute_url(),
      spanish_link.get_absolute_url())
"""
# What Chromium sends.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
LINKED = re.compile(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"')


@pytest.fixture(scope="module")
def server(tmp_path_factory, collected_static):
    tmp_path = tmp_path_factory.mktemp("page-weight")
    with ExitStack() as stack:
        env = production_server_env(
            DATABASE_URL=stack.enter_context(scratch_database(tmp_path)),
            STATIC_ROOT=str(collected_static),
        )
        made = run_in_production(["-c", SETUP], env)
        assert made.returncode == 0, made.stderr
        client_page, builder, shared, shared_es = made.stdout.split()
        base_url = stack.enter_context(gunicorn(env, tmp_path / "gunicorn.log", workers=1))
        yield {
            "url": base_url,
            "client": client_page,
            "builder": builder,
            "shared": shared,
            "shared_es": shared_es,
        }


def fetch(browser, path):
    """(status, headers, body as sent, bytes on the wire) of a GET as a browser sends it."""
    connection = http.client.HTTPConnection(browser.host, browser.port, timeout=60)
    headers = {"Host": browser.host, "Accept-Encoding": ACCEPT_ENCODING}
    if browser.cookies:
        headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in browser.cookies.items())
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        body = response.read()
    finally:
        connection.close()
    head = sum(len(f"{name}: {value}\r\n") for name, value in response.getheaders())
    return response.status, response.headers, body, head + len(body)


def decoded(body):
    return gzip.decompress(body).decode()


def weigh(browser, path):
    """{url: bytes on the wire} of a page and the CSS and JS it links, on a first visit."""
    status, headers, body, size = fetch(browser, path)
    assert status == 200, (path, status)
    assert headers["Content-Encoding"] == "gzip", f"{path} was sent uncompressed"
    sizes = {path: size}
    html = decoded(body)
    for linked in sorted(set(LINKED.findall(html))):
        status, _, _, sizes[linked] = fetch(browser, linked)
        assert status == 200, linked
    return sizes


@pytest.mark.parametrize(("page", "language"), [("shared", "en-gb"), ("shared_es", "es")])
def test_the_clients_first_visit_weighs_under_30_kb_on_the_wire(server, page, language):
    """The page, its CSS and JS, and what installing the link's worker fetches: the worker
    itself and the manifest (the scripts the worker imports are the page's own, already here).
    In English and in Spanish (longer words, same budget)."""
    browser = Browser(server["url"])
    sizes = weigh(browser, server[page])
    for part in ("sw.js", "manifest.webmanifest"):
        status, _, _, sizes[part] = fetch(browser, f"{server[page]}{part}")
        assert status == 200, part
    total = sum(sizes.values())
    html = decoded(fetch(Browser(server["url"]), server[page])[2])
    assert f'<html lang="{language}"' in html
    assert not any("htmx" in url for url in sizes), "the client's page needs no htmx"
    assert not any(name in url for url in sizes for name in ("css/trainer.", "js/app.")), sizes
    assert total <= 30 * 1024, f"{language}: {total} bytes on the wire: {sizes}"


def test_trainer_pages_weigh_under_60_kb_on_the_wire(server):
    browser = Browser(server["url"])
    browser.sign_in("tess", PASSWORD)
    for path in ("/", server["client"], server["builder"], "/library/"):
        sizes = weigh(browser, path)
        total = sum(sizes.values())
        assert 'aria-label="Main"' in decoded(fetch(browser, path)[2])
        assert total < 60 * 1024, f"{path}: {total} bytes on the wire: {sizes}"


def test_pages_are_sent_compressed_only_to_browsers_that_accept_it(server):
    browser = Browser(server["url"])
    status, headers, html = browser.request("GET", server["shared"])
    assert status == 200 and "Content-Encoding" not in headers
    assert "Accept-Encoding" in headers["Vary"] and "<h1>Hi Rosa</h1>" in html


def test_the_dashboards_html_is_bounded_whatever_the_number_of_clients(server):
    browser = Browser(server["url"])
    browser.sign_in("tess", PASSWORD)
    _, _, body, size = fetch(browser, "/")
    html = decoded(body)
    assert html.count('class="queue__item"') == 20
    assert f"1–20 of {QUEUED}" in html
    assert len(html) < 40 * 1024 and size < 12 * 1024, (len(html), size)
