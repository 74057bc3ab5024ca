"""Checks on uploaded files: size, and a content type read from the bytes, not the name."""

import hashlib
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"

EXTENSIONS = {PDF: {"pdf"}, JPEG: {"jpg", "jpeg"}, PNG: {"png"}, DOCX: {"docx"}, ODT: {"odt"}}
SCAN_TYPES = frozenset({PDF, JPEG, PNG})
DOCUMENT_TYPES = frozenset(EXTENSIONS)


@dataclass(frozen=True)
class CheckedFile:
    content_type: str
    size: int
    sha256: str


def sniff(uploaded) -> str | None:
    uploaded.seek(0)
    head = uploaded.read(8)
    uploaded.seek(0)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(uploaded) as archive:
                names = set(archive.namelist())
                if "word/document.xml" in names:
                    return DOCX
                if "mimetype" in names and archive.read("mimetype").strip() == ODT.encode():
                    return ODT
        except zipfile.BadZipFile:
            return None
        finally:
            uploaded.seek(0)
    return None


def check_upload(uploaded, *, allowed=DOCUMENT_TYPES) -> CheckedFile:
    """Validate an uploaded file or raise a French ValidationError."""
    if uploaded.size == 0:
        raise ValidationError("Le fichier est vide.", code="empty")
    if uploaded.size > settings.DOCUMENT_MAX_SIZE:
        limit = settings.DOCUMENT_MAX_SIZE // (1024 * 1024)
        raise ValidationError(
            f"Le fichier dépasse la taille autorisée ({limit} Mo).", code="too_big"
        )
    content_type = sniff(uploaded)
    if content_type is None or content_type not in allowed:
        kinds = ", ".join(sorted({ext.upper() for t in allowed for ext in EXTENSIONS[t]}))
        raise ValidationError(
            f"Type de fichier non accepté. Formats possibles : {kinds}.", code="file_type"
        )
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    if extension not in EXTENSIONS[content_type]:
        raise ValidationError(
            "L'extension du fichier ne correspond pas à son contenu : renommez-le ou exportez-le à nouveau.",
            code="file_extension",
        )
    digest = hashlib.sha256()
    for chunk in uploaded.chunks():
        digest.update(chunk)
    uploaded.seek(0)
    return CheckedFile(content_type, uploaded.size, digest.hexdigest())
