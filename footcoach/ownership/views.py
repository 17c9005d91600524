"""The export page, its two downloads, and the import of an export file."""

from __future__ import annotations

import io
import tempfile
from typing import IO, Any

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from footcoach.accounts.models import User
from footcoach.core.export_format import MAX_FILE_BYTES, ExportFileError, read_export
from footcoach.ownership.actions import do_import
from footcoach.ownership.export import file_name
from footcoach.ownership.files import write_json, write_zip

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
TOO_LARGE = f"This file is larger than {MAX_FILE_BYTES // 2**20} MB, more than any export; choose your export file."
NO_FILE = "Choose your export file (footcoach-export-….json) first."


def _page(request: HttpRequest, status: int = 200, **context: Any) -> HttpResponse:
    context = {"json_name": file_name("json"), "zip_name": file_name("zip"),
               "max_mb": MAX_FILE_BYTES // 2**20, **context}
    return render(request, "ownership/export.html", context, status=status)


@never_cache
@login_required
@require_GET
def export_page(request: HttpRequest) -> HttpResponse:
    return _page(request)


def _download(write: Any, extension: str, content_type: str, request: HttpRequest) -> FileResponse:
    # Written to a temporary file first: memory stays bounded however long the
    # history, and a failure is an error page rather than a cut-off download.
    spool: IO[bytes] = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes it
    write(request.user, spool)
    spool.seek(0)
    return FileResponse(spool, as_attachment=True, filename=file_name(extension), content_type=content_type)


def _write_json(person: User, out: IO[bytes]) -> None:
    text = io.TextIOWrapper(out, encoding="utf-8", errors="replace")
    write_json(person, text)
    text.flush()
    text.detach()  # the file stays open for the response


@never_cache
@login_required
@require_GET
def export_json(request: HttpRequest) -> FileResponse:
    return _download(_write_json, "json", "application/json", request)


@never_cache
@login_required
@require_GET
def export_zip(request: HttpRequest) -> FileResponse:
    return _download(write_zip, "zip", "application/zip", request)


@never_cache
@login_required
@require_POST
def import_upload(request: HttpRequest) -> HttpResponse:
    # Said before the body is read, so that a huge upload is not even received.
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > MAX_FILE_BYTES + FORM_OVERHEAD:
        return _page(request, 413, import_error=TOO_LARGE)
    upload = request.FILES.get("file")
    if upload is None:
        return _page(request, 400, import_error=NO_FILE)
    if upload.size is not None and upload.size > MAX_FILE_BYTES:
        return _page(request, 413, import_error=TOO_LARGE)
    try:
        report = do_import(request.user, read_export(upload.read(MAX_FILE_BYTES + 1)))
    except ExportFileError as error:
        return _page(request, 400, problems=error.problems,
                     import_error=f"{upload.name[:80]} was not imported, and nothing of it was stored:")
    return _page(request, report=report)
