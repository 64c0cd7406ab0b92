"""A trainer's own account, under /accounts/: sign-up, two-factor sign-in and sessions.

No app namespace, like django.contrib.auth's URLs beside them ("login", "account-security").
"""

from django.contrib.auth.views import PasswordResetView
from django.urls import path

from trainer_site import account_views, views
from trainer_site.forms import PasswordResetForm

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("signup/confirm/<uidb64>/<token>/", views.signup_confirm, name="signup-confirm"),
    # Before django.contrib.auth's URLs: the same page, answering as fast for any address.
    path(
        "password_reset/",
        PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("security/", account_views.security, name="account-security"),
    path("two-factor/", account_views.two_factor_setup, name="two-factor-setup"),
    path("two-factor/verify/", account_views.two_factor_verify, name="two-factor-verify"),
    path("two-factor/off/", account_views.two_factor_disable, name="two-factor-disable"),
    path(
        "two-factor/recovery-codes/",
        account_views.recovery_codes_regenerate,
        name="recovery-codes-regenerate",
    ),
    path("sessions/<int:pk>/end/", account_views.session_end, name="session-end"),
    path("sessions/end-others/", account_views.sessions_end_others, name="sessions-end-others"),
]
