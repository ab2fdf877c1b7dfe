"""allauth's forms, labelled as the rest of the site (ACCOUNT_FORMS): labels rather than
placeholders, the password rules said once on the page rather than under each field."""

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django import forms

EMAIL_LABEL = "Adresse électronique"


class SiteLabels:
    labels = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if isinstance(field.widget, forms.PasswordInput):
                field.help_text = ""
            if name in self.labels:
                field.label = self.labels[name]


class LoginForm(SiteLabels, allauth_forms.LoginForm):
    """Fields `login` (an e-mail address) and `password`."""

    labels = {"password": "Mot de passe"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"] = forms.EmailField(
            label=EMAIL_LABEL, widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"
        self.order_fields(["login", "password"])

    def clean_login(self):
        return self.cleaned_data["login"].strip().lower()


class AddEmailForm(SiteLabels, allauth_forms.AddEmailForm):
    labels = {"email": "Nouvelle adresse électronique"}


class ResetPasswordForm(SiteLabels, allauth_forms.ResetPasswordForm):
    labels = {"email": EMAIL_LABEL}


NEW_PASSWORD = {"password1": "Nouveau mot de passe", "password2": "Nouveau mot de passe, à nouveau"}


class ChangePasswordForm(SiteLabels, allauth_forms.ChangePasswordForm):
    labels = {"oldpassword": "Mot de passe actuel", **NEW_PASSWORD}


class SetPasswordForm(SiteLabels, allauth_forms.SetPasswordForm):
    labels = {"password1": "Mot de passe", "password2": "Mot de passe, à nouveau"}


class ResetPasswordKeyForm(SiteLabels, allauth_forms.ResetPasswordKeyForm):
    labels = NEW_PASSWORD


class ReauthenticateForm(SiteLabels, allauth_forms.ReauthenticateForm):
    labels = {"password": "Mot de passe"}


class ActivateTOTPForm(SiteLabels, totp_forms.ActivateTOTPForm):
    labels = {"code": "Code à 6 chiffres affiché par l'application"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].widget.attrs["inputmode"] = "numeric"


SECOND_FACTOR_CODE = {"code": "Code de l'application, ou code de secours"}


class AuthenticateForm(SiteLabels, mfa_forms.AuthenticateForm):
    labels = SECOND_FACTOR_CODE


class MFAReauthenticateForm(SiteLabels, mfa_forms.ReauthenticateForm):
    labels = SECOND_FACTOR_CODE
