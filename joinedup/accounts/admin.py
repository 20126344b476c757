from django.contrib import admin, messages

from joinedup.accounts import services
from joinedup.accounts.models import User
from joinedup.core.audit import Actor


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = [
        "email",
        "full_name",
        "is_active",
        "is_superuser",
        "date_joined",
        "deactivated_at",
    ]
    list_filter = ["is_active", "is_superuser"]
    search_fields = ["email", "full_name"]
    fields = [
        "email",
        "full_name",
        "is_active",
        "is_staff",
        "is_superuser",
        "date_joined",
        "deactivated_at",
        "last_login",
    ]
    readonly_fields = ["is_active", "date_joined", "deactivated_at", "last_login"]
    actions = ["deactivate"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # Accounts are deactivated, never deleted: their history must keep its author.
        return False

    @admin.action(description="Deactivate the selected accounts")
    def deactivate(self, request, queryset):
        for user in queryset:
            services.deactivate_user(user=user, actor=Actor.for_user(request.user))
        messages.success(request, f"Deactivated {queryset.count()} accounts.")
