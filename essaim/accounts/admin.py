from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group

from essaim.accounts.models import SecondFactor, User
from essaim.accounts.perms import uses_admin
from essaim.accounts.views import admin_login, admin_password_change
from essaim.programmes import scope

# Deny by default: only the installation's technical operators and the programme team enter the admin.
admin.site.has_permission = lambda request: uses_admin(request.user)
# No second door: the admin logs in and changes passwords through the site's pages (views.py).
admin.site.login = admin_login
admin.site.password_change = admin_password_change


class UserCreationForm(AdminUserCreationForm):
    class Meta:
        model = User
        fields = ["email", "full_name"]


class UserEditForm(UserChangeForm):
    class Meta:
        model = User
        fields = "__all__"
        field_classes = {"email": forms.EmailField}


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    form = UserEditForm
    add_form = UserCreationForm
    list_display = ["email", "full_name", "is_active", "last_login"]
    list_filter = ["is_active"]
    search_fields = ["email", "full_name"]
    ordering = ["email"]
    fieldsets = [
        (None, {"fields": ["email", "password"]}),
        ("Identité", {"fields": ["full_name", "is_active"]}),
        ("Dates", {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [(None, {"classes": ["wide"], "fields": ["email", "full_name", "password1", "password2"]})]
    filter_horizontal = []

    def get_queryset(self, request):
        """A programme's team sees the accounts of its programme; a technical operator, all."""
        accounts = super().get_queryset(request)
        programme = scope.current()
        if programme is None:
            return accounts
        return accounts.filter(memberships__programme=programme, memberships__ended_at=None).distinct()


# The team sees who has a second factor and removes a lost one (the account then sets up a new
# one at its next login); never the secrets. Addresses are changed on the user (addresses.py).
admin.site.unregister(Authenticator)
admin.site.unregister(EmailAddress)
# Who may do what is the user's role (accounts/perms.py): no groups of Django permissions, whose
# names Django writes in English (« Can view … »).
admin.site.unregister(Group)


@admin.register(SecondFactor)
class SecondFactorAdmin(admin.ModelAdmin):
    """allauth names the authenticator's fields in English: the columns get French names here."""

    list_display = ["account", "kind", "created", "last_used"]
    list_filter = ["type"]
    search_fields = ["user__email"]
    fields = list_display
    readonly_fields = fields

    def get_queryset(self, request):
        factors = super().get_queryset(request)
        programme = scope.current()
        if programme is None:
            return factors
        return factors.filter(user__memberships__programme=programme, user__memberships__ended_at=None).distinct()

    @admin.display(description="compte", ordering="user__email")
    def account(self, obj):
        return obj.user

    @admin.display(description="type", ordering="type")
    def kind(self, obj):
        return obj.get_type_display()

    @admin.display(description="ajoutée le", ordering="created_at")
    def created(self, obj):
        return obj.created_at

    @admin.display(description="dernière utilisation", ordering="last_used_at")
    def last_used(self, obj):
        return obj.last_used_at

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
