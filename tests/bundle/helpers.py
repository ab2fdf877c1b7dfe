"""A small valid bundle, and what an import may change, to prove a failed one changed nothing."""

from essaim.bundle.importer import import_bundle
from essaim.evaluation.models import Indicator, Value
from essaim.innovations.models import Innovation, StepChange
from essaim.organizations.models import Structure
from essaim.swarming.models import Adoption, StatusChange

BUNDLE = {
    "structures.csv": (
        "code,name,kind,departement,siret\n"
        "porteur-alpha,Association Alpha,ASSOCIATION,38,\n"
        "aci-grenoble,ACI de Grenoble,ACI,38,73282932000074\n"
        "chrs-lyon,CHRS de Lyon,CHRS,69,\n"
    ),
    "innovations.csv": (
        "code,name,porteur,entered_on,exited_on,stage\nALPHA,Alpha,porteur-alpha,2016-01-01,,swarming\n"
    ),
    "indicators.csv": (
        "code,label,aggregation,unit\n"
        "people_reached,Personnes concernées (DELD et jeunes),last,personnes\n"
        "meals_served,Repas servis,sum,repas\n"
    ),
    "adoptions.csv": (
        "innovation,structure,status,since\nALPHA,aci-grenoble,trained,2016-06-01\nALPHA,chrs-lyon,selected,2017-01-15\n"
    ),
    "values.csv": (
        "innovation,structure,indicator,period_start,period_end,value,source,comment\n"
        "ALPHA,aci-grenoble,people_reached,,2018-12-31,12,enquête structure,\n"
        "ALPHA,chrs-lyon,people_reached,2018-01-01,2018-12-31,nc,,non transmis\n"
        "ALPHA,,meals_served,2018-01-01,2018-12-31,340,,\n"
    ),
}


def write_bundle(directory, files=None, encoding="utf-8", **replaced):
    """Write the bundle's files (or `files`), with `replaced` ones (name without .csv → text or
    bytes, None to leave the file out)."""
    files = dict(BUNDLE if files is None else files)
    for stem, content in replaced.items():
        files[f"{stem}.csv"] = content
    for name, content in files.items():
        if content is not None:
            data = content if isinstance(content, bytes) else content.encode(encoding)
            (directory / name).write_bytes(data)
    return directory


def run(directory, **options):
    return import_bundle(directory, **options)


def counts():
    """Rows of every table an import writes, history tables included."""
    tables = {m.__name__: m.objects.count() for m in (Structure, Innovation, Indicator, Adoption, Value)}
    tables |= {f"{m.__name__} (historique)": m.history.count() for m in (Structure, Innovation, Adoption, Value)}
    tables |= {"étapes": StepChange.objects.count(), "statuts": StatusChange.objects.count()}
    return tables


def located(result):
    """Errors as (file, row, column, message)."""
    return [(e.file, e.row, e.column, e.message) for e in result.errors]
