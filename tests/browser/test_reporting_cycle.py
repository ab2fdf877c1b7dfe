"""The reporting cycle in Chromium, as its people live it: the team opens a collection campaign;
the reminders reach the late structures' referents only; a structure member finds the figures due
on its to-do page, enters and transmits them; the evaluator returns one value with a note; the
member corrects it and transmits again; the evaluator validates (a validation of figures changed
since the page is refused first). After the deadline entry is locked, until the team grants the
structure an exception."""

import datetime
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from essaim.evaluation import entry
from essaim.evaluation.campaigns import Campaign
from essaim.evaluation.models import Value
from essaim.programmes import scope
from essaim.reference.load import load_reference_data
from essaim.swarming.models import Adoption
from tests.browser.conftest import PASSWORD, log_in
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migration_data")]


def person(**traits):
    user = UserFactory(**traits)
    user.set_password(PASSWORD)
    user.save()
    return user


def log_out(page):
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_load_state()


def test_the_reporting_cycle(page, artefacts):
    load_reference_data()
    today = timezone.localdate()
    period_end = today.replace(day=1) - datetime.timedelta(days=1)
    adoptions = list(
        Adoption.objects.filter(innovation__code="LREF", structure__is_placeholder=False)
        .select_related("structure", "innovation")
        .order_by("pk")
    )
    own, other = adoptions[0], adoptions[1]
    team = person(team=True)
    evaluator = person(evaluator=True)
    member = person(member=True, lead=True, structures=[own.structure])
    other_referent = person(member=True, lead=True, structures=[other.structure])
    colleague = person(member=True, structures=[other.structure])  # not a referent

    # The team opens the campaign: last month's figures, due in seven days.
    log_in(page, team.email)
    page.goto(page.base + "/evaluation/campagnes/nouvelle/")
    page.fill("input[name=title]", "Chiffres du mois dernier")
    page.locator("select[name=innovation]").select_option(value=str(own.innovation.pk))
    page.fill("input[name=period_end]", period_end.isoformat())
    page.fill("input[name=opens_on]", (period_end + datetime.timedelta(days=1)).isoformat())
    page.fill("input[name=deadline]", (today + datetime.timedelta(days=7)).isoformat())
    page.get_by_role("button", name="Créer la campagne").click()
    page.get_by_text("Chiffres du mois dernier").first.wait_for()
    campaign = Campaign.objects.get(title="Chiffres du mois dernier")
    page.screenshot(path=artefacts / "campagne.png", full_page=True)
    log_out(page)

    # Seven days before the deadline, the reminders reach the referents of late structures only.
    out = StringIO()
    call_command("send_reminders", stdout=out)
    recipients = {address for message in mail.outbox for address in message.to}
    assert member.email in recipients and other_referent.email in recipients
    assert colleague.email not in recipients and team.email not in recipients
    assert f"/evaluation/saisie/{own.pk}/?periode={period_end.isoformat()}" in next(
        m.body for m in mail.outbox if m.to == [member.email]
    )

    # The member finds the figures due on its to-do page, enters them and transmits them.
    log_in(page, member.email)
    assert page.url.endswith("/a-faire/")
    page.get_by_role("link", name=f"{own.innovation.name} — {own.structure}").first.click()
    page.wait_for_load_state()
    page.fill("input[name=value-people_reached]", "14")
    page.fill("input[name=value-returns_to_employment]", "9")
    page.fill("input[name=value-professionals_involved]", "3")
    page.fill("input[name=value-companies_involved]", "nc")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("4 valeurs enregistrées").wait_for()
    page.reload()
    page.get_by_role("button", name="Je transmets ces chiffres").click()
    page.get_by_text("4 valeurs transmises à l'évaluation").wait_for()
    stored = Value.objects.filter(structure=own.structure, period_end=period_end)
    assert {v.state for v in stored} == {"submitted"}
    log_out(page)

    # The evaluator finds them to review and returns one value with a note.
    log_in(page, evaluator.email)
    page.get_by_role("link", name=f"{own.structure} — {own.innovation.name}").click()
    page.wait_for_load_state()
    page.get_by_label("Valeur", exact=True).select_option(label="DELD revenus à l'emploi : 9")
    page.get_by_label("Ce qu'il faut corriger").fill("9 retours pour 14 personnes en un mois : vérifiez la période.")
    page.get_by_role("button", name="Renvoyer à la structure").click()
    page.get_by_text("est renvoyée à la structure pour correction").wait_for()
    assert stored.get(indicator__code="returns_to_employment").state == "returned"
    log_out(page)

    # The member sees the value to correct with the note, corrects it and transmits again.
    log_in(page, member.email)
    page.get_by_text("Valeurs à corriger").wait_for()
    page.locator("section", has_text="Valeurs à corriger").get_by_role("link").click()
    page.wait_for_load_state()
    page.get_by_text("vérifiez la période").first.wait_for()
    page.fill("input[name=value-returns_to_employment]", "4")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("1 valeur enregistrée").wait_for()
    page.reload()
    page.get_by_role("button", name="Je transmets ces chiffres").click()
    page.get_by_text("1 valeur transmise à l'évaluation").wait_for()
    page.screenshot(path=artefacts / "correction.png", full_page=True)
    log_out(page)

    # The evaluator's page shows the figures; they change meanwhile: the validation is refused.
    log_in(page, evaluator.email)
    page.goto(page.base + f"/evaluation/saisie/{own.pk}/?periode={period_end.isoformat()}")
    with scope.activate(own.innovation.programme):
        rows = {row.field: row for row in entry.grid_rows(own, period_end)}
        entry.save_grid(
            own,
            period_end,
            {"professionals_involved": ("5", "", rows["professionals_involved"].token)}
            | {
                code: (row.raw, row.comment, row.token)
                for code, row in rows.items()
                if code != "professionals_involved"
            },
            member,
        )
    page.get_by_role("button", name="Valider les valeurs de cette période").click()
    page.get_by_text("Rien n'a été validé : des valeurs ont changé").wait_for()
    assert not stored.filter(state="validated").exists()
    page.get_by_role("button", name="Valider les valeurs de cette période").click()
    page.get_by_text("4 valeurs validées").wait_for()
    assert {v.state for v in stored.all()} == {"validated"}
    history = stored.get(indicator__code="returns_to_employment").history.order_by("history_date", "history_id")
    assert [h.state for h in history] == ["entered", "submitted", "returned", "entered", "submitted", "validated"]
    page.screenshot(path=artefacts / "validation.png", full_page=True)
    log_out(page)

    # The deadline and the lock pass: entry is locked for the structure.
    Campaign.objects.filter(pk=campaign.pk).update(deadline=today - datetime.timedelta(days=20), lock_after_days=15)
    log_in(page, member.email)
    page.goto(page.base + f"/evaluation/saisie/{own.pk}/?periode={period_end.isoformat()}")
    page.get_by_text("Vous ne pouvez plus modifier ces chiffres").wait_for()
    assert page.get_by_role("button", name="Enregistrer").count() == 0
    log_out(page)

    # The team grants the structure an exception; the member can correct again.
    log_in(page, team.email)
    page.goto(page.base + f"/evaluation/campagnes/{campaign.pk}/")
    page.locator("select[name=structure]").select_option(value=str(own.structure.pk))
    page.fill("input[name=until]", (today + datetime.timedelta(days=3)).isoformat())
    page.fill("input[name=reason]", "Chiffres de l'antenne reçus en retard")
    page.get_by_role("button", name="Accorder l'exception").click()
    page.wait_for_load_state()
    log_out(page)
    log_in(page, member.email)
    page.goto(page.base + f"/evaluation/saisie/{own.pk}/?periode={period_end.isoformat()}")
    page.fill("input[name=value-professionals_involved]", "6")
    page.get_by_role("button", name="Enregistrer").click()
    page.get_by_text("1 valeur enregistrée").wait_for()
    assert stored.get(indicator__code="professionals_involved").number == 6
