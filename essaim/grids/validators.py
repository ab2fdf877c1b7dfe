"""Phase reports: which documents are accepted, and where they are stored.

A report is a PDF, a Word document (.docx) or an OpenDocument text (.odt), at most
REPORT_MAX_BYTES: a subset of the project's documents (core/documents.py), whose check of the
first bytes and random stored names it uses, so that a renamed file is refused too.
Files are stored under a random name and only ever served through a view that
checks permissions (never from a public media URL).
"""

from pathlib import Path

from django.core.exceptions import ValidationError

from essaim.core.documents import content_matches, stored_name

REPORT_MAX_BYTES = 20 * 1024 * 1024
REPORT_TYPES = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": ("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".odt": ("OpenDocument (.odt)", "application/vnd.oasis.opendocument.text"),
}


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def report_upload_to(phase, filename):
    return stored_name(f"rapports-evaluation/{phase.innovation.code}/phase-{phase.number}", filename)


def validate_report_file(value):
    """Run on a newly uploaded file (a file already stored was checked when it came in)."""
    if not value or getattr(value, "_committed", True):
        return
    name = getattr(value, "name", "") or ""
    suffix = Path(name).suffix.lower()
    accepted = ", ".join(label for label, _ in REPORT_TYPES.values())
    if suffix not in REPORT_TYPES:
        shown = f"« {suffix} »" if suffix else "sans extension"
        raise ValidationError(f"Format {shown} non accepté : déposez le rapport en {accepted}.", code="report_type")
    size = value.size
    if not size:
        raise ValidationError("Ce fichier est vide : déposez le rapport complet.", code="report_empty")
    if size > REPORT_MAX_BYTES:
        raise ValidationError(
            f"Fichier trop volumineux ({megabytes(size)} Mo) : {REPORT_MAX_BYTES // 1024 // 1024} Mo au plus.",
            code="report_size",
        )
    if not content_matches(suffix, value.file):
        label = REPORT_TYPES[suffix][0]
        raise ValidationError(
            f"Le contenu de ce fichier n'est pas celui d'un document {label} (extension « {suffix} ») : "
            "enregistrez-le à nouveau dans ce format, puis déposez-le.",
            code="report_content",
        )
