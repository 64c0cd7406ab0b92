"""Staff see and edit practices and who is in them."""

from django.contrib import admin

from practices.models import Cover, Invitation, Membership, Practice


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Practice)
class PracticeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "created_at"]
    search_fields = ["name", "memberships__user__username", "memberships__user__email"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "practice", "role", "joined_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__email", "practice__name"]
    raw_id_fields = ["user", "practice"]


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    """Staff can see and withdraw invitations; the token itself is never stored."""

    list_display = ["email", "practice", "invited_by", "created_at", "expires_at", "accepted_at"]
    search_fields = ["email", "practice__name"]
    readonly_fields = ["token_hash", "created_at", "accepted_at", "accepted_by"]
    raw_id_fields = ["practice", "invited_by"]

    def has_add_permission(self, request):
        return False  # invitations are made by owners, with a mailed link


@admin.register(Cover)
class CoverAdmin(admin.ModelAdmin):
    list_display = ["trainer", "covered_by", "starts_on", "ends_on"]
    raw_id_fields = ["trainer", "covered_by"]
