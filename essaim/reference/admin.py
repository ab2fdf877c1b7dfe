from django.contrib import admin

from essaim.reference.models import PublishedFigure


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "value", "source"]
    search_fields = ["key", "label"]
