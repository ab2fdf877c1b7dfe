"""Builds the pipeline of the reference programme from `data/pipeline.toml`: the members of the
steering committees, calls for projects and their selected candidates, feasibility studies, AMIs
and the structures they selected, swarming activities and attendance, the toolkit and its
sheets (tool_sheets.py), the Rallyes charter and the rallies.

Loaded after programme.toml (its sources, structures, innovations and adoptions are referred to
by key or code), by the same rules: records matched on their natural keys and saved only when a
field differs, so a second run changes nothing; any error stops the load and names the file,
the table, the entry number, its key and the field. The pipeline writes no step and no status:
a selected candidate is tied to the innovation programme.toml declares, a selected AMI
application to the adoption it declares, with the history programme.toml gives them.
"""

import tomllib
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError

from essaim.activities.enums import EVENT_FIGURES, ApplicationStatus
from essaim.activities.models import (
    Activity,
    Application,
    Attendance,
    Charter,
    CharterRule,
    CommitteeMember,
    Event,
    StructureCall,
    Tool,
)
from essaim.calls.models import Call, Candidate, Criterion, Decision, FeasibilityStudy
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reference import tool_sheets
from essaim.reference.loader import Loader, ReferenceDataError
from essaim.sources.models import Source
from essaim.swarming.models import Adoption
from essaim.territories.models import Departement

STUDY_FIELDS = ["philosophy", "deployment_framework", "impact_analysis", "transferability", "swarming_scenario"]


class PipelineLoader(Loader):
    """The pipeline tables, on top of the reference Loader's helpers (fail, day, source, upsert)."""

    def load(self):
        try:
            with open(self.path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ReferenceDataError(f"Fichier introuvable : {self.path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ReferenceDataError(f"{self.path.name} : fichier TOML invalide ({error})") from None
        self.sources = {s.key: s for s in Source.objects.all()}
        self.structures = {s.key: s for s in Structure.objects.exclude(key=None)}
        self.innovations = {i.code: i for i in Innovation.objects.all()}
        self.departements = {d.code: d for d in Departement.objects.all()}
        self.load_sources(data.get("sources", []))
        self.load_committees(data.get("committee_members", []))
        self.load_calls(data.get("calls", []))
        self.load_studies(data.get("feasibility", []))
        self.load_structure_calls(data.get("structure_calls", []))
        self.load_activities(data.get("activities", []))
        tools = self.load_tools(data.get("tools", []))
        self.load_charters(data.get("charters", []), tools)
        self.load_events(data.get("events", []))
        return self.report

    # -- helpers ---------------------------------------------------------------------------

    def innovation(self, where, code, field="innovation", required=True):
        if not code and not required:
            return None
        if code not in self.innovations:
            self.fail(where, f"champ {field} : innovation inconnue « {code} »")
        return self.innovations[code]

    def departement(self, where, code):
        if not code:
            return None
        if code not in self.departements:
            self.fail(where, f"champ departement : département inconnu « {code} »")
        return self.departements[code]

    def count(self, where, row, field):
        value = row.get(field)
        if value is None:
            return None
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            self.fail(where, f"champ {field} : « {value} » n'est pas un entier positif ou nul")
        return value

    def decimal(self, where, row, field):
        value = row.get(field)
        if value is None:
            return None
        try:
            return Decimal(str(value))
        except InvalidOperation:
            self.fail(where, f"champ {field} : « {value} » n'est pas un nombre")

    # -- steering committees ---------------------------------------------------------------

    def load_committees(self, rows):
        """Members of the programme's steering committee (no innovation) and of the innovations'
        operational steering committees."""
        for n, row in enumerate(rows, start=1):
            where = f"[[committee_members]] n°{n} ({row.get('organisation', '?')})"
            lookup = {
                "innovation": self.innovation(where, row.get("innovation"), required=False),
                "organisation": row.get("organisation", ""),
            }
            values = {
                "person": row.get("person", ""),
                "function": row.get("function", ""),
                "source": self.source(where, row.get("source")),
            }
            self.upsert("membres des comités de pilotage", where, CommitteeMember, lookup, values)

    # -- calls -----------------------------------------------------------------------------

    def load_calls(self, rows):
        for n, row in enumerate(rows, start=1):
            where = f"[[calls]] n°{n} ({row.get('year', '?')})"
            values = {
                "title": row.get("title", ""),
                "description": row.get("description", ""),
                "opens_on": self.day(where, row.get("opens_on"), "opens_on"),
                "closes_on": self.day(where, row.get("closes_on"), "closes_on"),
                "committee_on": self.day(where, row.get("committee_on"), "committee_on"),
                "status": row.get("status", "closed"),
                "date_note": row.get("date_note", ""),
                "source": self.source(where, row.get("source")),
            }
            call = self.upsert("appels à projets", where, Call, {"year": row.get("year")}, values)
            for m, criterion in enumerate(row.get("criteria", []), start=1):
                here = f"{where}, critère n°{m}"
                values = {
                    "position": m,
                    "guidance": criterion.get("guidance", ""),
                    "max_score": criterion.get("max_score", 5),
                }
                lookup = {"call": call, "label": criterion.get("label", "")}
                self.upsert("critères", here, Criterion, lookup, values)
            for m, candidate in enumerate(row.get("candidates", []), start=1):
                self.load_candidate(f"{where}, candidature n°{m}", call, candidate)

    def load_candidate(self, where, call, row):
        porteur = self.structure(where, row.get("porteur"), "porteur")
        values = {
            "description": row.get("description", ""),
            "target_public": row.get("target_public", ""),
            "small_scale_results": row.get("small_scale_results", ""),
            "impact_evidence": row.get("impact_evidence", ""),
            "formalised_process": row.get("formalised_process", ""),
            "transfer_will": row.get("transfer_will", ""),
            "submitted_on": self.day(where, row.get("submitted_on"), "submitted_on"),
            "innovation": self.innovation(where, row.get("innovation"), required=False),
            "source": self.source(where, row.get("source")),
        }
        lookup = {"call": call, "porteur": porteur, "project_name": row.get("project_name", "")}
        candidate = self.upsert("candidatures", where, Candidate, lookup, values)
        if row.get("outcome"):
            lookup = {
                "candidate": candidate,
                "outcome": row["outcome"],
                "decided_on": self.day(where, row.get("decided_on"), "decided_on"),
            }
            values = {"minutes": row.get("minutes", ""), "source": self.source(where, row.get("source"))}
            self.upsert("décisions", where, Decision, lookup, values)

    # -- feasibility -----------------------------------------------------------------------

    def load_studies(self, rows):
        for n, row in enumerate(rows, start=1):
            where = f"[[feasibility]] n°{n} ({row.get('innovation', '?')})"
            innovation = self.innovation(where, row.get("innovation"))
            values = {
                "status": row.get("status", ""),
                "started_on": self.day(where, row.get("started_on"), "started_on"),
                "finished_on": self.day(where, row.get("finished_on"), "finished_on"),
                "author": row.get("author", ""),
                "date_note": row.get("date_note", ""),
                "source": self.source(where, row.get("source")),
                **{field: row.get(field, "") for field in STUDY_FIELDS},
            }
            self.upsert("études de faisabilité", where, FeasibilityStudy, {"innovation": innovation}, values)

    # -- AMI -------------------------------------------------------------------------------

    def load_structure_calls(self, rows):
        for n, row in enumerate(rows, start=1):
            where = f"[[structure_calls]] n°{n} ({row.get('innovation', '?')})"
            innovation = self.innovation(where, row.get("innovation"))
            source = self.source(where, row.get("source"))
            values = {
                "description": row.get("description", ""),
                "opens_on": self.day(where, row.get("opens_on"), "opens_on"),
                "closes_on": self.day(where, row.get("closes_on"), "closes_on"),
                "selection_on": self.day(where, row.get("selection_on"), "selection_on"),
                "wave": str(row.get("wave", "")),
                "date_note": row.get("date_note", ""),
                "source": source,
            }
            lookup = {"innovation": innovation, "title": row.get("title", "")}
            call = self.upsert("AMI", where, StructureCall, lookup, values)
            for m, application in enumerate(row.get("applications", []), start=1):
                here = f"{where}, candidature n°{m} ({application.get('structure', '?')})"
                self.load_application(here, call, application, source)

    def load_application(self, where, call, row, source):
        """Every application the data lists was selected (the sources name no other). Its
        adoption must exist in programme.toml; the dates come from that adoption's history."""
        structure = self.structure(where, row.get("structure"), "structure")
        adoption = Adoption.objects.filter(innovation=call.innovation, structure=structure).first()
        if adoption is None:
            self.fail(
                where,
                f"champ structure : « {structure.key} » n'a pas d'essaimage de « {call.innovation.code} » "
                "dans programme.toml",
            )
        history = {entry.status: entry.on for entry in adoption.status_changes.all()}
        selected_on = history.get("selected")
        if selected_on is None:
            self.fail(where, "champ structure : l'essaimage n'a pas de statut « retenue » dans programme.toml")
        values = {
            "applied_on": history.get("candidate", adoption.since),
            "status": ApplicationStatus.SELECTED,
            "decided_on": selected_on,
            "adoption": adoption,
            "note": row.get("note", ""),
            "source": source,
        }
        self.upsert("candidatures aux AMI", where, Application, {"call": call, "structure": structure}, values)

    # -- activities ------------------------------------------------------------------------

    def load_activities(self, rows):
        for n, row in enumerate(rows, start=1):
            key = row.get("key", "")
            where = f"[[activities]] n°{n} ({key or '?'})"
            if not key:
                self.fail(where, "champ key : identifiant stable manquant")
            values = {
                "innovation": self.innovation(where, row.get("innovation"), required=False),
                "kind": row.get("kind", ""),
                "title": row.get("title", ""),
                "module": row.get("module", ""),
                "starts_on": self.day(where, row.get("starts_on"), "starts_on"),
                "ends_on": self.day(where, row.get("ends_on"), "ends_on"),
                "duration_days": self.decimal(where, row, "duration_days"),
                "place": row.get("place", ""),
                "departement": self.departement(where, row.get("departement")),
                "description": row.get("description", ""),
                "date_note": row.get("date_note", ""),
                "source": self.source(where, row.get("source")),
            }
            activity = self.upsert("activités", where, Activity, {"key": key}, values)
            for m, attendance in enumerate(row.get("attendance", []), start=1):
                here = f"{where}, présence n°{m} ({attendance.get('structure', '?')})"
                lookup = {
                    "activity": activity,
                    "structure": self.structure(here, attendance.get("structure"), "structure"),
                }
                values = {
                    "professionals": self.count(here, attendance, "professionals"),
                    "note": attendance.get("note", ""),
                }
                self.upsert("présences", here, Attendance, lookup, values)

    # -- toolkit, charters, events ---------------------------------------------------------

    def load_tools(self, rows):
        tools = {}
        for n, row in enumerate(rows, start=1):
            where = f"[[tools]] n°{n} ({row.get('title', '?')})"
            innovation = self.innovation(where, row.get("innovation"), required=False)
            lookup = {
                "innovation": innovation,
                "title": row.get("title", ""),
                "version": str(row.get("version", "1.0")),
            }
            values = {
                "kind": row.get("kind", ""),
                "description": row.get("description", ""),
                "authors": row.get("authors", ""),
                "licence": row.get("licence", "CC-BY-SA-4.0"),
                "source": self.source(where, row.get("source")),
            }
            tool = self.upsert("outils", where, Tool, lookup, values)
            if "sheet" in row:
                self.load_sheet(where, tool, row["sheet"], publish=bool(row.get("published", False)))
            tools[(row.get("innovation", ""), row.get("title", ""))] = tool
        return tools

    def load_sheet(self, where, tool, sheet, *, publish):
        """The tool's file: a sheet made from what the documents say of it (tool_sheets.py)."""
        here = f"{where}, fiche"
        if not sheet.get("summary"):
            self.fail(here, "champ summary : ce que disent les documents de l'outil est obligatoire")
        keys = sheet.get("sources") or [tool.source.key if tool.source else ""]
        sources = [self.source(here, key) for key in keys if key]
        if not sources:
            self.fail(here, "champ sources : une fiche cite au moins un document")
        quotes = [(q.get("text", ""), self.source(here, q.get("source"))) for q in sheet.get("quotes", [])]
        if any(not text or source is None for text, source in quotes):
            self.fail(here, "champ quotes : chaque extrait a un texte et une source")
        html = tool_sheets.sheet_html(tool, sheet["summary"], sheet.get("points", []), quotes, sources)
        try:
            outcome = tool_sheets.sync_sheet(tool, html, publish=publish)
        except ValidationError as error:
            self.fail(here, self.messages(error))
        self.report[("fiches outils", outcome)] += 1

    def load_charters(self, rows, tools):
        for n, row in enumerate(rows, start=1):
            code = row.get("innovation", "")
            where = f"[[charters]] n°{n} ({code or '?'})"
            innovation = self.innovation(where, code)
            tool = None
            if row.get("tool"):
                tool = tools.get((code, row["tool"]))
                if tool is None:
                    self.fail(where, f"champ tool : outil inconnu « {row['tool']} » (à déclarer dans [[tools]])")
            values = {
                "title": row.get("title", ""),
                "commitments": row.get("commitments", ""),
                "tool": tool,
                "source": self.source(where, row.get("source")),
            }
            charter = self.upsert("chartes", where, Charter, {"innovation": innovation}, values)
            for m, rule in enumerate(row.get("rules", []), start=1):
                here = f"{where}, règle n°{m}"
                values = {"minimum": self.count(here, rule, "minimum")}
                self.upsert(
                    "règles de charte",
                    here,
                    CharterRule,
                    {"charter": charter, "measure": rule.get("measure", "")},
                    values,
                )

    def load_events(self, rows):
        for n, row in enumerate(rows, start=1):
            key = row.get("key", "")
            where = f"[[events]] n°{n} ({key or '?'})"
            if not key:
                self.fail(where, "champ key : identifiant stable manquant")
            organiser = row.get("organiser")
            values = {
                "innovation": self.innovation(where, row.get("innovation")),
                "organiser": self.structure(where, organiser, "organiser") if organiser else None,
                "title": row.get("title", ""),
                "starts_on": self.day(where, row.get("starts_on"), "starts_on"),
                "ends_on": self.day(where, row.get("ends_on"), "ends_on"),
                "place": row.get("place", ""),
                "departement": self.departement(where, row.get("departement")),
                "notes": row.get("notes", ""),
                "date_note": row.get("date_note", ""),
                "source": self.source(where, row.get("source")),
                **{field: self.count(where, row, field) for field in EVENT_FIGURES},
            }
            self.upsert("événements", where, Event, {"key": key}, values)
