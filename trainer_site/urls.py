from django.contrib import admin
from django.urls import include, path

from trainer_site import views

urlpatterns = [
    path("", include("clients.urls")),
    path("", include("routines.urls")),
    path("s/", include("clients.shared_urls")),
    path("accounts/", include("trainer_site.account_urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("admin/", admin.site.urls),
    # Project-wide
    path("healthz", views.healthz, name="healthz"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("media/stretches/<path:path>", views.stretch_photo, name="stretch-media"),
    path("media/logos/<path:path>", views.practice_logo, name="practice-logo"),
    path("bench/floor/", views.bench_floor, name="bench-floor"),
]

handler403 = "trainer_site.views.permission_denied"
handler404 = "trainer_site.views.page_not_found"
