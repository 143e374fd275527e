"""Timestamps as the service writes them, and durations as a table shows them."""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

from ._errors import ErrorDetail, ValidationError, describe

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Dict, List, Optional

__all__ = ["elapsed", "format_duration", "parse_optional_timestamp", "parse_timestamp"]

# RFC 3339 section 5.6. ``[0-9]`` and not ``\d``, which would also take other
# scripts' digits; the pattern is always used with ``fullmatch``, because ``$``
# would let a trailing newline through.
_RFC3339 = re.compile(
    r"(?P<year>[0-9]{4})-(?P<month>[0-9]{2})-(?P<day>[0-9]{2})"
    r"[Tt ]"
    r"(?P<hour>[0-9]{2}):(?P<minute>[0-9]{2}):(?P<second>[0-9]{2})"
    r"(?:\.(?P<fraction>[0-9]+))?"
    r"(?:(?P<utc>[Zz])"
    r"|(?P<sign>[+-])(?P<offset_hour>[0-9]{2}):(?P<offset_minute>[0-9]{2}))",
    re.ASCII,
)

_EXPECTED = "expected an RFC 3339 date-time such as 2026-05-01T12:00:09Z"

_DAYS_IN_MONTH = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)

# Go's zero ``time.Time``, which is what the service writes for a time never set.
_GO_ZERO_TIME = datetime(1, 1, 1, tzinfo=timezone.utc)

# Each offset is built once: a service writes only a handful of them, and there are
# fewer than 3,000 possible ones to hold.
_OFFSETS: Dict[int, timezone] = {0: timezone.utc}


def parse_timestamp(text: str, path: str = "") -> datetime:
    """Read an RFC 3339 date-time into an aware datetime that keeps the given offset.

    Fractional seconds of any length are truncated to microseconds. A leap second
    (``:60``) is rejected, since a datetime cannot hold it.

    :raises ValidationError: with one :class:`ErrorDetail` at ``path`` when
        ``text`` is not a string, not an RFC 3339 date-time, or names a date,
        time or offset that does not exist.
    """
    # type(), not isinstance(), which believes a faked __class__.
    match = _RFC3339.fullmatch(text) if issubclass(type(text), str) else None
    if match is None:
        raise _error(path, f"{_EXPECTED}, got {describe(text)}")

    year = int(match["year"])
    month = int(match["month"])
    day = int(match["day"])
    hour = int(match["hour"])
    minute = int(match["minute"])
    second = int(match["second"])
    problem = (
        _check_date(year, month, day)
        or _check_time(hour, minute, second)
        or _check_offset(match)
    )
    if problem:
        raise _error(path, f"{problem} in {describe(text)}")

    fraction = match["fraction"]
    microsecond = int(fraction[:6].ljust(6, "0")) if fraction else 0
    return datetime(year, month, day, hour, minute, second, microsecond, _offset(match))


def parse_optional_timestamp(text: Optional[str], path: str = "") -> Optional[datetime]:
    """Read a date-time as :func:`parse_timestamp` does, or get None if it is unset.

    Unset means None or Go's zero time, ``0001-01-01T00:00:00Z``, written with any
    offset or fraction that denotes that same instant.

    :raises ValidationError: as :func:`parse_timestamp` does.
    """
    if text is None:
        return None
    parsed = parse_timestamp(text, path)
    return None if parsed == _GO_ZERO_TIME else parsed


def elapsed(
    started_at: Optional[str], ended_at: Optional[str], now: Optional[datetime]
) -> Optional[timedelta]:
    """The time from ``started_at`` to ``ended_at``, or to ``now`` while ``ended_at``
    is unset: what :meth:`Operation.duration` gives.

    :raises ValidationError: listing each timestamp that is set but unreadable, and
        a ``now`` that is no aware datetime.
    """
    errors: List[ErrorDetail] = []
    started = _read_optional(started_at, "started_at", errors)
    ended = _read_optional(ended_at, "ended_at", errors)
    if now is not None and not (
        issubclass(type(now), datetime) and now.utcoffset() is not None
    ):
        message = f"expected an aware datetime, got {describe(now)}"
        errors.append(ErrorDetail("now", message))
    if errors:
        raise ValidationError(errors)

    if started is None:
        return None
    if ended is None:
        ended = now or datetime.now(timezone.utc)
    return ended - started


def format_duration(delta: timedelta) -> str:
    """Show a duration in its two largest units, such as ``3 min 07 s``.

    The shapes are ``850 ms``, ``42 s``, ``3 min 07 s``, ``2 h 05 min`` and
    ``3 d 04 h``; every unit is truncated, never rounded up. A negative duration
    gets a ``-`` in front of the form of its absolute value.
    """
    # Whole microseconds as an int: exact, where total_seconds() is a float.
    micro = delta // timedelta(microseconds=1)
    sign = "-" if micro < 0 else ""
    seconds, micro = divmod(abs(micro), 1_000_000)
    if seconds == 0:
        return f"{sign}{micro // 1000} ms"
    if seconds < 60:
        return f"{sign}{seconds} s"

    minutes, seconds = divmod(seconds, 60)
    if minutes < 60:
        return f"{sign}{minutes} min {seconds:02d} s"

    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{sign}{hours} h {minutes:02d} min"

    days, hours = divmod(hours, 24)
    return f"{sign}{days} d {hours:02d} h"


def _read_optional(
    text: Optional[str], path: str, errors: List[ErrorDetail]
) -> Optional[datetime]:
    try:
        return parse_optional_timestamp(text, path)
    except ValidationError as error:
        errors.extend(error.errors)
        return None


def _check_date(year: int, month: int, day: int) -> str:
    if year == 0:
        return "year is out of range"
    if not 1 <= month <= 12:
        return "month is out of range"
    if not 1 <= day <= _days_in_month(year, month):
        return "day is out of range for month"
    return ""


def _check_time(hour: int, minute: int, second: int) -> str:
    if hour > 23:
        return "hour is out of range"
    if minute > 59:
        return "minute is out of range"
    if second == 60:
        return "leap second (second 60) cannot be represented"
    if second > 60:
        return "second is out of range"
    return ""


def _check_offset(match: re.Match[str]) -> str:
    if match["utc"] is not None:
        return ""
    if int(match["offset_hour"]) > 23:
        return "offset hour is out of range"
    if int(match["offset_minute"]) > 59:
        return "offset minute is out of range"
    return ""


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month]


def _offset(match: re.Match[str]) -> timezone:
    if match["utc"] is not None:
        return timezone.utc
    minutes = int(match["offset_hour"]) * 60 + int(match["offset_minute"])
    if match["sign"] == "-":
        minutes = -minutes
    tz = _OFFSETS.get(minutes)
    if tz is None:
        tz = _OFFSETS[minutes] = timezone(timedelta(minutes=minutes))
    return tz


def _error(path: str, message: str) -> ValidationError:
    return ValidationError([ErrorDetail(path, message)])
