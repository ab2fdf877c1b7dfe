"""The toolkit's sheets (« fiches outils »): the programme's documents describe its tools without
containing them, so each reference tool gets a short PDF made from what the documents say of it,
marked as such on every page and citing the documents by their titles, stored through Django's
storage API as the tool's file.

The file's name carries a fingerprint of the sheet's HTML: a second load finds the same name and
prints nothing (WeasyPrint runs only when the text changed or the file is missing from storage).
A file someone put in place of the sheet (any name not made here) is never replaced.
"""

import hashlib
from pathlib import PurePosixPath

from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.text import slugify

from essaim.activities.models import Tool
from essaim.activities.models.toolkit import tool_upload_to
from essaim.presentation.pdf import html_to_pdf

TEMPLATE = "reference/pdf/tool_sheet.html"
MARK = "Fiche générée à partir des documents du programme — ce n'est pas l'outil original"
PREFIX = "fiche-"


def is_sheet(name):
    """A file this module made (uploads get a random name, never this prefix)."""
    return PurePosixPath(name).name.startswith(PREFIX)


def sheet_html(tool, summary, points, quotes, sources):
    """`quotes`: [(verbatim text, Source)]; `sources`: the sections cited, in order, shown
    under their documents' titles."""
    documents = {}
    for source in sources:
        sections = documents.setdefault(source.title, [])
        if source.section and source.section not in sections:
            sections.append(source.section)
    context = {
        "tool": tool,
        "mark": MARK,
        "summary": summary,
        "points": points,
        "quotes": quotes,
        "documents": list(documents.items()),
    }
    return render_to_string(TEMPLATE, context)


def sheet_name(tool, html):
    folder = PurePosixPath(tool_upload_to(tool, "fiche.pdf")).parent
    digest = hashlib.sha256(html.encode()).hexdigest()[:12]
    return f"{folder}/{PREFIX}{slugify(tool.title)[:60]}-{digest}.pdf"


def sync_sheet(tool, html, *, publish):
    """Make `html` the tool's file (printed once, then found again by its name) and publish the
    tool if asked; return "créé", "mis à jour" or "inchangé" (also when someone uploaded a file
    of their own: it stays, and so does its publication)."""
    if tool.file and not is_sheet(tool.file.name):
        return "inchangé"
    name = sheet_name(tool, html)
    storage = tool.file.storage
    present = storage.exists(name)
    if tool.file.name == name and present and tool.published == publish:
        return "inchangé"
    if not present:
        name = storage.save(name, ContentFile(html_to_pdf(html)))
    previous = tool.file.name if tool.file else ""
    tool.file.name = name
    tool.published = publish
    tool.full_clean()
    tool.save()
    if previous and previous != name and not Tool.objects.filter(file=previous).exists():
        transaction.on_commit(lambda: storage.delete(previous))
    return "mis à jour" if previous else "créé"
