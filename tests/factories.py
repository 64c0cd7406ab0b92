"""Plain factory functions: each makes one real row with sensible defaults."""

from django.contrib.auth.models import User

from clients.models import Client
from practices.membership import start_practice
from practices.models import Membership
from routines.forms import unique_slug
from routines.models import Stretch, StretchStep


def make_trainer(username="trainer", password=None, practice=None, role="trainer", **fields):
    """A trainer with a practice of their own, or a member of `practice` with `role`
    (`practice=False`: no practice, like an account made in the admin)."""
    fields.setdefault("email", f"{username}@example.com")
    user = User(username=username, **fields)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    if practice is None:
        start_practice(user)  # as sign-up does
    elif practice is not False:
        Membership.objects.create(user=user, practice=practice, role=role)
    return user


def make_client(trainer, name="Client", **fields):
    return Client.objects.create(trainer=trainer, name=name, **fields)


def make_stretch(owner=None, name="Test stretch", **fields):
    fields.setdefault("summary", f"{name} in one sentence.")
    fields.setdefault("difficulty", "beginner")
    fields.setdefault("setup", "Stand tall.")
    fields.setdefault("hold_seconds", 30)
    fields.setdefault("repetitions", 2)
    fields.setdefault("is_published", True)
    stretch = Stretch.objects.create(owner=owner, name=name, slug=unique_slug(name), **fields)
    StretchStep.objects.create(stretch=stretch, position=1, instruction="Breathe and hold.")
    return stretch


def make_routine(owner, name="Morning routine", stretches=(), **fields):
    """A routine with one step per stretch, each at the stretch's default dose."""
    from routines.editing import dose_from
    from routines.models import Routine, RoutineStep

    routine = Routine.objects.create(owner=owner, name=name, **fields)
    RoutineStep.objects.bulk_create(
        RoutineStep(routine=routine, stretch=stretch, position=position, **dose_from(stretch))
        for position, stretch in enumerate(stretches, start=1)
    )
    return routine


def make_intake(client, **answers):
    """A saved intake with plausible answers; red_flags etc. as keyword arguments."""
    from django.utils import timezone

    from clients.models import Intake

    answers.setdefault("assessed_on", timezone.localdate())
    answers.setdefault("pain_now", 5)
    answers.setdefault("pain_average_week", 4)
    answers.setdefault("pain_worst_week", 7)
    answers.setdefault("pain_duration", "6_12_weeks")
    answers.setdefault("sitting_hours_workday", 8)
    answers.setdefault("sitting_hours_day_off", 4)
    intake = Intake.objects.create(
        client=client,
        consent_recorded_by=client.trainer,
        consent_recorded_at=timezone.now(),
        **answers,
    )
    client.refresh_latest_intake()
    return intake


def add_authenticator(user):
    """A confirmed TOTP device, as if the user had scanned the QR code."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.create(user=user, name="Phone", confirmed=True)


def current_code(device, ahead=0):
    """The 6 digits the user's authenticator app shows now (or `ahead` 30-second steps later:
    a code is accepted once, and the next one is already valid within the tolerance)."""
    from django_otp.oath import totp

    drift = device.drift + ahead
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, drift):06d}"


def sign_in_with_second_factor(client, user):
    """Django's test client, signed in with password and a verified second factor."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = add_authenticator(user)
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device
