"""One call for projects with real reviews in the demo: the 2017 call's three candidates, each
reviewed by the evaluator and funder demo accounts, scored on every criterion and marked as demo
data; loaded by `create_demo_accounts` after the accounts, twice without change, and refused
where the domain's rules would refuse it."""

import shutil
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from essaim.calls.models import Call, Review, Score
from essaim.calls.scoring import summarise
from essaim.reference.demo_accounts import create_demo_accounts
from essaim.reference.demo_reviews import DEMO_REVIEWS_FILE, load_demo_reviews
from essaim.reference.load import load_reference_data
from essaim.reference.loader import ReferenceDataError

EVALUATOR, FUNDER, PORTEUR = "evaluation@demo.essaim.fr", "financeur@demo.essaim.fr", "porteur@demo.essaim.fr"


@pytest.fixture
def demo(db):
    load_reference_data()
    create_demo_accounts()
    return load_demo_reviews()


def test_the_2017_call_has_two_sent_reviews_per_candidate_marked_as_demo(demo):
    call = Call.objects.get(year=2017)
    criteria = list(call.criteria.all())
    for candidate in call.candidates.prefetch_related("reviews__scores", "reviews__reviewer"):
        reviews = list(candidate.reviews.all())
        assert sorted(r.reviewer.email for r in reviews) == [EVALUATOR, FUNDER], candidate
        assert all(r.comment.startswith("Évaluation de démonstration (notes inventées)") for r in reviews)
        decided = candidate.decisions.get().decided_on
        assert all(r.is_submitted and r.submitted_at.date() < decided for r in reviews)
        summary = summarise(criteria, reviews)
        assert summary.count == 2 and all(spread.count == 2 for _, spread in summary.criteria)
    lref = call.candidates.get(innovation__code="LREF")
    assert summarise(criteria, list(lref.reviews.all())).total.average == 11.5
    assert Review.objects.count() == 6 and Score.objects.count() == 18
    assert not Review.objects.exclude(candidate__call=call).exists()


def test_the_demo_reviewers_see_the_scores_and_the_porteur_does_not(demo, client):
    from essaim.accounts.models import User

    call = Call.objects.get(year=2017)
    links = {c.innovation.code: reverse("calls:candidate", args=[c.pk]) for c in call.candidates.all()}
    client.force_login(User.objects.get(email=EVALUATOR))
    page = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert all(link in page for link in links.values()) and "11,5" in page
    review = client.get(links["LREF"]).content.decode()
    assert "Évaluation de démonstration (notes inventées)" in review and "Claude Laurent" in review
    client.force_login(User.objects.get(email=PORTEUR))
    page = client.get(reverse("calls:detail", args=[call.pk])).content.decode()
    assert links["LREF"] in page and links["RALLYES"] not in page and "11,5" not in page
    assert "notes inventées" not in client.get(links["LREF"]).content.decode()


def test_the_command_loads_them_after_the_accounts_and_a_second_run_changes_nothing(db):
    load_reference_data()
    out = StringIO()
    call_command("create_demo_accounts", "--allow-without-debug", stdout=out)
    assert "Évaluations de démonstration d'un appel à projets (notes inventées) : 6." in out.getvalue()
    scores = list(Score.objects.order_by("pk").values())
    reviews = list(Review.objects.order_by("pk").values())
    report = load_demo_reviews()
    assert {outcome for _, outcome in report} == {"inchangé"}
    assert list(Score.objects.order_by("pk").values()) == scores
    assert list(Review.objects.order_by("pk").values()) == reviews


def test_without_the_reference_data_the_accounts_are_made_and_the_reviews_say_why_not(db):
    out = StringIO()
    call_command("create_demo_accounts", "--allow-without-debug", stdout=out)
    assert "Évaluations de démonstration non chargées" in out.getvalue()
    assert "appel à projets 2017 absent" in out.getvalue()
    assert not Review.objects.exists()


@pytest.mark.parametrize(
    "old, new, message",
    [
        (
            'reviewer = "financeur@demo.essaim.fr"\nsubmitted_at = 2017-05-24T11:20:00+02:00',
            'reviewer = "porteur@demo.essaim.fr"\nsubmitted_at = 2017-05-24T11:20:00+02:00',
            "[[reviews]] n°4 (Lieu Ressources Emploi-Formation × porteur@demo.essaim.fr) : champ reviewer",
        ),
        ("submitted_at = 2017-05-22T17:30:00+02:00", "submitted_at = 2017-06-22T17:30:00+02:00", "avant la décision"),
        ("  value = 5\n", "  value = 7\n", "note n°2 : champ value"),
    ],
)
def test_a_review_the_rules_refuse_is_refused_where_it_is_and_nothing_is_written(db, tmp_path, old, new, message):
    load_reference_data()
    create_demo_accounts()
    path = tmp_path / "demo_reviews.toml"
    shutil.copy(DEMO_REVIEWS_FILE, path)
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(ReferenceDataError) as error:
        load_demo_reviews(path)
    assert message in str(error.value)
    assert not Review.objects.exists() and not Score.objects.exists()
