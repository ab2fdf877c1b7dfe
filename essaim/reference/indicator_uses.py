"""Where the reference data name an indicator, for the indicator dictionary (evaluation/dictionary.py):
a published figure whose measure is the indicator's code is checked against the figure computed
for it, so the indicator keeps its code and is not deleted while one names it."""

from essaim.reference.models import PublishedFigure

SHOWN = 3


def published_figures(indicator):
    """French sentences saying which published figures name `indicator` (none: [])."""
    figures = list(PublishedFigure.objects.filter(measure=indicator.code).order_by("key")[: SHOWN + 1])
    if not figures:
        return []
    n = PublishedFigure.objects.filter(measure=indicator.code).count() if len(figures) > SHOWN else len(figures)
    several = n > 1
    shown = ", ".join(f"« {f.label} »" for f in figures[:SHOWN]) + (" …" if n > SHOWN else "")
    return [
        f"{n} chiffre{'s' if several else ''} publié{'s' if several else ''} le nomme{'nt' if several else ''} et "
        f"{'sont comparés' if several else 'est comparé'} au chiffre calculé : {shown}."
    ]
