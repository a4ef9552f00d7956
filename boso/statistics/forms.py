from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import StopUpload, TemporaryFileUploadHandler
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from boso.statistics.import_flow import url_host_allowed
from boso.statistics.models import ImportProfile


def max_upload_mb() -> int:
    return int(settings.STATISTICS_IMPORT_MAX_BYTES // (1024 * 1024))


class SizeLimitedUploadHandler(TemporaryFileUploadHandler):
    """Streams an upload to a temporary file and stops reading at the size limit.

    Without it Django would store a file of any size before the form could refuse it.
    The rest of the request is read and thrown away (connection_reset=False), so the
    browser gets the form back with the message instead of a broken connection.
    """

    def __init__(self, request: HttpRequest, *, limit: int) -> None:
        super().__init__(request)
        self.limit = limit
        self.too_large = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > self.limit:
            self.too_large = True
            raise StopUpload(connection_reset=False)
        return super().receive_data_chunk(raw_data, start)


class ImportSourceForm(forms.Form):
    file = forms.FileField(
        label=_("Fil"),
        required=False,
        help_text=_("JSON-stat 2.0, PxWeb CSV eller regnearkmalen (.xlsx eller .csv)."),
    )
    url = forms.URLField(
        label=_("Eller adresse (URL)"),
        required=False,
        assume_scheme="https",
        help_text=_("En spørring mot PxWebApi v2, for eksempel fra data.ssb.no."),
    )
    profile = forms.ModelChoiceField(
        label=_("Importprofil"),
        queryset=ImportProfile.objects.order_by("name"),
        required=False,
        empty_label=_("Ingen – hver statistikkvariabel blir sin egen indikator"),
        help_text=_("Knytter tabellens variabler til indikatorer i katalogen."),
    )

    def __init__(self, *args: Any, upload_too_large: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.upload_too_large = upload_too_large

    def clean_file(self) -> UploadedFile | None:
        upload: UploadedFile | None = self.cleaned_data.get("file")
        too_large = self.upload_too_large or (
            upload is not None and (upload.size or 0) > settings.STATISTICS_IMPORT_MAX_BYTES
        )
        if too_large:
            raise forms.ValidationError(
                _("Filen er for stor. Største tillatte størrelse er %(mb)s MB."),
                params={"mb": max_upload_mb()},
                code="too_large",
            )
        return upload

    def clean_url(self) -> str:
        url: str = self.cleaned_data.get("url") or ""
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Adressen må begynne med https:// eller http://."))
        if url and not url_host_allowed(url):
            raise forms.ValidationError(
                _("boso henter ikke statistikk fra denne adressen. Tillatte verter: %(hosts)s."),
                params={"hosts": ", ".join(settings.STATISTICS_IMPORT_URL_HOSTS)},
                code="host",
            )
        return url

    def clean(self) -> dict[str, Any] | None:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        has_file = bool(self.cleaned_data.get("file"))
        has_url = bool(self.cleaned_data.get("url"))
        if has_file and has_url:
            self.add_error("url", _("Velg enten en fil eller en adresse, ikke begge."))
        elif not has_file and not has_url:
            self.add_error("file", _("Velg en fil eller skriv inn en adresse."))
        return cleaned
