from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.accounts.admin import UserAdmin
from essaim.accounts.models import Membership, User
from essaim.organizations.models import Network, Structure
from essaim.programmes import scope


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline):
    """The user's memberships: a programme's team sees and gives those of its programme; a
    technical operator, any programme's."""

    model = Membership
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["structure"]

    def get_fields(self, request, obj=None):
        fields = ["role", "structure", "is_lead", "started_at", "ended_at"]
        return fields if scope.current() is not None else ["programme", *fields]

    def get_queryset(self, request):
        memberships = super().get_queryset(request)
        programme = scope.current()
        return memberships.filter(programme=programme) if programme is not None else memberships


class UserWithMembershipsAdmin(UserAdmin):
    """The user's page in the admin, with their memberships."""

    inlines = [*UserAdmin.inlines, MembershipInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is not Membership:
            return super().save_formset(request, form, formset, change)
        for membership in formset.save(commit=False):
            if membership.programme_id is None:
                membership.programme = scope.current()
            if membership.pk is None:
                membership.created_by = request.user
            membership.save()
        for membership in formset.deleted_objects:
            membership.delete()


admin.site.unregister(User)
admin.site.register(User, UserWithMembershipsAdmin)


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "departement", "siret", "is_placeholder"]
    list_filter = ["kind", "is_placeholder", "networks", "departement__region"]
    search_fields = ["name", "siret", "city"]
    autocomplete_fields = ["departement"]
    filter_horizontal = ["networks"]
