import pytest

from learning.models import Quarter, Topic


@pytest.fixture
def open_quarter(aston):
    return Quarter.objects.get(network=aston, name="2022 Q3")


@pytest.fixture
def waiting_topics(aston):
    return list(Topic.objects.filter(network=aston, status="waiting").order_by("title"))
