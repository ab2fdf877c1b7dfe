"""Phase reports: which documents are accepted, and where they are stored.

A report is a PDF, a Word document (.docx) or an OpenDocument text (.odt), at most
REPORT_MAX_BYTES. The extension is checked, then the first bytes, so that a renamed file is
refused too. Files are stored under a random name and only ever served through a view that
checks permissions (never from a public media URL).
"""

import secrets
import zipfile
from pathlib import Path

from django.core.exceptions import ValidationError

REPORT_MAX_BYTES = 20 * 1024 * 1024
REPORT_TYPES = {
    ".pdf": ("PDF", "application/pdf"),
    ".docx": ("Word (.docx)", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ".odt": ("OpenDocument (.odt)", "application/vnd.oasis.opendocument.text"),
}
ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


def megabytes(size):
    return f"{size / 1024 / 1024:.1f}".replace(".", ",")


def report_upload_to(phase, filename):
    suffix = Path(filename).suffix.lower()
    return f"rapports-evaluation/{phase.innovation.code}/phase-{phase.number}/{secrets.token_hex(12)}{suffix}"


def content_matches(suffix, upload):
    """The first bytes agree with the extension: %PDF- for a PDF; a zip archive holding the
    parts of a Word or OpenDocument text otherwise."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if suffix == ".pdf":
        return head == b"%PDF-"
    if head[:4] != b"PK\x03\x04":
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
            if suffix == ".docx":
                return "word/document.xml" in names
            return "mimetype" in names and archive.read("mimetype").strip() == ODT_MIMETYPE
    except (zipfile.BadZipFile, OSError, KeyError):
        return False
    finally:
        upload.seek(0)


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
