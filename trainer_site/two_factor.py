"""Two-factor sign-in: an authenticator app (django-otp TOTP) and recovery codes (django-otp
static tokens, each usable once).

A code is always checked against one device, chosen by the shape of what was typed, never with
django_otp.match_token: that tries every device of the user and counts a miss on each, so every
sign-in with the app would count as a wrong recovery code, and the recovery codes would lock
themselves out after a few ordinary sign-ins (django-otp issue 110).

django-otp slows guessing per device: after n wrong codes in a row, nothing is checked until
2^(n-1) seconds have passed (1, 2, 4, 8 ...). A code sent inside that wait is not wrong, it is
unchecked; `check_code` says so, with the seconds left, instead of "did not match".
"""

import math
from base64 import b32encode
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_otp.models import Device
from django_otp.oath import TOTP, hotp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODE_COUNT = 10
# Below this many unused recovery codes, the trainer is asked to make new ones.
RECOVERY_CODES_LOW = 3


@dataclass(frozen=True)
class CodeCheck:
    device: Device | None = None  # the device that accepted the code
    wait_seconds: int = 0  # too many wrong codes: nothing was checked, try again after this
    already_used: bool = False  # the right app code, but it has signed in once already

    @property
    def error(self):
        if self.wait_seconds:
            wait = f"{self.wait_seconds} second{'s' if self.wait_seconds != 1 else ''}"
            return f"Too many wrong codes in a row. Wait {wait}, then try again."
        if self.already_used:
            return "That code has been used already. Wait for the next one in your app."
        return None


def readable_key(device):
    """The secret as authenticator apps take it when typed: Base32, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[start : start + 4] for start in range(0, len(key), 4))


def normalise_recovery_code(typed):
    """People copy codes with the dash we print, spaces, or in capitals."""
    return "".join(typed.split()).replace("-", "").lower()


def printable_recovery_code(token):
    return f"{token[:4]}-{token[4:]}"


def app_device(user, confirmed=True):
    return TOTPDevice.objects.filter(user=user, confirmed=confirmed).first()


def check_code(device, code):
    """Check `code` against this one device, under its guessing limit."""
    with transaction.atomic():
        # The row lock makes parallel attempts take turns: one recovery code cannot sign in
        # twice, and the limit counts every attempt.
        device = type(device).objects.select_for_update().get(pk=device.pk)
        allowed, details = device.verify_is_allowed()
        if not allowed:
            left = (details["locked_until"] - timezone.now()).total_seconds()
            return CodeCheck(wait_seconds=max(1, math.ceil(left)))
        if device.verify_token(code):
            return CodeCheck(device=device)
    return CodeCheck(already_used=_used_app_code(device, code))


def check_app_code(user, code):
    device = app_device(user)
    return check_code(device, code) if device else CodeCheck()


def check_recovery_code(user, typed):
    device = StaticDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        return CodeCheck()
    return check_code(device, normalise_recovery_code(typed))


def check_app_or_recovery_code(user, typed):
    """Six digits go to the app; anything else is taken as a recovery code."""
    digits = "".join(typed.split())
    if len(digits) == 6 and digits.isdigit():
        return check_app_code(user, digits)
    return check_recovery_code(user, typed)


def _used_app_code(device, code):
    """Whether a refused app code is one that was valid now but has been used (it may not be
    used twice): typing the set-up code again to sign in straight away is the usual case."""
    if not isinstance(device, TOTPDevice) or not code.isdigit() or device.last_t < 0:
        return False
    now = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).t()
    steps = range(now - device.tolerance, min(now + device.tolerance, device.last_t) + 1)
    return any(hotp(device.bin_key, step, device.digits) == int(code) for step in steps)


def new_recovery_codes(user):
    """A fresh set of recovery codes for the user, replacing (and so invalidating) the old set.

    The device itself is kept: a session signed in with a recovery code stays verified."""
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    with transaction.atomic():
        device, _ = StaticDevice.objects.select_for_update().get_or_create(
            user=user, defaults={"name": "Recovery codes", "confirmed": True}
        )
        device.token_set.all().delete()
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [printable_recovery_code(code) for code in codes]


def recovery_codes_left(user):
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def remove_second_factor(user):
    """Turn two-factor sign-in off: the app and the recovery codes go together."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
