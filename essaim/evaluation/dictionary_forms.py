"""The forms of the indicator dictionary: an entered indicator, a derived one, a validation rule.

Each form of a stored record carries the version it was drawn from (its last history row), so that
a change made meanwhile by someone else is never silently overwritten, and a reason kept in the
history. What depends on an indicator is checked by the view (`dictionary.review_change`)."""

from django import forms

from essaim.evaluation import measures
from essaim.evaluation.dictionary import STANDARD_FIELDS
from essaim.evaluation.enums import Operation
from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import RuleKind, ValidationRule

TEXT = forms.Textarea(attrs={"rows": 3})
RESERVED_RULE_CODE = "nouvelle"  # the address of the new-rule page
CONFLICT = (
    "Quelqu'un a modifié {what} pendant que vous le lisiez : rien n'a été enregistré. Rechargez la page pour "
    "voir sa version actuelle, puis reportez vos changements."
)


def check_code(form):
    """The code of an indicator form: not a code of the computed counts published figures name."""
    code = form.cleaned_data["code"]
    if code in measures.COUNTS and code != form.instance.code:
        raise forms.ValidationError(
            f"« {code} » désigne déjà un chiffre calculé ({measures.COUNTS[code]}) : choisissez un autre code."
        )
    return code


def version_of(record):
    """The last history row of a stored record, as text ("" when it has none)."""
    last = record.history.order_by("-history_id").values_list("history_id", flat=True).first()
    return "" if last is None else str(last)


class DictionaryForm(forms.ModelForm):
    """What every dictionary form shares: the version, the reason, the confirmation."""

    version = forms.CharField(widget=forms.HiddenInput, required=False)
    reason = forms.CharField(
        label="Motif du changement",
        required=False,
        max_length=500,
        help_text="Facultatif ; gardé dans l'historique avec la date et votre nom.",
    )
    confirm = forms.BooleanField(label="Je confirme ce changement, en connaissance de ce qui en dépend", required=False)
    conflict_subject = "cet élément"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.to_confirm = []
        if self.instance.pk and not self.is_bound:
            self.fields["version"].initial = version_of(self.instance)

    def visible_fields(self):
        return [f for f in super().visible_fields() if f.name != "confirm"]

    def clean(self):
        data = super().clean()
        # A code that may no longer change is drawn disabled, and a disabled field ignores what is
        # sent: a page drawn before the record came into use must not change it silently.
        code = self.fields.get("code")
        if code is not None and code.disabled and self.data.get("code", self.instance.code) != self.instance.code:
            self.add_error(None, f"Le code « {self.instance.code} » ne peut plus changer : {code.help_text}")
        return data

    def main_fields(self):
        """The fields drawn one under the other (the others are drawn apart by the template)."""
        return [f for f in self.visible_fields() if f.name not in ("others",)]

    @property
    def blocking_errors(self):
        """The errors other than the confirmation still to give (that one has its own box)."""
        return {name: errors for name, errors in self.errors.items() if name != "confirm"}

    def check_version(self, stored):
        """False (and an error) when `stored` changed since the form was drawn."""
        if self.cleaned_data.get("version", "") != version_of(stored):
            self.add_error(None, CONFLICT.format(what=self.conflict_subject))
            return False
        return True

    def ask_confirmation(self, sentences):
        """The change needs `sentences` confirmed: True when they are (the box was ticked)."""
        self.to_confirm = sentences
        if self.cleaned_data.get("confirm"):
            return True
        self.add_error("confirm", "Relisez ce qui en dépend, puis cochez la case pour confirmer le changement.")
        return False


class IndicatorForm(DictionaryForm):
    """An entered indicator: code, label, unit, aggregation, level of entry, description, order."""

    conflict_subject = "cet indicateur"

    class Meta:
        model = Indicator
        fields = ["code", "label", "unit", "aggregation", "levels", "description", "position"]
        widgets = {"description": TEXT}
        help_texts = {
            "code": "Identifiant stable des fichiers et des calculs : minuscules, chiffres et « _ ». Il ne change plus "
            "une fois l'indicateur utilisé.",
            "aggregation": "Dernière valeur : un stock ou un cumul (on garde la plus récente). Somme : un flux (on "
            "additionne les périodes).",
            "levels": "Qui déclare le chiffre : chaque structure, l'innovation dans son ensemble, ou les deux.",
        }

    def __init__(self, *args, in_use=False, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.is_standard:
            for name in STANDARD_FIELDS:
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Indicateur standard : fixé."
        elif in_use:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Indicateur utilisé : son code ne change plus."

    def clean_code(self):
        return check_code(self)


class IndicatorChoice(forms.ModelChoiceField):
    """An indicator chosen by its label (codes are shown as code badges only)."""

    def label_from_instance(self, indicator):
        return indicator.label


class IndicatorChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, indicator):
        return indicator.label


class DerivedIndicatorForm(DictionaryForm):
    """A derived indicator: a sum, difference or ratio of other indicators, entered or derived."""

    conflict_subject = "cet indicateur"
    first = IndicatorChoice(label="Premier terme", queryset=Indicator.objects.none(), to_field_name="code")
    second = IndicatorChoice(label="Second terme", queryset=Indicator.objects.none(), to_field_name="code")
    others = IndicatorChoices(
        label="Autres termes de la somme",
        queryset=Indicator.objects.none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Somme seulement : les indicateurs à ajouter aux deux premiers.",
    )
    # Where the model's checks of the calculation (unknown operand, circular calculation) land.
    operands = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Indicator
        fields = ["code", "label", "unit", "operation", "description", "position"]
        widgets = {"description": TEXT}
        labels = {"operation": "Calcul"}
        help_texts = {
            "code": "Identifiant stable des fichiers et des calculs : minuscules, chiffres et « _ ». Il ne change plus "
            "une fois l'indicateur utilisé.",
            "operation": "Somme : premier + second + autres termes. Différence : premier − second. Rapport : premier "
            "÷ second (arrondi au dixième).",
        }

    field_order = ["code", "label", "unit", "operation", "first", "second", "others", "description", "position"]

    def __init__(self, *args, in_use=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["operation"].required = True
        self.fields["operation"].choices = [("", "---------"), *Operation.choices]
        candidates = Indicator.objects.exclude(pk=self.instance.pk) if self.instance.pk else Indicator.objects.all()
        for name in ("first", "second", "others"):
            self.fields[name].queryset = candidates
        operands = list(self.instance.operands or [])
        if self.instance.pk and not self.is_bound and operands:
            self.fields["first"].initial = operands[0]
            self.fields["second"].initial = operands[1] if len(operands) > 1 else None
            self.fields["others"].initial = operands[2:]
        if self.instance.pk and self.instance.is_standard:
            for name in (*STANDARD_FIELDS, "first", "second", "others"):
                if name in self.fields:
                    self.fields[name].disabled = True
                    self.fields[name].help_text = "Indicateur standard : fixé."
        elif in_use:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Indicateur utilisé : son code ne change plus."

    def clean_code(self):
        return check_code(self)

    def clean(self):
        data = super().clean()
        first, second, others = data.get("first"), data.get("second"), list(data.get("others") or [])
        if others and data.get("operation") != Operation.SUM:
            self.add_error("others", "Une différence ou un rapport porte sur deux termes seulement.")
        if first is not None and second is not None:
            self.instance.operands = [first.code, second.code, *(o.code for o in others)]
        return data


class RuleForm(DictionaryForm):
    """A validation rule: a comparison of two indicators, bounds (a plausibility range) or an
    outlier check; the fields of the other kinds are emptied on saving."""

    conflict_subject = "cette règle"

    class Meta:
        model = ValidationRule
        fields = [
            "name",
            "code",
            "kind",
            "indicator",
            "comparator",
            "other_indicator",
            "minimum",
            "maximum",
            "factor",
            "min_history",
            "description",
            "is_active",
        ]
        widgets = {"description": TEXT}
        field_classes = {"indicator": IndicatorChoice, "other_indicator": IndicatorChoice}
        help_texts = {
            "kind": "Comparaison : deux indicateurs d'une même unité et d'une même période. Bornes : la plage de "
            "vraisemblance d'un indicateur. Écart à l'historique : une valeur très loin des précédentes.",
            "is_active": "Une règle inactive n'est plus vérifiée ; les anomalies déjà vérifiées restent.",
        }

    GROUPS = {
        RuleKind.COMPARISON: ("comparator", "other_indicator"),
        RuleKind.BOUNDS: ("minimum", "maximum"),
        RuleKind.OUTLIER: ("factor", "min_history"),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        base = Indicator.objects.base()
        self.fields["indicator"].queryset = base
        self.fields["other_indicator"].queryset = base
        if self.instance.pk:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = "Identifiant stable de la règle : il ne change plus."

    def common_fields(self):
        grouped = {name for names in self.GROUPS.values() for name in names} | {"reason"}
        return [f for f in self.visible_fields() if f.name not in grouped]

    def reason_fields(self):
        return [self["reason"]]

    def comparison_fields(self):
        return [self[name] for name in self.GROUPS[RuleKind.COMPARISON]]

    def bounds_fields(self):
        return [self[name] for name in self.GROUPS[RuleKind.BOUNDS]]

    def outlier_fields(self):
        return [self[name] for name in self.GROUPS[RuleKind.OUTLIER]]

    def clean_code(self):
        code = self.cleaned_data["code"]
        if code == RESERVED_RULE_CODE:
            raise forms.ValidationError(f"« {code} » est réservé aux adresses des pages : choisissez un autre code.")
        return code

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        if kind != RuleKind.COMPARISON:
            data["comparator"], data["other_indicator"] = "", None
        if kind != RuleKind.BOUNDS:
            data["minimum"] = data["maximum"] = None
        if kind != RuleKind.OUTLIER:
            data["factor"] = None
        return data
