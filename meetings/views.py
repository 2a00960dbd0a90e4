from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views import View

from .models import Attachment, can_see_unpublished


class AttachmentDownloadView(View):
    """Serve an attachment's file, but only to someone who may see the attachment.

    Files live outside every web root; this view is their only way out. A visitor who may
    not see the attachment gets the same 404 as for one that does not exist.
    """

    def get(self, request: HttpRequest, pk: int) -> FileResponse:
        attachment = get_object_or_404(Attachment.objects.visible_to(request.user), pk=pk)
        if not attachment.file:
            raise Http404("The attachment has no file.")
        try:
            handle = attachment.file.open("rb")
        except FileNotFoundError as error:
            raise Http404("The attachment's file is missing.") from error
        response = FileResponse(
            handle, as_attachment=True, filename=attachment.file.name.rsplit("/", 1)[-1]
        )
        if can_see_unpublished(request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response
