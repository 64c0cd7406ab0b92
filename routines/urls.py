from django.urls import path

from routines import views

app_name = "routines"
urlpatterns = [
    path("library/", views.library, name="library"),
    path("library/new/", views.stretch_create, name="stretch-create"),
    path("library/<slug:slug>/", views.stretch_detail, name="stretch-detail"),
    path("library/<slug:slug>/edit/", views.stretch_edit, name="stretch-edit"),
    path("library/<slug:slug>/delete/", views.stretch_delete, name="stretch-delete"),
]
