from essaim.accounts import perms
from essaim.organizations.perms import can_list_structures


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav": {
            "programme": perms.can_use_programme(user),
            "structures": can_list_structures(user),
            "admin": perms.is_programme_team(user),
        }
    }
