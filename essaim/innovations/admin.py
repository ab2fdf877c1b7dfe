from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.innovations.models import Innovation, StepChange


class StepChangeInline(admin.TabularInline):
    model = StepChange
    extra = 1
    fields = ["step", "on", "note", "source", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Innovation)
class InnovationAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "porteur", "step", "entered_on", "exited_on"]
    list_filter = ["step", "territory_type", "specific_public"]
    search_fields = ["code", "name", "porteur__name"]
    autocomplete_fields = ["porteur"]
    readonly_fields = ["step"]
    inlines = [StepChangeInline]

    def save_formset(self, request, form, formset, change):
        for entry in formset.save(commit=False):
            entry.recorded_by = entry.recorded_by or request.user
            entry.save()
        for entry in formset.deleted_objects:
            entry.delete()
