"""Builds the AIS#Emploi reference programme from `data/programme.toml`, then its embedded
evaluation from `data/grids.toml` (`grid_loader.py`) and its pipeline from `data/pipeline.toml`
(`pipeline.py`: calls, feasibility studies, AMIs, activities, toolkit, charters, events).

Idempotent: records are matched on their natural keys (source key, network code, structure
key, innovation code, innovation × structure, figure key), updated only when they differ, and
history entries already present are kept; a second run changes nothing. All-or-nothing: any
error rolls the whole load back and says where it is (table, entry number, key, field).
"""

import tomllib
from collections import Counter
from datetime import date
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction

from essaim.core.history import record
from essaim.evaluation.measures import measure_codes
from essaim.evaluation.models import Indicator, Value
from essaim.evaluation.values import parse_value
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Network, Structure
from essaim.reference.models import PublishedFigure
from essaim.sources.models import Source
from essaim.swarming.models import Adoption, StatusChange
from essaim.territories.models import Departement

DATA_FILE = Path(__file__).resolve().parent / "data" / "programme.toml"
GRIDS_FILE = DATA_FILE.parent / "grids.toml"
PIPELINE_FILE = DATA_FILE.parent / "pipeline.toml"


class ReferenceDataError(Exception):
    pass


class Loader:
    def __init__(self, path):
        self.path = Path(path)
        self.report = Counter()
        self.sources = {}
        self.structures = {}
        self.innovations = {}
        self.networks = {}
        self.seen = {}

    # -- helpers ---------------------------------------------------------------------------

    def fail(self, where, message):
        raise ReferenceDataError(f"{self.path.name}, {where} : {message}")

    def messages(self, error):
        if hasattr(error, "message_dict"):
            return "; ".join(f"champ {field} : {' '.join(msgs)}" for field, msgs in error.message_dict.items())
        return " ".join(error.messages)

    def day(self, where, raw, field):
        if raw in ("", None):
            return None
        if isinstance(raw, date):
            return raw
        try:
            return date.fromisoformat(raw)
        except (TypeError, ValueError):
            self.fail(where, f"champ {field} : date « {raw} » invalide (format attendu AAAA-MM-JJ)")

    def source(self, where, key):
        if not key:
            return None
        if key not in self.sources:
            self.fail(where, f"champ source : source inconnue « {key} »")
        return self.sources[key]

    def upsert(self, kind, where, model, lookup, values):
        """Create or update one record; count whether it was created, updated or unchanged."""
        seen_key = (kind, tuple(sorted((k, getattr(v, "pk", v)) for k, v in lookup.items())))
        if seen_key in self.seen:
            described = ", ".join(str(v) for v in lookup.values())
            self.fail(where, f"« {described} » figure deux fois dans le fichier (déjà {self.seen[seen_key]})")
        self.seen[seen_key] = where
        instance = model.objects.filter(**lookup).first()
        if instance is None:
            instance = model(**lookup, **values)
            outcome = "créé"
        else:
            changed = [name for name, value in values.items() if getattr(instance, name) != value]
            if not changed:
                self.report[(kind, "inchangé")] += 1
                return instance
            for name in changed:
                setattr(instance, name, values[name])
            outcome = "mis à jour"
        try:
            instance.full_clean()
        except ValidationError as error:
            self.fail(where, self.messages(error))
        instance.save()
        self.report[(kind, outcome)] += 1
        return instance

    def sync_history(self, kind, where, entry_model, parent, entries):
        """Append the entries the data has and the base lacks; drop entries the loader wrote
        earlier (no author) that the data no longer has. Entries people wrote are kept."""
        wanted = {(e.get(entry_model.state_field, ""), self.day(where, e.get("on"), "on")) for e in entries}
        present = set()
        for existing in entry_model.objects.filter(**{entry_model.parent_field: parent}).order_by("-on", "-id"):
            key = (existing.state, existing.on)
            if existing.recorded_by_id is None and key not in wanted:
                existing.delete()
                self.report[(kind, "supprimé")] += 1
            else:
                present.add(key)
        for n, entry in enumerate(entries, start=1):
            here = f"{where}, historique n°{n}"
            state = entry.get(entry_model.state_field, "")
            on = self.day(here, entry.get("on"), "on")
            if (state, on) in present:
                self.report[(kind, "inchangé")] += 1
                continue
            try:
                record(
                    entry_model,
                    parent,
                    state,
                    on,
                    note=entry.get("note", ""),
                    source=self.source(here, entry.get("source")),
                )
            except ValidationError as error:
                self.fail(here, self.messages(error))
            self.report[(kind, "créé")] += 1

    # -- tables ----------------------------------------------------------------------------

    def load(self):
        try:
            with open(self.path, "rb") as handle:
                data = tomllib.load(handle)
        except FileNotFoundError:
            raise ReferenceDataError(f"Fichier introuvable : {self.path}") from None
        except tomllib.TOMLDecodeError as error:
            raise ReferenceDataError(f"{self.path.name} : fichier TOML invalide ({error})") from None
        with transaction.atomic():
            self.load_sources(data.get("sources", []))
            self.networks = self.load_networks(data.get("networks", []))
            self.load_structures(data.get("structures", []), self.networks)
            self.load_innovations(data.get("innovations", []))
            self.load_adoptions(data.get("adoptions", []))
            self.load_figures(data.get("published_figures", []))
            self.load_values(data.get("values", []))
        return self.report

    def load_sources(self, rows):
        for n, row in enumerate(rows, start=1):
            where = f"[[sources]] n°{n} ({row.get('key', '?')})"
            values = {k: row.get(k, "") for k in ("document", "title", "section")}
            self.sources[row.get("key")] = self.upsert("sources", where, Source, {"key": row.get("key", "")}, values)

    def load_networks(self, rows):
        networks = {}
        for n, row in enumerate(rows, start=1):
            where = f"[[networks]] n°{n} ({row.get('code', '?')})"
            values = {"name": row.get("name", ""), "source": self.source(where, row.get("source"))}
            networks[row.get("code")] = self.upsert("réseaux", where, Network, {"code": row.get("code", "")}, values)
        return networks

    def load_structures(self, rows, networks):
        departements = {d.code: d for d in Departement.objects.all()}
        for n, row in enumerate(rows, start=1):
            key = row.get("key", "")
            where = f"[[structures]] n°{n} ({key or '?'})"
            if not key:
                self.fail(where, "champ key : identifiant stable manquant")
            code = row.get("departement", "")
            if code and code not in departements:
                self.fail(where, f"champ departement : département inconnu « {code} »")
            values = {
                "name": row.get("name", ""),
                "kind": row.get("kind", ""),
                "siret": row.get("siret") or None,
                "departement": departements.get(code),
                "city": row.get("city", ""),
                "is_placeholder": bool(row.get("placeholder", False)),
                "source": self.source(where, row.get("source")),
            }
            structure = self.upsert("structures", where, Structure, {"key": key}, values)
            wanted = []
            for network in row.get("networks", []):
                if network not in networks:
                    self.fail(where, f"champ networks : réseau inconnu « {network} »")
                wanted.append(networks[network])
            if {n.pk for n in wanted} != set(structure.networks.values_list("pk", flat=True)):
                structure.networks.set(wanted)
            self.structures[key] = structure

    def structure(self, where, key, field):
        if key not in self.structures:
            self.fail(where, f"champ {field} : structure inconnue « {key} »")
        return self.structures[key]

    def load_innovations(self, rows):
        for n, row in enumerate(rows, start=1):
            code = row.get("code", "")
            where = f"[[innovations]] n°{n} ({code or '?'})"
            values = {
                "name": row.get("name", ""),
                "porteur": self.structure(where, row.get("porteur"), "porteur"),
                "description": row.get("description", ""),
                "target_public": row.get("target_public", ""),
                "specific_public": bool(row.get("specific_public", False)),
                "territory_type": row.get("territory_type", ""),
                "entered_on": self.day(where, row.get("entered_on"), "entered_on"),
                "exited_on": self.day(where, row.get("exited_on"), "exited_on"),
                "exit_reason": row.get("exit_reason", ""),
                "date_note": row.get("date_note", ""),
                "source": self.source(where, row.get("source")),
            }
            innovation = self.upsert("innovations", where, Innovation, {"code": code}, values)
            self.sync_history("étapes", where, StepChange, innovation, row.get("steps", []))
            self.innovations[code] = innovation

    def load_adoptions(self, rows):
        for n, row in enumerate(rows, start=1):
            where = f"[[adoptions]] n°{n} ({row.get('innovation', '?')} × {row.get('structure', '?')})"
            if row.get("innovation") not in self.innovations:
                self.fail(where, f"champ innovation : innovation inconnue « {row.get('innovation')} »")
            lookup = {
                "innovation": self.innovations[row["innovation"]],
                "structure": self.structure(where, row.get("structure"), "structure"),
            }
            led_by = row.get("wave_led_by", "")
            if led_by and led_by not in self.networks:
                self.fail(where, f"champ wave_led_by : réseau inconnu « {led_by} »")
            values = {
                "since": self.day(where, row.get("since"), "since"),
                "wave": str(row.get("wave", "")),
                "wave_led_by": self.networks.get(led_by) if led_by else None,
                "source": self.source(where, row.get("source")),
            }
            adoption = self.upsert("essaimages", where, Adoption, lookup, values)
            self.sync_history("statuts", where, StatusChange, adoption, row.get("statuses", []))

    def load_figures(self, rows):
        measures = measure_codes()
        for n, row in enumerate(rows, start=1):
            where = f"[[published_figures]] n°{n} ({row.get('key', '?')})"
            value = row.get("value")
            if not (isinstance(value, int) and value >= 0) and value not in ("nc", "ne"):
                self.fail(where, f"champ value : « {value} » n'est ni un entier positif, ni « nc », ni « ne »")
            measure = row.get("measure", "")
            if measure and measure not in measures:
                self.fail(where, f"champ measure : « {measure} » n'est ni un chiffre calculé ni un indicateur connu")
            innovation = row.get("innovation", "")
            if innovation and innovation not in self.innovations:
                self.fail(where, f"champ innovation : innovation inconnue « {innovation} »")
            as_of = self.day(where, row.get("as_of"), "as_of")
            if measure and as_of is None:
                self.fail(where, "champ as_of : la date décrite est obligatoire quand measure est donné")
            values = {
                "label": row.get("label", ""),
                "value": str(value),
                "source": self.source(where, row.get("source")),
                "measure": measure,
                "innovation": self.innovations.get(innovation) if innovation else None,
                "as_of": as_of,
                "date_note": row.get("date_note", ""),
            }
            self.upsert("chiffres publiés", where, PublishedFigure, {"key": row.get("key", "")}, values)

    def load_values(self, rows):
        indicators = {i.code: i for i in Indicator.objects.all()}
        for n, row in enumerate(rows, start=1):
            where = f"[[values]] n°{n} ({row.get('innovation', '?')} · {row.get('indicator', '?')})"
            if row.get("innovation") not in self.innovations:
                self.fail(where, f"champ innovation : innovation inconnue « {row.get('innovation')} »")
            if row.get("indicator") not in indicators:
                self.fail(where, f"champ indicator : indicateur inconnu « {row.get('indicator')} »")
            try:
                kind, number = parse_value(row.get("value"))
            except ValidationError as error:
                self.fail(where, f"champ value : {' '.join(error.messages)}")
            structure_key = row.get("structure", "")
            lookup = {
                "innovation": self.innovations[row["innovation"]],
                "structure": self.structure(where, structure_key, "structure") if structure_key else None,
                "indicator": indicators[row["indicator"]],
                "period_end": self.day(where, row.get("period_end"), "period_end"),
            }
            values = {
                "period_start": self.day(where, row.get("period_start"), "period_start"),
                "kind": kind,
                "number": number,
                "source": self.source(where, row.get("source")),
                "comment": row.get("comment", ""),
            }
            self.upsert("valeurs", where, Value, lookup, values)
