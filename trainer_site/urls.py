from django.contrib import admin
from django.urls import include, path

from clients.views import dashboard, shared
from trainer_site import views

urlpatterns = [
    path("", dashboard.dashboard, name="dashboard"),
    path("attention/handled/", dashboard.attention_handle, name="attention-handle"),
    path("settings/digest/", dashboard.digest_settings, name="digest-settings"),
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/stretches/<path:path>", views.stretch_media, name="stretch-media"),
    path("accounts/signup/", views.signup, name="signup"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    path("", include("routines.urls")),
    path("", include("clients.urls")),
    path("s/", include("clients.shared_urls")),
    path("reminders/stop/<str:unsubscribe_token>/", shared.reminder_stop, name="reminder-stop"),
]

handler403 = "trainer_site.views.permission_denied"
handler404 = "trainer_site.views.page_not_found"
