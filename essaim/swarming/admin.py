from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.innovations.admin import InnovationAdmin
from essaim.swarming.models import Adoption, StatusChange


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    extra = 1
    fields = ["status", "on", "note", "source", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Adoption)
class AdoptionAdmin(SimpleHistoryAdmin):
    list_display = ["innovation", "structure", "since", "wave", "status"]
    list_filter = ["innovation", "status", "wave"]
    search_fields = ["structure__name", "innovation__code", "innovation__name"]
    autocomplete_fields = ["innovation", "structure"]
    readonly_fields = ["status"]
    inlines = [StatusChangeInline]
    save_formset = InnovationAdmin.save_formset
