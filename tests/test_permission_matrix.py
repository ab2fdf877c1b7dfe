"""Every page × every role and anonymous. Every new page joins this matrix.

Expected: 200 (shown), 403 (refused), 404 (hidden: exists but not for this role),
"login" (anonymous sent to the login page), 302 (other redirect).
"""

import pytest
from django.urls import reverse

from essaim.accounts.invitations import invite, token
from tests.evaluation.helpers import violation_in
from tests.permission_matrix import (
    ROLES,
    assert_access,
    assert_every_named_url_is_in_the_matrix,
    assert_matrix_covers_every_page,
)

NAMESPACES = ("reports", "innovations", "organizations", "accounts", "evaluation", "jobs", "web")


def foreign_job(world):
    """An export someone else asked for (a team member): nobody else may follow it, but the team."""
    from essaim.jobs.models import Job
    from tests.factories import UserFactory

    job = Job.objects.filter(code="FOREIGN").first()
    return job or Job.objects.create(
        user=UserFactory(team=True),
        programme=world.innovation.programme,
        kind="consolidated",
        code="FOREIGN",
        as_of="2019-03-31",
        format="csv",
    )


def invitation_in(world):
    """An invitation of the world's programme, waiting, sent by a team member."""
    from essaim.accounts.models import Invitation
    from tests.factories import UserFactory

    invitation = Invitation.objects.filter(email="invitee@exemple.fr").first()
    return invitation or invite(UserFactory(team=True), world.innovation.programme, "invitee@exemple.fr", "evaluator")


def membership_in(world):
    """A membership of the world's programme that nobody's persona holds."""
    from essaim.accounts.models import Membership
    from tests.factories import UserFactory

    found = Membership.objects.filter(user__email="ancien@exemple.fr", ended_at=None).first()
    return found or UserFactory(email="ancien@exemple.fr", evaluator=True).memberships.get()


def campaign_in(world):
    """A collection campaign of the world's programme, for ALPHA."""
    from essaim.evaluation.campaigns import Campaign

    found = Campaign.objects.filter(title="Campagne du monde").first()
    return found or Campaign.objects.create(
        title="Campagne du monde",
        innovation=world.innovation,
        period_end="2018-12-31",
        opens_on="2019-01-01",
        deadline="2019-01-31",
    )


def pages(world):
    return {
        "login": ("get", reverse("accounts:login")),
        "logout": ("post", reverse("accounts:logout")),
        "public": ("get", reverse("reports:public")),
        "dashboard": ("get", reverse("reports:dashboard")),
        "todo": ("get", reverse("web:todo")),
        "board": ("get", reverse("reports:board")),
        "consolidated": ("get", reverse("reports:consolidated")),
        "consolidated_compare": ("get", reverse("reports:consolidated") + "?au=2020-01-01&comparer=2019-01-01"),
        "cell_source": ("get", reverse("reports:cell_source", args=["ALPHA", "people_reached"])),
        "published": ("get", reverse("reports:published")),
        "across": ("get", reverse("reports:across")),
        "innovation_report": ("get", reverse("reports:innovation", args=["ALPHA"])),
        "export_xlsx": ("get", reverse("reports:export", args=["consolidated"]) + "?format=xlsx"),
        "export_job_foreign": ("get", reverse("jobs:detail", args=[foreign_job(world).pk])),
        "export_file_foreign": ("get", reverse("jobs:file", args=[foreign_job(world).pk])),
        "export_retry_foreign": ("post", reverse("jobs:retry", args=[foreign_job(world).pk])),
        "jobs_index": ("get", reverse("jobs:index")),
        "account_reminders": ("get", reverse("evaluation:reminder_settings")),
        "innovation_list": ("get", reverse("innovations:list")),
        "innovation_create": ("get", reverse("innovations:create")),
        "innovation_create_post": ("post", reverse("innovations:create")),
        "innovation_detail": ("get", reverse("innovations:detail", args=["ALPHA"])),
        "innovation_change_step": ("post", reverse("innovations:change_step", args=["ALPHA"])),
        "structure_list": ("get", reverse("organizations:list")),
        "structure_own": ("get", reverse("organizations:detail", args=[world.own.structure.pk])),
        "structure_other_adopter": ("get", reverse("organizations:detail", args=[world.other.structure.pk])),
        "structure_foreign": ("get", reverse("organizations:detail", args=[world.foreign.structure.pk])),
        "structure_porteur": ("get", reverse("organizations:detail", args=[world.porteur.pk])),
        "structure_create": ("get", reverse("organizations:create")),
        "structure_create_post": ("post", reverse("organizations:create")),
        "structure_edit": ("get", reverse("organizations:edit", args=[world.own.structure.pk])),
        "structure_edit_post": ("post", reverse("organizations:edit", args=[world.own.structure.pk])),
        "structure_merge": ("get", reverse("organizations:merge", args=[world.own.structure.pk]) + "?q=a"),
        "structure_merge_preview": (
            "get",
            reverse("organizations:merge", args=[world.own.structure.pk]) + f"?doublon={world.foreign.structure.pk}",
        ),
        "structure_history": ("get", reverse("organizations:history", args=[world.own.structure.pk])),
        "entry_grid_own": ("get", reverse("evaluation:entry", args=[world.own.pk])),
        "entry_grid_other": ("get", reverse("evaluation:entry", args=[world.other.pk])),
        "entry_validate": ("post", reverse("evaluation:validate_entry", args=[world.own.pk])),
        "entry_return": ("post", reverse("evaluation:return_value", args=[world.own.pk])),
        "entry_submit_own": ("post", reverse("evaluation:submit_entry", args=[world.own.pk])),
        "entry_submit_other": ("post", reverse("evaluation:submit_entry", args=[world.other.pk])),
        "completeness_own": ("get", reverse("evaluation:completeness", args=["ALPHA"])),
        "completeness_other": ("get", reverse("evaluation:completeness", args=["BETA"])),
        "campaigns": ("get", reverse("evaluation:campaigns")),
        "campaign_create": ("get", reverse("evaluation:campaign_create")),
        "campaign_create_post": ("post", reverse("evaluation:campaign_create")),
        "campaign": ("get", reverse("evaluation:campaign", args=[campaign_in(world).pk])),
        "campaign_exception": ("post", reverse("evaluation:campaign_exception", args=[campaign_in(world).pk])),
        "campaign_remind": (
            "post",
            reverse("evaluation:campaign_remind", args=[campaign_in(world).pk, world.other.structure.pk]),
        ),
        "violations": ("get", reverse("evaluation:violations")),
        "violations_run": ("post", reverse("evaluation:run_checks")),
        "violation_check": ("post", reverse("evaluation:check_violation", args=[violation_in(world).pk])),
        "figures_template_own": ("get", reverse("evaluation:figures_template", args=["ALPHA"])),
        "figures_template_other": ("get", reverse("evaluation:figures_template", args=["BETA"])),
        "figures_upload_own": ("get", reverse("evaluation:figures_upload", args=["ALPHA"])),
        "figures_upload_other": ("get", reverse("evaluation:figures_upload", args=["BETA"])),
        "figures_check": ("post", reverse("evaluation:figures_upload", args=["ALPHA"])),
        "figures_confirm": ("post", reverse("evaluation:figures_confirm", args=["ALPHA"])),
        "indicators": ("get", reverse("evaluation:indicators")),
        "indicator_create": ("get", reverse("evaluation:indicator_create")),
        "indicator_create_post": ("post", reverse("evaluation:indicator_create")),
        "indicator_create_derived": ("get", reverse("evaluation:indicator_create_derived")),
        "indicator_edit": ("get", reverse("evaluation:indicator_edit", args=["people_reached"])),
        "indicator_edit_post": ("post", reverse("evaluation:indicator_edit", args=["people_reached"])),
        "indicator_delete_in_use": ("get", reverse("evaluation:indicator_delete", args=["people_reached"])),
        "indicator_history": ("get", reverse("evaluation:indicator_history", args=["people_reached"])),
        "rule_create": ("get", reverse("evaluation:rule_create")),
        "rule_edit": ("get", reverse("evaluation:rule_edit", args=["people-reached-outlier"])),
        "rule_delete": ("get", reverse("evaluation:rule_delete", args=["people-reached-outlier"])),
        "rule_history": ("get", reverse("evaluation:rule_history", args=["people-reached-outlier"])),
        "invite": ("get", reverse("accounts:invite")),
        "invite_post": ("post", reverse("accounts:invite")),
        "invitations": ("get", reverse("accounts:invitations")),
        "invitation_revoke": ("post", reverse("accounts:revoke_invitation", args=[invitation_in(world).pk])),
        "invitation_link": ("get", reverse("accounts:invitation", args=[token(invitation_in(world))])),
        "people": ("get", reverse("accounts:people")),
        "membership_end": ("post", reverse("accounts:end_membership", args=[membership_in(world).pk])),
        "membership_change": ("post", reverse("accounts:change_membership", args=[membership_in(world).pk])),
        "admin": ("get", reverse("admin:index")),
        "admin_structures": ("get", reverse("admin:organizations_structure_changelist")),
    }


#                                team  eval  innov member funder anon
EXPECTED = {
    "login": [302, 302, 302, 302, 302, 200],
    "logout": [302, 302, 302, 302, 302, 302],
    "public": [200, 200, 200, 200, 200, 200],
    "dashboard": [200, 200, 200, 200, 200, "login"],
    "todo": [200, 200, 200, 200, 200, "login"],
    "board": [200, 200, 200, 200, 200, "login"],
    "consolidated": [200, 200, 200, 200, 200, "login"],
    "consolidated_compare": [200, 200, 200, 200, 200, "login"],
    "cell_source": [200, 200, 200, 200, 200, "login"],
    "published": [200, 200, 200, 200, 200, "login"],
    "across": [403, 403, 403, 403, 403, "login"],  # one programme each: tests/reports/test_across.py
    "innovation_report": [200, 200, 200, 200, 200, "login"],
    "export_xlsx": [302, 302, 302, 302, 302, "login"],  # to the job's page
    "export_job_foreign": [200, 404, 404, 404, 404, "login"],
    "export_file_foreign": [404, 404, 404, 404, 404, "login"],  # not made yet
    "export_retry_foreign": [404, 404, 404, 404, 404, "login"],  # its owner's only
    "jobs_index": [200, 200, 200, 200, 200, "login"],
    "account_reminders": [200, 200, 200, 200, 200, "login"],
    "innovation_list": [200, 200, 200, 200, 200, "login"],
    "innovation_create": [200, 403, 403, 403, 403, "login"],
    "innovation_create_post": [400, 403, 403, 403, 403, "login"],
    "innovation_detail": [200, 200, 200, 200, 200, "login"],
    "innovation_change_step": [400, 403, 403, 403, 403, "login"],
    "structure_list": [200, 200, 200, 200, 403, "login"],
    "structure_own": [200, 200, 200, 200, 403, "login"],
    "structure_other_adopter": [200, 200, 200, 404, 403, "login"],
    "structure_foreign": [200, 200, 404, 404, 403, "login"],
    "structure_porteur": [200, 200, 200, 404, 403, "login"],
    "structure_create": [200, 403, 403, 403, 403, "login"],
    "structure_create_post": [400, 403, 403, 403, 403, "login"],
    "structure_edit": [200, 403, 403, 403, 403, "login"],
    "structure_edit_post": [400, 403, 403, 403, 403, "login"],
    "structure_merge": [200, 403, 403, 403, 403, "login"],
    "structure_merge_preview": [200, 403, 403, 403, 403, "login"],
    "structure_history": [200, 403, 403, 403, 403, "login"],
    "entry_grid_own": [200, 200, 403, 200, 403, "login"],
    "entry_grid_other": [200, 200, 403, 403, 403, "login"],
    "entry_validate": [302, 302, 403, 403, 403, "login"],
    "entry_return": [302, 302, 403, 403, 403, "login"],
    "entry_submit_own": [302, 302, 403, 302, 403, "login"],
    "entry_submit_other": [302, 302, 403, 403, 403, "login"],
    "completeness_own": [200, 200, 200, 403, 403, "login"],
    "completeness_other": [200, 200, 403, 403, 403, "login"],
    "campaigns": [200, 200, 403, 403, 403, "login"],
    "campaign_create": [200, 403, 403, 403, 403, "login"],
    "campaign_create_post": [400, 403, 403, 403, 403, "login"],  # an empty form: refused, with its errors
    "campaign": [200, 200, 403, 403, 403, "login"],
    "campaign_remind": [302, 403, 403, 403, 403, "login"],
    "campaign_exception": [400, 403, 403, 403, 403, "login"],  # an empty form: refused, with its errors
    "violations": [200, 200, 403, 403, 403, "login"],
    "violations_run": [302, 302, 403, 403, 403, "login"],
    "violation_check": [302, 302, 403, 403, 403, "login"],
    "figures_template_own": [200, 200, 403, 200, 403, "login"],
    "figures_template_other": [200, 200, 403, 403, 403, "login"],
    "figures_upload_own": [200, 200, 403, 200, 403, "login"],
    "figures_upload_other": [200, 200, 403, 403, 403, "login"],
    "figures_check": [400, 400, 403, 400, 403, "login"],
    "figures_confirm": [302, 302, 403, 302, 403, "login"],
    "indicators": [200, 200, 403, 403, 403, "login"],
    "indicator_create": [200, 403, 403, 403, 403, "login"],
    "indicator_create_post": [400, 403, 403, 403, 403, "login"],
    "indicator_create_derived": [200, 403, 403, 403, 403, "login"],
    "indicator_edit": [200, 403, 403, 403, 403, "login"],
    "indicator_edit_post": [400, 403, 403, 403, 403, "login"],
    "indicator_delete_in_use": [400, 403, 403, 403, 403, "login"],
    "indicator_history": [200, 200, 403, 403, 403, "login"],
    "rule_create": [200, 403, 403, 403, 403, "login"],
    "rule_edit": [200, 403, 403, 403, 403, "login"],
    "rule_delete": [200, 403, 403, 403, 403, "login"],
    "rule_history": [200, 200, 403, 403, 403, "login"],
    "invite": [200, 403, 403, 403, 403, "login"],  # a referent's, a lead's: tests/accounts/test_invitations.py
    "invite_post": [400, 403, 403, 403, 403, "login"],
    "invitations": [200, 403, 403, 403, 403, "login"],
    "invitation_revoke": [302, 403, 403, 403, 403, "login"],
    "invitation_link": [200, 200, 200, 200, 200, 200],  # the link is the key: whoever holds it
    "people": [200, 403, 403, 403, 403, "login"],
    "membership_end": [302, 403, 403, 403, 403, "login"],
    "membership_change": [302, 403, 403, 403, 403, "login"],  # no role given: « choisissez un rôle »
    "admin": [200, 302, 302, 302, 302, 302],
    "admin_structures": [200, 302, 302, 302, 302, 302],
}


def test_matrix_covers_every_page(world):
    assert_matrix_covers_every_page(EXPECTED, pages(world))


@pytest.mark.parametrize("page", sorted(EXPECTED))
@pytest.mark.parametrize("role", ROLES)
def test_page_access(client, world, personas, page, role):
    assert_access(client, personas, role, pages(world)[page], EXPECTED[page][ROLES.index(role)])


def test_every_named_url_is_in_the_matrix(world):
    assert_every_named_url_is_in_the_matrix(NAMESPACES, pages(world))
