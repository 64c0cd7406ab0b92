from django.urls import path

from routines.views import builder, library

app_name = "routines"
urlpatterns = [
    path("library/", library.library, name="library"),
    path("library/new/", library.stretch_create, name="stretch-create"),
    path("library/<slug:slug>/", library.stretch_detail, name="stretch-detail"),
    path("library/<slug:slug>/edit/", library.stretch_edit, name="stretch-edit"),
    path("library/<slug:slug>/delete/", library.stretch_delete, name="stretch-delete"),
    path("routines/", builder.routine_list, name="routine-list"),
    path("routines/new/", builder.routine_create, name="routine-create"),
    path("routines/<int:pk>/", builder.builder, name="builder"),
    path("routines/<int:pk>/library/", builder.builder_library, name="builder-library"),
    path("routines/<int:pk>/details/", builder.routine_details, name="routine-details"),
    path("routines/<int:pk>/copy/", builder.routine_copy, name="routine-copy"),
    path("routines/<int:pk>/archive/", builder.routine_archive, name="routine-archive"),
    path("routines/<int:pk>/delete/", builder.routine_delete, name="routine-delete"),
    path("routines/<int:pk>/steps/add/", builder.step_add, name="step-add"),
    path("routines/<int:pk>/steps/restore/", builder.step_restore, name="step-restore"),
    path("routines/<int:pk>/steps/reorder/", builder.step_reorder, name="step-reorder"),
    path("routines/<int:pk>/steps/<int:step_pk>/", builder.step_update, name="step-update"),
    path("routines/<int:pk>/steps/<int:step_pk>/move/", builder.step_move, name="step-move"),
    path("routines/<int:pk>/steps/<int:step_pk>/remove/", builder.step_remove, name="step-remove"),
]
