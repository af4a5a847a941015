"""RFC 5545 calendars of the network's events, with the icalendar library."""

from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone

PRODID = "-//Baobab//Learning journey//EN"


def uid(event) -> str:
    # Stable across renames and feeds: a calendar updates the event instead of adding a copy.
    return f"event-{event.pk}@{getattr(settings, 'BAOBAB_CALENDAR_DOMAIN', 'baobab')}"


def component(event, *, request=None) -> icalendar.Event:
    zone = ZoneInfo(event.timezone)
    item = icalendar.Event()
    item.add("uid", uid(event))
    item.add("dtstamp", timezone.now())
    item.add("last-modified", event.updated_at)
    # Times in the organiser's zone, with a VTIMEZONE: a calendar shows them in its own zone.
    item.add("dtstart", event.start.astimezone(zone))
    item.add("dtend", event.end.astimezone(zone))
    item.add("summary", event.title)
    description = "\n\n".join(
        text
        for text in (event.description, f"{event.get_kind_display()}", event.online_url)
        if text
    )
    if description:
        item.add("description", description)
    location = event.place or event.online_url
    if location:
        item.add("location", location)
    if event.online_url:
        item.add("url", event.online_url)
    item.add("categories", [event.get_kind_display()])
    return item


def feed(events, *, name: str, request=None) -> bytes:
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    # An X- property has no declared type, so icalendar would write it unescaped: typed as TEXT,
    # a title's line break, comma or semicolon is escaped like every other text property.
    cal.add("x-wr-calname", icalendar.vText(name))
    for event in events:
        cal.add_component(component(event, request=request))
    cal.add_missing_timezones()
    return cal.to_ical()
