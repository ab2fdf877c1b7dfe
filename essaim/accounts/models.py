from allauth.mfa.models import Authenticator
from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone

from essaim.accounts.enums import Role


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
        fields.setdefault("role", Role.PROGRAMME_TEAM)
        fields.setdefault("is_superuser", True)
        return self.create_user(email, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with an e-mail address and holds one role."""

    email = models.EmailField(
        "adresse électronique", unique=True, error_messages={"unique": "Un compte existe déjà avec cette adresse."}
    )
    full_name = models.CharField("nom", max_length=150, blank=True)
    role = models.CharField("rôle", max_length=20, choices=Role.choices)
    is_active = models.BooleanField("actif", default=True)
    date_joined = models.DateTimeField("créé le", default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["role"]

    class Meta:
        verbose_name = "utilisateur"
        ordering = ["email"]

    def __str__(self):
        return self.full_name or self.email

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


class SecondFactor(Authenticator):
    """allauth's authenticators, as the programme team sees them in the admin: who has one, when
    it was last used, never its secret (accounts/admin.py)."""

    class Meta:
        proxy = True
        verbose_name = "double authentification"
        verbose_name_plural = "doubles authentifications"
