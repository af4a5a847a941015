"""Background work of impact: rebuilding the offline knowledge packs."""

from django_tasks import task

from baobab.exceptions import SYSTEM


@task()
def build_offline_pack(network_id: int, language: str) -> None:
    from network.models import Network

    from .services import offline_pack_build

    network = Network.objects.filter(pk=network_id).first()
    if network is not None:
        offline_pack_build(network=network, language=language, actor=SYSTEM)
