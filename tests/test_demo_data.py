from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from clients.models import Client as CoachClient


def test_load_demo_is_idempotent_and_prints_a_working_login(db, capsys):
    call_command("load_demo")
    first_counts = (User.objects.count(), CoachClient.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), CoachClient.objects.count()) == first_counts
    assert first_counts == (1, 4)
    output = capsys.readouterr().out
    password = output.split("with password '")[1].split("'")[0]
    response = Client().post("/accounts/login/", {"username": "demo", "password": password})
    assert response.status_code == 302 and response["Location"] == "/"


def test_the_demo_tells_a_story_on_the_dashboard(client, db):
    call_command("load_demo")
    call_command("load_demo")
    client.force_login(User.objects.get(username="demo"))
    html = client.get("/").content.decode()
    queue = html[html.index('id="attention-queue"') :]
    assert "Ben Okafor" in queue and "Pain alert" in queue
    assert "Dev Patel" in queue and "Red flags not cleared" in queue
    assert "Carla Mendes" in queue and "Time to re-assess" in queue
    amira = CoachClient.objects.get(name="Amira Haddad")
    page = client.get(amira.get_absolute_url()).content.decode()
    assert page.count('data-series="pain_now"') == 1  # three intakes: the chart is drawn
    assert 'data-series="goal-1"' in page  # her two goals beside pain
    assert "(short re-assessment)" in page
    assert "Private link" in page and "/s/" in page
