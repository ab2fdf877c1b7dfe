from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from essaim.calls.models import Call, Candidate, Criterion, Decision, FeasibilityStudy, Review, Score, StudyAttachment


class CriterionInline(admin.TabularInline):
    model = Criterion
    extra = 0


@admin.register(Call)
class CallAdmin(admin.ModelAdmin):
    list_display = ["year", "title", "opens_on", "closes_on", "committee_on", "status"]
    list_filter = ["status"]
    inlines = [CriterionInline]


class DecisionInline(admin.TabularInline):
    model = Decision
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Candidate)
class CandidateAdmin(SimpleHistoryAdmin):
    list_display = ["project_name", "porteur", "call", "evidence_level", "outcome", "innovation"]
    list_filter = ["call", "outcome"]
    search_fields = ["project_name", "porteur__name"]
    autocomplete_fields = ["porteur"]
    readonly_fields = ["outcome", "innovation"]
    inlines = [DecisionInline]


class ScoreInline(admin.TabularInline):
    model = Score
    extra = 0


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["candidate", "reviewer", "conflict_declared", "submitted_at"]
    list_filter = ["conflict_declared"]
    inlines = [ScoreInline]


class AttachmentInline(admin.TabularInline):
    model = StudyAttachment
    extra = 0
    readonly_fields = ["uploaded_by", "uploaded_at"]


@admin.register(FeasibilityStudy)
class FeasibilityStudyAdmin(SimpleHistoryAdmin):
    list_display = ["innovation", "status", "started_on", "finished_on"]
    list_filter = ["status"]
    inlines = [AttachmentInline]
