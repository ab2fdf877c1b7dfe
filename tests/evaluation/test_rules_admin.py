"""The admin of rules and violations, for the programme team."""

import pytest
from django.urls import reverse

from essaim.evaluation.models import Indicator
from essaim.evaluation.rules import ValidationRule
from tests.evaluation.helpers import violation_in
from tests.factories import UserFactory


@pytest.fixture
def admin_client(client, db):
    client.force_login(UserFactory(team=True))
    return client


def test_rule_pages_open(admin_client):
    assert admin_client.get(reverse("admin:evaluation_validationrule_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:evaluation_validationrule_add")).status_code == 200
    rule = ValidationRule.objects.get(code="employment-within-people")
    assert admin_client.get(reverse("admin:evaluation_validationrule_change", args=[rule.pk])).status_code == 200


def test_a_bad_rule_is_refused_in_french(admin_client):
    response = admin_client.post(
        reverse("admin:evaluation_validationrule_add"),
        {
            "code": "bornes",
            "name": "Bornes",
            "kind": "bounds",
            "indicator": Indicator.objects.get(code="people_reached").pk,
            "minimum": "10",
            "maximum": "5",
            "min_history": "3",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "Le maximum doit être supérieur ou égal au minimum." in response.content.decode()
    assert not ValidationRule.objects.filter(code="bornes").exists()


def test_violations_are_listed_and_checked_not_added(admin_client, world):
    violation = violation_in(world)
    assert admin_client.get(reverse("admin:evaluation_violation_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:evaluation_violation_add")).status_code == 403
    url = reverse("admin:evaluation_violation_change", args=[violation.pk])
    assert admin_client.get(url).status_code == 200
    response = admin_client.post(url, {"checked": "on", "note": "Vu avec la structure."})
    assert response.status_code == 302
    violation.refresh_from_db()
    assert violation.checked and violation.checked_by is not None and violation.checked_at is not None


def test_other_roles_do_not_reach_the_admin(client, world, personas):
    client.force_login(personas["evaluator"])
    assert client.get(reverse("admin:evaluation_violation_changelist")).status_code == 302
