"""The learning journey's writes share the network's save: an edit is logged only when a field
really changed."""

import datetime
from zoneinfo import ZoneInfo

from wagtail.log_actions import registry

from baobab.exceptions import SYSTEM
from learning import services
from learning.models import Event


def _actions(instance):
    return list(registry.get_logs_for_instance(instance).values_list("action", flat=True))


def test_saving_an_event_unchanged_logs_nothing_and_a_change_logs_one_edit(aston):
    start = datetime.datetime(2022, 6, 14, 10, tzinfo=ZoneInfo("Africa/Kampala"))
    event = services.event_save(
        event=Event(
            network=aston,
            title="Data clinic",
            kind=Event.Kind.EXPERT_SESSION,
            start=start,
            end=start + datetime.timedelta(hours=2),
            timezone="Africa/Kampala",
        ),
        actor=SYSTEM,
    )
    assert _actions(event) == ["wagtail.create"]

    services.event_save(event=Event.objects.get(pk=event.pk), actor=SYSTEM)
    assert _actions(event) == ["wagtail.create"]

    again = Event.objects.get(pk=event.pk)
    again.title = "Data clinic, second round"
    services.event_save(event=again, actor=SYSTEM)
    assert sorted(_actions(event)) == ["wagtail.create", "wagtail.edit"]
