"""Aggregated pages: cohort outcomes (page, XLSX / CSV export, JSON answer) and the bridge to the
hand-reported figures. Every one reads `outcomes.compute` with the viewer's protection, so the
same cell is hidden in the page, the export and the answer."""

from dataclasses import dataclass

from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import render

from essaim.core.access import require
from essaim.followup import outcomes
from essaim.followup.cohort_counts import COLUMNS, DIMENSIONS, SHARES
from essaim.followup.enums import HORIZONS, Arm
from essaim.followup.perms import (
    can_open_followup,
    can_see_structure_breakdown,
    people_structure_ids,
    sees_people,
    viewer_for,
)
from essaim.followup.viewer import Viewer
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.presentation.charts.formats import format_number
from essaim.presentation.charts.lines import LineChart, TimeSeries
from essaim.presentation.dates import as_of
from essaim.presentation.exports import to_csv, to_xlsx
from essaim.presentation.tables import Report, ReportTable

MONTH_ZERO = 2000
BREAKDOWNS = [(k, d.label) for k, d in DIMENSIONS.items()]
SECRET = "secret"


@dataclass
class Request:
    day: object
    today: object
    errors: list
    innovation: Innovation | None
    structure: Structure | None
    breakdown: str
    horizon: int
    masked: bool
    viewer: Viewer


def read_request(request):
    """The page's parameters, checked: unknown values fall back with a message, never a crash."""
    day, error, today = as_of(request)
    errors = [error] if error else []
    code = request.GET.get("innovation") or ""
    innovation = Innovation.objects.filter(code=code).first() if code else None
    if code and innovation is None:
        errors.append(f"Innovation inconnue « {code[:40]} » : toutes les innovations sont affichées.")
    structure = None
    raw_structure = request.GET.get("structure") or ""
    if raw_structure:
        structure = Structure.objects.filter(pk=int(raw_structure)).first() if raw_structure.isdigit() else None
        if structure is None or not sees_people(request.user, structure):
            raise Http404("Structure introuvable.")
    breakdown = request.GET.get("ventilation") or "innovation"
    if breakdown not in DIMENSIONS:
        errors.append("Ventilation inconnue : par innovation.")
        breakdown = "innovation"
    if breakdown == "structure" and structure is None:
        if innovation is None:
            errors.append("La ventilation par structure se lit pour une innovation : choisissez-en une.")
            breakdown = "innovation"
        elif (
            not can_see_structure_breakdown(request.user, innovation) and people_structure_ids(request.user) is not None
        ):
            errors.append("La ventilation par structure est réservée à l'équipe, aux évaluateurs et au porteur.")
            breakdown = "innovation"
    horizon = request.GET.get("echeance") or "12"
    horizon = int(horizon) if horizon.isdigit() and int(horizon) in HORIZONS else 12
    masked = request.GET.get("masque") == "1"
    viewer = viewer_for(request.user, structure, masked)
    return Request(day, today, errors, innovation, structure, breakdown, horizon, masked, viewer)


def compute(params):
    labels = {i.pk: i.name for i in Innovation.objects.all()}
    if params.breakdown == "structure":
        labels["values"] = dict(Structure.objects.values_list("pk", "name"))
    return outcomes.compute(
        params.day,
        breakdown=params.breakdown,
        innovation=params.innovation,
        structure=params.structure,
        viewer=params.viewer,
        labels=labels,
    )


def withheld(result):
    """A table whose small cells could not all be protected is not published at all."""
    return bool(result.unresolved) and not result.viewer.exact


def months_label(day):
    months = (day.year - MONTH_ZERO) * 12 + day.month - 1
    return f"{months} mois"


def month_day(months):
    from datetime import date

    return date(MONTH_ZERO + months // 12, months % 12 + 1, 1)


ARM_COLOURS = {Arm.INNOVATION: "#0072b2", Arm.COMPARISON: "#d55e00"}


def survival_chart(result):
    """The Kaplan–Meier curves (and their 95 % bands, in the same colour) on a grid of months."""
    series = []
    names = {Arm.INNOVATION: "Accompagnés", Arm.COMPARISON: "Comparaison"}
    for arm, view in result.survival.items():
        if not view.points:
            continue
        colour = ARM_COLOURS[arm]
        for name, index in (("sans emploi", 1), ("IC 95 % bas", 2), ("IC 95 % haut", 3)):
            points = [(month_day(p[0]), round(p[index], 1)) for p in view.points]
            series.append(TimeSeries(f"{names[arm]} : {name}", points, colour))
    if not series:
        return None
    return LineChart(
        "Part des personnes encore sans emploi, selon le temps depuis l'entrée (Kaplan–Meier)",
        series,
        unit="%",
        step=True,
        date_header="Depuis l'entrée",
        day_label=months_label,
    )


DETAIL = ("durable", "transition", "positive", "other", "ongoing")


def decorate(result, horizon):
    """What the page's tables read: per line, the summary over horizons and the detail of one."""
    for line in [*result.lines, *([result.total] if result.total else [])]:
        line.summary = [
            (h, line.horizons[h]["base"], line.shares[h]["dynamic"], line.shares[h]["employment"]) for h in HORIZONS
        ]
        figures = line.horizons[horizon]
        line.detail = [(figures[c], line.shares[horizon][c]) for c in DETAIL]
        line.detail_head = (figures["observed"], figures["withdrawn"], figures["base"])
        line.detail_dynamic = (figures["dynamic"], line.shares[horizon]["dynamic"], line.asp_rate[horizon])


def points(value, signed=False):
    text = format_number(round(100 * value, 1))
    return "+" + text if signed and value > 0 else text


def did_rows(result):
    rows = []
    for d in result.did:
        r = d.result
        if r is None:
            rows.append((d.months, None, d.reason))
            continue
        interval = f"{points(r.low, True)} à {points(r.high, True)}" if r.low is not None else "—"
        rows.append(
            (
                d.months,
                {
                    "treated": f"{points(r.treated_before)} % → {points(r.treated_after)} % ({r.treated_n})",
                    "control": f"{points(r.control_before)} % → {points(r.control_after)} % ({r.control_n})",
                    "estimate": f"{points(r.estimate, True)} points",
                    "interval": interval,
                },
                "",
            )
        )
    return rows


def page_context(params, result):
    decorate(result, params.horizon)
    survival = []
    for arm, view in result.survival.items():
        survival.append((Arm(arm).label, view))
    return {
        "survival": survival,
        "did_rows": did_rows(result),
        "detail_labels": [COLUMNS[c] for c in DETAIL],
        "params": params,
        "result": result,
        "withheld": withheld(result),
        "day": params.day,
        "today": params.today,
        "horizons": HORIZONS,
        "columns": COLUMNS,
        "shares": SHARES,
        "breakdowns": BREAKDOWNS,
        "innovations": Innovation.objects.filter(enrolments__isnull=False).distinct().order_by("sort_name"),
        "chart": None if withheld(result) else survival_chart(result),
        "threshold": params.viewer.threshold,
    }


@require(can_open_followup)
def outcomes_page(request):
    params = read_request(request)
    result = compute(params)
    return render(request, "followup/outcomes.html", page_context(params, result))


def cell(figure):
    return SECRET if figure.secret else figure.value


def percent(share):
    if share.secret:
        return SECRET
    return None if share.percent is None else round(share.percent, 1)


def report_tables(result):
    """The outcomes as report tables (one per horizon), as the viewer may read them."""
    tables = []
    lines = [*result.lines, *([result.total] if result.total else [])]
    for h in HORIZONS:
        header = [result.breakdown.label, "Entrées", *COLUMNS.values(), *(f"% {COLUMNS[s].lower()}" for s in SHARES)]
        header.append("% sorties dynamiques parmi les sorties (ASP)")
        rows = []
        for line in lines:
            rows.append(
                [
                    line.label,
                    cell(line.entered),
                    *(cell(line.horizons[h][c]) for c in COLUMNS),
                    *(percent(line.shares[h][s]) for s in SHARES),
                    percent(line.asp_rate[h]),
                ]
            )
        tables.append(ReportTable(f"{h} mois", f"Situation à {h} mois", header, rows))
    return tables


def notes(result):
    text = [
        f"Situation au {result.as_of:%d/%m/%Y}. Personnes du groupe accompagné par l'innovation ; les taux se "
        "calculent hors retraits.",
    ]
    if not result.viewer.exact:
        text.append(
            f"Secret statistique : « secret » remplace tout effectif de 1 à {result.viewer.threshold - 1} personnes et "
            "les cases qui permettraient de le retrouver par différence, dans ce tableau comme entre deux tableaux."
        )
    if result.demo:
        text.append(f"Dont {result.demo} personnes fictives de démonstration.")
    return text


@require(can_open_followup)
def outcomes_export(request):
    params = read_request(request)
    result = compute(params)
    if withheld(result):
        return HttpResponse(
            "Tableau non publiable : trop de petits effectifs.", status=409, content_type="text/plain; charset=utf-8"
        )
    kind = request.GET.get("format") or "xlsx"
    tables = report_tables(result)
    name = f"suivi-resultats-{params.day:%Y-%m-%d}"
    if kind == "csv":
        table = next(t for t in tables if t.key == f"{params.horizon} mois")
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}-{params.horizon}-mois.csv"'
        return response
    if kind != "xlsx":
        return HttpResponseBadRequest("Format inconnu : « xlsx » ou « csv ».")
    report = Report("Suivi des personnes : résultats par cohorte", params.day, tables, notes(result))
    response = HttpResponse(
        to_xlsx(report), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
    return response


def figure_json(figure):
    return None if figure.secret else figure.value


def share_json(share):
    if share.secret or share.percent is None:
        return None
    return round(share.percent, 2)


def line_json(line):
    return {
        "label": line.label,
        "total": line.total,
        "entered": figure_json(line.entered),
        "secret": sorted(
            ["entered"] * line.entered.secret
            + [f"{h}:{c}" for h in HORIZONS for c, f in line.horizons[h].items() if f.secret]
        ),
        "horizons": {
            str(h): {
                "counts": {c: figure_json(f) for c, f in line.horizons[h].items()},
                "shares": {s: share_json(line.shares[h][s]) for s in SHARES},
                "asp_dynamic_rate": share_json(line.asp_rate[h]),
            }
            for h in HORIZONS
        },
    }


@require(can_open_followup)
def outcomes_api(request):
    """The same figures as the page, as JSON: a hidden count is null and listed in `secret`."""
    params = read_request(request)
    result = compute(params)
    body = {
        "as_of": params.day.isoformat(),
        "breakdown": params.breakdown,
        "innovation": params.innovation.code if params.innovation else None,
        "exact": result.viewer.exact,
        "threshold": result.viewer.threshold,
        "demo_people": result.demo,
        "errors": params.errors,
    }
    if withheld(result):
        body["withheld"] = True
        body["lines"] = []
        return JsonResponse(body)
    body["lines"] = [line_json(line) for line in result.lines]
    body["total"] = line_json(result.total) if result.total else None
    body["time_to_first_job"] = {
        arm: {
            "people": figure_json(view.n),
            "months": [
                {"month": m, "survival": round(s, 2), "low": round(lo, 2), "high": round(hi, 2)}
                for m, s, lo, hi in view.points
            ],
            "truncated_at": view.truncated_at,
        }
        for arm, view in result.survival.items()
    }
    body["difference_in_differences"] = [
        {
            "months": d.months,
            "estimate_points": round(100 * d.result.estimate, 1) if d.result else None,
            "low": round(100 * d.result.low, 1) if d.result and d.result.low is not None else None,
            "high": round(100 * d.result.high, 1) if d.result and d.result.high is not None else None,
            "reason": d.reason,
        }
        for d in result.did
    ]
    body["references"] = [
        {"key": r.rate.key, "rate": r.rate.rate, "cohort": share_json(r.cohort), "source": r.rate.source.title}
        for r in result.references
    ]
    return JsonResponse(body, json_dumps_params={"ensure_ascii": False})


@require(can_open_followup)
def bridge_page(request):
    from essaim.followup.bridge import bridge

    day, error, today = as_of(request)
    masked = request.GET.get("masque") == "1"
    viewer = viewer_for(request.user, masked=masked)
    own = people_structure_ids(request.user)
    structure_rows = None
    if viewer.exact and own is None:
        structure_rows = "all"
    elif own:
        structure_rows = own
    rows = bridge(day, viewer, structure_rows)
    return render(
        request,
        "followup/bridge.html",
        {"rows": rows, "day": day, "today": today, "date_error": error, "viewer": viewer, "masked": masked},
    )
