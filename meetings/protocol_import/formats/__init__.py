"""Reading each format's bytes as text, so that one text parser reads them all.

Each function takes the file's name (for the messages) and its bytes and returns the text
a reader sees, one visual line a line; it refuses what it cannot read with a
`ProtocolImportError` in Swedish.
"""

from .html import html_text
from .pdf import pdf_text
from .word import docx_text

__all__ = ["docx_text", "html_text", "pdf_text"]
