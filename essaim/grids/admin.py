from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from simple_history.admin import SimpleHistoryAdmin

from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation, Scale, ScaleBand, ScaleLevel


class LevelFormSet(BaseInlineFormSet):
    def clean(self):
        super().clean()
        kept = [f for f in self.forms if getattr(f, "cleaned_data", None) and not f.cleaned_data.get("DELETE")]
        unknown = [f for f in kept if f.cleaned_data.get("score") is None and f.cleaned_data.get("label")]
        if len(unknown) != 1:
            raise ValidationError("Une échelle a exactement un niveau « non renseigné » : un niveau sans score.")


class ScaleLevelInline(admin.TabularInline):
    model = ScaleLevel
    formset = LevelFormSet
    extra = 0
    fields = ["position", "label", "legend", "score"]


class ScaleBandInline(admin.TabularInline):
    model = ScaleBand
    extra = 0
    fields = ["label", "min_score"]


@admin.register(Scale)
class ScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "is_standard"]
    search_fields = ["name", "code"]
    readonly_fields = ["is_standard"]
    inlines = [ScaleLevelInline, ScaleBandInline]


class GridItemInline(admin.TabularInline):
    model = GridItem
    extra = 1
    fields = ["position", "key", "label", "description", "data_source"]


@admin.register(Grid)
class GridAdmin(SimpleHistoryAdmin):
    list_display = ["innovation", "title", "scale"]
    list_select_related = ["innovation", "scale"]
    autocomplete_fields = ["innovation"]
    inlines = [GridItemInline]


@admin.register(EvaluationPhase)
class EvaluationPhaseAdmin(SimpleHistoryAdmin):
    list_display = ["innovation", "number", "planned_on", "status", "delivered_on"]
    list_filter = ["status", "number"]
    list_select_related = ["innovation"]
    autocomplete_fields = ["innovation"]
    readonly_fields = ["updated_by", "updated_at"]


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = ["adoption", "phase", "item", "level", "recorded_by", "recorded_at"]
    list_filter = ["phase", "item__grid__innovation"]
    list_select_related = ["adoption__innovation", "adoption__structure", "item", "level", "recorded_by"]
    raw_id_fields = ["adoption", "item", "level"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Finding)
class FindingAdmin(SimpleHistoryAdmin):
    list_display = ["innovation", "phase", "kind", "theme", "structure", "observed_on"]
    list_filter = ["kind", "phase", "innovation"]
    search_fields = ["text", "theme", "attribution"]
    list_select_related = ["innovation", "structure"]
    autocomplete_fields = ["innovation", "structure"]
    readonly_fields = ["recorded_by", "recorded_at"]
