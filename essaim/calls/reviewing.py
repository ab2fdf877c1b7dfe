"""Assigning reviewers and saving their reviews, with the rules of conflicts of interest.

Every function validates everything before it writes, inside one transaction, and raises a
ValidationError in French otherwise: nothing is half-written.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from essaim.calls.models import Review, Score
from essaim.calls.perms import can_be_reviewer, conflict_of_interest


def assign(candidate, reviewer, *, by):
    if not can_be_reviewer(reviewer):
        raise ValidationError(
            {"reviewer": "Seuls l'équipe du programme, les évaluateurs et les financeurs évaluent les candidatures."}
        )
    reason = conflict_of_interest(reviewer, candidate)
    if reason:
        raise ValidationError({"reviewer": reason})
    if candidate.reviews.filter(reviewer=reviewer).exists():
        raise ValidationError({"reviewer": f"{reviewer} évalue déjà cette candidature."})
    if candidate.is_decided:
        raise ValidationError({"reviewer": "Le comité a déjà décidé : il n'y a plus d'évaluateur à désigner."})
    return Review.objects.create(candidate=candidate, reviewer=reviewer, assigned_by=by)


def check_can_score(review):
    if review.is_submitted:
        raise ValidationError("Votre évaluation est déjà envoyée : elle ne peut plus être modifiée.")
    if review.conflict_declared:
        raise ValidationError("Vous avez déclaré un conflit d'intérêts : vous ne notez pas cette candidature.")
    reason = conflict_of_interest(review.reviewer, review.candidate)
    if reason:
        raise ValidationError(reason)
    if review.candidate.is_decided:
        raise ValidationError("Le comité a déjà décidé : les évaluations sont closes.")


def build_scores(review, criteria, values, comments):
    """Unsaved Score objects for the values given, each validated by the model (the rubric's
    range); errors come back keyed by criterion id."""
    scores, errors = [], {}
    for criterion in criteria:
        value = values.get(criterion.pk)
        if value is None:
            continue
        score = Score(review=review, criterion=criterion, value=value, comment=comments.get(criterion.pk, ""))
        try:
            score.full_clean(exclude=["review"], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            errors[criterion.pk] = " ".join(error.messages)
        scores.append(score)
    return scores, errors


def save_review(review, criteria, values, comments, overall, *, submit):
    """Replace the review's scores; with `submit`, every criterion must be scored and the review
    becomes final."""
    check_can_score(review)
    scores, errors = build_scores(review, criteria, values, comments)
    if submit:
        for criterion in criteria:
            if values.get(criterion.pk) is None and criterion.pk not in errors:
                errors[criterion.pk] = f"Notez « {criterion.label} » avant d'envoyer votre évaluation."
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        review.scores.all().delete()
        Score.objects.bulk_create(scores)
        review.comment = overall
        if submit:
            review.submitted_at = timezone.now()
        review.save(update_fields=["comment", "submitted_at"])
    return review


def declare_conflict(review, note):
    if review.is_submitted:
        raise ValidationError("Votre évaluation est déjà envoyée : signalez le conflit à l'équipe du programme.")
    if not note.strip():
        raise ValidationError("Dites en une phrase la nature du conflit d'intérêts.")
    with transaction.atomic():
        review.scores.all().delete()
        review.conflict_declared = True
        review.conflict_note = note.strip()[:300]
        review.save(update_fields=["conflict_declared", "conflict_note"])
    return review
