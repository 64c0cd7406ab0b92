"""Mail goes out through django.tasks: a real gunicorn queues it in the database, a real worker
(`manage.py db_worker`) sends it to a real SMTP server on loopback, and a failed send is tried
again after its delay."""

import json
import subprocess
import sys
import time
from contextlib import ExitStack

import pytest
from django.core import mail
from django.urls import reverse

from bench.smtp_sink import email_url, running_sink
from tests.production import ROOT, run_in_production
from tests.scratch import scratch_database
from tests.servers import Browser, gunicorn, production_server_env

PASSWORD = "background-2026"
SETUP = f"""
import django
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from clients import share_links
from tests.factories import make_client, make_trainer
client = make_client(make_trainer("tess", password={PASSWORD!r}), name="Alex Client",
                     email="alex@example.com")
print(client.pk, share_links.issue_link(client).token)
"""
RESULTS = """
import django, json
django.setup()
from django_tasks_db.models import DBTaskResult
print(json.dumps([[r.task_path.rsplit(".", 1)[1], r.status, r.args_kwargs]
                  for r in DBTaskResult.objects.order_by("enqueued_at")]))
"""


def results(env):
    done = run_in_production(["-c", RESULTS], env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture
def deployment(tmp_path, collected_static, db):
    """gunicorn with the database task backend and a mail server that refuses the first try."""
    with ExitStack() as stack:
        sink = stack.enter_context(running_sink())
        env = production_server_env(
            DATABASE_URL=stack.enter_context(scratch_database(tmp_path)),
            STATIC_ROOT=str(collected_static),
            TASK_BACKEND="database",
            TASK_RETRY_DELAYS="1,1",
            EMAIL_URL=email_url(sink),
        )
        made = run_in_production(["-c", SETUP], env)
        assert made.returncode == 0, made.stderr
        client_pk, token = made.stdout.split()
        url = stack.enter_context(gunicorn(env, tmp_path / "gunicorn.log", workers=1))
        yield {"url": url, "env": env, "sink": sink, "client_pk": client_pk, "token": token}


def start_worker(env):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay",
         "--no-reload"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def test_email_it_answers_before_the_mail_is_sent_and_a_failed_send_is_retried(deployment):
    sink = deployment["sink"]
    sink.refuse_next = 1  # the mail server's first answer is "try again later"
    browser = Browser(deployment["url"])
    browser.sign_in("tess", PASSWORD)
    page = f"/clients/{deployment['client_pk']}/"

    started = time.monotonic()
    status, headers, _ = browser.post_form(f"{page}link/email/", {}, page=page)
    answered_in = time.monotonic() - started

    assert (status, headers["Location"]) == (302, f"{page}#link")
    assert sink.messages == [] and sink.refused == 0  # nothing sent yet: no worker runs
    queued = results(deployment["env"])
    assert [(name, state) for name, state, _ in queued] == [("email_share_link", "READY")]
    assert deployment["token"] not in json.dumps(queued)  # ids only, no private link stored
    assert answered_in < 10

    worker = start_worker(deployment["env"])
    try:
        messages = sink.wait_for(1)
        time.sleep(1.5)  # long enough for a second (wrong) send to show up
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert sink.refused == 1 and len(messages) == 1
    assert messages[0]["To"] == "alex@example.com"
    assert f"/s/{deployment['token']}/" in messages[0].get_content()
    tries = results(deployment["env"])
    assert [(name, state) for name, state, _ in tries] == [
        ("email_share_link", "FAILED"),
        ("email_share_link", "SUCCESSFUL"),
    ]
    assert tries[1][2]["kwargs"] == {"attempt": 2}


def test_a_send_that_keeps_failing_stops_after_its_tries(deployment):
    sink = deployment["sink"]
    sink.refuse_next = 10
    browser = Browser(deployment["url"])
    browser.sign_in("tess", PASSWORD)
    page = f"/clients/{deployment['client_pk']}/"
    browser.post_form(f"{page}link/email/", {}, page=page)

    worker = start_worker(deployment["env"])
    try:
        deadline = time.monotonic() + 60
        while sink.refused < 3 and time.monotonic() < deadline:
            time.sleep(0.1)
        time.sleep(2.5)  # past the last delay: no fourth try comes
    finally:
        worker.terminate()
        worker.wait(timeout=30)

    assert sink.refused == 3 and sink.messages == []  # the first try and the two retries
    states = [state for _, state, _ in results(deployment["env"])]
    assert states == ["FAILED", "FAILED", "FAILED"]


def test_email_it_with_the_immediate_backend_sends_at_once(trainer_client, client_of):
    from clients import share_links

    client_of.email = "alex@example.com"
    client_of.save()
    link = share_links.issue_link(client_of)
    response = trainer_client.post(reverse("clients:link-email", args=[client_of.pk]))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [["alex@example.com"]]
    assert link.token in mail.outbox[0].body


def test_a_revoked_link_is_not_mailed_by_a_task_that_runs_later(trainer_client, client_of):
    from clients import share_links
    from clients.tasks import email_share_link

    client_of.email = "alex@example.com"
    client_of.save()
    link = share_links.issue_link(client_of)
    share_links.revoke_link(client_of)
    result = email_share_link.enqueue(link.pk, "http://testserver")
    assert result.return_value.startswith("the link is no longer live")
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_staff_see_a_failed_send_and_its_retry_in_the_admin(client, settings, trainer, client_of):
    from django.core.management import call_command

    from clients import share_links
    from tests.factories import make_trainer, sign_in_with_second_factor

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.MAILERS = {"default": {"BACKEND": "tests.held_mail.RefusingBackend"}}
    client_of.email = "alex@example.com"
    client_of.save()
    share_links.issue_link(client_of)
    client.force_login(trainer)
    client.post(reverse("clients:link-email", args=[client_of.pk]))
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)

    client.logout()
    sign_in_with_second_factor(client, make_trainer("staff", is_staff=True, is_superuser=True))
    changelist = reverse("admin:django_tasks_database_dbtaskresult_changelist")
    failed = client.get(changelist, {"status__exact": "FAILED"}).content.decode()
    waiting = client.get(changelist, {"status__exact": "READY"}).content.decode()
    assert "email_share_link" in failed and "email_share_link" in waiting
    assert "alex@example.com" not in failed
