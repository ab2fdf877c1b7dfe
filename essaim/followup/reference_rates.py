"""Reference rates (data/reference_rates.toml): public rates of return to work, with their
sources, shown beside the cohorts' own. Read once; never computed here."""

import tomllib
from dataclasses import dataclass
from pathlib import Path

from essaim.followup.enums import HORIZONS

PATH = Path(__file__).resolve().parent / "data" / "reference_rates.toml"
MEASURES = {"employment", "durable", "transition", "dynamic"}
# Breakdowns a rate may be about (the `public` of a rate: "dimension:code", or a flag).
DIMENSIONS = ("duration_band", "age_band", "sheltered")


@dataclass(frozen=True)
class Source:
    key: str
    title: str
    note: str


@dataclass(frozen=True)
class Rate:
    key: str
    label: str
    rate: float
    measure: str
    horizon: int
    public: str
    period: str
    source: Source

    @property
    def dimension(self):
        if not self.public:
            return None
        return self.public.split(":")[0]

    @property
    def value(self):
        if ":" in self.public:
            return self.public.split(":", 1)[1]
        return True  # a flag: the people who have it


def load(path=PATH):
    data = tomllib.loads(path.read_text())
    sources = {s["key"]: Source(s["key"], s["title"], s.get("note", "")) for s in data["sources"]}
    rates = []
    for entry in data["rates"]:
        rate = Rate(
            entry["key"],
            entry["label"],
            float(entry["rate"]),
            entry["measure"],
            int(entry["horizon"]),
            entry.get("public", ""),
            entry.get("period", ""),
            sources[entry["source"]],
        )
        if rate.measure not in MEASURES or rate.horizon not in HORIZONS:
            raise ValueError(f"taux de référence « {rate.key} » : mesure ou échéance inconnue.")
        if rate.dimension and rate.dimension not in DIMENSIONS:
            raise ValueError(f"taux de référence « {rate.key} » : public inconnu « {rate.public} ».")
        rates.append(rate)
    return rates


RATES = load()
SOURCES = list({rate.source.key: rate.source for rate in RATES}.values())
