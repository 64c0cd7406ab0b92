"""The client's private pages, under /s/<token>/ (tokens are redacted from every log)."""

from django.urls import path

from clients.views import shared

app_name = "shared"
urlpatterns = [
    path("<str:token>/", shared.today, name="today"),
    path("<str:token>/log/", shared.log_session, name="log"),
    path("<str:token>/start/", shared.start_session, name="start"),
    path("<str:token>/progress/", shared.progress, name="progress"),
    path("<str:token>/calendar.ics", shared.calendar, name="calendar"),
    path("<str:token>/print/", shared.handout, name="handout"),
    path("<str:token>/qr.svg", shared.qr_code, name="qr"),
    path("<str:token>/reminders/", shared.reminder_settings, name="reminders"),
    path("<str:token>/done/", shared.done_from_email, name="done"),
    path("<str:token>/manifest.webmanifest", shared.manifest, name="manifest"),
    path("<str:token>/sw.js", shared.service_worker, name="service-worker"),
]
