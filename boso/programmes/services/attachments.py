"""Attachments to an application: PDF or office documents, checked by their content.

The name a browser sends and the Content-Type it claims are not trusted: the first
bytes (and, for zip containers, the members) say what a file is. Files are kept under
settings.PROGRAMME_ATTACHMENT_DIR with a random name, outside the web root, and read
back only through a view that checks the permission.
"""

from __future__ import annotations

import hashlib
import secrets
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from boso.accounts.selectors import acting_user
from boso.core.formatting import format_number
from boso.programmes.choices import AttachmentKind
from boso.programmes.models import Application, Attachment
from boso.programmes.services.applications import EDITABLE

OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")  # .doc, .xls, .ppt (before 2007)
# OOXML: the part that names the document kind, and what it is.
OOXML_PARTS = {
    "word/document.xml": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "docx",
    ),
    "xl/workbook.xml": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "xlsx",
    ),
    "ppt/presentation.xml": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "pptx",
    ),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
    "application/vnd.oasis.opendocument.presentation": "odp",
}
# A zip whose members unpack to more than this is refused (a zip bomb in disguise).
MAX_UNPACKED_RATIO = 100


@dataclass(frozen=True)
class FileType:
    content_type: str
    extension: str


def _max_bytes() -> int:
    return int(settings.PROGRAMME_ATTACHMENT_MAX_BYTES)


def attachment_max_mb() -> str:
    """The size limit as people read it, for forms and messages."""
    return format_number(_max_bytes() / 1024 / 1024, 0)


def _refused() -> ValidationError:
    return ValidationError(
        {
            "file": _(
                "Filen er ikke en PDF eller et kontordokument (Word, Excel, PowerPoint, "
                "OpenDocument). Innholdet avgjør, ikke filnavnet."
            )
        }
    )


def _zip_type(path: Path, size: int) -> FileType:
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            if sum(m.file_size for m in members) > max(size, 1) * MAX_UNPACKED_RATIO:
                raise _refused()
            names = {m.filename for m in members}
            for part, (content_type, extension) in OOXML_PARTS.items():
                if part in names and "[Content_Types].xml" in names:
                    return FileType(content_type, extension)
            if "mimetype" in names:
                declared = archive.read("mimetype")[:100].decode("ascii", "replace").strip()
                if declared in ODF_TYPES:
                    return FileType(declared, ODF_TYPES[declared])
    except (zipfile.BadZipFile, OSError, EOFError, ValueError):
        pass
    raise _refused()


def file_type(path: Path) -> FileType:
    """What the stored file is, from its content; ValidationError if not allowed."""
    size = path.stat().st_size
    with path.open("rb") as stored:
        head = stored.read(8)
    if head.startswith(b"%PDF-"):
        return FileType("application/pdf", "pdf")
    if head == OLE2_MAGIC:
        return FileType("application/msword", "doc")
    if head.startswith(b"PK\x03\x04"):
        return _zip_type(path, size)
    raise _refused()


def attachment_path(attachment: Attachment) -> Path:
    return Path(settings.PROGRAMME_ATTACHMENT_DIR) / attachment.stored_name


def _store(upload: IO[bytes], target: Path) -> tuple[int, str]:
    """Copy the upload to target in chunks, stopping as soon as it is too large."""
    digest, size = hashlib.sha256(), 0
    with target.open("wb") as out:
        while chunk := upload.read(64 * 1024):
            size += len(chunk)
            if size > _max_bytes():
                raise ValidationError(
                    {
                        "file": _("Filen er større enn grensen på %(mb)s MB.")
                        % {"mb": attachment_max_mb()}
                    }
                )
            digest.update(chunk)
            out.write(chunk)
    if size == 0:
        raise ValidationError({"file": _("Filen er tom.")})
    return size, digest.hexdigest()


@transaction.atomic
def attachment_add(
    *, application: Application, upload: IO[bytes], name: str, kind: str, user: Any = None
) -> Attachment:
    """Check and keep an uploaded document; nothing is kept when it is refused."""
    if application.status not in EDITABLE:
        raise ValidationError(
            {"file": _("Vedlegg kan bare legges til mens søknaden er et utkast.")}
        )
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Ukjent type vedlegg.")})
    folder = Path(settings.PROGRAMME_ATTACHMENT_DIR)
    folder.mkdir(parents=True, exist_ok=True)
    stored_name = secrets.token_hex(16)
    target = folder / stored_name
    try:
        size, sha256 = _store(upload, target)
        found = file_type(target)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    clean = Path(name or "").name.strip()[:150] or _("vedlegg")
    if not clean.lower().endswith("." + found.extension):
        clean = f"{Path(clean).stem or _('vedlegg')}.{found.extension}"
    return Attachment.objects.create(
        application=application,
        kind=kind,
        name=clean,
        content_type=found.content_type,
        size=size,
        sha256=sha256,
        stored_name=stored_name,
        uploaded_by=acting_user(user),
    )


@transaction.atomic
def attachment_delete(*, attachment: Attachment) -> None:
    if attachment.application.status not in EDITABLE:
        raise ValidationError({"file": _("Vedlegg kan bare fjernes mens søknaden er et utkast.")})
    path = attachment_path(attachment)
    attachment.delete()
    transaction.on_commit(lambda: path.unlink(missing_ok=True))
