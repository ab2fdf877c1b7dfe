"""Each request works inside one programme (scope.py): the one chosen in the header, kept in the
session, among the programmes the account belongs to (any programme for a visitor, who reads
public pages only). The technical admin works across programmes."""

from django.core.exceptions import PermissionDenied

from essaim.programmes import scope
from essaim.programmes.access import choose, programmes_for

SESSION_KEY = "essaim_programme"
UNSCOPED_PATHS = ("/sante/", "/static/")


class CurrentProgrammeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNSCOPED_PATHS):  # the load balancer's probe, files
            return self.get_response(request)
        if request.path.startswith("/admin/") and request.user.is_superuser:
            request.programme, request.programmes, request.programme_switch = None, [], False
            with scope.unscoped():  # the technical operators' admin spans the installation
                return self.get_response(request)
        available = programmes_for(request.user)
        request.programmes = available
        programme = choose(available, request.session.get(SESSION_KEY))
        request.programme = programme
        # The header's menu of programmes, where there is a choice; not on the account's pages
        # (login, password), which belong to no programme.
        request.programme_switch = len(available) > 1 and not _open_without_programme(request.path)
        # An account that belongs to no programme sees nothing of any programme.
        if (
            programme is None
            and request.user.is_authenticated
            and not request.user.is_superuser
            and not _open_without_programme(request.path)
        ):
            raise PermissionDenied("Ce compte n’appartient à aucun programme.")
        with scope.activate(programme):
            return self.get_response(request)


def _open_without_programme(path):
    return path.startswith(("/comptes/", "/static/", "/programme/"))
