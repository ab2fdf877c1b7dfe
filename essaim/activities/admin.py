from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.activities.models import (
    Activity,
    Application,
    Attendance,
    Charter,
    CharterRule,
    CommitteeMeeting,
    CommitteeMember,
    Event,
    StructureCall,
    Tool,
)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    autocomplete_fields = ["structure"]


@admin.register(Activity)
class ActivityAdmin(SimpleHistoryAdmin):
    list_display = ["starts_on", "title", "module", "kind", "innovation", "place"]
    list_filter = ["kind", "innovation"]
    search_fields = ["title", "key", "place"]
    inlines = [AttendanceInline]


class ApplicationInline(admin.TabularInline):
    model = Application
    extra = 0
    autocomplete_fields = ["structure"]
    readonly_fields = ["status", "decided_on", "adoption"]


@admin.register(StructureCall)
class StructureCallAdmin(admin.ModelAdmin):
    list_display = ["title", "innovation", "opens_on", "closes_on", "selection_on"]
    list_filter = ["innovation"]
    inlines = [ApplicationInline]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(admin.ModelAdmin):
    list_display = ["organisation", "person", "function", "innovation"]
    list_filter = ["innovation"]


@admin.register(CommitteeMeeting)
class CommitteeMeetingAdmin(admin.ModelAdmin):
    list_display = ["held_on", "innovation", "place"]
    list_filter = ["innovation"]


@admin.register(Tool)
class ToolAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "kind", "innovation", "licence", "published"]
    list_filter = ["kind", "published", "licence"]
    search_fields = ["title"]
    readonly_fields = ["published_on"]


class CharterRuleInline(admin.TabularInline):
    model = CharterRule
    extra = 0


@admin.register(Charter)
class CharterAdmin(admin.ModelAdmin):
    list_display = ["title", "innovation"]
    inlines = [CharterRuleInline]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["starts_on", "title", "innovation", "organiser", "job_seekers", "companies"]
    list_filter = ["innovation"]
    search_fields = ["title", "key", "place"]
