"""Importing a protocol from the meeting list: upload, preview, then confirm or cancel."""

import datetime
import secrets

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..forms import (
    ProtocolUploadForm,
)
from ..models import (
    Body,
)
from ..protocol_import import ProtocolImportError, import_protocol, read_protocol


class ProtocolImportAdminMixin:
    """Import a protocol file from the meeting list: upload, preview, then confirm or cancel.

    The file waits in the private file storage under a random token that only the uploader's
    session holds (any worker can answer the next step, and the session row stays small), and
    confirming parses it again: what is written never depends on anything the browser sends
    back but the token of the upload.
    """

    change_list_template = "admin/meetings/meeting/change_list.html"
    import_session_key = "protocol_imports"
    pending_import_folder = "imports/pending"
    # Longer than any session lives (SESSION_MAX_LIFETIME): an older file belongs to no one.
    pending_import_lifetime = datetime.timedelta(days=1)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("importera/", view(self.import_upload_view), name="meetings_meeting_import"),
            path(
                "importera/<str:token>/",
                view(self.import_preview_view),
                name="meetings_meeting_import_preview",
            ),
            *super().get_urls(),
        ]

    def pending_import_path(self, token: str) -> str:
        return f"{self.pending_import_folder}/{token}"

    def delete_abandoned_imports(self) -> None:
        """Delete the files of previews nobody confirmed or cancelled."""
        if not default_storage.exists(self.pending_import_folder):
            return
        cutoff = timezone.now() - self.pending_import_lifetime
        for name in default_storage.listdir(self.pending_import_folder)[1]:
            if default_storage.get_modified_time(self.pending_import_path(name)) < cutoff:
                default_storage.delete(self.pending_import_path(name))

    def import_upload_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ProtocolUploadForm(
            request.POST or None,
            request.FILES or None,
            initial={"body": Body.objects.filter(short_name="SVOM").first()},
        )
        if request.method == "POST" and form.is_valid():
            self.delete_abandoned_imports()
            token = secrets.token_urlsafe(16)
            default_storage.save(
                self.pending_import_path(token), ContentFile(form.cleaned_data["data"])
            )
            # Only the latest few uploads wait, so an abandoned preview costs little.
            pending = request.session.get(self.import_session_key, {})
            for old_token in list(pending)[:-2]:
                default_storage.delete(self.pending_import_path(old_token))
            pending = dict(list(pending.items())[-2:])
            pending[token] = {
                "name": form.cleaned_data["file"].name,
                "body": form.cleaned_data["body"].pk,
                "date": form.cleaned_data["date"].isoformat(),
                "adjusted": form.cleaned_data["adjusted"],
                "replace": form.cleaned_data["replace"],
            }
            request.session[self.import_session_key] = pending
            return redirect("admin:meetings_meeting_import_preview", token)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Importera protokoll"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/meeting/import_protocol.html", context)

    def import_preview_view(self, request: HttpRequest, token: str) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        pending_imports = request.session.get(self.import_session_key, {})
        # Only a token of this session opens a file: the URL alone opens nothing.
        upload = pending_imports.get(token)
        data = None
        if upload is not None:
            try:
                with default_storage.open(self.pending_import_path(token)) as file:
                    data = file.read()
            except FileNotFoundError:
                pass
        if data is None:
            self.message_user(
                request,
                _("Importen finns inte längre: den är redan gjord eller avbruten."),
                messages.WARNING,
            )
            return redirect("admin:meetings_meeting_import")
        confirm = request.method == "POST" and "confirm" in request.POST
        if request.method == "POST":
            # Forget the upload before importing, so that a second click imports nothing.
            request.session[self.import_session_key] = {
                key: value for key, value in pending_imports.items() if key != token
            }
            default_storage.delete(self.pending_import_path(token))
            if not confirm:
                self.message_user(request, _("Importen avbröts; inget sparades."))
                return redirect("admin:meetings_meeting_changelist")
        body = get_object_or_404(Body, pk=upload["body"])
        try:
            parsed = read_protocol(upload["name"], data)
            report = import_protocol(
                parsed,
                body=body,
                date=datetime.date.fromisoformat(upload["date"]) if upload["date"] else None,
                adjusted=upload["adjusted"],
                replace=upload["replace"],
                dry_run=not confirm,
                user=request.user,
            )
        except ProtocolImportError as error:
            self.message_user(request, str(error), messages.ERROR)
            return redirect("admin:meetings_meeting_import")
        if confirm:
            if report.meeting is None:
                self.message_user(request, report.summary(), messages.WARNING)
                return redirect("admin:meetings_meeting_changelist")
            self.message_user(request, report.summary(), messages.SUCCESS)
            return redirect("admin:meetings_meeting_change", report.meeting.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("Förhandsgranska import av %(file)s") % {"file": upload["name"]},
            "report": report,
            "upload": upload,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/meetings/meeting/import_preview.html", context)
