"""An iCalendar feed of the client's schedule, so their phone's calendar reminds them.

Written by hand (RFC 5545 needs only a few properties here): one weekly event per assignment
and session of the day, at a fixed local time the client can move in their own calendar, as
long as the routine's estimate (routines.durations).
"""

from datetime import datetime, time

from django.utils import timezone

from routines.durations import calendar_minutes

SESSION_TIMES = [time(8, 0), time(13, 0), time(19, 0)]  # first, second, third session of a day
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def _escape(text):
    """RFC 5545 TEXT: backslash, semicolon and comma escaped; any line break (CRLF, LF or a bare
    CR, which would otherwise end the property line early) becomes the two characters \\n."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _fold(line):
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    encoded = line.encode()
    parts = []
    while len(encoded) > 75:
        cut = 75
        while (encoded[cut] & 0xC0) == 0x80:  # never split a UTF-8 character
            cut -= 1
        parts.append(encoded[:cut].decode())
        encoded = b" " + encoded[cut:]
    parts.append(encoded.decode())
    return "\r\n".join(parts)


def assignment_calendar(assignments, page_url, host):
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Psoas Coach//Stretching schedule//EN",
        "CALSCALE:GREGORIAN",
        "X-WR-CALNAME:Stretching",
    ]
    for assignment in assignments:
        days = ",".join(BYDAY[day] for day in sorted(assignment.weekdays))
        for number in range(1, assignment.sessions_per_day + 1):
            start = datetime.combine(assignment.starts_on, SESSION_TIMES[number - 1])
            rule = f"FREQ=WEEKLY;BYDAY={days}"
            if assignment.ends_on:
                rule += f";UNTIL={assignment.ends_on:%Y%m%d}T235959"
            lines += [
                "BEGIN:VEVENT",
                f"UID:assignment-{assignment.pk}-{number}@{host}",
                f"DTSTAMP:{stamp}",
                f"DTSTART:{start:%Y%m%dT%H%M%S}",
                f"DURATION:PT{calendar_minutes(assignment.steps.all())}M",
                f"RRULE:{rule}",
                f"SUMMARY:{_escape(assignment.title)}",
                f"DESCRIPTION:{_escape('Open your routine: ' + page_url)}",
                f"URL:{page_url}",
                "END:VEVENT",
            ]
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
