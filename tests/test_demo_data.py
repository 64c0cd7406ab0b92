from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command

from clients.models import Client


def test_load_demo_is_idempotent_and_prints_a_working_login(db, capsys):
    call_command("load_demo")
    first_counts = (User.objects.count(), Client.objects.count())
    call_command("load_demo")
    assert (User.objects.count(), Client.objects.count()) == first_counts
    assert first_counts == (1, 4)
    output = capsys.readouterr().out
    password = output.split("with password '")[1].split("'")[0]
    assert authenticate(username="demo", password=password) is not None
