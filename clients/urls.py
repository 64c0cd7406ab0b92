from django.urls import path

from clients.views import clients, intake

app_name = "clients"
urlpatterns = [
    path("clients/", clients.client_list, name="client-list"),
    path("clients/new/", clients.client_create, name="client-create"),
    path("clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client-edit"),
    path("clients/<int:pk>/archive/", clients.client_archive, name="client-archive"),
    path("clients/<int:pk>/erase/", clients.client_erase, name="client-erase"),
    path(
        "clients/<int:pk>/export.json",
        clients.client_export,
        {"file_format": "json"},
        name="client-export-json",
    ),
    path(
        "clients/<int:pk>/export.csv",
        clients.client_export,
        {"file_format": "csv"},
        name="client-export-csv",
    ),
    path("clients/<int:pk>/intakes/new/", intake.intake_create, name="intake-create"),
    path("clients/<int:pk>/intakes/check/", intake.intake_check, name="intake-check"),
    path("clients/<int:pk>/intakes/<int:intake_pk>/", intake.intake_detail, name="intake-detail"),
    path(
        "clients/<int:pk>/intakes/<int:intake_pk>/clearance/",
        intake.clearance_create,
        name="clearance-create",
    ),
]
