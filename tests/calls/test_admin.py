"""The admin pages of the pipeline open for the programme team."""

import pytest
from django.urls import reverse

from tests.factories import UserFactory

MODELS = [
    ("calls", "call"),
    ("calls", "candidate"),
    ("calls", "review"),
    ("calls", "feasibilitystudy"),
    ("activities", "activity"),
    ("activities", "structurecall"),
    ("activities", "committeemember"),
    ("activities", "committeemeeting"),
    ("activities", "tool"),
    ("activities", "charter"),
    ("activities", "event"),
]


@pytest.mark.parametrize("app, model", MODELS)
def test_admin_lists_and_add_pages_open(client, db, app, model):
    client.force_login(UserFactory(team=True))
    assert client.get(reverse(f"admin:{app}_{model}_changelist")).status_code == 200
    assert client.get(reverse(f"admin:{app}_{model}_add")).status_code == 200
