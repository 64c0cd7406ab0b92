"""Security state holds across gunicorn workers: a real gunicorn with two workers, as the README
deploys it, with the default cache (no CACHE_URL) and with Redis.

Each check first has both workers serve the signed-in browser (so each has read its session),
then ends the session on one, then sends the old cookie until both workers have answered it
several times: every answer must be the sign-in redirect. Guess limits are counted the same way.
"""

import http.client
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest

from tests.production import run_in_production
from tests.scratch import scratch_database
from tests.servers import Browser, gunicorn, production_server_env, redis_server, served_by

PASSWORD = "two-workers-2026"
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from tests.factories import make_client, make_trainer
for name in ("tess", "tom", "tia"):
    make_client(make_trainer(name, password={PASSWORD!r}), name="Client of " + name)
"""
CURRENT_CODE = """
import django
django.setup()
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.factories import current_code
print(current_code(TOTPDevice.objects.get(user__username="tia", confirmed=False)))
"""
EACH_WORKER_AT_LEAST = 5  # answers per worker after the session ended
MAX_TRIES = 200
GUESS_LIMIT = 20


@pytest.fixture(scope="module", params=["no CACHE_URL", "Redis"])
def server(request, tmp_path_factory, collected_static):
    tmp_path = tmp_path_factory.mktemp("two-workers")
    with ExitStack() as stack:
        env = production_server_env(
            DATABASE_URL=stack.enter_context(scratch_database(tmp_path)),
            STATIC_ROOT=str(collected_static),
            SHARE_GUESS_LIMIT=str(GUESS_LIMIT),
        )
        if request.param == "Redis":
            env["CACHE_URL"] = stack.enter_context(redis_server(tmp_path))
        made = run_in_production(["-c", SETUP], env)
        assert made.returncode == 0, made.stderr
        log_path = tmp_path / "gunicorn.log"
        base_url = stack.enter_context(gunicorn(env, log_path, workers=2))
        yield {"url": base_url, "log": log_path, "env": env}


def probe(browser, path):
    """GET with the browser's cookies from a twin, so parallel probes share no state."""
    twin = Browser(f"http://{browser.host}:{browser.port}")
    twin.cookies = dict(browser.cookies)
    return twin.request("GET", path)


def until_both_workers_answered(browser, server, marker, path="/clients/", enough=1):
    """GET `path` with a marker until each of the two workers has answered `enough` times."""
    for attempt in range(MAX_TRIES):
        # Two requests at once: on a quiet machine the idle worker that just answered wins
        # every accept, so one-at-a-time probes can all land on it. While one worker is busy
        # the other must take the second connection.
        paths = [f"{path}?probe={marker}-{attempt}-{n}" for n in (1, 2)]
        with ThreadPoolExecutor(max_workers=2) as pool:
            list(pool.map(probe, [browser, browser], paths))
        workers = served_by(server["log"], f"probe={marker}-")
        if len(workers) == 2 and all(len(answers) >= enough for answers in workers.values()):
            return workers
    raise AssertionError(f"one worker took every request: {workers}")


def assert_signed_out_everywhere(browser, server, marker):
    workers = until_both_workers_answered(browser, server, marker, enough=EACH_WORKER_AT_LEAST)
    to_sign_in = "302 /accounts/login/?next=/clients/"
    answers = [answer for answers in workers.values() for answer in answers]
    assert all(str(answer).startswith(to_sign_in) for answer in answers), workers
    status, headers, _ = browser.request("GET", "/clients/")
    assert (status, headers["Location"]) == (302, "/accounts/login/?next=/clients/")


def test_signing_out_holds_on_every_worker(server):
    browser = Browser(server["url"])
    browser.sign_in("tess", PASSWORD)
    warm = until_both_workers_answered(browser, server, "tess-before")
    assert all(set(answers) == {200} for answers in warm.values()), warm
    old_cookies = dict(browser.cookies)
    status, _, _ = browser.post_form("/accounts/logout/", {}, page="/accounts/security/")
    assert status == 302
    browser.cookies = old_cookies  # the old cookie, as a thief who copied it would send it
    assert_signed_out_everywhere(browser, server, "tess-after")


def test_ending_other_sessions_holds_on_every_worker(server):
    laptop, phone = Browser(server["url"]), Browser(server["url"])
    laptop.sign_in("tom", PASSWORD)
    phone.sign_in("tom", PASSWORD)
    until_both_workers_answered(laptop, server, "tom-laptop-before")
    status, _, _ = phone.post_form("/accounts/sessions/end-others/", {}, page="/accounts/security/")
    assert status == 302
    assert_signed_out_everywhere(laptop, server, "tom-laptop-after")
    assert phone.request("GET", "/clients/")[0] == 200


def test_turning_on_two_factor_ends_the_other_sessions_on_every_worker(server):
    laptop, phone = Browser(server["url"]), Browser(server["url"])
    laptop.sign_in("tia", PASSWORD)
    phone.sign_in("tia", PASSWORD)
    until_both_workers_answered(laptop, server, "tia-laptop-before")
    phone.request("GET", "/accounts/two-factor/")  # makes the authenticator to confirm
    code = run_in_production(["-c", CURRENT_CODE], server["env"])
    assert code.returncode == 0, code.stderr
    status, _, page = phone.post_form(
        "/accounts/two-factor/", {"code": code.stdout.strip().splitlines()[-1]}
    )
    assert status == 200 and "recovery codes" in page.lower()  # shown once, then on
    assert_signed_out_everywhere(laptop, server, "tia-laptop-after")
    # The phone confirmed the code: it stays in, on every worker.
    phone_workers = until_both_workers_answered(phone, server, "tia-phone-after")
    assert all(set(answers) == {200} for answers in phone_workers.values()), phone_workers


def test_the_guess_limit_is_one_count_for_both_workers(server):
    guesser = Browser(server["url"])
    answers = []
    # Guesses in pairs sent at once, so both workers count some (see the probes above).
    with ThreadPoolExecutor(max_workers=2) as pool:
        for pair in range(GUESS_LIMIT):
            paths = [f"/s/g{2 * pair + n}/" for n in (0, 1)]
            answers += sorted(answer[0] for answer in pool.map(probe, [guesser] * 2, paths))
    assert answers == [404] * GUESS_LIMIT + [429] * GUESS_LIMIT
    workers = served_by(server["log"], "/s/g")
    assert len(workers) == 2, workers  # both workers counted guesses


def test_an_oversized_upload_is_refused_before_its_body_is_sent(server):
    host, port = server["url"].removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.putrequest("POST", "/library/new/")
        connection.putheader("Content-Type", "multipart/form-data; boundary=edge")
        connection.putheader("Content-Length", str(60 * 1024 * 1024))
        connection.endheaders()
        connection.send(b"--edge\r\n")  # the other 60 MB never come
        response = connection.getresponse()
        assert response.status == 413
        assert "Photos can be at most 5 MB" in response.read().decode()
    finally:
        connection.close()
