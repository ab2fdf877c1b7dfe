from essaim.accounts import perms
from essaim.calls.perms import can_list_calls
from essaim.evaluation.perms import can_review_violations
from essaim.followup.perms import can_open_followup
from essaim.organizations.perms import can_list_structures


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav": {
            "programme": perms.can_use_programme(user),
            "structures": can_list_structures(user),
            "calls": can_list_calls(user),
            "followup": can_open_followup(user),
            "controls": can_review_violations(user),
            "admin": perms.is_programme_team(user),
        }
    }
