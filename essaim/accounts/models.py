from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from essaim.accounts.enums import PROGRAMME_ROLES, STRUCTURE_ROLES, ReminderFrequency, Role
from essaim.programmes import scope


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **fields):
        if not email:
            raise ValueError("Une adresse électronique est requise.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **fields):
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address. What they may do is their memberships'
    (`Membership`): `role` is the role of the one they work under now."""

    email = models.EmailField(
        "adresse électronique", unique=True, error_messages={"unique": "Un compte existe déjà avec cette adresse."}
    )
    full_name = models.CharField("nom", max_length=150, blank=True)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("créé le", default=timezone.now)
    reminder_frequency = models.CharField(
        "relances par courriel",
        max_length=10,
        choices=ReminderFrequency.choices,
        default=ReminderFrequency.EACH,
        help_text="Les relances des campagnes de collecte, pour les structures dont vous êtes le référent.",
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

    def active_memberships(self):
        """The active memberships, in the header's order: by programme, role, structure (read once
        per user object)."""
        if "_active_memberships" not in self.__dict__:
            found = Membership.objects.active().filter(user=self).select_related("programme", "structure")
            self._active_memberships = sorted(found, key=Membership.header_order)
        return self._active_memberships

    @property
    def membership(self):
        """The membership this user works under: the one the request chose (the header), else the
        first active one in the current programme (any programme outside one), or None."""
        chosen = self.__dict__.get("_current_membership", False)
        if chosen is not False:
            return chosen
        programme_id = scope.current_id()
        return next((m for m in self.active_memberships() if programme_id in (None, m.programme_id)), None)

    @property
    def role(self):
        """The role of the current membership. A technical operator (superuser) without one
        works as a programme's team."""
        membership = self.membership
        if membership is not None:
            return membership.role
        return Role.PROGRAMME_TEAM if self.is_superuser and self.is_active else None

    def get_role_display(self):
        membership = self.membership
        if membership is not None:
            return membership.role_label
        return "Exploitation technique" if self.is_superuser else ""

    @property
    def is_staff(self):
        """The admin: the installation's technical operators (superusers) across programmes, and,
        until the account pages replace it, the programme team within its programme."""
        return self.is_active and (self.is_superuser or self.role == Role.PROGRAMME_TEAM)

    def has_perm(self, perm, obj=None):
        return self.is_staff or super().has_perm(perm, obj)

    def has_module_perms(self, app_label):
        return self.is_staff or super().has_module_perms(app_label)

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email


# The header's order: the programme's roles first, then the structures'.
ROLE_ORDER = {role: position for position, role in enumerate([*PROGRAMME_ROLES, *STRUCTURE_ROLES])}
SHORT_ROLES = {Role.PROGRAMME_TEAM: "équipe", Role.EVALUATOR: "évaluation", Role.FUNDER: "financement"}


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(ended_at__isnull=True)


class Membership(models.Model):
    """A role in a programme (team, evaluator, funder), or within one structure of a programme (an
    innovator in the porteur's team, a member of a structure that adopted). A referent of a
    structure, or the lead of a porteur's team (`is_lead`), may invite colleagues into it. Ending a
    membership keeps it, with when and by whom: who had access when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="personne", on_delete=models.CASCADE, related_name="memberships"
    )
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name="programme", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    structure = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="memberships",
        help_text="Pour un porteur d'innovation, la structure porteuse ; pour un membre, sa structure.",
    )
    is_lead = models.BooleanField(
        "référent",
        default=False,
        help_text="Référent de la structure, ou responsable de l'équipe du porteur : invite ses collègues.",
    )
    started_at = models.DateTimeField("depuis le", default=timezone.now)
    ended_at = models.DateTimeField("jusqu'au", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="donné par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="terminé par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "appartenance"
        ordering = ["programme", "role", "structure", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role__in=PROGRAMME_ROLES) | models.Q(structure__isnull=True),
                name="programme_role_without_structure",
                violation_error_message="L'équipe, les évaluateurs et les financeurs appartiennent au programme, "
                "pas à une structure.",
            ),
        ]

    def __str__(self):
        return f"{self.user} — {self.label}"

    def header_order(self):
        structure = self.structure.sort_name if self.structure_id else ""
        return (self.programme.code, ROLE_ORDER.get(self.role, 99), structure, self.pk)

    @property
    def is_active(self):
        return self.ended_at is None

    @property
    def role_label(self):
        if self.is_lead and self.role == Role.STRUCTURE_MEMBER:
            return "Référent de structure"
        if self.is_lead and self.role == Role.INNOVATOR:
            return "Responsable chez le porteur"
        return Role(self.role).label

    @property
    def short_label(self):
        """The header's menu: « AIS#Emploi · ADEFO », « AIS#Emploi · équipe »."""
        where = self.structure.name if self.structure_id else SHORT_ROLES.get(self.role, self.role_label)
        return f"{self.programme.name} · {where}"

    @property
    def label(self):
        """How the header names it: « AIS#Emploi · Membre d'une structure essaimée · ADEFO »."""
        parts = [self.programme.name, self.role_label]
        if self.structure_id:
            parts.append(self.structure.name)
        return " · ".join(parts)


class Invitation(models.Model):
    """An invitation to take a membership: sent by e-mail as a signed link, valid
    `invitations.VALID_DAYS` days, single use, revocable (accounts/invitations.py)."""

    email = models.EmailField("adresse invitée")
    programme = models.ForeignKey(
        "programmes.Programme", verbose_name="programme", on_delete=models.CASCADE, related_name="invitations"
    )
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    structure = models.ForeignKey(
        "organizations.Structure",
        verbose_name="structure",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="invitations",
    )
    is_lead = models.BooleanField("référent", default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="invité par", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField("envoyée le", default=timezone.now)
    accepted_at = models.DateTimeField("acceptée le", null=True, blank=True)
    revoked_at = models.DateTimeField("retirée le", null=True, blank=True)
    membership = models.OneToOneField(
        Membership, verbose_name="appartenance", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "invitation"
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.email} — {Role(self.role).label}"


class SecondFactor(Authenticator):
    """allauth's authenticators, as the programme team sees them in the admin: who has one, when
    it was last used, never its secret (accounts/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = "double authentification"
        verbose_name_plural = "doubles authentifications"
