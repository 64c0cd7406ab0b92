from django.urls import path

from clients import views

app_name = "clients"
urlpatterns = [
    path("clients/", views.client_list, name="client-list"),
]
