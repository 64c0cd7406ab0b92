"""Account security: two-factor sign-in (TOTP) and the list of signed-in sessions."""

from importlib import import_module

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import match_token, user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import TrainerPreference
from trainer_site.models import TrainerSession
from trainer_site.sessions import TWO_FACTOR_FLAG


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=6,
        min_length=6,
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code.isdigit():
            raise forms.ValidationError("The code is 6 digits.")
        return code


def _next_url(request, default="account-security"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return default


@require_GET
@never_cache
def security(request):
    sessions = TrainerSession.objects.filter(user=request.user)
    context = {
        "preference": TrainerPreference.objects.filter(trainer=request.user).first(),
        "has_two_factor": user_has_device(request.user, confirmed=True),
        "sessions": sessions,
        "current_key": request.session.session_key,
    }
    return render(request, "account/security.html", context)


@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_setup(request):
    if user_has_device(request.user, confirmed=True):
        return redirect("account-security")
    device = TOTPDevice.objects.filter(user=request.user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid() and device.verify_token(form.cleaned_data["code"]):
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            request.session[TWO_FACTOR_FLAG] = True
            # Sessions signed in with the password alone must not outlive this change.
            for other in TrainerSession.objects.filter(user=request.user).exclude(
                session_key=request.session.session_key
            ):
                _end(other)
            messages.success(request, "Two-factor sign-in is on. Other sessions were ended.")
            return redirect(_next_url(request))
        if form.is_valid():
            form.add_error("code", "That code did not match. Check the time on your phone.")
        status = 422
    qr = segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)
    secret = device.bin_key.hex()  # shown for apps that cannot scan
    context = {"form": form, "qr": qr, "config_url": device.config_url, "secret": secret}
    return render(request, "account/two_factor_setup.html", context, status=status)


@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_verify(request):
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request, "clients:dashboard"))
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        device = match_token(request.user, form.data.get("code", "")) if form.is_valid() else None
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request, "clients:dashboard"))
        if form.is_valid():
            form.add_error("code", "That code did not match. Try the newest one.")
        return render(request, "account/two_factor_verify.html", {"form": form}, status=422)
    return render(request, "account/two_factor_verify.html", {"form": form})


@require_POST
def two_factor_disable(request):
    form = CodeForm(request.POST)
    device = match_token(request.user, form.data.get("code", "")) if form.is_valid() else None
    if device is None:
        messages.error(request, "Enter a current code from your app to turn two-factor off.")
        return redirect("account-security")
    TOTPDevice.objects.filter(user=request.user).delete()
    request.session[TWO_FACTOR_FLAG] = False
    messages.success(request, "Two-factor sign-in is off.")
    return redirect("account-security")


def _end(session):
    store = import_module(settings.SESSION_ENGINE).SessionStore
    store(session_key=session.session_key).delete()
    session.delete()


@require_POST
def session_end(request, pk):
    session = get_object_or_404(TrainerSession, pk=pk, user=request.user)
    if session.session_key == request.session.session_key:
        messages.info(request, "To end this session, log out.")
        return redirect("account-security")
    _end(session)
    messages.success(request, "That session has ended.")
    return redirect("account-security")


@require_POST
def sessions_end_others(request):
    others = TrainerSession.objects.filter(user=request.user).exclude(
        session_key=request.session.session_key
    )
    count = 0
    for session in others:
        _end(session)
        count += 1
    messages.success(request, f"Ended {count} other session{'s' if count != 1 else ''}.")
    return redirect("account-security")
