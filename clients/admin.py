"""Admins see the audit trail, read-only: the record of who touched which health record."""

from django.contrib import admin

from clients.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "trainer", "client_ref", "action", "subject"]
    list_filter = ["action", "at"]
    search_fields = ["actor__username", "trainer__username", "client_ref"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
