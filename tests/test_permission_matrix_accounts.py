"""The account pages (allauth's, at French addresses: essaim/accounts/allauth_urls.py) × every
role and anonymous. allauth's URL names have no namespace: each one exposed must be requested here.

Expected: 200 (shown), 403 (refused), 404 (hidden: nothing of this user to show), "login"
(anonymous sent to the login page), 302 (other redirect: a logged-in user sent on, e.g. to confirm
their identity before a sensitive page).
"""

import pytest
from django.urls import reverse

from essaim.accounts.allauth_urls import url_names
from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)


def pages():
    bad_key = reverse("account_reset_password_from_key", kwargs={"uidb36": "1", "key": "mauvaise-cle"})
    return {
        "login": ("get", reverse("account_login")),
        "logout_confirm": ("get", reverse("account_logout")),
        "logout": ("post", reverse("account_logout")),
        "inactive": ("get", reverse("account_inactive")),
        "reauthenticate": ("get", reverse("account_reauthenticate")),
        "email": ("get", reverse("account_email")),
        "email_code": ("get", reverse("account_email_verification_sent")),
        "password_change": ("get", reverse("account_change_password")),
        "password_set": ("get", reverse("account_set_password")),
        "password_reset": ("get", reverse("account_reset_password")),
        "password_reset_sent": ("get", reverse("account_reset_password_done")),
        "password_reset_bad_link": ("get", bad_key),
        "password_reset_finished": ("get", reverse("account_reset_password_from_key_done")),
        "mfa": ("get", reverse("mfa_index")),
        "mfa_login_code": ("get", reverse("mfa_authenticate")),
        "mfa_reauthenticate": ("get", reverse("mfa_reauthenticate")),
        "mfa_activate": ("get", reverse("mfa_activate_totp")),
        "mfa_deactivate": ("get", reverse("mfa_deactivate_totp")),
        "recovery_codes": ("get", reverse("mfa_view_recovery_codes")),
        "recovery_codes_new": ("get", reverse("mfa_generate_recovery_codes")),
        "recovery_codes_download": ("get", reverse("mfa_download_recovery_codes")),
        "admin_login": ("get", reverse("admin:login") + "?next=/admin/"),
        "admin_password_change": ("get", reverse("admin:password_change")),
        "programme_switch": ("post", reverse("programmes:switch")),
        "invite": ("get", reverse("accounts:invite")),
        "people": ("get", reverse("accounts:people")),
        "membership_end_missing": ("post", reverse("accounts:end_membership", args=[999999])),
        "membership_change_missing": ("post", reverse("accounts:change_membership", args=[999999])),
        "invitations": ("get", reverse("accounts:invitations")),
        "invitation_revoke_missing": ("post", reverse("accounts:revoke_invitation", args=[999999])),
        "invitation_bad_link": ("get", reverse("accounts:invitation", args=["pas-une-invitation"])),
        "programme_logo_none": ("get", reverse("programmes:logo", args=["AIS-EMPLOI"])),
        "admin_programmes": ("get", reverse("admin:programmes_programme_changelist")),
        "programme_settings": ("get", reverse("programmes:settings")),
        "programme_settings_post": ("post", reverse("programmes:settings")),
    }


#                                 team  eval  innov member funder anon
EXPECTED = {
    "login": [302, 302, 302, 302, 302, 200],
    "logout_confirm": [200, 200, 200, 200, 200, 302],
    "logout": [302, 302, 302, 302, 302, 302],
    "inactive": [200, 200, 200, 200, 200, 200],
    "reauthenticate": [200, 200, 200, 200, 200, "login"],
    "email": [200, 200, 200, 200, 200, "login"],
    "email_code": [302, 302, 302, 302, 302, "login"],
    "password_change": [200, 200, 200, 200, 200, "login"],
    "password_set": [302, 302, 302, 302, 302, "login"],
    "password_reset": [200, 200, 200, 200, 200, 200],
    "password_reset_sent": [200, 200, 200, 200, 200, 200],
    "password_reset_bad_link": [200, 200, 200, 200, 200, 200],
    "password_reset_finished": [200, 200, 200, 200, 200, 200],
    "mfa": [200, 200, 200, 200, 200, "login"],
    "mfa_login_code": [302, 302, 302, 302, 302, "login"],
    "mfa_reauthenticate": [302, 302, 302, 302, 302, "login"],
    "mfa_activate": [302, 302, 302, 302, 302, "login"],
    "mfa_deactivate": [404, 404, 404, 404, 404, "login"],
    "recovery_codes": [404, 404, 404, 404, 404, "login"],
    "recovery_codes_new": [302, 302, 302, 302, 302, "login"],
    "recovery_codes_download": [404, 404, 404, 404, 404, "login"],
    "admin_login": [302, 403, 403, 403, 403, "login"],
    "admin_password_change": [302, 302, 302, 302, 302, 302],
    "programme_switch": [302, 302, 302, 302, 302, 302],  # among the account's own programmes only
    "invite": [200, 403, 403, 403, 403, "login"],  # and a referent, a lead: tests/accounts/test_invitations.py
    "invitations": [200, 403, 403, 403, 403, "login"],
    "people": [200, 403, 403, 403, 403, "login"],
    "membership_end_missing": [404, 403, 403, 403, 403, "login"],
    "membership_change_missing": [404, 403, 403, 403, 403, "login"],
    "invitation_revoke_missing": [404, 403, 403, 403, 403, "login"],
    "invitation_bad_link": [410, 410, 410, 410, 410, 410],  # « pas valable », in French
    "programme_logo_none": [404, 404, 404, 404, 404, 404],  # public; this one has none (tests/programmes/test_logo.py)
    "admin_programmes": [403, 302, 302, 302, 302, 302],  # superusers only (programmes.md)
    "programme_settings": [200, 403, 403, 403, 403, "login"],  # its team, without the technical admin
    "programme_settings_post": [400, 403, 403, 403, 403, "login"],  # an empty form: refused, nothing saved
}


def test_matrix_covers_every_page():
    assert_matrix_covers_every_page(EXPECTED, pages())


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, personas, page, role):
    assert_access(client, personas, role, pages()[page], EXPECTED[page][ROLES.index(role)])


def test_every_named_url_is_in_the_matrix():
    assert_every_named_url_is_in_the_matrix(("accounts", "programmes"), pages(), names=url_names())
