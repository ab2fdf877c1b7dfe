"""The review rules, per role: nobody scores a candidate of their own organisation; a reviewer
sees the others' scores only once their own review is sent; scores stay inside the rubric."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from essaim.accounts.enums import Role
from essaim.accounts.models import Membership
from essaim.calls import reviewing
from essaim.calls.models import Review, Score
from essaim.calls.scoring import summarise
from tests.calls.helpers import assign, candidate, open_call
from tests.factories import UserFactory


@pytest.fixture
def call(db):
    return open_call()


@pytest.fixture
def gamma(call):
    return candidate(call)


def scores_post(call, values, send=True, comment="Solide."):
    data = {"comment": comment}
    for criterion, value in zip(call.criteria.all(), values, strict=False):
        data[f"score_{criterion.pk}"] = value
        data[f"comment_{criterion.pk}"] = f"commentaire {criterion.position}"
    data["envoyer" if send else "brouillon"] = "1"
    return data


@pytest.mark.parametrize("role", ["team", "evaluator", "funder"])
def test_nobody_is_assigned_a_candidate_of_their_own_organisation(gamma, role):
    reviewer = UserFactory(**{role: True}, structures=[gamma.porteur])
    with pytest.raises(ValidationError, match="personne n'évalue une candidature de sa propre organisation"):
        reviewing.assign(gamma, reviewer, by=UserFactory(team=True))
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["innovator", "member"])
def test_innovators_and_structure_members_do_not_review(gamma, role):
    with pytest.raises(ValidationError, match="évaluent les candidatures"):
        reviewing.assign(gamma, UserFactory(**{role: True}), by=UserFactory(team=True))
    assert not Review.objects.exists()


def test_the_assign_page_refuses_a_conflict_in_french_and_writes_nothing(client, gamma):
    client.force_login(UserFactory(team=True))
    funder = UserFactory(funder=True, structures=[gamma.porteur])
    response = client.post(reverse("calls:assign", args=[gamma.pk]), {"reviewer": funder.pk})
    assert response.status_code == 400
    assert "sa propre organisation" in response.content.decode()
    assert not Review.objects.exists()


def test_a_reviewer_who_joins_the_porteur_after_being_assigned_cannot_score(gamma):
    evaluator = UserFactory(evaluator=True)
    (review,) = assign(gamma, evaluator)
    Membership.objects.create(
        user=evaluator, programme=gamma.call.programme, role=Role.STRUCTURE_MEMBER, structure=gamma.porteur
    )
    evaluator = type(evaluator).objects.get(pk=evaluator.pk)  # memberships are read once per user object
    review = Review.objects.select_related("reviewer", "candidate").get(pk=review.pk)
    criteria = list(gamma.call.criteria.all())
    with pytest.raises(ValidationError, match="propre organisation"):
        reviewing.save_review(review, criteria, dict.fromkeys([c.pk for c in criteria], 3), {}, "", submit=True)
    assert not Score.objects.exists()


def test_a_score_outside_the_rubric_gets_a_clear_error_and_nothing_is_written(client, call, gamma):
    evaluator = UserFactory(evaluator=True)
    assign(gamma, evaluator)
    client.force_login(evaluator)
    response = client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [4, 9, 3]))
    assert response.status_code == 400
    page = response.content.decode()
    assert "se note de 0 à 5 : 9 est hors de la grille" in page
    assert "Rien n&#x27;a été enregistré" in page or "Rien n'a été enregistré" in page
    review = Review.objects.get()
    assert not review.scores.exists() and review.submitted_at is None and review.comment == ""


def test_a_review_is_sent_only_when_every_criterion_is_scored(client, call, gamma):
    evaluator = UserFactory(evaluator=True)
    assign(gamma, evaluator)
    client.force_login(evaluator)
    response = client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [4, "", 3]))
    assert response.status_code == 400
    assert "avant d&#x27;envoyer" in response.content.decode() or "avant d'envoyer" in response.content.decode()
    assert not Score.objects.exists()
    # a draft may be incomplete
    response = client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [4, "", 3], send=False))
    assert response.status_code == 302
    review = Review.objects.get()
    assert review.scores.count() == 2 and review.submitted_at is None


def test_a_sent_review_is_final(client, call, gamma):
    evaluator = UserFactory(evaluator=True)
    assign(gamma, evaluator)
    client.force_login(evaluator)
    client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [4, 4, 3]))
    response = client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [0, 0, 0]))
    assert response.status_code == 400
    assert sorted(Score.objects.values_list("value", flat=True)) == [3, 4, 4]


@pytest.fixture
def two_reviewers(call, gamma):
    first, second = UserFactory(evaluator=True, full_name="Première"), UserFactory(funder=True, full_name="Second")
    assign(gamma, first, second)
    return first, second


def candidate_page(client, user, gamma):
    client.force_login(user)
    return client.get(reverse("calls:candidate", args=[gamma.pk])).content.decode()


def test_a_reviewer_sees_the_others_scores_only_after_sending_their_own(client, call, gamma, two_reviewers):
    first, second = two_reviewers
    client.force_login(second)
    client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [5, 5, 5], comment="Mot du second"))
    page = candidate_page(client, first, gamma)
    assert "Mot du second" not in page
    assert "une fois votre propre évaluation envoyée" in page
    client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [3, 3, 3], comment="Mot de la première"))
    page = candidate_page(client, first, gamma)
    assert "Mot du second" in page and "Mot de la première" in page
    assert "Moyenne et dispersion des 2 évaluations envoyées" in page


def test_the_team_sees_every_score_unless_it_reviews_the_candidate_itself(client, call, gamma, two_reviewers):
    first, _ = two_reviewers
    client.force_login(first)
    client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [3, 3, 3], comment="Mot de la première"))
    assert "Mot de la première" in candidate_page(client, UserFactory(team=True), gamma)
    reviewing_team = UserFactory(team=True)
    assign(gamma, reviewing_team)
    assert "Mot de la première" not in candidate_page(client, reviewing_team, gamma)


def test_the_applicant_never_sees_the_reviews(client, call, gamma, two_reviewers):
    first, _ = two_reviewers
    client.force_login(first)
    client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [3, 3, 3], comment="Mot de la première"))
    innovator = UserFactory(innovator=True, structures=[gamma.porteur])
    page = candidate_page(client, innovator, gamma)
    assert gamma.project_name in page and "Mot de la première" not in page


def test_a_reviewer_who_is_not_assigned_does_not_find_the_candidate(client, gamma):
    client.force_login(UserFactory(evaluator=True))
    assert client.get(reverse("calls:candidate", args=[gamma.pk])).status_code == 404


def test_a_declared_conflict_removes_the_reviewer_from_the_scores(client, call, gamma, two_reviewers):
    first, second = two_reviewers
    client.force_login(first)
    response = client.post(reverse("calls:conflict", args=[gamma.pk]), {"note": "J'ai conseillé ce porteur."})
    assert response.status_code == 302
    review = Review.objects.get(reviewer=first)
    assert review.conflict_declared and review.conflict_note == "J'ai conseillé ce porteur."
    response = client.post(reverse("calls:review", args=[gamma.pk]), scores_post(call, [3, 3, 3]))
    assert response.status_code == 400
    assert not review.scores.exists()


def test_average_and_spread(call, gamma, two_reviewers):
    first, second = two_reviewers
    criteria = list(call.criteria.all())
    for user, values in ((first, [2, 4, 3]), (second, [4, 4, 5])):
        review = Review.objects.get(reviewer=user)
        reviewing.save_review(
            review, criteria, dict(zip([c.pk for c in criteria], values, strict=True)), {}, "", submit=True
        )
    reviews = Review.objects.prefetch_related("scores")
    summary = summarise(criteria, reviews)
    first_criterion = summary.criteria[0][1]
    assert (first_criterion.average, first_criterion.deviation, first_criterion.low, first_criterion.high) == (
        3,
        1,
        2,
        4,
    )
    assert summary.criteria[1][1].deviation == 0
    assert (summary.total.average, summary.total.deviation, summary.total.maximum) == (11, 2, 15)
