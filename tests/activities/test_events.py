"""Events checked against the innovation's charter: a rally under 15 job seekers or 6 companies
is flagged; an unknown figure is « à renseigner », never a breach; bad figures write nothing."""

import datetime

import pytest
from django.urls import reverse

from essaim.activities.models import Charter, CharterRule, Event
from tests.factories import AdoptionFactory, InnovationFactory, StructureFactory, UserFactory


@pytest.fixture
def rallyes(db):
    innovation = InnovationFactory(code="RALLYES", name="Rallyes pour l'emploi")
    charter = Charter.objects.create(innovation=innovation, title="Charte des rallyes pour l'emploi")
    CharterRule.objects.create(charter=charter, measure="job_seekers", minimum=15)
    CharterRule.objects.create(charter=charter, measure="companies", minimum=6)
    return innovation


def rally(innovation, title="Rallye", **figures):
    return Event.objects.create(innovation=innovation, title=title, starts_on=datetime.date(2019, 3, 25), **figures)


def verdicts(innovation):
    rules = list(innovation.charter.rules.all())
    return {event.title: [c.state for c in event.check_charter(rules)] for event in innovation.events.all()}


def test_an_event_breaking_the_charter_is_flagged(client, rallyes):
    rally(rallyes, job_seekers=12, companies=9, title="Petit rallye")
    rally(rallyes, job_seekers=16, companies=9, title="Rallye MIFE 74")
    rally(rallyes, title="Rallye à venir")
    assert verdicts(rallyes) == {
        "Petit rallye": ["broken", "ok"],
        "Rallye MIFE 74": ["ok", "ok"],
        "Rallye à venir": ["unknown", "unknown"],
    }
    client.force_login(UserFactory(team=True))
    page = client.get(reverse("activities:events", args=["RALLYES"])).content.decode()
    assert "1 événement ne respecte pas la charte." in page
    assert "12 chercheurs d&#x27;emploi : la charte en demande au moins 15" in page
    assert page.count("hors charte") == 1 and "à renseigner" in page and "conforme" in page


def test_a_breaking_event_is_red_in_the_calendar(client, rallyes):
    rally(rallyes, job_seekers=10, companies=3, title="Petit rallye")
    client.force_login(UserFactory(evaluator=True))
    page = client.get(reverse("activities:calendar", args=["RALLYES"])).content.decode()
    assert "flag-broken" in page and "hors charte" in page
    client.force_login(UserFactory(funder=True))  # funders read no event (their calendar leaves them out)
    assert "Petit rallye" not in client.get(reverse("activities:calendar", args=["RALLYES"])).content.decode()


EVENT = {
    "title": "Rallye pour l'emploi en Isère",
    "starts_on": "2019-04-10",
    "ends_on": "2019-04-11",
    "job_seekers": "16",
    "long_term_unemployed": "11",
    "women": "14",
    "men": "2",
    "companies": "9",
    "companies_industry": "4",
    "companies_retail": "2",
    "companies_consulting": "3",
    "companies_tpe": "4",
    "companies_pme": "4",
    "companies_eti": "1",
}


@pytest.mark.parametrize(
    "changes, field_message",
    [
        ({"ends_on": "2019-04-01"}, "La fin de l&#x27;événement ne peut pas précéder son début."),
        ({"women": "15"}, "Femmes et hommes (17) : plus que les 16 participants."),
        ({"long_term_unemployed": "20"}, "plus que les 16 chercheurs d&#x27;emploi"),
        ({"companies_pme": "9"}, "Entreprises par taille (14) : plus que les 9 entreprises mobilisées."),
        ({"job_seekers": "-3"}, "Assurez-vous que cette valeur est supérieure ou égale à 0."),
    ],
)
def test_inconsistent_figures_are_refused_and_nothing_is_written(client, rallyes, changes, field_message):
    client.force_login(UserFactory(evaluator=True))
    response = client.post(reverse("activities:event_create", args=["RALLYES"]), EVENT | changes)
    assert response.status_code == 400 and field_message in response.content.decode()
    assert not Event.objects.exists()


def test_a_member_records_the_events_of_its_own_structure_only(client, rallyes):
    own = AdoptionFactory(innovation=rallyes, structure=StructureFactory(name="MIFE 74")).structure
    other = AdoptionFactory(innovation=rallyes, structure=StructureFactory(name="MIFE 26")).structure
    client.force_login(UserFactory(member=True, structures=[own]))
    url = reverse("activities:event_create", args=["RALLYES"])
    response = client.post(url, EVENT | {"organiser": other.pk})
    assert response.status_code == 400 and not Event.objects.exists()
    response = client.post(url, EVENT)
    assert response.status_code == 400 and "Ce champ est obligatoire." in response.content.decode()
    response = client.post(url, EVENT | {"organiser": own.pk})
    assert response.status_code == 302
    event = Event.objects.get()
    assert event.organiser == own and event.key == "rallyes-rallye-pour-lemploi-en-isere-2019-04-10"
    assert [c.state for c in event.check_charter(rallyes.charter.rules.all())] == ["ok", "ok"]


def test_the_charter_page_sets_the_minimums(client, rallyes):
    client.force_login(UserFactory(team=True))
    data = {"title": "Charte des rallyes pour l'emploi", "min_job_seekers": "15", "min_companies": "", "min_women": "5"}
    assert client.post(reverse("activities:charter", args=["RALLYES"]), data).status_code == 302
    rules = dict(rallyes.charter.rules.values_list("measure", "minimum"))
    assert rules == {"job_seekers": 15, "women": 5}
    response = client.post(reverse("activities:charter", args=["RALLYES"]), data | {"min_women": "-1"})
    assert response.status_code == 400 and "Un minimum ne peut pas être négatif." in response.content.decode()
    assert dict(rallyes.charter.rules.values_list("measure", "minimum")) == rules
