"""Uploaded documents must be what their extension says: a renamed HTML page is refused; an
uploaded image must decode in full, not just start like an image."""

import os

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image as PillowImage
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm

# Formats that declare themselves in their first bytes (filetype knows their signatures).
BINARY_FORMATS = {"pdf", "docx", "xlsx", "pptx", "odt"}
# Plain-text formats have no signature: they must decode as text and must not be markup.
TEXT_FORMATS = {"csv", "txt"}
MARKUP_SIGNS = (b"<html", b"<!doctype", b"<svg", b"<script", b"<?xml", b"<body", b"<iframe")
SNIFF_BYTES = 8192


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


NOT_AN_IMAGE = _("This file is not a valid image: it is damaged or incomplete; it was refused.")


def image_content_check(upload) -> None:
    """Raise ValidationError unless Pillow reads the whole image. Wagtail checks the first
    bytes only: a GIF header followed by junk, or a PNG cut short, passed and then failed
    (a 500) when its thumbnail was made."""
    extension = os.path.splitext(upload.name or "")[1].lower().lstrip(".")
    if extension == "svg":
        return  # vector images are text, checked by Wagtail's own SVG handling
    try:
        upload.seek(0)
        with PillowImage.open(upload) as image:
            image.verify()  # the structure and checksums, without decoding
        upload.seek(0)
        with PillowImage.open(upload) as image:
            image.load()  # every pixel: catches data cut short
    except Exception:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from None
    finally:
        upload.seek(0)


class CheckedImageField(WagtailImageField):
    def to_python(self, data):
        # Before Wagtail's own checks, which hand the file to Pillow and fail with an error of
        # Pillow's (a 500) when the file only starts like an image.
        if data not in self.empty_values and hasattr(data, "seek"):
            image_content_check(data)
        return super().to_python(data)


class ImageForm(BaseImageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if type(field) is WagtailImageField:
            # Wagtail builds this field with its label, help and widget; only its check changes
            # (the form's fields are copies, so this touches no other form).
            field.__class__ = CheckedImageField
