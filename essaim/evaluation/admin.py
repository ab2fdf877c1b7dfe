from django.contrib import admin
from django.utils import timezone

from essaim.evaluation.rules import ValidationRule, Violation


@admin.register(ValidationRule)
class ValidationRuleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "formula", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code", "description"]
    list_select_related = ["indicator", "other_indicator"]
    fieldsets = [
        (None, {"fields": ["code", "name", "kind", "indicator", "description", "is_active"]}),
        ("Comparaison", {"fields": ["comparator", "other_indicator"]}),
        ("Bornes", {"fields": ["minimum", "maximum"]}),
        ("Écart à l'historique", {"fields": ["factor", "min_history"]}),
    ]

    @admin.display(description="règle")
    def formula(self, rule):
        return rule.formula()


@admin.register(Violation)
class ViolationAdmin(admin.ModelAdmin):
    """Violations are found by the checks, never added by hand; here they are read and checked."""

    list_display = ["message", "rule", "checked", "checked_by", "found_at"]
    list_filter = ["checked", "rule", "value__innovation"]
    search_fields = ["message", "note"]
    list_select_related = ["rule", "checked_by"]
    fields = ["rule", "value", "other_value", "message", "found_at", "checked", "note", "checked_by", "checked_at"]
    readonly_fields = ["rule", "value", "other_value", "message", "found_at", "checked_by", "checked_at"]

    def has_add_permission(self, request):
        return False

    def save_model(self, request, obj, form, change):
        if "checked" in form.changed_data:
            obj.checked_by = request.user if obj.checked else None
            obj.checked_at = timezone.now() if obj.checked else None
        super().save_model(request, obj, form, change)
