"""JSON values: copying them, checking them, and reading and writing JSON text."""

from __future__ import annotations

import json
import math
from typing import Any, List, Optional, Union

from ._errors import ErrorDetail, ValidationError, describe, index_path, key_path

__all__ = ["MAX_DEPTH", "SCALARS", "check_json", "copy_value", "decode", "encode"]

#: How deeply arrays and objects may nest in ``result`` and in ``extra`` values. The
#: limit keeps every reader and writer far from the interpreter's recursion limit.
MAX_DEPTH = 256

#: The exact types of values that need no copy.
SCALARS = frozenset({str, int, float, bool, type(None)})

_TOO_DEEP = f"nested deeper than {MAX_DEPTH} levels"


def copy_value(value: Any, path: str, errors: List[ErrorDetail], depth: int = 0) -> Any:
    """Copy the dicts, lists and tuples in ``value``, so that no container is shared.

    Any other value is kept as it is. A structure nested too deeply (or holding
    itself) adds an error to ``errors`` and gives None.
    """
    if type(value) in SCALARS:
        return value
    if depth >= MAX_DEPTH:
        errors.append(ErrorDetail(path, _TOO_DEEP))
        return None
    if isinstance(value, dict):
        copied = value.copy()
        for key, item in copied.items():
            if type(item) not in SCALARS:
                item_path = key_path(path, key) if isinstance(key, str) else path
                copied[key] = copy_value(item, item_path, errors, depth + 1)
        return copied
    if isinstance(value, list):
        return [
            item
            if type(item) in SCALARS
            else copy_value(item, index_path(path, index), errors, depth + 1)
            for index, item in enumerate(value)
        ]
    if isinstance(value, tuple):
        return tuple(
            copy_value(item, index_path(path, index), errors, depth + 1)
            for index, item in enumerate(value)
        )
    return value


def check_json(
    value: Any, path: str, errors: List[ErrorDetail], depth: int = 0
) -> None:
    """Add to ``errors`` every part of ``value`` that strict JSON cannot carry."""
    if isinstance(value, (str, bool)) or value is None:
        return
    if isinstance(value, int):
        return
    if isinstance(value, float):
        if not math.isfinite(value):
            errors.append(ErrorDetail(path, f"expected a finite number, got {value!r}"))
        return
    if depth >= MAX_DEPTH:
        errors.append(ErrorDetail(path, _TOO_DEEP))
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(key, str):
                check_json(item, key_path(path, key), errors, depth + 1)
            else:
                message = f"expected string keys, got {describe(key)}"
                errors.append(ErrorDetail(path, message))
        return
    if isinstance(value, (list, tuple)):
        for index, item in enumerate(value):
            check_json(item, index_path(path, index), errors, depth + 1)
        return
    errors.append(ErrorDetail(path, f"expected a JSON value, got {describe(value)}"))


def decode(text: Union[str, bytes, bytearray], title: str = "Operation") -> Any:
    """Read strict JSON text: no ``NaN``, ``Infinity``, or number too large for a float.

    :raises ValidationError: for anything that is not such a text, with the line and
        column of a syntax error.
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode(json.detect_encoding(text), "surrogatepass")
        except UnicodeDecodeError as error:
            message = f"invalid JSON: not UTF-8, UTF-16 or UTF-32 text ({error.reason})"
            raise ValidationError([ErrorDetail("", message)], title) from None
    elif not isinstance(text, str):
        message = f"expected JSON text (str, bytes or bytearray), got {describe(text)}"
        raise ValidationError([ErrorDetail("", message)], title)

    try:
        return _decoder.decode(text)
    except json.JSONDecodeError as error:
        message = (
            f"invalid JSON: {error.msg} at line {error.lineno} column {error.colno}"
        )
    except _NotStrictJSON as error:
        message = f"invalid JSON: {error}"
    except RecursionError:
        message = "invalid JSON: arrays and objects nested too deeply"
    except ValueError as error:
        # Integers with more digits than sys.get_int_max_str_digits() allows.
        message = f"invalid JSON: {error}"
    raise ValidationError([ErrorDetail("", message)], title)


def encode(data: Any, indent: Optional[int], title: str = "Operation") -> str:
    """Write ``data`` as strict JSON text.

    :raises ValidationError: naming the path of every part that JSON cannot carry.
    """
    errors: List[ErrorDetail] = []
    check_json(data, "", errors)
    if errors:
        raise ValidationError(errors, title)
    return json.dumps(data, indent=indent, allow_nan=False)


class _NotStrictJSON(ValueError):
    pass


def _reject_constant(name: str) -> Any:
    raise _NotStrictJSON(f"{name} is not a JSON number")


def _finite_float(text: str) -> float:
    number = float(text)
    if math.isinf(number):
        raise _NotStrictJSON(f"number {text[:40]} is too large for a float")
    return number


_decoder = json.JSONDecoder(parse_float=_finite_float, parse_constant=_reject_constant)
