"""Login by e-mail through allauth at /comptes/connexion/, one door for the admin too, no sign-up,
passwords of at least 12 characters."""

import pytest
from allauth.account.models import EmailAddress
from django.test import Client
from django.urls import NoReverseMatch, reverse

from essaim.reference.demo_accounts import DEMO_PASSWORD, DEMO_USERS, create_demo_accounts
from tests.accounts.helpers import log_in, logged_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_french_with_a_forgotten_password_link(client):
    html = client.get(reverse("accounts:login")).content.decode()
    assert reverse("accounts:login") == "/comptes/connexion/"
    assert "Adresse électronique" in html and "Mot de passe" in html
    assert f'<a href="{reverse("account_reset_password")}">Mot de passe oublié ?</a>' in html
    assert 'name="login"' in html and 'name="password"' in html


def test_an_account_logs_in_with_its_address_in_any_case_and_goes_where_it_was_going(client):
    UserFactory(email="camille@exemple.fr")
    response = log_in(client, "Camille@Exemple.FR", next_url="/resultats/")
    assert response.status_code == 302 and response.url == "/resultats/"
    assert logged_in(client)


def test_a_wrong_password_is_refused_in_french(client):
    UserFactory(email="camille@exemple.fr")
    response = log_in(client, "camille@exemple.fr", "pas-le-bon")
    assert response.status_code == 200
    assert "Adresse électronique ou mot de passe incorrect." in response.content.decode()
    assert not logged_in(client)


def test_an_inactive_account_does_not_log_in(client):
    UserFactory(email="parti@exemple.fr", is_active=False)
    response = log_in(client, "parti@exemple.fr")
    assert response.status_code == 302 and response.url == reverse("account_inactive")
    assert not logged_in(client)
    assert "Ce compte est désactivé" in client.get(response.url).content.decode()


def test_the_demo_accounts_log_in_with_their_documented_password():
    create_demo_accounts()
    for email, _, _ in DEMO_USERS:
        address = EmailAddress.objects.get(email=email)
        assert address.verified and address.primary
        client = Client()
        assert log_in(client, email, DEMO_PASSWORD).status_code == 302
        assert logged_in(client)


def test_every_account_has_its_address_verified_and_primary_and_a_team_change_replaces_it():
    user = UserFactory(email="avant@exemple.fr")
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("avant@exemple.fr", True, True)
    ]
    user.email = "apres@exemple.fr"  # the team changes it in the admin
    user.save()
    assert list(EmailAddress.objects.filter(user=user).values_list("email", "verified", "primary")) == [
        ("apres@exemple.fr", True, True)
    ]
    assert log_in(Client(), "avant@exemple.fr").status_code == 200  # the old address no longer logs in
    assert log_in(Client(), "apres@exemple.fr").status_code == 302


def test_there_is_no_public_sign_up(client):
    with pytest.raises(NoReverseMatch):
        reverse("account_signup")
    assert client.get("/comptes/signup/").status_code == 404
    assert "inscri" not in client.get(reverse("accounts:login")).content.decode().lower()


def test_the_admin_login_is_the_site_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/organizations/structure/")
    assert response.status_code == 302
    assert response.url == "/comptes/connexion/?next=/admin/organizations/structure/"
    UserFactory(email="equipe@exemple.fr", team=True)
    response = log_in(client, "equipe@exemple.fr", next_url="/admin/organizations/structure/")
    assert response.url == "/admin/organizations/structure/"
    assert client.get(response.url).status_code == 200


def test_the_admin_refuses_other_roles_without_a_login_loop(client):
    client.force_login(UserFactory(evaluator=True))
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert [url for url, _ in response.redirect_chain] == ["/admin/login/?next=/admin/"]


def test_the_admin_password_change_is_the_site_page(client):
    client.force_login(UserFactory(team=True))
    response = client.get(reverse("admin:password_change"))
    assert response.status_code == 302 and response.url == reverse("account_change_password")


@pytest.mark.parametrize(
    "password, refused",
    [
        ("court-11car", "Ce mot de passe est trop court. Il doit contenir au minimum 12 caractères."),
        ("123456789012345", "Ce mot de passe est entièrement numérique."),
        ("password1234", "Ce mot de passe est trop courant."),
    ],
)
def test_a_new_password_follows_the_rules(client, password, refused):
    client.force_login(UserFactory(email="camille@exemple.fr"))
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": "motdepasse", "password1": password, "password2": password},
    )
    assert response.status_code == 200
    assert refused in response.content.decode()


def test_a_password_change_keeps_the_session_and_notifies_in_french(client, mailoutbox):
    user = UserFactory(email="camille@exemple.fr")
    client.force_login(user)
    new = "une-phrase-de-passe-solide"
    response = client.post(
        reverse("account_change_password"), {"oldpassword": "motdepasse", "password1": new, "password2": new}
    )
    assert response.status_code == 302
    assert logged_in(client)
    user.refresh_from_db()
    assert user.check_password(new)
    [message] = mailoutbox
    assert message.to == ["camille@exemple.fr"]
    assert message.subject == "[Essaim · AIS#Emploi] Mot de passe changé"
    assert "votre mot de passe a été changé" in message.body


def test_a_password_change_closes_the_other_sessions(client):
    user = UserFactory(email="camille@exemple.fr")
    other = Client()
    log_in(other, "camille@exemple.fr")
    log_in(client, "camille@exemple.fr")
    new = "une-phrase-de-passe-solide"
    client.post(reverse("account_change_password"), {"oldpassword": "motdepasse", "password1": new, "password2": new})
    assert client.get("/resultats/").status_code == 200
    assert other.get("/resultats/").status_code == 302  # sent to the login page
    user.refresh_from_db()
    assert user.check_password(new)
