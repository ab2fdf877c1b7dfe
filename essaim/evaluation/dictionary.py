"""The indicator dictionary: what depends on an indicator, and the changes it refuses or asks to
confirm, so that no change loses data or alters figures silently (docs/indicators.md).

An indicator is *in use* when values are recorded for it, a derived indicator is computed from it,
a validation rule checks it, or another part of the programme names it: a published figure, for
instance, declared by the app that holds it (`indicator_uses` in its AppConfig: the dotted path of
a function(indicator) → French sentences), since a domain app never imports the reference data.

In use, an indicator keeps its code, and cannot be deleted. A change of aggregation, unit or
level of entry, or of a derived indicator's calculation, changes figures already computed: the
page says what depends on it and asks for confirmation. A level of entry that would leave
recorded values (or a comparison rule) out is refused. A standard indicator (Annexe I, which the
bundle checks) keeps its definition: only its description and display order change.
"""

from dataclasses import dataclass, field
from functools import cache

from django.apps import apps
from django.db.models import Count, Q
from django.utils.module_loading import import_string

from essaim.evaluation.enums import Level
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.rules import RuleKind, ValidationRule, share_a_level

# What a standard indicator keeps; what the team may still change is the rest of the form.
STANDARD_FIELDS = ("code", "label", "unit", "aggregation", "levels", "operation", "operands")
STANDARD_REFUSED = (
    "indicateur standard (annexe I de l'évaluation consolidée) : sa définition est commune à tous les "
    "fichiers échangés et ne change pas ici ; seuls sa description et son ordre d'affichage se modifient."
)


def plural(n, singular="", several="s"):
    return several if n > 1 else singular


def quoted(indicators):
    return ", ".join(f"« {i.label} »" for i in indicators)


@cache
def other_uses():
    """The functions other apps declare to say where they name an indicator."""
    found = []
    for config in apps.get_app_configs():
        path = getattr(config, "indicator_uses", None)
        if path:
            found.append(import_string(path))
    return found


def dependents(indicator, indicators=None):
    """The derived indicators computed from `indicator`, directly or through another derived one,
    in display order."""
    indicators = list(indicators if indicators is not None else Indicator.objects.all())
    found, frontier = {}, {indicator.code}
    while frontier:
        step = [i for i in indicators if i.is_derived and frontier & set(i.operands) and i.code not in found]
        found.update((i.code, i) for i in step)
        frontier = {i.code for i in step}
    found.pop(indicator.code, None)
    return sorted(found.values(), key=lambda i: (i.position, i.code))


@dataclass
class Uses:
    """What depends on one indicator."""

    indicator: Indicator
    structure_values: int = 0  # values recorded structure by structure
    whole_values: int = 0  # values recorded for an innovation as a whole
    derived: list = field(default_factory=list)  # derived indicators computed from it (transitively)
    rules: list = field(default_factory=list)  # validation rules that check it
    elsewhere: list = field(default_factory=list)  # sentences of other apps (published figures…)

    @property
    def values(self):
        return self.structure_values + self.whole_values

    @property
    def in_use(self):
        return bool(self.values or self.derived or self.rules or self.elsewhere)

    def sentences(self):
        """What depends on the indicator, one French sentence per kind of use."""
        found = []
        if self.values:
            n = self.values
            found.append(
                f"{n} valeur{plural(n)} {plural(n, 'est', 'sont')} enregistrée{plural(n)} pour cet indicateur "
                f"({self.structure_values} par structure, {self.whole_values} pour l'innovation dans son ensemble)."
            )
        if self.derived:
            found.append(
                f"Indicateur{plural(len(self.derived))} calculé{plural(len(self.derived))} à partir de lui : "
                f"{quoted(self.derived)}."
            )
        if self.rules:
            n, names = len(self.rules), ", ".join(f"« {r.name} »" for r in self.rules)
            found.append(f"Règle{plural(n)} de contrôle qui le vérifie{plural(n, '', 'nt')} : {names}.")
        return found + list(self.elsewhere)


def uses_of(indicator, indicators=None):
    """What depends on `indicator` (a saved one)."""
    counts = Value.objects.filter(indicator=indicator).aggregate(
        per_structure=Count("pk", filter=Q(structure__isnull=False)),
        whole=Count("pk", filter=Q(structure__isnull=True)),
    )
    rules = ValidationRule.objects.filter(Q(indicator=indicator) | Q(other_indicator=indicator)).select_related(
        "indicator", "other_indicator"
    )
    return Uses(
        indicator,
        structure_values=counts["per_structure"],
        whole_values=counts["whole"],
        derived=dependents(indicator, indicators),
        rules=list(rules.order_by("name")),
        elsewhere=[sentence for found in other_uses() for sentence in found(indicator)],
    )


def in_use_codes(indicators):
    """The codes of `indicators` (a list) that are in use, for a list page: one probe per
    indicator for values (an index's first entry), the rest read once."""
    codes = set()
    ruled = set(ValidationRule.objects.values_list("indicator__code", flat=True)) | set(
        ValidationRule.objects.exclude(other_indicator=None).values_list("other_indicator__code", flat=True)
    )
    operands = {code for i in indicators if i.is_derived for code in i.operands}
    for indicator in indicators:
        used = indicator.code in ruled or indicator.code in operands
        used = used or (not indicator.is_derived and Value.objects.filter(indicator=indicator).exists())
        if used or any(found(indicator) for found in other_uses()):
            codes.add(indicator.code)
    return codes


@dataclass
class Review:
    """What a change to an indicator needs: refused fields (field → message), or sentences to
    confirm before saving."""

    refused: dict = field(default_factory=dict)
    to_confirm: list = field(default_factory=list)


def changed(before, after, name):
    return getattr(before, name) != getattr(after, name)


def review_change(before, after, uses):
    """Check the change of `before` (as stored) into `after` (unsaved) against what depends on it."""
    review = Review()
    if before.is_standard:
        for name in STANDARD_FIELDS:
            if changed(before, after, name):
                review.refused[name] = STANDARD_REFUSED
        if review.refused:
            return review
    what = " ".join(uses.sentences())
    if changed(before, after, "code") and uses.in_use:
        review.refused["code"] = (
            f"« {before.code} » est utilisé : son code ne peut plus changer (les fichiers, les calculs et les "
            f"chiffres publiés le désignent ainsi). {what} Changez plutôt son libellé."
        )
    review_level(before, after, uses, review)
    downstream = ""
    if uses.derived:
        downstream = f" et ceux de {quoted(uses.derived)}, calculé{plural(len(uses.derived))} à partir de lui"
    if changed(before, after, "aggregation") and uses.in_use:
        review.to_confirm.append(
            f"Agrégation : « {before.get_aggregation_display()} » devient « {after.get_aggregation_display()} ». "
            f"Les valeurs enregistrées restent, mais les chiffres consolidés de « {before.label} »{downstream} "
            f"changent, y compris aux dates passées. {what}"
        )
    if changed(before, after, "unit") and uses.in_use:
        review.to_confirm.append(
            f"Unité : « {before.unit or 'aucune'} » devient « {after.unit or 'aucune'} ». Les valeurs déjà "
            f"enregistrées ne sont pas converties : elles seront lues dans la nouvelle unité. {what}"
        )
    if (changed(before, after, "operation") or changed(before, after, "operands")) and uses.in_use:
        review.to_confirm.append(
            f"Calcul : {before.formula() or '—'} devient {after.formula() or '—'}. Les chiffres de "
            f"« {before.label} »{downstream} changent, y compris aux dates passées. {what}"
        )
    return review


def review_level(before, after, uses, review):
    if not changed(before, after, "levels"):
        return
    left_out = []
    if after.levels == Level.STRUCTURE and uses.whole_values:
        n = uses.whole_values
        left_out.append(f"{n} valeur{plural(n)} pour l'innovation dans son ensemble")
    if after.levels == Level.INNOVATION and uses.structure_values:
        n = uses.structure_values
        left_out.append(f"{n} valeur{plural(n)} par structure")
    if left_out:
        review.refused["levels"] = (
            f"Ce niveau laisserait de côté {' et '.join(left_out)} déjà enregistrée{plural(uses.values)} : elles "
            "ne pourraient plus être saisies ni corrigées. Gardez « Structure ou innovation »."
        )
        return
    for rule in uses.rules:
        if rule.kind != RuleKind.COMPARISON or rule.other_indicator is None:
            continue
        other = rule.other_indicator if rule.indicator_id == before.pk else rule.indicator
        if not share_a_level(after, other):
            review.refused["levels"] = (
                f"La règle « {rule.name} » compare cet indicateur à « {other.label} », qui ne se déclare jamais au "
                f"niveau « {after.get_levels_display()} » : elle ne trouverait plus aucune paire."
            )
            return
    if uses.in_use:
        review.to_confirm.append(
            f"Niveau de saisie : « {before.get_levels_display()} » devient « {after.get_levels_display()} ». "
            "La grille de saisie et les modèles de tableur suivront ce niveau. " + " ".join(uses.sentences())
        )


def deletion_refused(indicator, uses):
    """Why `indicator` cannot be deleted (French sentences), or [] when it can."""
    found = uses.sentences() if uses.in_use else []
    if indicator.is_standard:
        found.insert(0, "C'est un indicateur standard (annexe I de l'évaluation consolidée) : il reste.")
    return found
