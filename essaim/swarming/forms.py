from django import forms
from django.utils import timezone

from essaim.organizations.models import Network
from essaim.swarming.models import Adoption


class StatusChangeForm(forms.Form):
    """A new status of an adoption: the status, the day it took effect (past days allowed, never
    before the previous change: `core.history`), and why."""

    status = forms.ChoiceField(label="Nouveau statut")
    on = forms.DateField(
        label="Depuis le",
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        help_text="La date à laquelle le changement a eu lieu ; elle peut être passée.",
    )
    note = forms.CharField(
        label="Motif",
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Pourquoi ce changement, et d'où vient l'information (entretien, évaluation, courriel…).",
    )

    def __init__(self, *args, statuses, current=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [("", "—")] + [(s.value, s.label) for s in statuses if s != current]
        self.fields["on"].initial = timezone.localdate()


class WaveForm(forms.ModelForm):
    """The wave (vague, cohorte) an adoption belongs to and the network that led it."""

    class Meta:
        model = Adoption
        fields = ["wave", "wave_led_by"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["wave_led_by"].queryset = Network.objects.all()
        self.fields["wave_led_by"].empty_label = "L'AIS (aucun réseau)"
