"""The allauth pages this site uses, at French addresses under /comptes/, with allauth's own URL
names (allauth reverses them, unnamespaced). Only these: no sign-up, no social accounts, no
login by code. Each one is a row of the permission matrix (tests/test_permission_matrix_accounts.py).
"""

from allauth.account import views as account
from allauth.mfa.base import views as mfa
from allauth.mfa.recovery_codes import views as recovery_codes
from allauth.mfa.totp import views as totp
from django.urls import path, re_path

urlpatterns = [
    # Login and logout (also accounts:login and accounts:logout, at the same addresses).
    path("connexion/", account.login, name="account_login"),
    path("deconnexion/", account.logout, name="account_logout"),
    path("compte-desactive/", account.account_inactive, name="account_inactive"),
    path("confirmer-acces/", account.reauthenticate, name="account_reauthenticate"),
    # The account's address: a change is confirmed by a code sent to the new address.
    path("adresse/", account.email, name="account_email"),
    path("adresse/code/", account.email_verification_sent, name="account_email_verification_sent"),
    # Password: change when logged in, reset by e-mail when forgotten.
    path("mot-de-passe/", account.password_change, name="account_change_password"),
    path("mot-de-passe/definir/", account.password_set, name="account_set_password"),
    path("mot-de-passe/oublie/", account.password_reset, name="account_reset_password"),
    path("mot-de-passe/oublie/envoye/", account.password_reset_done, name="account_reset_password_done"),
    re_path(
        r"^mot-de-passe/oublie/lien/(?P<uidb36>[0-9A-Za-z]+)-(?P<key>.+)/$",
        account.password_reset_from_key,
        name="account_reset_password_from_key",
    ),
    path(
        "mot-de-passe/oublie/termine/",
        account.password_reset_from_key_done,
        name="account_reset_password_from_key_done",
    ),
    # Second factor: an authenticator app (TOTP) and recovery codes.
    path("double-authentification/", mfa.index, name="mfa_index"),
    path("double-authentification/code/", mfa.authenticate, name="mfa_authenticate"),
    path("double-authentification/confirmer-acces/", mfa.reauthenticate, name="mfa_reauthenticate"),
    path("double-authentification/application/", totp.activate_totp, name="mfa_activate_totp"),
    path("double-authentification/application/retirer/", totp.deactivate_totp, name="mfa_deactivate_totp"),
    path(
        "double-authentification/codes-de-secours/",
        recovery_codes.view_recovery_codes,
        name="mfa_view_recovery_codes",
    ),
    path(
        "double-authentification/codes-de-secours/nouveaux/",
        recovery_codes.generate_recovery_codes,
        name="mfa_generate_recovery_codes",
    ),
    path(
        "double-authentification/codes-de-secours/telecharger/",
        recovery_codes.download_recovery_codes,
        name="mfa_download_recovery_codes",
    ),
]


def url_names():
    """The allauth URL names this site exposes (the permission matrix requests each one)."""
    return {pattern.name for pattern in urlpatterns}
