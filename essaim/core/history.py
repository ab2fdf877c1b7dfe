"""Dated histories: a parent's state (an innovation's step, an adoption's status) as a
chronological list of entries that never goes backwards in time.

A concrete history model subclasses `DatedEntry`, names its parent foreign key in
`parent_field` and the state it records in `state_field`; the parent carries the same field,
kept equal to the latest entry's state.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.formats import date_format
from simple_history.models import HistoricalRecords


class DatedEntry(models.Model):
    parent_field = ""
    state_field = ""

    on = models.DateField("date")
    note = models.CharField("note", max_length=300, blank=True)
    source = models.ForeignKey(
        "sources.Source", verbose_name="source", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="saisi par",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField("saisi le", default=timezone.now, editable=False)
    # An entry corrected or removed afterwards (in the administration) keeps its own history.
    history = HistoricalRecords(inherit=True)

    class Meta:
        abstract = True
        ordering = ["on", "id"]

    def __str__(self):
        """« Formée le 12 mai 2016 », as the admin names an entry."""
        state = getattr(self, f"get_{self.state_field}_display")() if self.state_field else ""
        return f"{state} le {date_format(self.on, 'j F Y')}".strip() if self.on else state

    def save(self, *args, **kwargs):
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.sync_parent()

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            result = super().delete(*args, **kwargs)
            self.sync_parent()
        return result

    @property
    def parent(self):
        return getattr(self, self.parent_field)

    @property
    def state(self):
        return getattr(self, self.state_field)

    def siblings(self):
        parent_id = getattr(self, f"{self.parent_field}_id")
        return type(self).objects.filter(**{f"{self.parent_field}_id": parent_id}).exclude(pk=self.pk)

    def clean(self):
        super().clean()
        if self.on is None or not getattr(self, f"{self.parent_field}_id", None):
            return
        if self.on > timezone.localdate():
            raise ValidationError({"on": "La date ne peut pas être dans le futur."})
        if self.pk is None:
            self.clean_appended()
        else:
            self.clean_corrected()

    def clean_appended(self):
        """A new entry comes after every entry recorded and changes the state."""
        later = self.siblings().filter(on__gt=self.on).order_by("on").first()
        if later is not None:
            raise self.backwards(later)
        previous = self.siblings().order_by("-on", "-id").first()
        if previous is not None and previous.state == self.state:
            raise ValidationError(
                {
                    self.state_field: f"« {previous.get_state_display()} » est déjà l'état en cours depuis le "
                    f"{date_format(previous.on, 'SHORT_DATE_FORMAT')}."
                }
            )

    def clean_corrected(self):
        """An entry already recorded (saved again, or corrected in the administration) keeps its
        place between the entries around it: saved unchanged, it is valid as it was."""
        saved = type(self).objects.filter(pk=self.pk).values_list("on", flat=True).first()
        if saved is None or saved == self.on:
            return
        around = self.siblings()
        before = around.filter(models.Q(on__lt=saved) | models.Q(on=saved, id__lt=self.pk)).order_by("-on", "-id")
        after = around.filter(models.Q(on__gt=saved) | models.Q(on=saved, id__gt=self.pk)).order_by("on", "id")
        previous, following = before.first(), after.first()
        if previous is not None and self.on < previous.on:
            raise self.backwards(previous)
        if following is not None and self.on > following.on:
            raise ValidationError(
                {
                    "on": (
                        f"L'historique ne peut pas remonter le temps : « {following.get_state_display()} », "
                        f"qui suit cette entrée, est daté du {date_format(following.on, 'SHORT_DATE_FORMAT')}, "
                        f"avant le {date_format(self.on, 'SHORT_DATE_FORMAT')}."
                    )
                }
            )

    def backwards(self, other):
        """The error of an entry dated before `other`, which precedes it."""
        return ValidationError(
            {
                "on": (
                    f"L'historique ne peut pas remonter le temps : « {other.get_state_display()} » "
                    f"est déjà enregistré au {date_format(other.on, 'SHORT_DATE_FORMAT')}, "
                    f"après le {date_format(self.on, 'SHORT_DATE_FORMAT')}."
                )
            }
        )

    def get_state_display(self):
        return getattr(self, f"get_{self.state_field}_display")()

    def sync_parent(self):
        """Keep the parent's current state equal to its latest entry."""
        parent = self.parent
        latest = type(self).objects.filter(**{self.parent_field: parent}).order_by("-on", "-id").first()
        current = latest.state if latest else type(parent)._meta.get_field(self.state_field).get_default()
        type(parent).objects.filter(pk=parent.pk).update(**{self.state_field: current})
        setattr(parent, self.state_field, current)


def record(entry_model, parent, state, on, *, note="", source=None, user=None):
    """Append one entry to a parent's history, validated; raise ValidationError otherwise."""
    with transaction.atomic():
        type(parent).objects.select_for_update().filter(pk=parent.pk).first()
        entry = entry_model(
            **{entry_model.parent_field: parent, entry_model.state_field: state},
            on=on,
            note=note,
            source=source,
            recorded_by=user,
        )
        entry.full_clean()
        entry.save()
    return entry
