"""Each request works under one membership, in one programme (scope.py): the membership chosen
in the header, kept in the session, among the account's active ones (accounts/memberships.py);
its programme is the request's. A visitor, who reads public pages only, and the installation's
technical operators without a membership choose a programme instead. The technical admin works
across programmes."""

from django.core.exceptions import PermissionDenied

from essaim.accounts.memberships import active_memberships, work_under
from essaim.accounts.perms import is_funder
from essaim.core.reading import reading_validated_only
from essaim.programmes import scope
from essaim.programmes.access import choose, choose_membership, programmes_for

SESSION_KEY = "essaim_programme"
MEMBERSHIP_KEY = "essaim_membership"
UNSCOPED_PATHS = ("/sante/", "/static/")


class CurrentProgrammeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(UNSCOPED_PATHS):  # the load balancer's probe, files
            return self.get_response(request)
        user = request.user
        if request.path.startswith("/admin/") and user.is_superuser:
            request.programme, request.programmes, request.memberships = None, [], []
            request.membership, request.programme_switch = None, False
            with scope.unscoped():  # the technical operators' admin spans the installation
                return self.get_response(request)
        memberships = active_memberships(user)
        membership = choose_membership(memberships, request.session.get(MEMBERSHIP_KEY))
        available = programmes_for(user)
        if membership is not None:
            programme = membership.programme
        else:
            programme = choose(available, request.session.get(SESSION_KEY))
        if user.is_authenticated:
            work_under(user, membership)
        request.programme, request.programmes = programme, available
        request.memberships, request.membership = memberships, membership
        # The header's menu of memberships (or of programmes, for whoever has none), where there is
        # a choice; not on the account's pages (login, password), which belong to no programme.
        choices = len(memberships) if memberships else len(available)
        request.programme_switch = choices > 1 and not _open_without_programme(request.path)
        # An account that belongs to no programme sees nothing of any programme.
        if (
            programme is None
            and user.is_authenticated
            and not user.is_superuser
            and not _open_without_programme(request.path)
        ):
            raise PermissionDenied("Ce compte n’appartient à aucun programme.")
        request.validated_only = validated_only_for(user, programme)
        with scope.activate(programme), reading_validated_only(request.validated_only):
            return self.get_response(request)


def validated_only_for(user, programme):
    """Whether `user` reads `programme`'s validated figures only: a funder or a visitor, when the
    programme says so."""
    if programme is None or not programme.validated_only_for_readers:
        return False
    return not user.is_authenticated or is_funder(user)


def _open_without_programme(path):
    return path.startswith(("/comptes/", "/static/", "/programme/"))
