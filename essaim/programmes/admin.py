from django.contrib import admin

from essaim.programmes.models import Programme


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    """Programmes are the installation's: its technical operators (superusers) manage them."""

    list_display = ["code", "name", "operator", "starts_on", "ends_on"]
    search_fields = ["code", "name"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_change_permission = has_delete_permission = has_view_permission
