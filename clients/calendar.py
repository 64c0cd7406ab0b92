"""An iCalendar feed of the client's schedule, so their phone's calendar reminds them.

Built with the icalendar library (escaping, folding, time zones and alarms are its job, not
ours): one weekly event per assignment and session of the day, at the time the client chose for
their reminders on their page (else a sensible default), in the time zone they chose there (else
the site's), with that zone's VTIMEZONE so the time stays put across daylight-saving changes,
lasting as long as the routine's estimate (routines.durations), with an alarm when it starts.
Its words are in the client's language (the shared page's view activates it).
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from icalendar import Alarm, Calendar, Event, Timezone, vRecur

from routines.durations import calendar_minutes

DEFAULT_TIMES = [time(8, 0), time(13, 0), time(19, 0)]  # first, second, third session of a day
SESSION_GAP = timedelta(hours=5)  # later sessions of a day follow the reminder time by this much
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def session_times(reminder):
    """The start time of each session of a day: the client's reminder time for the first (when
    they set one), the others a few hours apart; the defaults otherwise."""
    if reminder is None or not reminder.enabled:
        return DEFAULT_TIMES
    first = datetime.combine(datetime.min, reminder.time_of_day)
    return [(first + SESSION_GAP * n).time() for n in range(3)]


def assignment_calendar(assignments, page_url, host, reminder=None):
    zone = reminder.zone if reminder else ZoneInfo(settings.TIME_ZONE)
    calendar = Calendar()
    calendar.add("prodid", "-//Psoas Coach//Stretching schedule//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", gettext("Stretching"))
    calendar.add("x-wr-timezone", zone.key)
    times = session_times(reminder)
    first_day = min((a.starts_on for a in assignments), default=timezone.localdate())
    calendar.add_component(Timezone.from_tzid(zone.key, first_date=first_day))
    stamp = timezone.now().astimezone(UTC)
    for assignment in assignments:
        minutes = calendar_minutes(assignment.steps.all())
        for number in range(1, assignment.sessions_per_day + 1):
            start = datetime.combine(assignment.starts_on, times[number - 1], tzinfo=zone)
            rule = {"freq": "weekly", "byday": [BYDAY[d] for d in sorted(assignment.weekdays)]}
            if assignment.ends_on:
                last = datetime.combine(assignment.ends_on, time(23, 59, 59), tzinfo=zone)
                rule["until"] = last.astimezone(UTC)  # RFC 5545: UTC when DTSTART has a TZID
            event = Event()
            event.add("uid", f"assignment-{assignment.pk}-{number}@{host}")
            event.add("dtstamp", stamp)
            event.add("dtstart", start)
            event.add("duration", timedelta(minutes=minutes))
            event.add("rrule", vRecur(rule))
            event.add("summary", assignment.title)
            event.add("description", gettext("Open your routine: {url}").format(url=page_url))
            event.add("url", page_url)
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add(
                "description", gettext("Time to stretch: {title}").format(title=assignment.title)
            )
            alarm.add("trigger", timedelta(0))
            event.add_component(alarm)
            calendar.add_component(event)
    return calendar.to_ical().decode()
