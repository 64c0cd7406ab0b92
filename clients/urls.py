from django.urls import path

from clients.views import assignments, clients, dashboard, intake, practice, replies, shared

app_name = "clients"
urlpatterns = [
    # The trainer's home page and its attention queue
    path("", dashboard.dashboard, name="dashboard"),
    path("attention/handled/", dashboard.attention_handle, name="attention-handle"),
    path("attention/history/", dashboard.attention_history, name="attention-history"),
    path("settings/digest/", dashboard.digest_settings, name="digest-settings"),
    path("settings/contact/", dashboard.contact_settings, name="contact-settings"),
    # Clients and intake
    path("clients/", clients.client_list, name="client-list"),
    path("clients/new/", clients.client_create, name="client-create"),
    path("clients/<int:pk>/", clients.client_detail, name="client-detail"),
    path("clients/<int:pk>/edit/", clients.client_edit, name="client-edit"),
    path("clients/<int:pk>/archive/", clients.client_archive, name="client-archive"),
    path("clients/<int:pk>/erase/", clients.client_erase, name="client-erase"),
    path("clients/<int:pk>/access/", clients.access_history, name="access-history"),
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
    path("clients/<int:pk>/reassess/", intake.reassessment_create, name="reassessment-create"),
    path("clients/<int:pk>/intakes/<int:intake_pk>/", intake.intake_detail, name="intake-detail"),
    path(
        "clients/<int:pk>/intakes/<int:intake_pk>/clearance/",
        intake.clearance_create,
        name="clearance-create",
    ),
    path(
        "clients/<int:pk>/red-flags/clearance/",
        intake.red_flag_clearance,
        name="red-flag-clearance",
    ),
    # Assignments, alerts and the private link
    path(
        "clients/<int:pk>/assignments/new/",
        assignments.assignment_create,
        name="assignment-create",
    ),
    path(
        "clients/<int:pk>/assignments/<int:assignment_pk>/update-copy/",
        assignments.assignment_update_copy,
        name="assignment-update-copy",
    ),
    path(
        "clients/<int:pk>/assignments/<int:assignment_pk>/steps/<int:step_pk>/swap/",
        assignments.assignment_swap,
        name="assignment-swap",
    ),
    path(
        "clients/<int:pk>/assignments/<int:assignment_pk>/end/",
        assignments.assignment_end,
        name="assignment-end",
    ),
    path("clients/<int:pk>/advanced/unlock/", assignments.advanced_unlock, name="advanced-unlock"),
    path("clients/<int:pk>/advanced/lock/", assignments.advanced_lock, name="advanced-lock"),
    path(
        "clients/<int:pk>/alerts/<int:alert_pk>/handled/",
        assignments.alert_handle,
        name="alert-handle",
    ),
    path("clients/assign/", assignments.assign_many, name="assign-many"),
    path(
        "clients/<int:pk>/sessions/<int:log_pk>/replies/",
        replies.session_reply,
        name="session-reply",
    ),
    path("clients/<int:pk>/link/", assignments.link_issue, name="link-issue"),
    path("clients/<int:pk>/link/revoke/", assignments.link_revoke, name="link-revoke"),
    path("clients/<int:pk>/link/qr.svg", assignments.link_qr, name="link-qr"),
    path("clients/<int:pk>/link/email/", assignments.link_email, name="link-email"),
    # The practice: dashboard and team (owners), invitations, transfers, cover
    path("practice/", practice.practice_dashboard, name="practice-dashboard"),
    path("practice/team/", practice.team, name="practice-team"),
    path("practice/team/invite/", practice.invite_trainer, name="practice-invite"),
    path("practice/team/details/", practice.practice_details, name="practice-details"),
    path(
        "practice/team/<int:membership_pk>/remove/",
        practice.member_remove,
        name="practice-member-remove",
    ),
    path(
        "practice/team/<int:membership_pk>/role/", practice.member_role, name="practice-member-role"
    ),
    path("practice/join/<str:token>/", practice.invitation_accept, name="invitation-accept"),
    path("practice/cover/", practice.cover, name="practice-cover"),
    path("practice/cover/<int:cover_pk>/end/", practice.cover_end, name="practice-cover-end"),
    path("practice/library/", practice.practice_library, name="practice-library"),
    path(
        "practice/library/routines/<int:routine_pk>/share/",
        practice.routine_share,
        name="practice-routine-share",
    ),
    path(
        "practice/library/routines/<int:routine_pk>/copy/",
        practice.routine_copy,
        name="practice-routine-copy",
    ),
    path(
        "practice/library/stretches/<int:stretch_pk>/share/",
        practice.stretch_share,
        name="practice-stretch-share",
    ),
    path(
        "practice/library/stretches/<int:stretch_pk>/copy/",
        practice.stretch_copy,
        name="practice-stretch-copy",
    ),
    path("clients/<int:pk>/transfer/", practice.client_transfer, name="client-transfer"),
    # The one-click unsubscribe in reminder emails (public: the token is the key)
    path("reminders/stop/<str:unsubscribe_token>/", shared.reminder_stop, name="reminder-stop"),
]
