"""Person-level pages: a structure's people, a person's file, entry by form and by file, export
and erasure on request. Only the person's structure and the programme team open them, and every
read and write is logged (models.AccessLog, through `log_access`)."""

import json
import tempfile
from pathlib import Path

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.db.models import Count, Max
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from essaim.core.access import require
from essaim.followup import erasure, template, uploads
from essaim.followup.changes import changes
from essaim.followup.enums import Action, Category, Kind, Milestone
from essaim.followup.forms import FindForm, PersonForm, SituationForm, UploadForm, report_errors
from essaim.followup.import_specs import LABELS, PEOPLE, SITUATIONS
from essaim.followup.models import (
    AccessLog,
    Beneficiary,
    Enrolment,
    Situation,
    log_access,
    situation_errors,
)
from essaim.followup.perms import (
    can_follow_people,
    can_open_followup,
    can_read_access_log,
    people_structure_ids,
    sees_people,
)
from essaim.followup.pseudonym import pseudonym
from essaim.imports.cells import neutralise
from essaim.imports.export import csv_line
from essaim.imports.plan import Outcome
from essaim.imports.upload_flow import AT_ONCE
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.programmes.scope import in_this_programme

PER_PAGE = 50


def structure_or_404(request, pk):
    """A structure whose people the user sees; any other answers 404 (existence not revealed)."""
    structure = get_object_or_404(Structure, pk=pk)
    if not sees_people(request.user, structure):
        raise Http404("Structure introuvable.")
    return structure


def person_or_404(request, pk):
    beneficiary = get_object_or_404(Beneficiary.objects.select_related("structure"), pk=pk)
    if not sees_people(request.user, beneficiary.structure):
        raise Http404("Personne introuvable.")
    return beneficiary


def adopted_innovations(structure):
    return Innovation.objects.filter(adoptions__structure=structure).order_by("sort_name").distinct()


@require(can_open_followup)
def home(request):
    """Where to go: the structures whose people the user follows, and the aggregates."""
    ids = people_structure_ids(request.user)
    structures = Structure.objects.none()
    if ids is None:
        structures = Structure.objects.adopting()
    elif ids:
        structures = Structure.objects.filter(pk__in=ids)
    people = Count("beneficiaries", filter=in_this_programme("beneficiaries", "programme"), distinct=True)
    structures = structures.annotate(people=people).order_by("-people", "sort_name", "id")
    return render(request, "followup/home.html", {"structures": structures, "follows": ids is None or bool(ids)})


@require(can_follow_people)
def people(request, pk):
    structure = structure_or_404(request, pk)
    enrolments = (
        Enrolment.objects.filter(structure=structure)
        .select_related("beneficiary", "innovation")
        .order_by("-entered_on", "pk")
    )
    innovations = adopted_innovations(structure)
    chosen = request.GET.get("innovation") or ""
    if chosen:
        enrolments = enrolments.filter(innovation__code=chosen)
    page = Paginator(enrolments, PER_PAGE).get_page(request.GET.get("page"))
    log_access(request.user, Action.LIST, structure=structure, count=len(page.object_list))
    return render(
        request,
        "followup/people.html",
        {
            "structure": structure,
            "page": page,
            "innovations": innovations,
            "chosen": chosen,
            "find_form": FindForm(),
            "total": Beneficiary.objects.filter(structure=structure).count(),
            "demo": Beneficiary.objects.filter(structure=structure, is_demo=True).count(),
        },
    )


@require_POST
@require(can_follow_people)
def find(request, pk):
    """A person found by the structure's own reference (sent by POST: never in a URL or a log)."""
    structure = structure_or_404(request, pk)
    form = FindForm(request.POST)
    if form.is_valid():
        value = pseudonym(structure.pk, form.cleaned_data["reference"])
        beneficiary = Beneficiary.objects.filter(structure=structure, pseudonym=value).first()
        log_access(
            request.user, Action.FIND, structure=structure, beneficiary=beneficiary, count=int(bool(beneficiary))
        )
        if beneficiary is not None:
            return redirect("followup:person", beneficiary.pk)
        messages.info(request, "Aucune personne suivie par votre structure sous cette référence.")
    else:
        messages.error(request, " ".join(form.errors.get("reference", ["Référence invalide."])))
    return redirect("followup:people", structure.pk)


@require(can_follow_people)
def person_create(request, pk):
    structure = structure_or_404(request, pk)
    innovations = adopted_innovations(structure)
    form = PersonForm(request.POST or None, innovations=innovations)
    if request.method == "POST" and form.is_valid():
        outcome = create_person(structure, form, request.user)
        if outcome is not None:
            beneficiary, added = outcome
            text = "Personne enregistrée" if added == "new" else "Personne déjà suivie : nouvelle entrée ajoutée"
            messages.success(request, f"{text} sous le pseudonyme {beneficiary.alias}.")
            return redirect("followup:person", beneficiary.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "followup/person_form.html",
        {"structure": structure, "form": form, "innovations": innovations},
        status=status,
    )


def create_person(structure, form, user):
    """Save the person, the entry and the situation at entry, entered by `user`, and the
    journal's line; (beneficiary, "new" or "entry"), or None with the errors put on the form."""
    data = form.cleaned_data
    value = pseudonym(structure.pk, data["reference"])
    beneficiary = Beneficiary.objects.filter(structure=structure, pseudonym=value).first()
    if beneficiary and beneficiary.enrolments.filter(innovation=data["innovation"]).exists():
        form.add_error(
            "reference", "Cette personne est déjà entrée dans cette innovation : retrouvez-la par sa référence."
        )
        return None
    enrolment = Enrolment(entered_on=data["entered_on"])
    errors = situation_errors(
        enrolment, data["entered_on"], Milestone.ENTRY, data["subtype"], data.get("contract_months"), []
    )
    if errors:
        report_errors(form, {("subtype" if k == "on" else k): v for k, v in errors.items()})
        return None
    with transaction.atomic():
        added = "entry" if beneficiary else "new"
        if beneficiary is None:
            beneficiary = Beneficiary.objects.create(
                structure=structure,
                pseudonym=value,
                sex=data["sex"],
                birth_year=data.get("birth_year"),
                created_by=user,
            )
        enrolment = Enrolment.objects.create(
            beneficiary=beneficiary,
            created_by=user,
            innovation=data["innovation"],
            arm=data["arm"],
            entered_on=data["entered_on"],
            age_band=data["age_band"],
            duration_band=data["duration_band"],
            **{flag: data[flag] for flag in ("neet", "sheltered", "rqth", "qpv", "rsa")},
        )
        Situation.objects.create(
            enrolment=enrolment,
            on=data["entered_on"],
            milestone=Milestone.ENTRY,
            subtype=data["subtype"],
            contract_months=data.get("contract_months"),
            recorded_by=user,
        )
        enrolment.refresh_outcomes()
        action = Action.CREATE_PERSON if added == "new" else Action.ADD_ENROLMENT
        log_access(user, action, structure=structure, beneficiary=beneficiary)
    return beneficiary, added


def person_context(beneficiary, form=None):
    enrolments = list(beneficiary.enrolments.select_related("innovation").prefetch_related("situations"))
    for enrolment in enrolments:
        done = {s.milestone for s in enrolment.situations.all()}
        enrolment.due = [
            (Milestone(m).label, enrolment.due_on(m))
            for m in (Milestone.M6, Milestone.M12, Milestone.M18)
            if m not in done
        ]
    return {
        "person": beneficiary,
        "structure": beneficiary.structure,
        "enrolments": enrolments,
        "form": form or SituationForm(enrolments=enrolments),
        "categories": Category,
        "changes": changes(beneficiary),
    }


@require(can_follow_people)
def person(request, pk):
    beneficiary = person_or_404(request, pk)
    log_access(request.user, Action.DETAIL, structure=beneficiary.structure, beneficiary=beneficiary)
    return render(request, "followup/person.html", person_context(beneficiary))


@require_POST
@require(can_follow_people)
def situation_add(request, pk):
    beneficiary = person_or_404(request, pk)
    enrolments = list(beneficiary.enrolments.select_related("innovation"))
    form = SituationForm(request.POST, enrolments=enrolments)
    if form.is_valid():
        data = form.cleaned_data
        enrolment = data["enrolment_object"]
        others = list(enrolment.situations.values_list("on", "milestone", "category"))
        errors = situation_errors(
            enrolment, data["on"], data["milestone"], data["subtype"], data.get("contract_months"), others
        )
        if errors:
            report_errors(form, errors)
        else:
            try:
                with transaction.atomic():
                    situation = Situation.objects.create(
                        enrolment=enrolment,
                        on=data["on"],
                        milestone=data["milestone"],
                        subtype=data["subtype"],
                        contract_months=data.get("contract_months"),
                        recorded_by=request.user,
                    )
                    enrolment.refresh_outcomes()
                    log_access(
                        request.user, Action.ADD_SITUATION, structure=beneficiary.structure, beneficiary=beneficiary
                    )
            except IntegrityError:
                form.add_error(None, "Cette situation vient d'être enregistrée par ailleurs : rechargez la fiche.")
            else:
                messages.success(
                    request, f"Situation du {situation.on:%d/%m/%Y} enregistrée : {situation.get_category_display()}."
                )
                return redirect("followup:person", beneficiary.pk)
    log_access(request.user, Action.DETAIL, structure=beneficiary.structure, beneficiary=beneficiary)
    return render(request, "followup/person.html", person_context(beneficiary, form), status=400)


def person_data(beneficiary):
    """Everything Essaim holds about one person, for a request to see or take one's data."""
    return {
        "avertissement": (
            "Données tenues par Essaim pour votre structure. La référence de la personne n'y figure pas : "
            "Essaim ne la conserve pas (seul son pseudonyme, calculé à partir d'elle, est enregistré)."
        ),
        "structure": beneficiary.structure.name,
        "pseudonyme": beneficiary.pseudonym,
        "fictive": beneficiary.is_demo,
        "sexe": beneficiary.get_sex_display(),
        "annee_naissance": beneficiary.birth_year,
        "enregistree_le": beneficiary.created_at.isoformat(),
        "entrees": [
            {
                "innovation": e.innovation.name,
                "groupe": e.get_arm_display(),
                "entree_le": e.entered_on.isoformat(),
                "age_a_l_entree": e.get_age_band_display(),
                "anciennete_d_inscription": e.get_duration_band_display(),
                "neet": e.neet,
                "heberge": e.sheltered,
                "rqth": e.rqth,
                "qpv": e.qpv,
                "rsa": e.rsa,
                "situations": [
                    {
                        "date": s.on.isoformat(),
                        "echeance": s.get_milestone_display(),
                        "situation": s.subtype_label,
                        "categorie": s.get_category_display(),
                        "enregistree_le": s.recorded_at.isoformat(),
                    }
                    for s in e.situations.all()
                ],
            }
            for e in beneficiary.enrolments.select_related("innovation").prefetch_related("situations")
        ],
    }


@require(can_follow_people)
def person_export(request, pk):
    beneficiary = person_or_404(request, pk)
    log_access(request.user, Action.EXPORT_PERSON, structure=beneficiary.structure, beneficiary=beneficiary)
    body = json.dumps(person_data(beneficiary), ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personne-{beneficiary.alias}.json"'
    return response


@require(can_follow_people)
def person_erase(request, pk):
    """GET: what erasing removes; POST: remove the person, their entries and situations."""
    beneficiary = person_or_404(request, pk)
    if request.method == "POST":
        structure, alias = beneficiary.structure, beneficiary.alias
        erasure.erase(beneficiary, request.user)
        messages.success(request, f"La personne {alias} et tout son suivi sont effacés.")
        return redirect("followup:people", structure.pk)
    log_access(request.user, Action.DETAIL, structure=beneficiary.structure, beneficiary=beneficiary)
    return render(request, "followup/person_erase.html", person_context(beneficiary))


EXPORT_HEADER = [
    "pseudonyme",
    *(LABELS[name] for name in ("innovation", "group", "entered_on", "sex", "birth_year", "age_band")),
    *(LABELS[name] for name in ("duration_band", "neet", "sheltered", "rqth", "qpv", "rsa")),
    "situation à l'entrée",
    "situation à 6 mois",
    "situation à 12 mois",
    "situation à 18 mois",
    "premier emploi le",
    "dernier contact le",
    "fictive",
]


def yes_no(flag):
    return "oui" if flag else "non"


def export_lines(structure):
    """The structure's people, one line per entry: headers and codes in words (« Femme »,
    « Emploi durable »), dates as AAAA-MM-JJ."""
    yield csv_line(EXPORT_HEADER)
    enrolments = (
        Enrolment.objects.filter(structure=structure)
        .select_related("beneficiary", "innovation")
        .order_by("entered_on", "pk")
    )
    for e in enrolments:
        b = e.beneficiary
        yield csv_line(
            [
                b.pseudonym,
                e.innovation.code,
                e.get_arm_display(),
                e.entered_on,
                b.get_sex_display(),
                b.birth_year or "",
                e.get_age_band_display(),
                e.get_duration_band_display(),
                *(yes_no(getattr(e, f)) for f in ("neet", "sheltered", "rqth", "qpv", "rsa")),
                e.get_outcome_0_display(),
                e.get_outcome_6_display(),
                e.get_outcome_12_display(),
                e.get_outcome_18_display(),
                e.first_job_on or "",
                e.last_seen_on or "",
                yes_no(b.is_demo),
            ]
        )


@require(can_follow_people)
def people_export(request, pk):
    structure = structure_or_404(request, pk)
    count = Enrolment.objects.filter(structure=structure).count()
    log_access(request.user, Action.EXPORT_LIST, structure=structure, count=count)
    response = HttpResponse("".join(export_lines(structure)), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="personnes-{structure.key}.csv"'
    return response


@require(can_read_access_log)
def access_log(request):
    """The journal of reads and writes of person-level data, newest first; `?nature=` one kind."""
    entries = AccessLog.objects.all()
    kind = request.GET.get("nature") or ""
    if kind in Kind.values:
        entries = entries.filter(kind=kind)
    else:
        kind = ""
    page = Paginator(entries, 100).get_page(request.GET.get("page"))
    users = {u.pk: u for u in _users([e.user_id for e in page.object_list])}
    structures = dict(
        Structure.objects.filter(pk__in={e.structure_id for e in page.object_list}).values_list("pk", "name")
    )
    rows = [(e, users.get(e.user_id), structures.get(e.structure_id)) for e in page.object_list]
    oldest = entries.aggregate(first=Max("at"))
    context = {"page": page, "rows": rows, "oldest": oldest, "kinds": Kind.choices, "kind": kind}
    return render(request, "followup/access_log.html", context)


def _users(ids):
    from essaim.accounts.models import User

    return User.objects.filter(pk__in=set(ids))


# -- by file --------------------------------------------------------------------------------------
def upload_context(structure, **extra):
    return {
        "structure": structure,
        "innovations": adopted_innovations(structure),
        "form": extra.pop("form", None) or UploadForm(),
        "max_mb": uploads.MAX_BYTES // 1024 // 1024,
        **extra,
    }


@require(can_follow_people)
def template_download(request, pk):
    structure = structure_or_404(request, pk)
    kind = request.GET.get("fichier")
    if kind in (PEOPLE, SITUATIONS):
        response = HttpResponse(template.as_csv(kind), content_type=template.CSV_TYPE)
        response["Content-Disposition"] = f'attachment; filename="suivi-{kind}.csv"'
        return response
    if kind:
        return HttpResponseBadRequest("Fichier inconnu : « personnes » ou « situations ».")
    body = template.as_xlsx(structure, adopted_innovations(structure))
    response = HttpResponse(body, content_type=template.XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="suivi-{structure.key}.xlsx"'
    return response


@require(can_follow_people)
def upload(request, pk):
    """GET: the template and the form; POST: check the file (dry run, nothing written) and, when
    it would change something, keep its pseudonymised content for the confirmation."""
    structure = structure_or_404(request, pk)
    if request.method != "POST":
        return render(request, "followup/upload.html", upload_context(structure))
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "followup/upload.html", upload_context(structure, form=form), status=400)
    uploaded = form.cleaned_data["fichier"]
    name = Path(uploaded.name).name
    suffix = Path(name).suffix.lower()
    if suffix not in uploads.SUFFIXES:
        error = f"« {neutralise(name)} » : enregistrez le fichier au format « Classeur Excel (.xlsx) » ou CSV."
        return render(
            request, "followup/upload.html", upload_context(structure, form=form, form_error=error), status=400
        )
    if uploaded.size > uploads.MAX_BYTES:
        size, limit = uploaded.size / 1024 / 1024, uploads.MAX_BYTES // 1024 // 1024
        error = f"Fichier trop volumineux ({size:.1f} Mo) : {limit} Mo au plus."
        return render(
            request, "followup/upload.html", upload_context(structure, form=form, form_error=error), status=400
        )
    # The uploaded file (references in clear) lives only for this request, then is deleted.
    with tempfile.NamedTemporaryFile(suffix=suffix, dir=uploads.waiting_dir()) as handle:
        for chunk in uploaded.chunks():
            handle.write(chunk)
        handle.flush()
        result = uploads.check_file(handle.name, name, structure, request.user)
    token = None
    if not result.errors and result.changed:
        token = uploads.pending(result, structure)
        uploads.remember(request.session, token, structure, name)
    return render(request, "followup/upload.html", upload_context(structure, upload=result, token=token))


@require_POST
@require(can_follow_people)
def upload_confirm(request, pk):
    structure = structure_or_404(request, pk)
    try:
        with transaction.atomic():  # the import and its journal line, or neither
            result = uploads.confirm(request.session, request.POST.get("jeton"), structure, request.user)
            if result is not None and not result.errors:
                log_access(request.user, Action.IMPORT, structure=structure, count=result.people)
    except IntegrityError:  # another request saved the same people meanwhile: nothing was written
        messages.error(request, AT_ONCE)
        return redirect("followup:upload", structure.pk)
    if result is None:
        messages.error(
            request, "Ce dépôt n'est plus disponible (déjà enregistré ou trop ancien) : déposez le fichier à nouveau."
        )
        return redirect("followup:upload", structure.pk)
    if result.errors:
        return render(request, "followup/upload.html", upload_context(structure, upload=result), status=400)
    counts = result.result.plan.counts
    new = sum(c[Outcome.NEW] for c in counts.values())
    updated = sum(c[Outcome.UPDATED] for c in counts.values())
    messages.success(request, f"« {result.name} » enregistré : {new} ligne(s) nouvelle(s), {updated} modifiée(s).")
    return redirect("followup:people", structure.pk)
