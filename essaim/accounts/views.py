"""The admin's login and password change are the site's own pages: one door, throttled, with
the second factor (installed on the admin site in admin.py)."""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.urls import reverse


def admin_login(request, extra_context=None):
    """Anonymous: the site's login page, back to the admin afterwards. Logged in: the admin, or a
    refusal when the admin refused the account (logging in again would not change that)."""
    if request.user.is_authenticated:
        if admin.site.has_permission(request):
            return redirect("admin:index")
        raise PermissionDenied
    return redirect_to_login(request.GET.get("next") or reverse("admin:index"))


def admin_password_change(request, extra_context=None):
    return redirect("account_change_password")
