"""How often the collection campaigns' reminders come to a person (evaluation/reminders.py): their
choice, shown among their account's pages."""

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from essaim.accounts.models import User
from essaim.accounts.perms import can_use_programme
from essaim.core.access import require


class RemindersForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["reminder_frequency"]
        widgets = {"reminder_frequency": forms.RadioSelect}


@require(can_use_programme)  # a programme's reminders: whoever works in one
def reminder_settings(request):
    form = RemindersForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"Relances : {request.user.get_reminder_frequency_display().split(' :')[0].lower()}.")
        return redirect("evaluation:reminder_settings")
    return render(request, "account/reminders.html", {"form": form}, status=400 if form.errors else 200)
