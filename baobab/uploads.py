"""Stops an upload as soon as it passes the size cap, whatever its declared length."""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    """First of the upload handlers: counts the bytes of each file as they stream in and stops
    the upload past BAOBAB_UPLOAD_MAX_BYTES, so nothing larger is kept in memory or on disk."""

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.BAOBAB_UPLOAD_MAX_BYTES:
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None
