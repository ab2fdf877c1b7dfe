"""The jobs' pages: one job followed as it runs (HTMX polls its progress), its file, starting it
again, and the list. A job is its owner's; the programme team reads every job of its programme
(to see what failed and why)."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from essaim.accounts.perms import can_use_programme, is_programme_team
from essaim.core.access import require
from essaim.jobs import runner
from essaim.jobs.models import Job
from essaim.jobs.perms import readable


def get_job(request, pk):
    job = readable(request.user).filter(pk=pk).first()
    if job is None:
        raise Http404("Ce travail n'existe pas.")
    return job


def next_url(job):
    """Where a finished job sends its owner: the page that asked for it, if it says so."""
    follow = job.params.get("follow")
    if follow and job.status == Job.Status.DONE:
        return f"{follow}{'&' if '?' in follow else '?'}travail={job.pk}"
    return None


@require(can_use_programme)
def detail(request, pk):
    """The job's page; HTMX polls its progress until it is finished."""
    job = get_job(request, pk)
    follow = next_url(job) if job.user_id == request.user.pk else None
    if follow and request.htmx:
        response = HttpResponse(status=204)
        response["HX-Redirect"] = follow
        return response
    if follow and not request.htmx:
        return redirect(follow)
    template = "jobs/_progress.html" if request.htmx else "jobs/detail.html"
    return render(request, template, {"job": job, "own": job.user_id == request.user.pk})


@require(can_use_programme)
def download(request, pk):
    job = get_job(request, pk)
    if job.status != Job.Status.DONE or not job.file:
        raise Http404("Le fichier n'est pas prêt.")
    try:
        handle = job.file.open("rb")
    except FileNotFoundError:
        raise Http404("Ce fichier n'est plus disponible : relancez l'export.") from None
    return FileResponse(handle, as_attachment=True, filename=job.filename, content_type=job.content_type)


@require_POST
@require(can_use_programme)
def retry(request, pk):
    job = get_job(request, pk)
    if job.user_id != request.user.pk:
        raise Http404("Ce travail n'existe pas.")
    if runner.retry(job):
        messages.success(request, "Le travail est relancé.")
    else:
        messages.error(request, "Ce travail n'a pas échoué : il n'y a rien à relancer.")
    return redirect("jobs:detail", job.pk)


@require(can_use_programme)
def index(request):
    """The user's jobs; for the team, every job of the programme, failed ones first if asked."""
    jobs = readable(request.user)
    shown = request.GET.get("etat", "")
    if shown in Job.Status.values:
        jobs = jobs.filter(status=shown)
    page = Paginator(jobs.defer("result", "params"), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "jobs/index.html",
        {"page": page, "team": is_programme_team(request.user), "shown": shown, "statuses": Job.Status.choices},
    )
