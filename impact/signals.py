"""After an item of the library is published, its network's offline packs are rebuilt."""

from django.db import transaction

from baobab.exceptions import SYSTEM
from network.selectors import page_network


def item_published(sender, instance, **kwargs):
    from .models import OfflinePack
    from .services import offline_packs_request

    network = page_network(instance)
    # The first packs come from `manage.py build_packs`: a network that has none yet (the demo
    # while it loads, a new network) is not built item by item.
    if network is None or not OfflinePack.objects.filter(network=network).exists():
        return
    transaction.on_commit(lambda: offline_packs_request(network=network, actor=SYSTEM))
