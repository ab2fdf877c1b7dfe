from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.accounts.admin import UserAdmin
from essaim.accounts.models import User
from essaim.organizations.models import Membership, Network, Structure


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


class UserWithMembershipsAdmin(UserAdmin):
    """The user's page in the admin, with the structures the user is a member of."""

    inlines = [*UserAdmin.inlines, MembershipInline]


admin.site.unregister(User)
admin.site.register(User, UserWithMembershipsAdmin)


@admin.register(Structure)
class StructureAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "departement", "siret", "is_placeholder"]
    list_filter = ["kind", "is_placeholder", "networks", "departement__region"]
    search_fields = ["name", "siret", "city"]
    autocomplete_fields = ["departement"]
    filter_horizontal = ["networks"]
    inlines = [MembershipInline]
