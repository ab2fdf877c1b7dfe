"""The admin of the embedded evaluation (programme team): pages open, a scale keeps exactly one
level without score."""

import pytest
from django.urls import reverse

from essaim.grids.models import Scale


@pytest.fixture
def admin_client(client, personas):
    client.force_login(personas["team"])
    return client


@pytest.mark.parametrize("name", ["scale", "grid", "evaluationphase", "observation", "finding"])
def test_admin_lists_and_add_pages_open(admin_client, grid, name):
    assert admin_client.get(reverse(f"admin:grids_{name}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:grids_{name}_add")).status_code == 200


def test_a_scale_needs_exactly_one_level_without_score(admin_client, db):
    data = {
        "code": "trois-niveaux",
        "name": "Trois niveaux",
        "description": "",
        "levels-TOTAL_FORMS": "2",
        "levels-INITIAL_FORMS": "0",
        "levels-0-position": "1",
        "levels-0-label": "haut",
        "levels-0-score": "2",
        "levels-1-position": "2",
        "levels-1-label": "bas",
        "levels-1-score": "0",
        "bands-TOTAL_FORMS": "0",
        "bands-INITIAL_FORMS": "0",
    }
    response = admin_client.post(reverse("admin:grids_scale_add"), data)
    assert response.status_code == 200
    assert "exactement un niveau « non renseigné »" in response.content.decode()
    assert not Scale.objects.filter(code="trois-niveaux").exists()
    data |= {"levels-TOTAL_FORMS": "3", "levels-2-position": "3", "levels-2-label": "non renseigné"}
    assert admin_client.post(reverse("admin:grids_scale_add"), data).status_code == 302
    assert Scale.objects.get(code="trois-niveaux").levels.filter(score__isnull=True).count() == 1
