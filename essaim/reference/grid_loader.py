"""Loads the embedded evaluation of the reference programme from `data/grids.toml`: evaluation
plans, the VITA Air and LREF grids of the 2019 consolidated evaluation (003), their ratings
structure by structure, and qualitative findings.

Runs after the programme (`loader.Loader`), whose sources, innovations and structures it
refers to by key, inside the same transaction. Idempotent in the same way: records are matched
on their natural keys (innovation × phase number; innovation; grid × item key; adoption ×
phase × item; finding key), saved only when a field differs; nothing is deleted. Errors name the
file, the table, the entry number and key, and the field.
"""

import tomllib

from essaim.grids.enums import PHASES
from essaim.grids.models import EvaluationPhase, Finding, Grid, GridItem, Observation, Scale
from essaim.innovations.models import Innovation
from essaim.organizations.models import Structure
from essaim.reference.loader import Loader, ReferenceDataError
from essaim.sources.models import Source
from essaim.swarming.models import Adoption


class GridLoader(Loader):
    def load(self):
        try:
            with open(self.path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ReferenceDataError(f"Fichier introuvable : {self.path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ReferenceDataError(f"{self.path.name} : fichier TOML invalide ({error})") from None
        self.sources = {s.key: s for s in Source.objects.all()}
        self.innovations = {i.code: i for i in Innovation.objects.all()}
        self.structures = {s.key: s for s in Structure.objects.exclude(key=None)}
        self.scales = {s.code: s for s in Scale.objects.prefetch_related("levels")}
        self.grids = {}
        self.load_phases(data.get("phases", []))
        self.load_grids(data.get("grids", []))
        self.load_observations(data.get("observations", []))
        self.load_findings(data.get("findings", []))
        return self.report

    def innovation(self, where, code):
        if code not in self.innovations:
            self.fail(where, f"champ innovation : innovation inconnue « {code} »")
        return self.innovations[code]

    def phase_number(self, where, raw, field="phase"):
        if not isinstance(raw, int) or isinstance(raw, bool) or raw not in PHASES:
            self.fail(where, f"champ {field} : phase « {raw} » hors de la plage {PHASES[0]} à {PHASES[-1]}")
        return raw

    def load_phases(self, rows):
        for n, row in enumerate(rows, start=1):
            code = row.get("innovation", "")
            where = f"[[phases]] n°{n} ({code or '?'} · phase {row.get('number', '?')})"
            lookup = {
                "innovation": self.innovation(where, code),
                "number": self.phase_number(where, row.get("number"), "number"),
            }
            values = {
                "planned_on": self.day(where, row.get("planned_on"), "planned_on"),
                "status": row.get("status", "planned"),
                "delivered_on": self.day(where, row.get("delivered_on"), "delivered_on"),
                "methods": list(row.get("methods", [])),
                "note": row.get("note", ""),
                "source": self.source(where, row.get("source")),
            }
            self.upsert("phases d'évaluation", where, EvaluationPhase, lookup, values)

    def load_grids(self, rows):
        for n, row in enumerate(rows, start=1):
            code = row.get("innovation", "")
            where = f"[[grids]] n°{n} ({code or '?'})"
            innovation = self.innovation(where, code)
            scale = self.scales.get(row.get("scale"))
            if scale is None:
                known = ", ".join(sorted(self.scales))
                self.fail(where, f"champ scale : échelle inconnue « {row.get('scale')} » (échelles : {known})")
            existing = Grid.objects.filter(innovation=innovation).first()
            if (
                existing is not None
                and existing.scale_id != scale.pk
                and Observation.objects.filter(item__grid=existing).exists()
            ):
                self.fail(where, "champ scale : la grille a déjà des notes sur une autre échelle")
            values = {"scale": scale, "title": row.get("title", ""), "source": self.source(where, row.get("source"))}
            grid = self.upsert("grilles", where, Grid, {"innovation": innovation}, values)
            items = []
            for position, entry in enumerate(row.get("items", []), start=1):
                here = f"{where}, élément n°{position} ({entry.get('key', '?')})"
                if not entry.get("key"):
                    self.fail(here, "champ key : identifiant d'élément manquant")
                values = {
                    "position": position,
                    "label": entry.get("label", ""),
                    "description": entry.get("description", ""),
                    "data_source": entry.get("data_source", ""),
                }
                items.append(
                    self.upsert("éléments de grille", here, GridItem, {"grid": grid, "key": entry["key"]}, values)
                )
            self.grids[code] = (grid, scale, items)

    def load_observations(self, rows):
        for n, row in enumerate(rows, start=1):
            code, key = row.get("innovation", ""), row.get("structure", "")
            where = f"[[observations]] n°{n} ({code or '?'} · {key or '?'} · phase {row.get('phase', '?')})"
            innovation = self.innovation(where, code)
            phase = self.phase_number(where, row.get("phase"))
            if code not in self.grids:
                self.fail(where, f"champ innovation : « {code} » n'a pas de grille dans [[grids]]")
            grid, scale, items = self.grids[code]
            structure = self.structure(where, key, "structure")
            adoption = Adoption.objects.filter(innovation=innovation, structure=structure).first()
            if adoption is None:
                self.fail(where, f"champ structure : « {key} » n'a pas adopté l'innovation « {code} »")
            levels, comments = row.get("levels", []), row.get("comments", [])
            if len(levels) != len(items):
                self.fail(
                    where,
                    f"champ levels : {len(items)} niveaux attendus (un par élément de la grille), {len(levels)} donnés",
                )
            if comments and len(comments) != len(items):
                self.fail(where, f"champ comments : {len(items)} commentaires attendus, {len(comments)} donnés")
            by_label = {level.label: level for level in scale.levels.all()}
            for index, (item, label) in enumerate(zip(items, levels, strict=True)):
                if label not in by_label:
                    self.fail(
                        where,
                        f"champ levels : niveau « {label} » (n°{index + 1}) absent de l'échelle « {scale.name} » "
                        f"(niveaux : {', '.join(by_label)})",
                    )
                values = {
                    "level": by_label[label],
                    "comment": comments[index] if comments else "",
                    "source": self.source(where, row.get("source")),
                }
                lookup = {"adoption": adoption, "phase": phase, "item": item}
                self.upsert("observations", f"{where}, élément {item.key}", Observation, lookup, values)

    def load_findings(self, rows):
        for n, row in enumerate(rows, start=1):
            key = row.get("key", "")
            where = f"[[findings]] n°{n} ({key or '?'})"
            if not key:
                self.fail(where, "champ key : identifiant stable manquant")
            structure_key = row.get("structure", "")
            phase = row.get("phase")
            values = {
                "innovation": self.innovation(where, row.get("innovation", "")),
                "phase": self.phase_number(where, phase) if phase is not None else None,
                "structure": self.structure(where, structure_key, "structure") if structure_key else None,
                "kind": row.get("kind", ""),
                "theme": row.get("theme", ""),
                "text": row.get("text", ""),
                "attribution": row.get("attribution", ""),
                "observed_on": self.day(where, row.get("observed_on"), "observed_on"),
                "source": self.source(where, row.get("source")),
            }
            if values["observed_on"] is None:
                self.fail(where, "champ observed_on : la date que décrit le constat est obligatoire")
            self.upsert("constats", where, Finding, {"key": key}, values)
