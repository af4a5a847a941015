from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from .selectors import published_items

FEED_SIZE = 30


class KnowledgeFeed(Feed):
    """The library's latest published items, in the library's language (Atom)."""

    feed_type = Atom1Feed

    def get_object(self, request, index):
        self.request = request
        return index

    def title(self, index):
        return _("Baobab knowledge library: %(title)s") % {"title": index.title}

    def link(self, index):
        return index.url

    def subtitle(self, index):
        return _("City stories, case studies, lessons and methods of the network.")

    def items(self, index):
        return (
            published_items()
            .filter(locale_id=index.locale_id)
            .defer_streamfields()
            .order_by("-first_published_at", "-pk")[:FEED_SIZE]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_url(request=self.request)

    def item_pubdate(self, item):
        return item.first_published_at

    def item_updateddate(self, item):
        return item.last_published_at
