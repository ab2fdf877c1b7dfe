import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from essaim.accounts.memberships import active_memberships
from essaim.programmes.access import first_in, programmes_for
from essaim.programmes.middleware import MEMBERSHIP_KEY, SESSION_KEY
from essaim.programmes.models import Programme


@require_POST
def switch(request):
    """Work under another membership (`membership`: its number), or in another programme
    (`programme`: its code; the first membership there), among the account's own (the header's
    menu)."""
    memberships = active_memberships(request.user)
    chosen_membership = None
    if "membership" in request.POST:
        wanted = request.POST["membership"]
        chosen_membership = next((m for m in memberships if str(m.pk) == wanted), None)
        chosen = chosen_membership.programme if chosen_membership else None
        asked = wanted
    else:
        asked = request.POST.get("programme", "")
        chosen = next((p for p in programmes_for(request.user) if p.code == asked), None)
        if chosen is not None:
            chosen_membership = first_in(memberships, chosen)
            if memberships and chosen_membership is None:
                chosen = None
    if chosen is None:
        messages.error(request, f"« {asked} » : ce programme ou ce rôle n’existe pas, ou vous n’y appartenez pas.")
    else:
        request.session[SESSION_KEY] = chosen.code
        if chosen_membership is not None:
            request.session[MEMBERSHIP_KEY] = chosen_membership.pk
            messages.success(request, f"Vous travaillez maintenant comme : {chosen_membership.label}.")
        else:
            messages.success(request, f"Vous travaillez maintenant dans : {chosen.title}.")
    target = request.POST.get("suivant", "/")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = "/"
    return redirect(target)


def logo(request, code):
    """A programme's logo, public as its public pages are."""
    programme = get_object_or_404(Programme, code=code)
    if not programme.logo:
        raise Http404("Ce programme n'a pas de logo.")
    kind = mimetypes.guess_type(programme.logo.name)[0] or "application/octet-stream"
    response = FileResponse(programme.logo.open("rb"), content_type=kind)
    response["Cache-Control"] = "public, max-age=3600"
    return response
