"""Étape 0 and I of the method: calls for projects, candidates, reviews, the committee's
decisions, and the feasibility study of each selected innovation."""

from essaim.calls.models.calls import Call, Candidate, Criterion
from essaim.calls.models.feasibility import FeasibilityStudy, StudyAttachment
from essaim.calls.models.reviews import Decision, Review, Score

__all__ = ["Call", "Candidate", "Criterion", "Decision", "FeasibilityStudy", "Review", "Score", "StudyAttachment"]
