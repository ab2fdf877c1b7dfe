from django.contrib import admin

from essaim.reference.models import PublishedFigure


@admin.register(PublishedFigure)
class PublishedFigureAdmin(admin.ModelAdmin):
    list_display = ["key", "label", "value", "measure", "innovation", "as_of", "source"]
    list_filter = ["source"]
    search_fields = ["key", "label"]
