from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ops._errors import ErrorDetail, ValidationError, describe
from ops._time import format_duration, parse_optional_timestamp, parse_timestamp
from tests.contract import RefusingText, impostor

EXPECTED = "expected an RFC 3339 date-time such as 2026-05-01T12:00:09Z, got "

UTC = timezone.utc


def _tz(hours: int = 0, minutes: int = 0) -> timezone:
    return timezone(timedelta(hours=hours, minutes=minutes))


def _errors(value: object, path: str = "") -> list[ErrorDetail]:
    with pytest.raises(ValidationError) as info:
        parse_timestamp(value, path)  # type: ignore[arg-type]
    return info.value.errors


# --- parse_timestamp: accepted input ---


@pytest.mark.parametrize(
    ("text", "microsecond"),
    [
        ("2026-05-01T12:00:09Z", 0),
        ("2026-05-01T12:00:09.9Z", 900000),
        ("2026-05-01T12:00:09.98Z", 980000),
        ("2026-05-01T12:00:09.987Z", 987000),
        ("2026-05-01T12:00:09.9876Z", 987600),
        ("2026-05-01T12:00:09.98765Z", 987650),
        ("2026-05-01T12:00:09.987654Z", 987654),
        ("2026-05-01T12:00:09.9876543Z", 987654),
        ("2026-05-01T12:00:09.98765432Z", 987654),
        ("2026-05-01T12:00:09.987654321Z", 987654),
        ("2026-05-01T12:00:09.000001Z", 1),
        ("2026-05-01T12:00:09.0000009Z", 0),
        ("2026-05-01T12:00:09.000000001Z", 0),
        ("2026-05-01T12:00:09.9999999Z", 999999),
        ("2026-05-01T12:00:09.999999999Z", 999999),
        ("2026-05-01T12:00:09.0Z", 0),
        ("2026-05-01T12:00:09." + "1" * 200 + "Z", 111111),
    ],
)
def test_parse_timestamp_fraction_truncated_to_microseconds(
    text: str, microsecond: int
) -> None:
    assert parse_timestamp(text) == datetime(2026, 5, 1, 12, 0, 9, microsecond, UTC)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-05-01T12:00:09Z", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        ("2026-05-01T12:00:09z", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        ("2026-05-01t12:00:09Z", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        ("2026-05-01 12:00:09Z", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        ("2026-05-01T12:00:09+00:00", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        ("2026-05-01T12:00:09-00:00", datetime(2026, 5, 1, 12, 0, 9, tzinfo=UTC)),
        (
            "2026-05-01T12:00:09+05:30",
            datetime(2026, 5, 1, 12, 0, 9, tzinfo=_tz(5, 30)),
        ),
        (
            "2026-05-01T12:00:09-08:00",
            datetime(2026, 5, 1, 12, 0, 9, tzinfo=_tz(-8)),
        ),
        (
            "2026-05-01t12:00:09.5-03:30",
            datetime(2026, 5, 1, 12, 0, 9, 500000, _tz(-3, -30)),
        ),
        (
            "2026-05-01T12:00:09+23:59",
            datetime(2026, 5, 1, 12, 0, 9, tzinfo=_tz(23, 59)),
        ),
        (
            "2026-05-01T12:00:09-23:59",
            datetime(2026, 5, 1, 12, 0, 9, tzinfo=_tz(-23, -59)),
        ),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
        # No conversion to UTC is made, so neither end of the range overflows.
        ("0001-01-01T00:00:00+23:59", datetime(1, 1, 1, tzinfo=_tz(23, 59))),
        (
            "9999-12-31T23:59:59.999999999-23:59",
            datetime(9999, 12, 31, 23, 59, 59, 999999, _tz(-23, -59)),
        ),
        ("2026-12-31T23:59:59Z", datetime(2026, 12, 31, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_parse_timestamp_accepts_rfc3339(text: str, expected: datetime) -> None:
    parsed = parse_timestamp(text)

    assert parsed == expected
    assert parsed.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-01T12:00:09Z",
        "2026-05-01T12:00:09z",
        "2026-05-01T12:00:09+00:00",
        "2026-05-01T12:00:09-00:00",
    ],
)
def test_parse_timestamp_zero_offset_is_utc(text: str) -> None:
    assert parse_timestamp(text).tzinfo is timezone.utc


@pytest.mark.parametrize(
    "text",
    [
        "2026-05-01T17:30:00+05:30",
        "2026-05-01T04:00:00-08:00",
        "2026-05-01T12:00:00+00:00",
        "2026-05-01T12:00:00.000000000Z",
        "2026-05-02T11:59:00+23:59",
        "2026-04-30T12:01:00-23:59",
    ],
)
def test_parse_timestamp_equal_instants_across_offsets(text: str) -> None:
    assert parse_timestamp(text) == datetime(2026, 5, 1, 12, tzinfo=UTC)


@pytest.mark.parametrize(
    "date",
    ["2024-02-29", "2000-02-29", "2400-02-29", "0004-02-29", "2026-01-31"],
)
def test_parse_timestamp_accepts_existing_dates(date: str) -> None:
    year, month, day = (int(part) for part in date.split("-"))

    assert parse_timestamp(f"{date}T00:00:00Z") == datetime(
        year, month, day, tzinfo=UTC
    )


def test_parse_timestamp_keeps_offset_object_per_value() -> None:
    first = parse_timestamp("2026-05-01T12:00:09+05:30")
    second = parse_timestamp("2026-05-02T12:00:09+05:30")

    assert first.tzinfo is second.tzinfo
    assert first.tzinfo == _tz(5, 30)


# --- parse_timestamp: rejected input ---


@pytest.mark.parametrize(
    "text",
    [
        "",
        "2026-05-01",
        "12:00:09Z",
        "2026-05-01T12:00:09",
        "2026-05-01T12:00:09.123",
        "2026-05-01T12:00Z",
        "2026-05-01T12Z",
        "2026-05-01T12:00:09.Z",
        "2026-05-01T12:00:09,5Z",
        "2026-05-01T12:00:09.5.5Z",
        "2026-05-01T12:00:09+0530",
        "2026-05-01T12:00:09+05",
        "2026-05-01T12:00:09+5:30",
        "2026-05-01T12:00:09+05:30:00",
        "2026-05-01T12:00:09 Z",
        "2026-05-01T12:00:09UTC",
        "2026-05-01T12:00:09GMT+1",
        "2026-05-01  12:00:09Z",
        "2026-05-01_12:00:09Z",
        "2026-05-01\t12:00:09Z",
        "2026-05-01TT12:00:09Z",
        "2026-5-1T12:00:09Z",
        "2026-05-01T2:00:09Z",
        "26-05-01T12:00:09Z",
        "12026-05-01T12:00:09Z",
        "+2026-05-01T12:00:09Z",
        "-2026-05-01T12:00:09Z",
        "20260501T120009Z",
        "2026-W18-5T12:00:09Z",
        "2026-121T12:00:09Z",
        " 2026-05-01T12:00:09Z",
        "2026-05-01T12:00:09Z ",
        "2026-05-01T12:00:09Z\n",
        "2026-05-01T12:00:09-08:00\n",
        "\n2026-05-01T12:00:09Z",
        "2026-05-01T12:00:09Z\x00",
        "2026-05-01X12:00:09Z",
        "2026-05-01T12:00:09ZZ",
        "2026-05-01T12:00:09.-1Z",
        "2026-05-01T12:00:09.1e3Z",
        # Digits from other scripts: Arabic-Indic, fullwidth, Devanagari.
        "\u0662\u0660\u0662\u0666-05-01T12:00:09Z",
        "2026-05-01T12:00:09.\u0665Z",
        "2026-05-01T12:00:09+\u0660\u0665:30",
        "\uff12\uff10\uff12\uff16-05-01T12:00:09Z",
        "2026-05-01T12:00:\u0966\u096fZ",
        "2026\u201005\u201001T12:00:09Z",
    ],
)
def test_parse_timestamp_rejects_malformed_text(text: str) -> None:
    assert _errors(text) == [ErrorDetail("", EXPECTED + describe(text))]


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "NoneType None"),
        (b"2026-05-01T12:00:09Z", "bytes b'2026-05-01T12:00:09Z'"),
        (1777636809, "int 1777636809"),
        (1777636809.5, "float 1777636809.5"),
        (True, "bool True"),
        (["2026-05-01T12:00:09Z"], "list ['2026-05-01T12:00:09Z']"),
        (
            datetime(2026, 5, 1, tzinfo=UTC),
            "datetime datetime.datetime(2026, 5, 1, 0, 0, "
            "tzinfo=datetime.timezone.utc)",
        ),
    ],
)
def test_parse_timestamp_rejects_non_strings(value: object, shown: str) -> None:
    assert _errors(value) == [ErrorDetail("", EXPECTED + shown)]


def test_parse_timestamp_rejects_what_poses_as_text() -> None:
    errors = _errors(impostor(str))

    assert len(errors) == 1
    assert errors[0].message.startswith(EXPECTED + "NonCallableMock ")


def test_parse_timestamp_reads_a_str_subclass_as_its_text() -> None:
    assert parse_timestamp(RefusingText("2026-05-01T12:00:09Z")) == datetime(
        2026, 5, 1, 12, 0, 9, tzinfo=UTC
    )


def test_parse_timestamp_exact_message_for_date_only() -> None:
    assert _errors("2026-05-01") == [
        ErrorDetail(
            "",
            "expected an RFC 3339 date-time such as 2026-05-01T12:00:09Z, "
            "got str '2026-05-01'",
        )
    ]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("0000-01-01T00:00:00Z", "year is out of range"),
        ("2026-00-01T00:00:00Z", "month is out of range"),
        ("2026-13-01T00:00:00Z", "month is out of range"),
        ("2026-05-00T00:00:00Z", "day is out of range for month"),
        ("2026-05-32T00:00:00Z", "day is out of range for month"),
        ("2026-04-31T00:00:00Z", "day is out of range for month"),
        ("2026-02-30T00:00:00Z", "day is out of range for month"),
        ("2025-02-29T00:00:00Z", "day is out of range for month"),
        ("2100-02-29T00:00:00Z", "day is out of range for month"),
        ("1900-02-29T00:00:00Z", "day is out of range for month"),
        ("2026-05-01T24:00:00Z", "hour is out of range"),
        ("2026-05-01T99:00:00Z", "hour is out of range"),
        ("2026-05-01T12:60:00Z", "minute is out of range"),
        ("2016-12-31T23:59:60Z", "leap second (second 60) cannot be represented"),
        (
            "2016-12-31T23:59:60.5+01:00",
            "leap second (second 60) cannot be represented",
        ),
        ("2026-05-01T12:00:61Z", "second is out of range"),
        ("2026-05-01T12:00:99Z", "second is out of range"),
        ("2026-05-01T12:00:09+24:00", "offset hour is out of range"),
        ("2026-05-01T12:00:09-99:00", "offset hour is out of range"),
        ("2026-05-01T12:00:09-08:60", "offset minute is out of range"),
        ("2026-05-01T12:00:09+00:99", "offset minute is out of range"),
        # The first problem found is the one reported.
        ("2026-13-32T25:61:61+99:99", "month is out of range"),
        ("2026-02-30T24:00:00+24:00", "day is out of range for month"),
        ("2026-05-01T23:59:60+24:00", "leap second (second 60) cannot be represented"),
    ],
)
def test_parse_timestamp_rejects_out_of_range_parts(text: str, problem: str) -> None:
    assert _errors(text) == [ErrorDetail("", f"{problem} in str '{text}'")]


def test_parse_timestamp_exact_message_for_impossible_day() -> None:
    assert _errors("2026-02-30T00:00:00Z") == [
        ErrorDetail("", "day is out of range for month in str '2026-02-30T00:00:00Z'")
    ]


@pytest.mark.parametrize(
    "value", [None, "", "2026-05-01", "2026-02-30T00:00:00Z", "2026-05-01T12:00:60Z"]
)
def test_parse_timestamp_error_carries_path(value: str | None) -> None:
    errors = _errors(value, "children[2].started_at")

    assert [error.path for error in errors] == ["children[2].started_at"]


def test_parse_timestamp_error_is_a_value_error() -> None:
    with pytest.raises(ValueError, match=r"^1 validation error for Operation\n"):
        parse_timestamp("2026-05-01", "started_at")


# --- parse_timestamp: properties ---

_OFFSET_MINUTES = 23 * 60 + 59

_aware_datetimes = st.datetimes(
    timezones=st.integers(-_OFFSET_MINUTES, _OFFSET_MINUTES).map(
        lambda minutes: timezone(timedelta(minutes=minutes))
    )
)


def _format(value: datetime, separator: str, fraction: str, utc: str) -> str:
    offset = value.utcoffset()
    assert offset is not None
    minutes = offset // timedelta(minutes=1)
    if minutes == 0 and utc:
        zone = utc
    else:
        sign = "-" if minutes < 0 else "+"
        hours, minutes = divmod(abs(minutes), 60)
        zone = f"{sign}{hours:02d}:{minutes:02d}"
    return (
        f"{value.year:04d}-{value.month:02d}-{value.day:02d}{separator}"
        f"{value.hour:02d}:{value.minute:02d}:{value.second:02d}"
        f"{'.' if fraction else ''}{fraction}{zone}"
    )


@given(
    value=_aware_datetimes,
    digits=st.integers(0, 9),
    extra=st.text("0123456789", min_size=3, max_size=3),
    separator=st.sampled_from("Tt "),
    utc=st.sampled_from(["Z", "z", ""]),
)
def test_parse_timestamp_round_trips_formatted_datetimes(
    value: datetime, digits: int, extra: str, separator: str, utc: str
) -> None:
    fraction = (f"{value.microsecond:06d}" + extra)[:digits]
    kept = 10 ** (6 - min(digits, 6))
    expected = value.replace(microsecond=value.microsecond // kept * kept)

    parsed = parse_timestamp(_format(value, separator, fraction, utc))

    assert parsed == expected
    assert parsed.replace(tzinfo=None) == expected.replace(tzinfo=None)
    assert parsed.utcoffset() == expected.utcoffset()


@given(st.text())
def test_parse_timestamp_any_text_gives_datetime_or_validation_error(
    text: str,
) -> None:
    try:
        parsed = parse_timestamp(text, "at")
    except ValidationError as error:
        assert len(error.errors) == 1
        assert error.errors[0].path == "at"
    else:
        assert parsed.tzinfo is not None


_SHAPED = (
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt ][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,12})?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})"
)


@given(st.from_regex(_SHAPED, fullmatch=True))
def test_parse_timestamp_accepts_shaped_text_exactly_when_it_exists(
    text: str,
) -> None:
    # datetime() itself is the judge of which dates and times exist.
    date, time = text[:10], text[11:19]
    zone = text[19:].lstrip(".0123456789")
    year, month, day = (int(part) for part in date.split("-"))
    hour, minute, second = (int(part) for part in time.split(":"))
    offset_ok = zone in "Zz" or (int(zone[1:3]) < 24 and int(zone[4:6]) < 60)
    try:
        datetime(year, month, day, hour, minute, second)
    except ValueError:
        exists = False
    else:
        exists = offset_ok

    try:
        parsed = parse_timestamp(text)
    except ValidationError as error:
        assert not exists
        assert error.errors[0].message.endswith(f" in {describe(text)}")
    else:
        assert exists
        assert parsed.timetuple()[:6] == (year, month, day, hour, minute, second)


# --- parse_optional_timestamp ---


@pytest.mark.parametrize(
    "text",
    [
        None,
        "0001-01-01T00:00:00Z",
        "0001-01-01T00:00:00z",
        "0001-01-01t00:00:00Z",
        "0001-01-01 00:00:00Z",
        "0001-01-01T00:00:00.000Z",
        "0001-01-01T00:00:00.000000000Z",
        "0001-01-01T00:00:00.0000009Z",
        "0001-01-01T00:00:00+00:00",
        "0001-01-01T00:00:00-00:00",
        "0001-01-01T01:00:00+01:00",
        "0001-01-01T05:30:00.000+05:30",
    ],
)
def test_parse_optional_timestamp_unset_is_none(text: str | None) -> None:
    assert parse_optional_timestamp(text, "ended_at") is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("0001-01-01T00:00:00.000001Z", datetime(1, 1, 1, 0, 0, 0, 1, UTC)),
        ("0001-01-01T00:00:01Z", datetime(1, 1, 1, 0, 0, 1, tzinfo=UTC)),
        ("0001-01-01T00:00:00+01:00", datetime(1, 1, 1, tzinfo=_tz(1))),
        ("0001-01-01T00:00:00-01:00", datetime(1, 1, 1, tzinfo=_tz(-1))),
        ("0001-01-02T00:00:00Z", datetime(1, 1, 2, tzinfo=UTC)),
        ("2026-05-01T12:00:09.987654321Z", datetime(2026, 5, 1, 12, 0, 9, 987654, UTC)),
    ],
)
def test_parse_optional_timestamp_set_is_parsed(text: str, expected: datetime) -> None:
    parsed = parse_optional_timestamp(text, "ended_at")

    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == expected.utcoffset()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", EXPECTED + "str ''"),
        ("0001-01-01T00:00:00", EXPECTED + "str '0001-01-01T00:00:00'"),
        (0, EXPECTED + "int 0"),
        (
            "0000-12-31T00:00:00Z",
            "year is out of range in str '0000-12-31T00:00:00Z'",
        ),
    ],
)
def test_parse_optional_timestamp_errors_as_parse_timestamp(
    value: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        parse_optional_timestamp(value, "ended_at")

    assert info.value.errors == [ErrorDetail("ended_at", message)]


# --- format_duration ---


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (timedelta(0), "0 ms"),
        (timedelta(microseconds=1), "0 ms"),
        (timedelta(microseconds=999), "0 ms"),
        (timedelta(milliseconds=1), "1 ms"),
        (timedelta(milliseconds=850), "850 ms"),
        (timedelta(microseconds=999_999), "999 ms"),
        (timedelta(seconds=1), "1 s"),
        (timedelta(seconds=1, microseconds=999_999), "1 s"),
        (timedelta(seconds=42), "42 s"),
        (timedelta(seconds=59.9), "59 s"),
        (timedelta(seconds=59, microseconds=999_999), "59 s"),
        (timedelta(minutes=1), "1 min 00 s"),
        (timedelta(minutes=3, seconds=7), "3 min 07 s"),
        (timedelta(minutes=3, seconds=7, microseconds=999_999), "3 min 07 s"),
        (timedelta(minutes=10, seconds=30), "10 min 30 s"),
        (timedelta(seconds=3599.9), "59 min 59 s"),
        (timedelta(hours=1), "1 h 00 min"),
        (timedelta(hours=2, minutes=5), "2 h 05 min"),
        (timedelta(hours=2, minutes=5, seconds=59.9), "2 h 05 min"),
        (timedelta(hours=23, minutes=59, seconds=59.999999), "23 h 59 min"),
        (timedelta(days=1), "1 d 00 h"),
        (timedelta(days=3, hours=4), "3 d 04 h"),
        (timedelta(days=3, hours=4, minutes=59, seconds=59.9), "3 d 04 h"),
        (timedelta(days=12, hours=23), "12 d 23 h"),
        (timedelta(days=400), "400 d 00 h"),
        (timedelta.max, "999999999 d 23 h"),
    ],
)
def test_format_duration_shapes_and_boundaries(delta: timedelta, shown: str) -> None:
    assert format_duration(delta) == shown


@pytest.mark.parametrize(
    ("delta", "shown"),
    [
        (timedelta(microseconds=-1), "-0 ms"),
        (timedelta(milliseconds=-850), "-850 ms"),
        (timedelta(microseconds=-999_999), "-999 ms"),
        (timedelta(seconds=-1), "-1 s"),
        (timedelta(seconds=-42), "-42 s"),
        (timedelta(seconds=-59.9), "-59 s"),
        (timedelta(seconds=-60), "-1 min 00 s"),
        (-timedelta(minutes=3, seconds=7), "-3 min 07 s"),
        (timedelta(seconds=-3599.9), "-59 min 59 s"),
        (-timedelta(hours=2, minutes=5, seconds=30), "-2 h 05 min"),
        (-timedelta(days=3, hours=4, minutes=30), "-3 d 04 h"),
        (timedelta(days=-400), "-400 d 00 h"),
        (timedelta.min, "-999999999 d 00 h"),
        (timedelta.min + timedelta(microseconds=1), "-999999998 d 23 h"),
    ],
)
def test_format_duration_negative_gets_minus_sign(delta: timedelta, shown: str) -> None:
    assert format_duration(delta) == shown


_SHAPES = re.compile(
    r"(?P<ms>[0-9]+) ms"
    r"|(?P<s>[0-9]+) s"
    r"|(?P<min>[0-9]+) min (?P<min_s>[0-9]{2}) s"
    r"|(?P<h>[0-9]+) h (?P<h_min>[0-9]{2}) min"
    r"|(?P<d>[0-9]+) d (?P<d_h>[0-9]{2}) h",
    re.ASCII,
)


def _shown_floor_and_step(shown: str) -> tuple[timedelta, timedelta]:
    match = _SHAPES.fullmatch(shown)
    assert match is not None, shown
    parts = {name: int(value) for name, value in match.groupdict().items() if value}
    if "ms" in parts:
        assert parts["ms"] < 1000
        return timedelta(milliseconds=parts["ms"]), timedelta(milliseconds=1)
    if "s" in parts:
        assert 1 <= parts["s"] < 60
        return timedelta(seconds=parts["s"]), timedelta(seconds=1)
    if "min" in parts:
        assert 1 <= parts["min"] < 60
        assert parts["min_s"] < 60
        return timedelta(minutes=parts["min"], seconds=parts["min_s"]), timedelta(
            seconds=1
        )
    if "h" in parts:
        assert 1 <= parts["h"] < 24
        assert parts["h_min"] < 60
        return timedelta(hours=parts["h"], minutes=parts["h_min"]), timedelta(minutes=1)
    assert parts["d"] >= 1
    assert parts["d_h"] < 24
    return timedelta(days=parts["d"], hours=parts["d_h"]), timedelta(hours=1)


@given(st.timedeltas(min_value=timedelta(0)))
def test_format_duration_truncates_within_last_unit(delta: timedelta) -> None:
    floor, step = _shown_floor_and_step(format_duration(delta))

    assert floor <= delta < floor + step


# -timedelta.max does not exist: the negative range ends at -999999999 days.
@given(st.timedeltas(min_value=timedelta(microseconds=1), max_value=-timedelta.min))
def test_format_duration_negative_mirrors_positive(delta: timedelta) -> None:
    assert format_duration(-delta) == "-" + format_duration(delta)
