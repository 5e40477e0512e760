"""Publication dates from any common form (ISO, RFC 822, '18 Feb 2025 09.15 GMT', epochs) to UTC."""
from __future__ import annotations

import datetime as dt
import re
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo

import pandas as pd
from dateutil import parser as dateutil_parser

_ZONES = {
    "ET": "America/New_York", "EST": "America/New_York", "EDT": "America/New_York",
    "CT": "America/Chicago", "CST": "America/Chicago", "CDT": "America/Chicago",
    "PT": "America/Los_Angeles", "PST": "America/Los_Angeles", "PDT": "America/Los_Angeles",
    "BST": "Europe/London", "CET": "Europe/Berlin", "CEST": "Europe/Berlin",
    "EET": "Europe/Kyiv", "EEST": "Europe/Kyiv", "MSK": "Europe/Moscow",
    "GMT": "UTC", "UTC": "UTC", "UT": "UTC", "Z": "UTC",
}
_TZINFOS = {name: ZoneInfo(zone) for name, zone in _ZONES.items()}
_PREFIX = re.compile(r"^\s*(?:(?:first\s+)?published(?:\s+on)?|updated(?:\s+on)?|posted(?:\s+on)?|"
                     r"last\s+modified|date)\s*:?\s*", re.I)
_DOTTED_TIME = re.compile(r"\b(\d{1,2})\.(\d{2})(?=\s*(?:[ap]\.?m\.?|[A-Z]{1,4}\b|$))", re.I)
_MERIDIEM = re.compile(r"\b([ap])\.m\.", re.I)
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d|21\d\d)(?!\d)")
_ISO_BASIC = re.compile(r"^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})?(Z|[+-]\d{4})?)?$")
_FILENAME_DATE = re.compile(
    r"(?<!\d)(\d{4})-?(\d{2})-?(\d{2})"
    r"(?:T(\d{2}):?(\d{2})(?::?(\d{2}))?(Z|[+-]\d{2}:?\d{2})?)?(?!\d)")


def to_utc(value: dt.datetime | pd.Timestamp) -> pd.Timestamp:
    """A timezone-aware UTC Timestamp; naive values are taken to be UTC already."""
    ts = pd.Timestamp(value)
    return ts.tz_localize("UTC") if ts.tzinfo is None else ts.tz_convert("UTC")


# Epochs: the largest second count that is still a date (9999-12-31T23:59:59Z), and the plausible span.
_LAST_SECOND = 253402300799
_FIRST_PLAUSIBLE, _LAST_PLAUSIBLE = -2208988800, 4133980799  # 1900-01-01 .. 2100-12-31, in seconds
_WIDEST_OFFSET = dt.timedelta(hours=14)  # Kiribati's +14:00; nothing on Earth is further from UTC


def _plausible(ts: pd.Timestamp) -> pd.Timestamp | None:
    return ts if 1900 <= ts.year <= 2100 else None


def _accept(value: dt.datetime) -> pd.Timestamp | None:
    """A parsed date as UTC when its offset exists on Earth and its year is plausible."""
    try:
        offset = value.utcoffset()  # raises for offsets of a day or more
        if offset is not None and abs(offset) > _WIDEST_OFFSET:
            return None
        return _plausible(to_utc(value))
    except (ValueError, OverflowError):
        return None


def _from_epoch(number: float) -> pd.Timestamp | None:
    """A Unix epoch in seconds, milliseconds, microseconds or nanoseconds, told apart by size.

    The unit is the coarsest in which the number is still a date (up to 9999-12-31): 253402214400
    is 9999-12-31 in seconds (and so refused as implausible), not 1978 in milliseconds. Only
    1900..2100 are accepted; anything else, infinite or NaN, is None.
    """
    if number != number or abs(number) == float("inf"):
        return None
    for unit, scale in (("s", 1), ("ms", 1e3), ("us", 1e6), ("ns", 1e9)):
        if abs(number) <= _LAST_SECOND * scale:
            if not _FIRST_PLAUSIBLE * scale <= number <= _LAST_PLAUSIBLE * scale:
                return None
            return pd.Timestamp(number, unit=unit, tz="UTC")
    return None


def parse_date(value) -> pd.Timestamp | None:
    """Parse one publication date to a UTC Timestamp, or None when it is not a recognisable date.

    Strings need a four-digit year (so a bare "March 5" is not silently given this year);
    numeric strings and numbers are Unix epochs in s/ms/us/ns. Ambiguous 2/12/2025 reads month first.
    """
    if value is None or value is pd.NaT:
        return None
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        return _accept(value)
    if isinstance(value, dt.date):
        return _plausible(to_utc(dt.datetime(value.year, value.month, value.day)))
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        try:
            return _from_epoch(float(value))
        except OverflowError:  # an int too large for a float
            return None
    text = str(value).strip()
    if not text:
        return None
    if re.fullmatch(r"-?\d{9,19}(\.\d+)?", text):
        return _from_epoch(float(text))
    basic = _ISO_BASIC.match(text)
    if basic:
        y, mo, d, h, mi, s, tz = basic.groups()
        text = f"{y}-{mo}-{d}" + (f"T{h}:{mi}:{s or '00'}{tz or ''}" if h else "")
    if not _YEAR.search(text):
        return None
    try:
        return _accept(dt.datetime.fromisoformat(text.replace("Z", "+00:00")))
    except ValueError:
        pass
    cleaned = _PREFIX.sub("", text)
    cleaned = _DOTTED_TIME.sub(r"\1:\2", cleaned)
    cleaned = _MERIDIEM.sub(lambda m: f"{m.group(1)}m", cleaned).replace(" at ", " ")
    try:
        parsed = dateutil_parser.parse(cleaned, tzinfos=_TZINFOS, default=dt.datetime(1, 1, 1))
    except (ValueError, OverflowError, TypeError):
        parsed = None
    if parsed is not None and parsed.year != 1:
        return _accept(parsed)
    try:  # RFC 822 forms dateutil rejects, e.g. obsolete zone names
        return _accept(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def date_from_filename(name: str) -> pd.Timestamp | None:
    """A date or timestamp embedded in a file name: ISO basic (20220125T090000Z_x) or extended."""
    stem = name.rsplit("/", 1)[-1]
    for match in _FILENAME_DATE.finditer(stem):
        y, mo, d, h, mi, s, tz = match.groups()
        try:
            moment = dt.datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
        except ValueError:
            continue
        ts = pd.Timestamp(moment)
        if tz and tz != "Z":
            sign = 1 if tz[0] == "+" else -1
            offset = pd.Timedelta(hours=int(tz[1:3]), minutes=int(tz[-2:]))
            if offset > _WIDEST_OFFSET:
                continue
            ts = (ts - sign * offset).tz_localize("UTC")
        return _plausible(to_utc(ts))
    return None
