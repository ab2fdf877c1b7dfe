import mimetypes

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from essaim.programmes.access import programmes_for
from essaim.programmes.middleware import SESSION_KEY
from essaim.programmes.models import Programme


@require_POST
def switch(request):
    """Work in another programme, among those the account belongs to (the header's menu)."""
    code = request.POST.get("programme", "")
    chosen = next((p for p in programmes_for(request.user) if p.code == code), None)
    if chosen is None:
        messages.error(request, f"Le programme « {code} » n’existe pas ou vous n’y appartenez pas.")
    else:
        request.session[SESSION_KEY] = chosen.code
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
