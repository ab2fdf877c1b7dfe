"""Two programmes on one installation, strictly apart: the team of one crawls every page it can
reach and never reads a record of the other; the other's records asked for by address are
hidden (404); an account in both reads each in turn, after choosing it in the header."""

import re

import pytest
from django.urls import reverse

from essaim.accounts.models import Membership, Role, User
from essaim.bundle.importer import import_bundle
from essaim.followup import reference_rates
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.programmes import scope
from essaim.programmes.models import REFERENCE_CODE, Programme
from essaim.reference.demo_accounts import DEMO_USERS, create_demo_accounts
from essaim.reference.load import load_reference_data
from essaim.sources.models import Source
from tests.bundle.helpers import write_bundle
from tests.factories import UserFactory
from tests.web.test_crawl import crawl

MARK = "Fantôme"  # in every name of the second programme's records (structures are shared: not them)
OTHER = {
    "programme.csv": "code,name\nFANTOME,Programme des Causses\n",  # public: a visitor chooses it
    "structures.csv": "code,name,kind,departement,siret\nporteur-fantome,Association des Causses,ASSOCIATION,31,\n",
    "innovations.csv": (
        "code,name,porteur,entered_on,exited_on,stage\n"
        "FANTOME-1,Innovation Fantôme,porteur-fantome,2016-01-01,,swarming\n"
    ),
    "indicators.csv": "code,label,aggregation,unit\nghost_meals,Repas Fantôme servis,sum,repas\n",
    "adoptions.csv": (
        "innovation,structure,status,since\n"
        "FANTOME-1,porteur-fantome,trained,2016-06-01\n"
        "FANTOME-1,icare,trained,2016-06-01\n"  # a structure of both programmes
    ),
    "values.csv": (
        "innovation,structure,indicator,period_start,period_end,value,source,comment\n"
        "FANTOME-1,porteur-fantome,ghost_meals,2018-01-01,2018-12-31,340,,Commentaire Fantôme\n"
    ),
}


@pytest.fixture
def two(db, tmp_path):
    """The reference programme with its demo accounts, and a second programme with its own team."""
    load_reference_data()
    create_demo_accounts()
    folder = tmp_path / "fantome"
    folder.mkdir()
    result = import_bundle(write_bundle(folder, OTHER))
    assert result.ok, result.errors
    other = Programme.objects.get(code="FANTOME")
    team = UserFactory(email="equipe@fantome.example", role=Role.PROGRAMME_TEAM, programmes=[other])
    return Programme.objects.get(code=REFERENCE_CODE), other, team


def names_of(programme):
    """The names of the programme's innovations, but those that shared, public records name too:
    a structure (« VITA Air » is an innovation and the association that carries it), a source
    document's section, a public reference rate's source (its published fiche)."""
    shared = [*Structure.objects.values_list("name", flat=True), *Source.objects.values_list("section", flat=True)]
    shared += [rate.source.title for rate in reference_rates.load()]
    shared = " ".join(shared).lower()
    with scope.activate(programme):
        return [i.name for i in Innovation.objects.all() if i.name.lower() not in shared]


def leaks(pages_text, words):
    return sorted({w for w in words for text in pages_text if re.search(re.escape(w), text, re.IGNORECASE)})


def read_all(client):
    """Every page the account reaches from the home page: url → text."""
    texts = {}
    for url in crawl(client):
        response = client.get(url)
        texts[url] = response.content.decode(errors="replace")
    return texts


def test_the_reference_programme_reads_nothing_of_the_other(two, client):
    reference, other, _ = two
    for email, _, _ in DEMO_USERS:
        client.force_login(User.objects.get(email=email))
        pages = read_all(client)
        found = {url for url, text in pages.items() if MARK.lower() in text.lower()}
        assert not found, (email, sorted(found))
    client.logout()
    assert not any(MARK.lower() in text.lower() for text in read_all(client).values())


def test_the_other_programme_reads_nothing_of_the_reference(two, client):
    reference, other, team = two
    client.force_login(team)
    pages = read_all(client)
    assert len(pages) >= 10
    reference_names = names_of(reference)
    found = {url: leaks([text], reference_names) for url, text in pages.items()}
    leaked = {url: words for url, words in found.items() if words}
    assert not leaked, "\n".join(f"{url}: {words[:4]}" for url, words in leaked.items())
    assert any(MARK in text for text in pages.values())  # its own records are there


def test_records_of_the_other_programme_are_hidden_by_address(two, client):
    reference, other, team = two
    client.force_login(User.objects.get(email=DEMO_USERS[0][0]))
    with scope.activate(other):
        ghost = Innovation.objects.get(code="FANTOME-1")
    for url in (
        reverse("innovations:detail", args=[ghost.code]),
        reverse("evaluation:indicator_edit", args=["ghost_meals"]),
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert MARK not in response.content.decode()


def test_an_account_in_both_switches_programme_in_the_header(two, client):
    reference, other, team = two
    Membership.objects.create(user=User.objects.get(email=DEMO_USERS[0][0]), programme=other, role=Role.PROGRAMME_TEAM)
    client.force_login(User.objects.get(email=DEMO_USERS[0][0]))
    home = client.get(reverse("innovations:list")).content.decode()
    assert "Programme Fantôme" not in home and MARK not in home
    assert "Programme des Causses · équipe<span" in home  # the header's menu
    response = client.post(reverse("programmes:switch"), {"programme": "FANTOME", "suivant": "/innovations/"})
    assert response.status_code == 302 and response.url == "/innovations/"
    page = client.get("/innovations/").content.decode()
    assert "Innovation Fantôme" in page and "Lieu Ressources" not in page
    refused = client.post(reverse("programmes:switch"), {"programme": "INCONNU", "suivant": "/"})
    assert refused.status_code in (302, 400, 404)
    assert "Innovation Fantôme" in client.get("/innovations/").content.decode()  # still in FANTOME


def test_the_admin_keeps_a_team_to_its_programme_and_shows_all_to_an_operator(two, client):
    reference, other, team = two
    client.force_login(team)
    innovations = client.get("/admin/innovations/innovation/").content.decode()
    assert "Innovation Fantôme" in innovations and "Lieu Ressources" not in innovations
    accounts = client.get("/admin/accounts/user/").content.decode()
    assert team.email in accounts and DEMO_USERS[0][0] not in accounts
    assert client.get("/admin/programmes/programme/").status_code == 403
    with scope.activate(reference):
        lref = Innovation.objects.get(code="LREF")
    assert client.get(f"/admin/innovations/innovation/{lref.pk}/change/").status_code == 302  # « n'existe pas »
    client.force_login(UserFactory(email="exploitation@exemple.fr", is_superuser=True, programmes=[]))
    innovations = client.get("/admin/innovations/innovation/").content.decode()
    assert "Innovation Fantôme" in innovations and "Lieu Ressources" in innovations
    assert "Programme des Causses" in client.get("/admin/programmes/programme/").content.decode()


def test_a_structure_of_both_programmes_shows_each_its_own(two, client):
    reference, other, team = two
    shared = Structure.objects.get(key="icare")  # it adopted an AIS#Emploi innovation too
    client.force_login(team)
    listing = client.get("/structures/", {"q": "ICARE"}).content.decode()
    assert "ICARE" in listing
    row = listing[listing.index(">ICARE<") :]
    assert '<td class="num">1</td>' in row[: row.index("</tr>")]  # its adoption in this programme only
    assert "Site TAPAJ" not in client.get("/structures/", {"q": "TAPAJ"}).content.decode()
    page = client.get(f"/structures/{shared.pk}/").content.decode()
    assert "Innovation Fantôme" in page and not leaks([page], names_of(reference))
    client.force_login(User.objects.get(email=DEMO_USERS[0][0]))
    page = client.get(f"/structures/{shared.pk}/").content.decode()
    assert MARK not in page
    assert "Site TAPAJ" in client.get("/structures/", {"q": "TAPAJ"}).content.decode()
