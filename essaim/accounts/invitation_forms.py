from django import forms
from django.contrib.auth import password_validation

from essaim.accounts.enums import Role
from essaim.accounts.invitations import may_grant, offers
from essaim.accounts.models import Invitation

Structure = Invitation._meta.get_field("structure").related_model  # the registry (organizations)


class InviteForm(forms.Form):
    email = forms.EmailField(label="Adresse électronique de la personne invitée")
    role = forms.ChoiceField(label="Rôle")
    structure = forms.ModelChoiceField(
        label="Structure",
        queryset=Structure.objects.none(),
        required=False,
        help_text="Pour un porteur d'innovation, la structure porteuse ; pour un membre, sa structure.",
    )
    is_lead = forms.BooleanField(
        label="Référent de la structure (ou responsable de l'équipe du porteur) : pourra inviter ses collègues",
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        offered = offers(user)
        self.fields["role"].choices = [(role, Role(role).label) for role, _, _ in offered]
        fixed = {where.pk for _, where, _ in offered if where is not None}
        if fixed:  # a referent or a lead invites into their own structure only
            self.fields["structure"].queryset = Structure.objects.filter(pk__in=fixed)
            self.fields["structure"].required = True
            self.fields["structure"].empty_label = None
        else:
            self.fields["structure"].queryset = Structure.objects.filter(is_placeholder=False)
        if not any(lead for _, _, lead in offered):
            del self.fields["is_lead"]

    def clean(self):
        data = super().clean()
        role, structure = data.get("role"), data.get("structure")
        if role in (Role.INNOVATOR, Role.STRUCTURE_MEMBER) and structure is None:
            self.add_error("structure", "Choisissez la structure de la personne invitée.")
        elif role and not may_grant(self.user, role, structure, data.get("is_lead", False)):
            self.add_error("role", "Vous ne pouvez pas inviter quelqu'un avec ce rôle ici.")
        if role not in (Role.INNOVATOR, Role.STRUCTURE_MEMBER):
            data["structure"] = None
        return data


class ChoosePasswordForm(forms.Form):
    full_name = forms.CharField(label="Votre nom", max_length=150)
    password1 = forms.CharField(label="Mot de passe", widget=forms.PasswordInput, strip=False)
    password2 = forms.CharField(label="Le même mot de passe, une seconde fois", widget=forms.PasswordInput, strip=False)

    def __init__(self, *args, email, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "Les deux mots de passe ne sont pas les mêmes.")
        elif first:
            from essaim.accounts.models import User

            try:
                password_validation.validate_password(
                    first, User(email=self.email, full_name=data.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
