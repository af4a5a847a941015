"""Events: bad dates and zones refused; iCalendar feeds parsed back with their time zones."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError

from baobab.exceptions import SYSTEM
from learning import services
from learning.models import Event
from network.models import City


def _event(aston, **fields):
    values = {
        "network": aston,
        "title": "Data clinic",
        "kind": Event.Kind.EXPERT_SESSION,
        "start": datetime.datetime(2022, 6, 14, 10, tzinfo=ZoneInfo("Africa/Kampala")),
        "end": datetime.datetime(2022, 6, 14, 12, tzinfo=ZoneInfo("Africa/Kampala")),
        "timezone": "Africa/Kampala",
        "host_city": City.objects.get(slug="kampala"),
    }
    values.update(fields)
    return Event(**values)


def test_an_event_that_ends_before_it_starts_is_refused(aston):
    event = _event(aston, end=datetime.datetime(2022, 6, 14, 9, tzinfo=ZoneInfo("Africa/Kampala")))
    with pytest.raises(ValidationError) as error:
        services.event_save(event=event, actor=SYSTEM)
    assert error.value.message_dict["end"] == ["An event must end after it starts."]
    assert not Event.objects.filter(title="Data clinic").exists()


def test_an_unknown_time_zone_is_refused(aston):
    with pytest.raises(ValidationError) as error:
        services.event_save(event=_event(aston, timezone="Africa/Atlantis"), actor=SYSTEM)
    assert "Unknown time zone: Africa/Atlantis" in error.value.message_dict["timezone"][0]


def test_the_admin_form_refuses_bad_dates(login, aston):
    from django.urls import reverse

    client = login("secretariat")
    response = client.post(
        reverse("wagtailsnippets_learning_event:add"),
        {
            "network": aston.pk,
            "title": "Backwards",
            "kind": "training",
            "start": "2022-06-14 10:00",
            "end": "2022-06-14 09:00",
            "timezone": "Mars/Olympus",
            "languages": "fr",
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "An event must end after it starts." in text
    assert "Unknown time zone: Mars/Olympus" in text
    assert not Event.objects.filter(title="Backwards").exists()


def _parse(response):
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def test_the_network_feed_parses_back_with_correct_zones(client, aston):
    event = services.event_save(event=_event(aston), actor=SYSTEM)
    calendar = _parse(client.get("/events.ics"))
    assert calendar["version"] == "2.0"
    items = {str(item["uid"]): item for item in calendar.walk("VEVENT")}
    assert len(items) == Event.objects.filter(network=aston).count()
    item = items[f"event-{event.pk}@baobab"]
    start = item.decoded("dtstart")
    assert start == event.start
    assert str(start.tzinfo) == "Africa/Kampala"
    assert start.utcoffset() == datetime.timedelta(hours=3)
    assert item["dtstart"].params["TZID"] == "Africa/Kampala"
    assert {str(tz["tzid"]) for tz in calendar.walk("VTIMEZONE")} >= {"Africa/Kampala"}
    assert str(item["summary"]) == "Data clinic"


def test_a_city_feed_has_its_events_and_the_network_wide_ones(client, aston):
    event = services.event_save(event=_event(aston), actor=SYSTEM)
    lagos_only = services.event_save(
        event=_event(aston, title="Lagos lab", host_city=City.objects.get(slug="lagos")),
        actor=SYSTEM,
    )
    calendar = _parse(client.get("/cities/kampala/events.ics"))
    uids = {str(item["uid"]) for item in calendar.walk("VEVENT")}
    assert f"event-{event.pk}@baobab" in uids
    assert f"event-{lagos_only.pk}@baobab" not in uids
    network_wide = Event.objects.filter(network=aston, host_city__isnull=True).first()
    assert f"event-{network_wide.pk}@baobab" in uids
    assert client.get("/cities/atlantis/events.ics").status_code == 404


def test_add_to_calendar_file_of_one_event(client, aston):
    event = Event.objects.filter(network=aston, kind="transnational_meeting").exclude(place="")
    event = event.first()
    calendar = _parse(client.get(f"/events/{event.pk}.ics"))
    [item] = calendar.walk("VEVENT")
    assert item.decoded("dtstart") == event.start
    assert item.decoded("dtend") == event.end
    assert str(item["location"]) == event.place
    assert item.decoded("dtstart").tzinfo.key == event.timezone
    assert client.get("/events/999999.ics").status_code == 404


def test_admin_times_are_typed_in_the_events_zone(login, aston):
    from django.urls import reverse

    client = login("secretariat")
    response = client.post(
        reverse("wagtailsnippets_learning_event:add"),
        {
            "network": aston.pk,
            "title": "Kigali data walk",
            "kind": "peer_learning",
            "start": "2022-06-14 09:00",
            "end": "2022-06-14 11:00",
            "timezone": "Africa/Kigali",
            "languages": "fr, en",
        },
    )
    assert response.status_code == 302
    event = Event.objects.get(title="Kigali data walk")
    assert event.start == datetime.datetime(2022, 6, 14, 7, tzinfo=datetime.UTC)
    edit = client.get(reverse("wagtailsnippets_learning_event:edit", args=[event.pk]))
    assert 'value="2022-06-14 09:00"' in edit.content.decode()


AWKWARD = "Line one\nline two, with; a \\ backslash\r\nand more"


def test_every_calendar_field_is_escaped(client, aston):
    event = services.event_save(
        event=_event(
            aston,
            title="Data\nclinic, part 1; \\ draft",
            description=AWKWARD,
            place="Room 4, floor 2; east\nwing \\ annex",
        ),
        actor=SYSTEM,
    )
    for url in (f"/events/{event.pk}.ics", "/events.ics", "/cities/kampala/events.ics"):
        response = client.get(url)
        assert response.status_code == 200, url
        calendar = _parse(response)
        [item] = [i for i in calendar.walk("VEVENT") if str(i["uid"]) == calendar_uid(event)]
        assert str(item["summary"]) == "Data\nclinic, part 1; \\ draft"
        assert str(item["description"]).startswith(AWKWARD.replace("\r\n", "\n"))
        assert str(item["location"]) == "Room 4, floor 2; east\nwing \\ annex"
    one = client.get(f"/events/{event.pk}.ics").content.decode()
    assert "X-WR-CALNAME:Data\\nclinic\\, part 1\\; \\\\ draft" in one


def calendar_uid(event):
    return f"event-{event.pk}@baobab"
