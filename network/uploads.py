"""Uploaded documents must be what their extension says: a renamed HTML page is refused."""

import os

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

# Formats that declare themselves in their first bytes (filetype knows their signatures).
BINARY_FORMATS = {"pdf", "docx", "xlsx", "pptx", "odt"}
# Plain-text formats have no signature: they must decode as text and must not be markup.
TEXT_FORMATS = {"csv", "txt"}
MARKUP_SIGNS = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")
SNIFF_BYTES = 8192
# Said by baobab.middleware when a request is over the size cap (kept here, in a catalogue).
TOO_LARGE = _("This file is too large: the limit is %(size)s.")


def sniff(upload) -> bytes:
    upload.seek(0)
    head = upload.read(SNIFF_BYTES)
    upload.seek(0)
    return head


def document_content_check(upload) -> None:
    """Raise ValidationError unless the file's content matches its extension."""
    extension = os.path.splitext(upload.name)[1].lower().lstrip(".")
    head = sniff(upload)
    if extension in BINARY_FORMATS:
        kind = filetype.guess(head)
        if kind is None or kind.extension != extension:
            raise ValidationError(
                _("This file's content is not a .%(extension)s file; it was refused."),
                code="content_mismatch",
                params={"extension": extension},
            )
    elif extension in TEXT_FORMATS:
        lowered = head.lower().lstrip()
        if filetype.guess(head) is not None or any(sign in lowered for sign in MARKUP_SIGNS):
            raise ValidationError(
                _("This file's content is not plain text; it was refused."),
                code="content_mismatch",
            )
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as error:
            # A multi-byte character cut by the sniffing window is still text.
            if error.start < len(head) - 4:
                raise ValidationError(
                    _("This file's content is not plain text; it was refused."),
                    code="content_mismatch",
                ) from None


class DocumentForm(BaseDocumentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and "file" in self.changed_data:
            document_content_check(upload)
        return upload
