"""The programme's settings, kept by its team without the technical admin: its name, who runs it,
the text of its public pages, the sender of its e-mails, and whether funders and the public read
validated figures only (core/reading.py)."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from essaim.accounts.perms import is_programme_team
from essaim.core.access import require
from essaim.programmes.models import Programme


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = Programme
        fields = ["name", "operator", "public_intro", "email_sender", "validated_only_for_readers"]
        widgets = {"public_intro": forms.Textarea(attrs={"rows": 4})}


@require(is_programme_team)
def programme_settings(request):
    programme = request.programme
    form = ProgrammeSettingsForm(request.POST or None, instance=programme)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "Les paramètres du programme sont enregistrés.")
            return redirect("programmes:settings")
        return render(request, "programmes/settings.html", {"form": form, "programme": programme}, status=400)
    return render(request, "programmes/settings.html", {"form": form, "programme": programme})
