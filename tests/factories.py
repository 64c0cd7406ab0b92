"""Plain factory functions: each makes one real row with sensible defaults."""

from django.contrib.auth.models import User

from clients.models import Client


def make_trainer(username="trainer", password=None, **fields):
    fields.setdefault("email", f"{username}@example.com")
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    return user


def make_client(trainer, name="Client", **fields):
    return Client.objects.create(trainer=trainer, name=name, **fields)
