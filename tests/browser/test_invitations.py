"""In Chromium: the team invites a structure member; the member opens the link from the e-mail
folder in a new browser, chooses a password and lands on their structure; a referent invites a
colleague; an expired invitation is refused in French; a person of two structures switches
between them and sees each one's data only."""

import datetime
import re

import pytest
from django.utils import timezone

from essaim.accounts.models import Invitation, Membership
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]

CHOSEN = "une-phrase-de-passe-solide"


@pytest.fixture
def mail_folder(settings, tmp_path):
    settings.ESSAIM_EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.filebased.EmailBackend"  # through the queue
    settings.EMAIL_FILE_PATH = tmp_path
    return tmp_path


def person(**fields):
    user = UserFactory(**fields)
    user.set_password(PASSWORD)
    user.save()
    return user


def link_from(folder):
    [message] = [path.read_text() for path in folder.iterdir()]
    return re.findall(r"http://\S+/comptes/invitation/\S+/", message)[0]


def invite(page, email, **choices):
    page.goto(page.base + "/comptes/inviter/")
    page.get_by_label("Adresse électronique de la personne invitée").fill(email)
    for field, value in choices.items():
        page.locator(f"#id_{field}").select_option(label=value)
    page.get_by_role("button", name="Envoyer l'invitation").click()
    page.get_by_role("heading", name="Invitations envoyées").wait_for()


def test_an_invited_member_chooses_a_password_and_lands_on_their_structure(chromium, page, artefacts, mail_folder):
    StructureFactory(name="Atelier du Nord")
    log_in(page, person(email="equipe@exemple.fr", team=True).email)
    invite(page, "nouvelle@exemple.fr", role="Membre d'une structure essaimée", structure="Atelier du Nord")
    link = link_from(mail_folder)

    newcomer = chromium.new_context(locale="fr-FR").new_page()
    newcomer.goto(link)
    newcomer.locator("#id_full_name").fill("Alex Moreau")
    newcomer.locator("#id_password1").fill(CHOSEN)
    newcomer.locator("#id_password2").fill(CHOSEN)
    newcomer.get_by_role("button", name="Choisir ce mot de passe et entrer").click()
    newcomer.get_by_role("heading", name="Atelier du Nord", level=1).wait_for()
    assert "Bienvenue" in newcomer.content()
    newcomer.screenshot(path=artefacts / "arrivee.png", full_page=True)
    assert Membership.objects.get(user__email="nouvelle@exemple.fr").structure.name == "Atelier du Nord"


def test_a_referent_invites_a_colleague(chromium, page, mail_folder):
    structure = StructureFactory(name="Bureau du Sud")
    log_in(page, person(email="referent@exemple.fr", member=True, lead=True, structures=[structure]).email)
    invite(page, "collegue@exemple.fr")  # their own structure, as a member: the only choice
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.structure) == ("structure_member", structure)
    assert link_from(mail_folder)  # the e-mail is in the folder
    assert "en attente" in page.content()


def test_an_expired_invitation_is_refused_in_french(chromium, page, mail_folder):
    log_in(page, person(email="equipe@exemple.fr", team=True).email)
    invite(page, "tardive@exemple.fr", role="Financeur ou membre du comité de pilotage")
    Invitation.objects.update(created_at=timezone.now() - datetime.timedelta(days=15))
    late = chromium.new_context(locale="fr-FR").new_page()
    late.goto(link_from(mail_folder))
    late.get_by_role("heading", name="Invitation non valable").wait_for()
    assert "Cette invitation a expiré" in late.content()


def test_a_person_of_two_structures_switches_and_sees_each_ones_data_only(chromium, page, artefacts):
    north, south = StructureFactory(name="Atelier du Nord"), StructureFactory(name="Bureau du Sud")
    AdoptionFactory(structure=north, innovation=InnovationFactory(name="Tremplin"))
    AdoptionFactory(structure=south, innovation=InnovationFactory(name="Passerelle"))
    log_in(page, person(email="deux@exemple.fr", member=True, structures=[north, south]).email)

    def structures_seen():
        page.goto(page.base + "/structures/")
        return {name for name in ("Atelier du Nord", "Bureau du Sud") if page.get_by_role("link", name=name).count()}

    assert structures_seen() == {"Atelier du Nord"}
    page.goto(page.base + f"/structures/{north.pk}/")
    assert "Tremplin" in page.content() and "Passerelle" not in page.content()
    page.locator("details.account-menu > summary").click()  # the account's menu: work as…
    page.get_by_role("button", name="AIS#Emploi · Bureau du Sud").click()
    page.get_by_text("Vous travaillez maintenant comme").wait_for()
    assert structures_seen() == {"Bureau du Sud"}
    page.goto(page.base + f"/structures/{south.pk}/")
    assert "Passerelle" in page.content() and "Tremplin" not in page.content()
    page.screenshot(path=artefacts / "deux-structures.png", full_page=True)
    assert page.goto(page.base + f"/structures/{north.pk}/").status == 404  # the other one, under this membership
