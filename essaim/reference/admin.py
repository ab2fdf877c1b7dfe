from django.contrib import admin
from django.utils.html import format_html

from essaim.reference.models import PublishedFigure


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ["code", "label", "value", "computed", "innovation", "as_of", "source"]
    list_filter = ["source"]
    search_fields = ["key", "label"]

    @admin.display(description="clé", ordering="key")
    def code(self, obj):
        return format_html("<code>{}</code>", obj.key)

    @admin.display(description="chiffre calculé correspondant", ordering="measure")
    def computed(self, obj):
        return format_html("<code>{}</code>", obj.measure) if obj.measure else "—"
