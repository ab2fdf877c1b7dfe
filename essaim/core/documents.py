"""Uploaded documents (toolkit files, feasibility-study attachments): which files are accepted,
where they are stored, how they are served.

A document is a PDF, a word-processing file, a spreadsheet or a presentation (Office Open XML
or OpenDocument), at most DOCUMENT_MAX_BYTES. The extension is checked, then the first bytes,
so that a renamed file (an executable called « guide.pdf ») is refused too. Files are stored
under a random name and served only through views that check who may read them.
"""

import re
import secrets
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.utils.text import slugify

DOCUMENT_MAX_BYTES = 20 * 1024 * 1024

# suffix → (label, MIME type, the part a genuine file of that kind holds in its zip archive)
DOCUMENT_TYPES = {
    ".pdf": ("PDF", "application/pdf", None),
    ".docx": (
        "Word (.docx)",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "word/document.xml",
    ),
    ".xlsx": ("Excel (.xlsx)", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xl/workbook.xml"),
    ".pptx": (
        "PowerPoint (.pptx)",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ppt/presentation.xml",
    ),
    ".odt": ("OpenDocument texte (.odt)", "application/vnd.oasis.opendocument.text", None),
    ".ods": ("OpenDocument tableur (.ods)", "application/vnd.oasis.opendocument.spreadsheet", None),
    ".odp": ("OpenDocument présentation (.odp)", "application/vnd.oasis.opendocument.presentation", None),
}
ACCEPTED = ", ".join(suffix.lstrip(".").upper() for suffix in DOCUMENT_TYPES)
ACCEPT_ATTRIBUTE = ",".join(DOCUMENT_TYPES)


def readable_size(size):
    """« 20 Mo », « 3,2 Mo », « 512 Ko »."""
    if size >= 1024 * 1024:
        text = f"{size / 1024 / 1024:.1f}".replace(".", ",").removesuffix(",0")
        return f"{text} Mo"
    return f"{max(1, round(size / 1024))} Ko"


def stored_name(folder, filename):
    """A random name under `folder`, keeping the (lower-cased) extension."""
    return f"{folder}/{secrets.token_hex(12)}{Path(filename).suffix.lower()}"


def content_matches(suffix, upload):
    """The first bytes agree with the extension: %PDF- for a PDF; for the others, a zip archive
    holding the parts of that kind of file (OpenDocument: its `mimetype` entry)."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if suffix == ".pdf":
        return head == b"%PDF-"
    if head[:4] != b"PK\x03\x04":
        return False
    _, mime, part = DOCUMENT_TYPES[suffix]
    try:
        with zipfile.ZipFile(upload) as archive:
            if part is not None:
                return part in archive.namelist()
            return archive.read("mimetype").strip() == mime.encode()
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    finally:
        upload.seek(0)


def validate_document(value):
    """Run on a newly uploaded file (a file already stored was checked when it came in)."""
    if not value or getattr(value, "_committed", True):
        return
    name = getattr(value, "name", "") or ""
    suffix = Path(name).suffix.lower()
    if suffix not in DOCUMENT_TYPES:
        shown = f"« {suffix} »" if suffix else "sans extension"
        raise ValidationError(
            f"Ce fichier ({shown}) n'est pas un document accepté : déposez un fichier {ACCEPTED}.",
            code="document_type",
        )
    size = value.size
    if not size:
        raise ValidationError("Ce fichier est vide : déposez le document complet.", code="document_empty")
    if size > DOCUMENT_MAX_BYTES:
        raise ValidationError(
            f"Fichier trop volumineux ({readable_size(size)}) : {readable_size(DOCUMENT_MAX_BYTES)} au plus.",
            code="document_size",
        )
    if not content_matches(suffix, value.file):
        label = DOCUMENT_TYPES[suffix][0]
        raise ValidationError(
            f"Le contenu de ce fichier n'est pas celui d'un document {label} (extension « {suffix} ») : "
            "enregistrez-le à nouveau dans ce format, puis déposez-le.",
            code="document_content",
        )


def download(field, title, *, version=""):
    """Serve a stored document under a readable name (slug of its title, version, extension)."""
    if not field:
        raise Http404("Aucun fichier n'a été déposé.")
    suffix = Path(field.name).suffix.lower()
    name = slugify(title)[:80] or "document"
    if version:
        name += "-v" + re.sub(r"[^0-9A-Za-z.]+", "-", version).strip("-.")
    try:
        handle = field.open("rb")
    except FileNotFoundError:
        raise Http404("Le fichier n'est plus disponible.") from None
    mime = DOCUMENT_TYPES.get(suffix, ("", "application/octet-stream"))[1]
    return FileResponse(handle, as_attachment=True, filename=f"{name}{suffix}", content_type=mime)
