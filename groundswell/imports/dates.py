"""Dates as other tools write them: ISO 8601 (with or without a time or zone), Unix
timestamps, and the "YYYY-MM-DD HH:MM:SS" of spreadsheets. A date without a zone is UTC."""

import datetime as dt

from django.utils.dateparse import parse_date as parse_day
from django.utils.dateparse import parse_datetime


def parse_date(value: str | int | float | None) -> dt.datetime | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float) or str(value).strip().isdigit():
        seconds = float(value)
        if seconds > 1e11:  # milliseconds, as JavaScript writes them
            seconds /= 1000
        try:
            return dt.datetime.fromtimestamp(seconds, tz=dt.UTC)
        except (OverflowError, OSError, ValueError):
            return None
    text = str(value).strip()
    try:
        parsed = parse_datetime(text.replace(" UTC", "Z"))
        if parsed is None:
            day = parse_day(text)
            parsed = dt.datetime(day.year, day.month, day.day) if day else None
    except ValueError:
        return None
    if parsed is None:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
