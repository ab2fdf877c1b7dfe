"""What each role sees inside the pages it may open."""

import pytest
from django.urls import reverse


def page(client, user, url):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "role, shown, hidden",
    [
        ("team", ["Structure membre", "Autre structure"], []),
        ("evaluator", ["Structure membre", "Autre structure"], []),
        ("innovator", ["Structure membre", "Autre structure"], []),
        ("member", ["Structure membre"], ["Autre structure"]),
        ("funder", [], ["Structure membre", "Autre structure"]),
    ],
)
def test_innovation_page_lists_only_visible_adoptions(client, world, personas, role, shown, hidden):
    html = page(client, personas[role], reverse("innovations:detail", args=["ALPHA"]))
    for name in shown:
        assert name in html
    for name in hidden:
        assert name not in html
    assert "Retenue : <strong>2</strong>" in html  # everyone reads the aggregate


def test_member_sees_only_its_structure_in_the_list(client, world, personas):
    html = page(client, personas["member"], reverse("organizations:list"))
    assert "Structure membre" in html
    for name in ("Autre structure", "Structure étrangère", "Association porteuse"):
        assert name not in html


def test_innovator_does_not_see_adopters_of_other_innovations(client, world, personas):
    html = page(client, personas["innovator"], reverse("innovations:detail", args=["BETA"]))
    assert "Structure étrangère" not in html


def test_funder_sees_no_personal_data(client, world, personas):
    """Member accounts (names, e-mails) appear nowhere a funder can go."""
    member = personas["member"]
    urls = [
        reverse("reports:dashboard"),
        reverse("reports:board"),
        reverse("innovations:list"),
        reverse("innovations:detail", args=["ALPHA"]),
    ]
    for url in urls:
        html = page(client, personas["funder"], url)
        assert member.email not in html
        assert member.full_name not in html


def test_members_of_a_structure_are_shown_to_the_team_only(client, world, personas):
    url = reverse("organizations:detail", args=[world.own.structure.pk])
    member = personas["member"]
    assert member.full_name in page(client, personas["team"], url)
    assert member.full_name not in page(client, personas["evaluator"], url)
    client.logout()
    assert "Comptes rattachés" not in page(client, personas["member"], url)


def test_inactive_user_sees_nothing(client, world, personas):
    user = personas["team"]
    user.is_active = False
    user.save()
    client.force_login(user)
    response = client.get(reverse("reports:dashboard"))
    assert response.status_code == 302
