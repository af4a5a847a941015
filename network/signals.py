"""Signals the lower layers send so the layers above can react without being imported."""

from django.dispatch import Signal

# Sent after a write that public pages may show but that no model signal announces (bulk
# updates, erasures, a restored backup). The public site's page cache listens and drops its pages.
public_content_changed = Signal()
