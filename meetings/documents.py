"""The protocol and a paragraph's extract (protokollsutdrag) as tagged PDF/UA-1 documents.

Each PDF view is the HTML view it belongs to with another response: the same queryset, the
same object lookup and the same context, so a PDF shows a user exactly what the page does
(`visible_to`, `with_protocol_for`), rendered by WeasyPrint from the portal's own templates.
"""

from __future__ import annotations

from django.contrib.staticfiles import finders
from django.http import Http404, HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header
from django.views.generic import DetailView

from .models import AgendaItem, Meeting, can_see_unpublished
from .views import AgendaItemDetailView, MeetingDetailView

STYLESHEET = "css/pdf.css"


def render_pdf(request: HttpRequest, template_name: str, context: dict) -> bytes:
    """A template rendered as a tagged PDF/UA-1: structure tree, language, title, metadata.

    The stylesheet is read from the file system and the fonts are the system's, so nothing
    is fetched: the fetcher refuses every URL, and a link in the text stays a link.
    """
    # Imported here, not at the top: WeasyPrint takes a second to import, and every worker
    # and management command loads the URLs, while few requests are for a PDF.
    from weasyprint import CSS, HTML, URLFetcher

    html = render_to_string(template_name, context, request=request)
    stylesheet = CSS(filename=finders.find(STYLESHEET))
    return HTML(
        string=html,
        base_url=request.build_absolute_uri("/"),
        url_fetcher=URLFetcher(allowed_protocols=()),
    ).write_pdf(pdf_variant="pdf/ua-1", stylesheets=[stylesheet])


class PdfResponseMixin:
    """Answer a detail view with its object as a PDF download instead of an HTML page;
    the view names the file (`get_filename`)."""

    request: HttpRequest

    def render_to_response(self, context: dict, **response_kwargs) -> HttpResponse:
        response = HttpResponse(
            render_pdf(self.request, self.template_name, context),
            content_type="application/pdf",
            headers={"Content-Disposition": content_disposition_header(True, self.get_filename())},
        )
        # A member's PDF may hold drafts: no shared cache may keep it for the next visitor.
        if can_see_unpublished(self.request.user):
            patch_cache_control(response, private=True, no_store=True)
        return response


class ProtocolPdfView(PdfResponseMixin, MeetingDetailView):
    """/moten/<organ>/<datum>/protokoll.pdf: the paragraphs of the protocol the user may read."""

    template_name = "meetings/protocol_pdf.html"

    def get_object(self, queryset=None) -> Meeting:
        meeting = super().get_object(queryset)
        # The page of a planned meeting is its notice; a PDF is only of minutes one may read.
        if not meeting.readable_items:
            raise Http404("Nothing of this protocol is readable.")
        return meeting

    def get_context_data(self, **kwargs) -> dict:
        meeting = self.object
        return super().get_context_data(
            is_draft=any(not item.is_adjusted for item in meeting.readable_items),
            source_url=self.request.build_absolute_uri(meeting.get_absolute_url()),
            **kwargs,
        )

    def get_filename(self) -> str:
        return f"{self.object.body.slug}-{self.object.date.isoformat()}.pdf"


class ExtractPdfView(PdfResponseMixin, AgendaItemDetailView):
    """/moten/<organ>/<år>/paragraf/<§>/utdrag.pdf: one paragraph's protokollsutdrag."""

    template_name = "meetings/extract_pdf.html"

    def get(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        # No redirect of a renumbered paragraph's old number, as the page has: an extract
        # is fetched from the paragraph's page, whose link has the current number.
        return DetailView.get(self, request, *args, **kwargs)

    def get_context_data(self, **kwargs) -> dict:
        item: AgendaItem = self.object
        return super().get_context_data(
            meeting=item.meeting,
            is_draft=not item.is_adjusted,
            source_url=self.request.build_absolute_uri(item.get_absolute_url()),
            today=timezone.localdate(),
            **kwargs,
        )

    def get_filename(self) -> str:
        item: AgendaItem = self.object
        meeting = item.meeting
        part = f"paragraf-{item.number}" if item.number else f"punkt-{item.position}"
        return f"{meeting.body.slug}-{meeting.date.isoformat()}-{part}.pdf"
