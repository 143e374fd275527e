"""JSON text, read and written strictly."""

from __future__ import annotations

import functools
import re
import sys

from ._errors import ErrorDetail, ValidationError, describe, key_path
from ._json import NO_STACK_LEFT, check_json

TYPE_CHECKING = False
if TYPE_CHECKING:
    import json
    from types import ModuleType
    from typing import Any, Dict, List, Optional

__all__ = ["decode", "encode"]


def decode(text: Any, title: str = "Operation") -> Any:
    """Read strict JSON text: no ``NaN``, ``Infinity``, or number too large for a float.

    ``text`` is a str, bytes or bytearray; anything else is an error.

    :raises ValidationError: for anything that is not such a text, with the line and
        column of what is wrong.
    """
    json = _json()
    # Types are told by type(), which a proxy cannot fake, and a subclass's text is
    # read as its base type's: no method of the subclass runs.
    kind = type(text)
    if kind is not str:
        if issubclass(kind, (bytes, bytearray)):
            data = _plain_bytes(text)
            try:
                text = data.decode(json.detect_encoding(data), "surrogatepass")
            except UnicodeDecodeError as error:
                message = (
                    f"invalid JSON: not UTF-8, UTF-16 or UTF-32 text ({error.reason})"
                )
                raise ValidationError([ErrorDetail("", message)], title) from None
        elif issubclass(kind, str):
            text = str.__str__(text)
        else:
            message = (
                f"expected JSON text (str, bytes or bytearray), got {describe(text)}"
            )
            raise ValidationError([ErrorDetail("", message)], title)

    decoder = _strict_decoder()
    try:
        # What decode() does, less its two whitespace matches: a text with space
        # before its value, or anything wrong, is read again below.
        value, end = decoder.raw_decode(text)
        if end == len(text) or not text[end:].strip(_JSON_SPACE):
            return value
    except (ValueError, RecursionError):
        pass

    try:
        return decoder.decode(text)
    except json.JSONDecodeError as error:
        message = f"invalid JSON: {error.msg} ({_place(text, error.pos)})"
    except _NotStrictJSON as error:
        place = _place_of(text, error.token)
        message = f"invalid JSON: {_cut(error.token)} is {error.problem} ({place})"
    except RecursionError:
        message = "invalid JSON: arrays and objects nested too deeply"
    raise ValidationError([ErrorDetail("", message)], title)


def encode(data: Dict[str, Any], indent: Optional[int]) -> str:
    """Write a payload as strict JSON text.

    :raises ValidationError: naming the path of every part that JSON cannot carry.
    """
    errors: List[ErrorDetail] = []
    for key, value in data.items():
        if issubclass(type(key), str):
            check_json(value, key_path("", key), errors)
        else:  # a key put into extra later: json.dumps() would write its str()
            message = f"expected string keys, got {describe(key)}"
            errors.append(ErrorDetail("", message))
    if errors:
        raise ValidationError(errors)
    try:
        text: str = _json().dumps(data, indent=indent, allow_nan=False)
    except RecursionError:
        raise ValidationError([ErrorDetail("", NO_STACK_LEFT)]) from None
    return text


def _plain_bytes(data: Any) -> bytes:
    """The bytes of a bytes or bytearray, read by its base type's methods.

    Not through its buffer, which a subclass may make its own from Python 3.12.
    """
    if type(data) is bytes:
        return data
    if issubclass(type(data), bytes):
        return bytes.__getitem__(data, slice(None))
    return bytes(bytearray.__getitem__(data, slice(None)))


class _NotStrictJSON(ValueError):
    def __init__(self, token: str, problem: str) -> None:
        super().__init__(token, problem)
        self.token = token
        self.problem = problem


_JSON_SPACE = " \t\n\r"

# A float's largest value has 309 digits: only a longer literal can exceed it.
_FLOAT_DIGITS = 309
_FLOAT_MAX = sys.float_info.max


def _reject_constant(token: str) -> Any:
    raise _NotStrictJSON(token, "not a JSON number")


def _finite_float(token: str) -> float:
    number = float(token)
    if number - number != 0:  # a literal too large gives an infinity
        raise _NotStrictJSON(token, "too large for a float")
    return number


def _float_sized_int(token: str) -> int:
    if len(token) >= _FLOAT_DIGITS and (
        len(token) > _FLOAT_DIGITS + 1 or abs(int(token)) > _FLOAT_MAX
    ):
        raise _NotStrictJSON(token, "too large for a float")
    return int(token)


def _cut(token: str) -> str:
    return token if len(token) <= 40 else f"{token[:37]}..."


def _place(text: str, position: int) -> str:
    line = text.count("\n", 0, position) + 1
    column = position - text.rfind("\n", 0, position)
    return f"line {line}, column {column}"


# The tokens of JSON text that a number or a constant could be confused with:
# strings, which may hold any text, and whole numbers and constants.
_TOKENS = (
    r'"(?:[^"\\]|\\.)*"'
    r"|-?Infinity|NaN"
    r"|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][-+]?[0-9]+)?"
)


def _place_of(text: str, token: str) -> str:
    """The place of the first number or constant in ``text`` that is ``token``.

    The decoder refuses the first such token it reads, and reads the text in order:
    an equal token before it would have been refused first.
    """
    for match in re.finditer(_TOKENS, text):
        if match.group() == token:
            return _place(text, match.start())
    return "line 1, column 1"  # not reached: the decoder read the token from text


@functools.lru_cache(maxsize=None)
def _json() -> ModuleType:
    # Imported when JSON text is first read or written: `import ops` goes without.
    import json  # noqa: PLC0415

    return json


@functools.lru_cache(maxsize=None)
def _strict_decoder() -> json.JSONDecoder:
    decoder: json.JSONDecoder = _json().JSONDecoder(
        parse_float=_finite_float,
        parse_int=_float_sized_int,
        parse_constant=_reject_constant,
    )
    return decoder
