"""The command line, ``python -m ops``: the service's answers as a table or as JSON."""

from __future__ import annotations

import argparse
import errno
import json
import math
import os
import shutil
import sys
import textwrap
import unicodedata
from collections import Counter
from datetime import datetime, timezone
from typing import IO, Any, List, NamedTuple, Optional, Sequence, TextIO

from . import __version__
from ._errors import ValidationError, index_path, nested
from ._lists import parse_operations
from ._model import Operation, OperationState
from ._time import format_duration

__all__ = ["main"]

_STDIN = "-"
_STDIN_LABEL = "<stdin>"

_HEADER = ("ID", "STATE", "PROGRESS", "DURATION", "DESCRIPTION")
_GAP = "  "
_ERROR_INDENT = "    "

# An error beneath its row is wrapped, but a stack trace must not push the table
# off the screen: past this many lines it is cut, and --json still holds it whole.
_ERROR_LINES = 4

# When stdout is no terminal, shutil.get_terminal_size() already falls back to 80
# columns; a terminal that reports 0 columns gets the same.
_DEFAULT_WIDTH = 80

# Output goes out in pieces that a pipe takes whole or not at all (PIPE_BUF is 4096
# bytes on Linux, and a character is 4 bytes at most): unbuffered (python -u), a
# longer write that the reader cuts short is dropped silently, and the broken pipe
# would go unseen.
_PIECE = 1024

# Control characters would break a row or drive the terminal; whitespace among them
# is folded into single spaces before this table applies.
_CONTROLS = dict.fromkeys([*range(0x20), *range(0x7F, 0xA0)], "?")


class _Input(NamedTuple):
    """What one input gave: its operations, and its problems as lines to print."""

    label: str
    place: str
    operations: List[Operation]
    problems: List[str]


def main(argv: Sequence[str] | None = None, *, now: datetime | None = None) -> int:
    """Run ``python -m ops`` with the arguments ``argv`` (by default ``sys.argv``).

    ``now``, an aware datetime, is the time that unfinished operations run to (by
    default the current time, read once for the whole table).

    Gives the exit status: 0 when every input was valid, 1 when any was not, could
    not be read, or had a timestamp the table could not read (each problem is
    printed to stderr as a ``path: message`` line), or when stdout was closed early.

    :raises SystemExit: from :mod:`argparse`: 2 for a wrong command line, 0 after
        ``--help`` or ``--version``.
    """
    parser = _build_parser()
    args = parser.parse_args(argv)
    if args.exclude_none and not args.json:
        parser.error("--exclude-none applies only with --json")
    if not args.files and sys.stdin is not None and sys.stdin.isatty():
        parser.error("no input: name a file, or pipe JSON into standard input")

    names: List[str] = args.files or [_STDIN]
    several = len(names) > 1
    inputs = [_read_input(name, several) for name in names]
    operations = [operation for item in inputs for operation in item.operations]

    if args.json:
        data = [
            operation.to_dict(exclude_none=args.exclude_none)
            for operation in operations
        ]
        lines = [json.dumps(data, indent=2, allow_nan=False)]
    else:
        when = now if now is not None else datetime.now(timezone.utc)
        lines = _table(inputs, when, _terminal_width(), _ellipsis(sys.stdout))

    completed = _write(sys.stdout, lines)
    problems = [problem for item in inputs for problem in item.problems]
    completed = _write(sys.stderr, problems) and completed
    return 0 if completed and not problems else 1


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m ops",
        description=(
            "Show the operations of answers of the HPS data-transfer service: a row "
            "for each (id, state, progress, duration, description), an operation's "
            "error beneath its row, and a count by state."
        ),
        epilog=(
            "Exit status: 0 when every input was valid; 1 when any was not or could "
            "not be read, each problem printed to standard error while the valid "
            "inputs are still shown; 2 for a wrong command line."
        ),
    )
    parser.add_argument(
        "files",
        nargs="*",
        metavar="FILE",
        help=(
            'JSON: the answer object {"operations": [...]} or a list of operations '
            "(standard input when none is named, or for -)"
        ),
    )
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the operations as one JSON list, every field of each, normalised",
    )
    parser.add_argument(
        "--exclude-none",
        action="store_true",
        help="with --json only: leave out the fields that are not set",
    )
    parser.add_argument(
        "--version", action="version", version=f"%(prog)s {__version__}"
    )
    return parser


# Reading the inputs.


def _read_input(name: str, several: bool) -> _Input:
    """Read one file, or standard input for ``-``; a problem never raises."""
    shown = _STDIN_LABEL if name == _STDIN else name
    label = f"{shown}: " if several else ""
    try:
        if name == _STDIN:
            raw = _read_stdin()
        else:
            with open(name, "rb") as file:
                raw = file.read()
    except OSError as error:
        # The file's own name, whether or not there are several: the reason
        # alone ("Is a directory") would not say what it is about.
        return _Input(label, "", [], [f"{shown}: {error.strerror or error}"])

    try:
        operations = parse_operations(raw)
    except ValidationError as error:
        return _Input(label, "", [], [f"{label}{detail}" for detail in error.errors])
    return _Input(label, _place(raw), operations, [])


def _read_stdin() -> bytes:
    # Python sets sys.stdin to None when there is no standard input at all, as
    # after ``python -m ops <&-``.
    if sys.stdin is None:
        raise OSError(errno.EBADF, os.strerror(errno.EBADF))
    return sys.stdin.buffer.read()


def _place(raw: bytes) -> str:
    """Where the items of a valid input are: in ``operations``, or at the top."""
    # Valid JSON text of an object or an array, so its first character says which.
    text = raw.decode(json.detect_encoding(raw), "surrogatepass")
    return "operations" if text.lstrip(" \t\n\r").startswith("{") else ""


# The table.


def _table(
    inputs: Sequence[_Input], now: datetime, width: int, ellipsis: str
) -> List[str]:
    """Give the lines of the table, adding to the inputs' problems what it finds."""
    rows: List[List[str]] = []
    errors: List[Optional[str]] = []
    states: List[str] = []
    for item in inputs:
        for index, operation in enumerate(item.operations):
            state = _state_cell(operation)
            states.append(state)
            rows.append(
                [
                    _one_line(operation.id or "-"),
                    state or "-",
                    _progress_cell(operation),
                    _duration_cell(operation, now, item, index),
                    _one_line(operation.description or ""),
                ]
            )
            errors.append(operation.error)

    lines: List[str] = []
    if rows:
        rows.insert(0, list(_HEADER))
        errors.insert(0, None)
        widths = [
            max(_width(cells[column]) for cells in rows)
            for column in range(len(_HEADER) - 1)
        ]
        for cells, error in zip(rows, errors):
            padded = [_pad(cell, size) for cell, size in zip(cells, widths)]
            line = _GAP.join([*padded, cells[-1]]).rstrip()
            lines.append(_cut(line, width, ellipsis))
            if error:
                lines.extend(_error_lines(error, width, ellipsis))

    lines.extend(
        _cut(line, width, ellipsis)
        for line in textwrap.wrap(_summary(states), max(width, 1))
    )
    return lines


def _state_cell(operation: Operation) -> str:
    """The state's text: for a state no OperationState knows, as the payload had it."""
    state = operation.state
    if state is None:
        return ""
    if state is OperationState.Unknown:
        return _one_line(operation.to_dict()["state"])
    return state.value  # type: ignore[no-any-return]


def _progress_cell(operation: Operation) -> str:
    """``42.5% 17/40``: the percentage and the counters, each where it is set."""
    parts = []
    if operation.progress is not None:
        parts.append(_percent(operation.progress))
    current = operation.progress_current
    total = operation.progress_total
    if current is not None or total is not None:
        parts.append(
            f"{'?' if current is None else current}/{'?' if total is None else total}"
        )
    return " ".join(parts)


def _percent(fraction: float) -> str:
    """A fraction as a percentage to a tenth: ``42%``, ``42.5%``.

    Truncated, never rounded up, so that a transfer at 99.96% does not read as done.
    """
    percent = fraction * 100
    if not -1e6 < percent < 1e6:
        # No fraction of a whole at all, but still a valid float: kept short.
        return f"{percent:.3g}%"
    # Rounded to a millionth of a tenth first: floats make 1.001 * 1000 into
    # 1000.9999999999999, which is still 1001 tenths.
    tenths = math.floor(round(abs(fraction) * 1000, 6))
    sign = "-" if fraction < 0 and tenths else ""
    whole, tenth = divmod(tenths, 10)
    return f"{sign}{whole}.{tenth}%" if tenth else f"{sign}{whole}%"


def _duration_cell(
    operation: Operation, now: datetime, item: _Input, index: int
) -> str:
    """The duration in words; blank before the start, ``?`` for a bad timestamp."""
    try:
        duration = operation.duration(now)
    except ValidationError as error:
        place = index_path(item.place, index)
        item.problems.extend(
            f"{item.label}{detail}" for detail in nested(error.errors, place)
        )
        return "?"
    return "" if duration is None else format_duration(duration)


def _error_lines(error: str, width: int, ellipsis: str) -> List[str]:
    """An operation's error, indented beneath its row and wrapped to the width."""
    room = max(width - len(_ERROR_INDENT), 1)
    wrapped: List[str] = []
    for line in error.splitlines():
        wrapped.extend(textwrap.wrap(_one_line(line), room, break_on_hyphens=False))
    if len(wrapped) > _ERROR_LINES:
        last = wrapped[_ERROR_LINES - 1]
        del wrapped[_ERROR_LINES:]
        wrapped[-1] = _take(last, room - _width(ellipsis)).rstrip() + ellipsis
    return [_cut(_ERROR_INDENT + line, width, ellipsis) for line in wrapped]


def _summary(states: Sequence[str]) -> str:
    """``8 operations: 1 queued, 2 running, ...``; known states first, in order."""
    total = len(states)
    text = f"{total} operation" if total == 1 else f"{total} operations"
    counts = Counter(states)
    known = [
        state.value for state in OperationState if state is not OperationState.Unknown
    ]
    # Then states no OperationState knows, in the order they first came, and last
    # the operations that have no state at all.
    order = [*known, *(state for state in counts if state and state not in known)]
    parts = [f"{counts[state]} {state}" for state in order if counts[state]]
    if counts[""]:
        parts.append(f"{counts['']} without a state")
    return f"{text}: {', '.join(parts)}" if parts else text


# Text in columns.


def _one_line(text: str) -> str:
    """The text on one line, whitespace folded, control characters shown as ``?``."""
    return " ".join(text.split()).translate(_CONTROLS)


def _width(text: str) -> int:
    """How many columns a terminal gives the text: two for a wide character."""
    if text.isascii():
        return len(text)
    return sum(_char_width(char) for char in text)


def _char_width(char: str) -> int:
    if unicodedata.combining(char):
        return 0
    return 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1


def _take(text: str, width: int) -> str:
    """The longest start of the text that fits in ``width`` columns."""
    if text.isascii():
        return text[: max(width, 0)]
    used = 0
    for index, char in enumerate(text):
        used += _char_width(char)
        if used > width:
            return text[:index]
    return text


def _cut(text: str, width: int, ellipsis: str) -> str:
    """The text, or as much of it as fits in ``width`` columns with the ellipsis."""
    if _width(text) <= width:
        return text
    room = width - _width(ellipsis)
    if room < 0:
        return _take(text, width)
    return _take(text, room).rstrip() + ellipsis


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def _terminal_width() -> int:
    columns = shutil.get_terminal_size().columns
    return columns if columns > 0 else _DEFAULT_WIDTH


def _ellipsis(stream: TextIO) -> str:
    """``…`` where the stream can encode it, ``...`` where it cannot (ASCII)."""
    try:
        "\u2026".encode(stream.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):
        return "..."
    return "\u2026"


# Writing.


def _write(stream: TextIO, lines: Sequence[str]) -> bool:
    """Write the lines and flush; give False when the reader has gone.

    A character the stream cannot encode (any non-ASCII one on an ASCII terminal,
    a lone surrogate that a JSON escape gave) is written as ``?``.
    """
    if not lines:
        return True
    encoding = stream.encoding or "utf-8"
    text = "\n".join(lines) + "\n"
    text = text.encode(encoding, "replace").decode(encoding)
    try:
        for start in range(0, len(text), _PIECE):
            stream.write(text[start : start + _PIECE])
        stream.flush()
    except BrokenPipeError:
        _discard(stream)
        return False
    return True


def _discard(stream: IO[Any]) -> None:
    """Send what is left of the stream to devnull, where it cannot fail again.

    This is the recipe of the documentation of :mod:`signal` for a reader that
    closed the pipe early, as ``head`` does: the flush at exit would otherwise
    raise once more and print a traceback.
    """
    devnull = os.open(os.devnull, os.O_WRONLY)
    try:
        os.dup2(devnull, stream.fileno())
    finally:
        os.close(devnull)
