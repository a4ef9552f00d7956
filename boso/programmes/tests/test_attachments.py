"""Attachments: checked by content, bounded in size, kept outside the web root and
served only to those who may read the application."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from boso.programmes import services
from boso.programmes.models import Attachment

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _xlsx() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def _stored(settings: Any) -> tuple[int, int]:
    """(attachment rows, files on disk) — a refused upload changes neither."""
    return Attachment.objects.count(), len(list(Path(settings.PROGRAMME_ATTACHMENT_DIR).iterdir()))


def _upload(client: Client, draft: Any, name: str, content: bytes, kind: str = "other") -> Any:
    return client.post(
        reverse("programmes:attachment-upload", args=[draft.pk]),
        {"kind": kind, "file": SimpleUploadedFile(name, content, "application/pdf")},
    )


def test_pdf_is_kept_and_served_to_the_right_people(
    draft: Any, users: dict[str, Any], settings: Any
) -> None:
    coordinator = _client(users["coordinator"])
    response = _upload(coordinator, draft, "vedtak formannskapet.pdf", PDF, "political_decision")
    assert response.status_code == 302
    attachment = Attachment.objects.get(application=draft, name="vedtak formannskapet.pdf")
    assert (attachment.name, attachment.content_type, attachment.size) == (
        "vedtak formannskapet.pdf",
        "application/pdf",
        len(PDF),
    )
    stored = Path(settings.PROGRAMME_ATTACHMENT_DIR) / attachment.stored_name
    assert stored.read_bytes() == PDF
    assert attachment.stored_name not in attachment.name  # a random name on disk

    url = reverse("programmes:attachment", args=[attachment.pk])
    served = coordinator.get(url)
    assert served.status_code == 200
    # Reading to the end closes the file (close() would also end the test's connection).
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]
    assert served["Content-Type"] == "application/pdf"
    assert "attachment" in served["Content-Disposition"]
    by_advisor = _client(users["advisor"]).get(url)
    assert by_advisor.status_code == 200
    assert b"".join(by_advisor.streaming_content) == PDF  # type: ignore[attr-defined]
    for role in ("coordinator_other", "advisor_other", "reader"):  # reader: still a draft
        assert _client(users[role]).get(url).status_code == 403
    assert Client().get(url).status_code == 302


def test_office_document_is_named_by_its_content(draft: Any, users: dict[str, Any]) -> None:
    assert _upload(_client(users["coordinator"]), draft, "budsjett.pdf", _xlsx()).status_code == 302
    attachment = Attachment.objects.get(application=draft, kind="other")
    assert attachment.name == "budsjett.xlsx"
    assert attachment.content_type.endswith("spreadsheetml.sheet")


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("vedtak.pdf", b"MZ\x90\x00 a program in disguise"),
        ("vedtak.docx", b"PK\x03\x04 not really a zip"),
        ("tom.pdf", b""),
    ],
)
def test_disguised_or_empty_files_are_refused(
    draft: Any, users: dict[str, Any], settings: Any, name: str, content: bytes
) -> None:
    before = _stored(settings)
    response = _upload(_client(users["coordinator"]), draft, name, content)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_file-error"' in html
    assert _stored(settings) == before


def test_zip_bomb_disguised_as_docx_is_refused(
    draft: Any, users: dict[str, Any], settings: Any
) -> None:
    before = _stored(settings)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 20_000_000)
    response = _upload(_client(users["coordinator"]), draft, "vedtak.docx", out.getvalue())
    assert response.status_code == 400
    assert "ikke en PDF eller et kontordokument" in response.content.decode()
    assert _stored(settings) == before


def test_oversized_file_is_refused(draft: Any, users: dict[str, Any], settings: Any) -> None:
    settings.PROGRAMME_ATTACHMENT_MAX_BYTES = 1024 * 1024
    before = _stored(settings)
    big = PDF + b"0" * (1024 * 1024)
    response = _upload(_client(users["coordinator"]), draft, "stor.pdf", big)
    assert response.status_code == 400
    assert "større enn grensen på 1 MB" in response.content.decode()
    assert _stored(settings) == before


def test_only_the_coordinator_adds_or_removes(draft: Any, users: dict[str, Any]) -> None:
    for role in ("coordinator_other", "reader", "advisor"):
        assert _upload(_client(users[role]), draft, "v.pdf", PDF).status_code == 403
    attachment = services.attachment_add(
        application=draft, upload=io.BytesIO(PDF), name="v.pdf", kind="other"
    )
    delete = reverse("programmes:attachment-delete", args=[attachment.pk])
    assert _client(users["coordinator_other"]).post(delete).status_code == 403
    assert _client(users["coordinator"]).post(delete).status_code == 302
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_no_attachments_once_submitted(draft: Any, users: dict[str, Any]) -> None:
    from boso.programmes.tests.seed import BEFORE

    services.application_submit(application=draft, user=users["coordinator"], today=BEFORE)
    with pytest.raises(ValidationError, match="utkast"):
        services.attachment_add(
            application=draft, upload=io.BytesIO(PDF), name="v.pdf", kind="other"
        )


def test_the_api_sends_the_file_to_a_token(draft: Any, users: dict[str, Any]) -> None:
    from boso.accounts.services import api_token_create

    listed = _client(users["coordinator"]).get(f"/api/v1/programmes/applications/{draft.pk}")
    [entry] = listed.json()["attachments"]  # the decision the draft fixture attached
    attachment = Attachment.objects.get(pk=entry["id"])
    assert entry["download_url"] == f"/api/v1/programmes/attachments/{attachment.pk}/file"
    token = api_token_create(user=users["coordinator"], name="test")[1]
    served = Client(headers={"Authorization": f"Bearer {token}"}).get(entry["download_url"])
    assert served.status_code == 200
    assert served["Content-Type"] == "application/pdf"
    assert b"".join(served.streaming_content) == PDF  # type: ignore[attr-defined]
    other = api_token_create(user=users["coordinator_other"], name="test")[1]
    refused = Client(headers={"Authorization": f"Bearer {other}"}).get(entry["download_url"])
    assert refused.status_code == 403
