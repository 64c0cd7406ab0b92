"""Account security: two-factor sign-in (an authenticator app and recovery codes) and the list of
signed-in sessions."""

from importlib import import_module

import segno
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_otp import login as otp_login
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from clients.models import TrainerPreference
from practices.membership import membership_of
from trainer_site import two_factor
from trainer_site.models import TrainerSession
from trainer_site.sessions import TWO_FACTOR_FLAG


class CodeForm(forms.Form):
    code = forms.CharField(
        label="6-digit code from your authenticator app",
        max_length=12,  # apps show "123 456"; the space is dropped below
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "maxlength": 7}
        ),
    )

    def clean_code(self):
        code = "".join(self.cleaned_data["code"].split())
        if len(code) != 6 or not code.isdigit():
            raise forms.ValidationError("The code is 6 digits.")
        return code


class RecoveryCodeForm(forms.Form):
    recovery_code = forms.CharField(
        label="Recovery code",
        max_length=20,
        help_text="One of the codes you saved when you set up two-factor sign-in, like abcd-2345.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


def _next_url(request, default="account-security"):
    """Where to go after the code: `next` if it is a path on this site, else the named page.

    Always a URL, never a view name: redirect() would try to reverse a bare word such as
    `?next=dashboard2` and fail with a 500."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target.startswith("/") and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return reverse(default)


@require_GET
@never_cache
def security(request):
    sessions = TrainerSession.objects.filter(user=request.user)
    has_two_factor = user_has_device(request.user, confirmed=True)
    context = {
        "preference": TrainerPreference.objects.filter(trainer=request.user).first(),
        "has_two_factor": has_two_factor,
        "recovery_codes_left": has_two_factor and two_factor.recovery_codes_left(request.user),
        "recovery_codes_low": two_factor.RECOVERY_CODES_LOW,
        "sessions": sessions,
        "current_key": request.session.session_key,
        "membership": membership_of(request.user),
    }
    return render(request, "account/security.html", context)


APP_CODE_REFUSED = "That code did not match. Check the time on your phone."
RECOVERY_CODE_REFUSED = "That recovery code is not valid, or has been used."


def _refused(form, field, check, not_matched):
    """Put why a code was refused beside the field; 429 while the guessing limit holds."""
    form.add_error(field, check.error or not_matched)
    return 429 if check.wait_seconds else 422


def _with_retry_after(response, check):
    if check and check.wait_seconds:
        response["Retry-After"] = str(check.wait_seconds)
    return response


@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_setup(request):
    if user_has_device(request.user, confirmed=True):
        return redirect("account-security")
    device = two_factor.app_device(request.user, confirmed=False)
    if device is None:
        device = TOTPDevice.objects.create(user=request.user, name="Authenticator", confirmed=False)
    form = CodeForm(request.POST or None)
    status, check = 200, None
    if request.method == "POST":
        if form.is_valid():
            check = two_factor.check_code(device, form.cleaned_data["code"])
            if check.device:
                return _turn_on(request, check.device)
            status = _refused(form, "code", check, APP_CODE_REFUSED)
        else:
            status = 422
    context = {
        "form": form,
        "qr": segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2),
        "secret": two_factor.readable_key(device),  # for apps that cannot scan
        "retry_after": check.wait_seconds if check else 0,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    response = render(request, "account/two_factor_setup.html", context, status=status)
    return _with_retry_after(response, check)


def _turn_on(request, device):
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
    # Shown in this response only, never stored for a later page: they are the keys.
    return _show_recovery_codes(request, two_factor.new_recovery_codes(request.user))


def _show_recovery_codes(request, codes):
    context = {"codes": codes, "continue_url": _next_url(request)}
    return render(request, "account/recovery_codes.html", context)


@require_POST
@never_cache
def recovery_codes_regenerate(request):
    if not user_has_device(request.user, confirmed=True):
        return redirect("account-security")
    codes = two_factor.new_recovery_codes(request.user)
    messages.success(request, "New recovery codes made. The old ones no longer work.")
    return _show_recovery_codes(request, codes)


@require_http_methods(["GET", "POST"])
@never_cache
def two_factor_verify(request):
    if request.user.is_verified() or not user_has_device(request.user, confirmed=True):
        return redirect(_next_url(request, "clients:dashboard"))
    using_recovery_code = "recovery_code" in request.POST
    app_form = CodeForm(None if using_recovery_code else request.POST or None)
    recovery_form = RecoveryCodeForm(request.POST if using_recovery_code else None)
    status, check = 200, None
    if request.method == "POST":
        form, field, check_code, not_matched = (
            (recovery_form, "recovery_code", two_factor.check_recovery_code, RECOVERY_CODE_REFUSED)
            if using_recovery_code
            else (app_form, "code", two_factor.check_app_code, APP_CODE_REFUSED)
        )
        if form.is_valid():
            check = check_code(request.user, form.cleaned_data[field])
            if check.device:
                otp_login(request, check.device)
                if using_recovery_code:
                    _say_recovery_codes_left(request)
                return redirect(_next_url(request, "clients:dashboard"))
            status = _refused(form, field, check, not_matched)
        else:
            status = 422
    context = {
        "form": app_form,
        "recovery_form": recovery_form,
        "using_recovery_code": using_recovery_code,
        "retry_after": check.wait_seconds if check else 0,
        "next": request.POST.get("next") or request.GET.get("next", ""),
    }
    response = render(request, "account/two_factor_verify.html", context, status=status)
    return _with_retry_after(response, check)


def _say_recovery_codes_left(request):
    left = two_factor.recovery_codes_left(request.user)
    codes = "recovery code" if left == 1 else "recovery codes"
    text = f"Signed in with a recovery code, which now no longer works. {left} {codes} left."
    if left < two_factor.RECOVERY_CODES_LOW:
        messages.warning(request, f"{text} Make new ones under Account security.")
    else:
        messages.info(request, text)


@require_POST
def two_factor_disable(request):
    check = two_factor.check_app_or_recovery_code(request.user, request.POST.get("code", ""))
    if check.device is None:
        messages.error(
            request,
            check.error
            or "Enter a current code from your app, or a recovery code, to turn two-factor off.",
        )
        return redirect("account-security")
    two_factor.remove_second_factor(request.user)
    request.session[TWO_FACTOR_FLAG] = False
    messages.success(request, "Two-factor sign-in is off. Your recovery codes no longer work.")
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
