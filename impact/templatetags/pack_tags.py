from django import template
from django.urls import reverse

from network.selectors import page_network

register = template.Library()


@register.inclusion_tag("impact/includes/offline_packs_link.html")
def offline_packs_link(subject):
    """The link to the offline packs of a network (or of the network of a page), in the
    reader's language."""
    network = subject if hasattr(subject, "languages") else page_network(subject)
    if network is None:
        return {"url": ""}
    return {"url": reverse("impact_offline_packs", args=[network.slug])}
