"""Twenty saves of the figures entry page sent at once against a running server (on SQLite, the
embedded database in a file, as `make run` serves it): none answers with an error page, none
meets "database is locked"; each save is kept, or told in French that someone saved meanwhile."""

import datetime
import logging
from collections import Counter

import pytest
from django.urls import reverse

from essaim.evaluation.models import Value
from tests.concurrency import at_once, form_holding, log_in, serving
from tests.worlds import build_personas, build_world

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]
SAVES = 20
FIELD = "people_reached"


@pytest.fixture
def team():
    world = build_world()
    return world, build_personas(world)["team"]


def month_ends(n, last=datetime.date(2019, 12, 31)):
    ends = [last]
    while len(ends) < n:
        ends.append(ends[-1].replace(day=1) - datetime.timedelta(days=1))
    return ends


def save_at_once(site, user, adoption, periods, figure):
    """One tab per period opens the entry page, fills the figure, and all save together.
    Returns (response to each save, the page each one then shows)."""
    browser = log_in(site.url, user.email)

    def send(i, ready):
        tab = browser.tab()
        page = tab.get(reverse("evaluation:entry", args=[adoption.pk]) + f"?periode={periods[i].isoformat()}")
        action, fields = form_holding(page.text, f"version-{FIELD}")
        tab.connect()
        ready()
        sent = tab.post(action, {**fields, f"value-{FIELD}": str(figure(i))})
        return sent, tab.follow(sent)

    return at_once(SAVES, send)


def check_no_error(results, caplog):
    statuses = Counter(sent.status for sent, _ in results)
    assert set(statuses) <= {302, 400}, statuses  # never a 500
    for sent, shown in results:
        assert "database is locked" not in sent.text + shown.text
    problems = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR or "locked" in r.getMessage()]
    assert problems == []
    slowest = max(sent.seconds for sent, _ in results)
    print(f"statuses {dict(statuses)}, slowest save {slowest:.2f} s")  # -s shows it
    return statuses


def refusal(page):
    """Why a save was refused: the cell changed since the page was read (the message of a save
    that follows another), or, on PostgreSQL, the other's value committed between this save's
    lock and its check (the model's own unique message)."""
    for what, text in [
        ("changed meanwhile", "pendant votre saisie : vérifiez la valeur actuelle puis enregistrez à nouveau."),
        ("already entered", "Une valeur existe déjà pour cette structure, cet indicateur et cette date de fin."),
    ]:
        if text in page:
            return what
    raise AssertionError(page[:3000])


def test_twenty_periods_saved_at_once(request, tmp_path, team, caplog):
    world, user = team
    periods = month_ends(SAVES)
    with serving(request, tmp_path) as site:
        results = save_at_once(site, user, world.own, periods, figure=lambda i: 100 + i)
        with site.reading():
            assert check_no_error(results, caplog) == {302: SAVES}
            assert all("1 valeur enregistrée." in shown.text for _, shown in results)
            saved = Value.objects.filter(structure=world.own.structure, indicator__code=FIELD)
            assert dict(saved.values_list("period_end", "number")) == {p: 100 + i for i, p in enumerate(periods)}


def test_one_cell_saved_by_twenty_at_once(request, tmp_path, team, caplog):
    """Twenty people fill the same empty cell: one figure is kept; the others are told that it
    was entered meanwhile, and shown it."""
    world, user = team
    period = datetime.date(2019, 3, 31)
    with serving(request, tmp_path) as site:
        results = save_at_once(site, user, world.own, [period] * SAVES, figure=lambda i: 100 + i)
        with site.reading():
            assert check_no_error(results, caplog) == {302: 1, 400: SAVES - 1}
            saved = Value.objects.get(structure=world.own.structure, indicator__code=FIELD, period_end=period)
            winner = [i for i, (sent, _) in enumerate(results) if sent.status == 302]
            assert saved.number == 100 + winner[0]
            refused = Counter(refusal(sent.text) for sent, _ in results if sent.status == 400)
            assert sum(refused.values()) == SAVES - 1, refused
            print(f"refused: {dict(refused)}")
            assert saved.history.count() == 0  # entered once, never changed
