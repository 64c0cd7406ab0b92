from django.contrib import admin
from django.urls import include, path

from clients.views import dashboard, shared
from trainer_site import account_views, views

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("attention/handled/", dashboard.attention_handle, name="attention-handle"),
    path("attention/history/", dashboard.attention_history, name="attention-history"),
    path("settings/digest/", dashboard.digest_settings, name="digest-settings"),
    path("healthz", views.healthz, name="healthz"),
    path("bench/floor/", views.bench_floor, name="bench-floor"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/stretches/<path:path>", views.stretch_media, name="stretch-media"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/security/", account_views.security, name="account-security"),
    path("accounts/two-factor/", account_views.two_factor_setup, name="two-factor-setup"),
    path("accounts/two-factor/verify/", account_views.two_factor_verify, name="two-factor-verify"),
    path("accounts/two-factor/off/", account_views.two_factor_disable, name="two-factor-disable"),
    path("accounts/sessions/<int:pk>/end/", account_views.session_end, name="session-end"),
    path(
        "accounts/sessions/end-others/",
        account_views.sessions_end_others,
        name="sessions-end-others",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("routines.urls")),
    path("", include("clients.urls")),
    path("s/", include("clients.shared_urls")),
    path("reminders/stop/<str:unsubscribe_token>/", shared.reminder_stop, name="reminder-stop"),
]

handler403 = "trainer_site.views.permission_denied"
handler404 = "trainer_site.views.page_not_found"
