from django.contrib import admin

from essaim.sources.models import Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["key", "document", "title", "section"]
    search_fields = ["key", "title", "section"]
