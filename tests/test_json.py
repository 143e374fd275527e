from __future__ import annotations

import datetime
import json
import sys
from typing import Any, Callable, Iterator

import pytest

from ops import ErrorDetail, Operation, ValidationError
from ops._json import NO_STACK_LEFT
from tests.contract import (
    ENCODINGS,
    TOO_DEEP,
    RefusingBytes,
    RefusingFloat,
    RefusingInt,
    RefusingText,
    impostor,
    raised_errors,
    stack_left,
    wrapped,
)

PAYLOAD = {
    "children": ["op-2"],
    "description": "Copy é✓𝄞 \u2028",
    "id": "op-1",
    "messages": [],
    "progress": 0.25,
    "progress_current": 1,
    "progress_total": 18446744073709551615,
    "result": {"files": [{"path": "/a", "size": 10, "ok": True, "x": None}]},
    "started_at": "2026-05-01T12:00:00.987654321Z",
    "state": "Paused",
    "rate": 1.5e300,
    "extra": {"retries": [1, 2.5, "3"]},
}

TEXT = json.dumps(PAYLOAD)


def _strict_loads(text: str) -> Any:
    def reject(token: str) -> None:
        raise AssertionError(f"{token} in JSON text")

    return json.loads(text, parse_constant=reject)


def _position(text: str, token: str) -> str:
    """The line and column, counted from 1, where ``token`` first starts."""
    offset = text.index(token)
    line = text.count("\n", 0, offset) + 1
    column = offset - text.rfind("\n", 0, offset)
    return f"(line {line}, column {column})"


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


class _Thing:
    def __repr__(self) -> str:
        return "<thing>"


def _assigned(**fields: Any) -> Operation:
    """An operation given values after construction, where nothing checks them."""
    operation = Operation()
    for name, value in fields.items():
        setattr(operation, name, value)
    return operation


# --- from_json: the text ---


@pytest.mark.parametrize(
    "convert",
    [
        pytest.param(lambda text: text, id="str"),
        pytest.param(lambda text: text.encode(), id="bytes"),
        pytest.param(lambda text: bytearray(text.encode()), id="bytearray"),
        pytest.param(lambda text: f" \n\t{text}\r\n ", id="whitespace"),
        pytest.param(lambda text: f"{text}\n", id="newline-after"),
    ],
)
def test_from_json_reads_str_bytes_and_bytearray(
    convert: Callable[[str], Any],
) -> None:
    operation = Operation.from_json(convert(TEXT))

    assert operation == Operation.from_dict(PAYLOAD)
    assert operation.to_dict()["state"] == "Paused"


@pytest.mark.parametrize(
    "encoding",
    ENCODINGS,
)
@pytest.mark.parametrize("kind", [bytes, bytearray])
def test_from_json_reads_every_unicode_encoding(
    encoding: str, kind: Callable[[bytes], Any]
) -> None:
    text = json.dumps({"id": "é✓𝄞", "x": "\u2028"}, ensure_ascii=False)

    operation = Operation.from_json(kind(text.encode(encoding)))

    assert operation.id == "é✓𝄞"
    assert operation.extra == {"x": "\u2028"}


@pytest.mark.parametrize(
    ("bom", "encoding"),
    [
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
        (b"\xff\xfe\x00\x00", "utf-32-le"),
        (b"\x00\x00\xfe\xff", "utf-32-be"),
    ],
    ids=["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"],
)
def test_from_json_byte_order_mark_is_not_data(bom: bytes, encoding: str) -> None:
    operation = Operation.from_json(bom + '{"id": "a"}'.encode(encoding))

    assert operation == Operation(id="a")


def test_from_json_rejects_byte_order_mark_in_str() -> None:
    # As json.loads does: a str has been decoded already.
    errors = raised_errors(lambda: Operation.from_json('\ufeff{"id": "a"}'))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")


@pytest.mark.parametrize(
    "data",
    [
        b'{"id": "\xff"}',
        b'{"id": "\xc3("}',
        b'{"id": "\xed\xa0"}',
        '{"id": "a"}'.encode("utf-16-le")[:-1],
        b"{\x00\x00\x00\x00\x00\x11\x00",
        bytearray(b"\x80{}"),
    ],
    ids=repr,
)
def test_from_json_rejects_bytes_that_are_no_unicode_text(data: bytes) -> None:
    errors = raised_errors(lambda: Operation.from_json(data))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")


@pytest.mark.parametrize(
    ("data", "shown"),
    [
        (None, "NoneType None"),
        (1, "int 1"),
        ({"id": "a"}, "dict {'id': 'a'}"),
        (["{}"], "list ['{}']"),
        (Operation(), "Operation Operation()"),
    ],
    ids=repr,
)
def test_from_json_rejects_what_is_no_text(data: Any, shown: str) -> None:
    assert raised_errors(lambda: Operation.from_json(data)) == [
        ErrorDetail("", f"expected JSON text (str, bytes or bytearray), got {shown}")
    ]


@pytest.mark.parametrize("kind", [str, bytes, bytearray])
def test_from_json_rejects_what_poses_as_text(kind: type) -> None:
    errors = raised_errors(lambda: Operation.from_json(impostor(kind)))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith(
        "expected JSON text (str, bytes or bytearray), got NonCallableMock "
    )


@pytest.mark.parametrize(
    "text",
    [RefusingText(TEXT), RefusingBytes(TEXT.encode())],
    ids=["str", "bytes"],
)
def test_from_json_reads_a_text_subclass_as_its_base_type(text: Any) -> None:
    assert Operation.from_json(text) == Operation.from_json(TEXT)


class _OwnBufferBytes(bytes):
    def __buffer__(self, flags: int) -> memoryview:
        raise RuntimeError("__buffer__ ran")


class _OwnBufferByteArray(bytearray):
    def __buffer__(self, flags: int) -> memoryview:
        raise RuntimeError("__buffer__ ran")


@pytest.mark.parametrize("kind", [_OwnBufferBytes, _OwnBufferByteArray])
def test_from_json_reads_bytes_by_their_base_type_not_their_buffer(kind: type) -> None:
    # From Python 3.12, a subclass may give the buffer protocol its own method.
    assert Operation.from_json(kind(TEXT.encode())) == Operation.from_json(TEXT)


def test_from_json_rejects_memoryview() -> None:
    errors = raised_errors(lambda: Operation.from_json(memoryview(b"{}")))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith(
        "expected JSON text (str, bytes or bytearray), got memoryview <memory at "
    )


# --- from_json: syntax errors ---


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "invalid JSON: Expecting value (line 1, column 1)"),
        ("nul", "invalid JSON: Expecting value (line 1, column 1)"),
        ('{"id": "a"', "invalid JSON: Expecting ',' delimiter (line 1, column 11)"),
        ('{"id" "a"}', "invalid JSON: Expecting ':' delimiter (line 1, column 7)"),
        ('{"id": "a"} x', "invalid JSON: Extra data (line 1, column 13)"),
        # Space that is not JSON's own.
        ('{"id": "a"}\u3000', "invalid JSON: Extra data (line 1, column 12)"),
        ('{"id": "a"}\n\x0c', "invalid JSON: Extra data (line 2, column 1)"),
        (
            '{\n  "id": "a",\n  "x": tru\n}',
            "invalid JSON: Expecting value (line 3, column 8)",
        ),
        (
            '{"id": 01}',
            "invalid JSON: Expecting ',' delimiter (line 1, column 9)",
        ),
    ],
    ids=repr,
)
def test_from_json_syntax_error_message(text: str, message: str) -> None:
    with pytest.raises(ValidationError) as info:
        Operation.from_json(text)

    assert info.value.errors == [ErrorDetail("", message)]
    assert str(info.value) == f"1 validation error for Operation\n{message}"


@pytest.mark.parametrize(
    "text",
    [
        "{",
        "{}}",
        "[1,]",
        '{"id": "a",}',
        '{"id": "a\nb"}',
        '"unterminated',
        '{"id": "\\x"}',
        '{"id": "\\ud80"}',
        "  \n\n  {'id': 'a'}",
        '{"a": [1, 2',
        '{\r\n"a": 1,\r\n"b": }',
        '{"é": "✓", "x": ?}',
        "\n" * 5 + "{" + " " * 70 + "x}",
    ],
    ids=repr,
)
@pytest.mark.parametrize("kind", [str, bytes], ids=["str", "bytes"])
def test_from_json_syntax_error_gives_line_and_column(text: str, kind: type) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    data = text.encode() if kind is bytes else text

    errors = raised_errors(lambda: Operation.from_json(data))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")
    assert errors[0].message.endswith(
        f"(line {expected.value.lineno}, column {expected.value.colno})"
    )


# --- from_json: numbers ---


NON_FINITE = [
    ('{"progress": NaN}', "NaN"),
    ('{"progress": Infinity}', "Infinity"),
    ('{"progress": -Infinity}', "-Infinity"),
    ('{"result": [1, NaN]}', "NaN"),
    ('{"result": {"a": [Infinity]}}', "Infinity"),
    ('{"rate": -Infinity}', "-Infinity"),
    ('{\n  "id": "a",\n  "result": [1, 2, NaN]\n}', "NaN"),
    ('[NaN, {"id": 1}]', "NaN"),
]


@pytest.mark.parametrize(("text", "token"), NON_FINITE, ids=repr)
def test_from_json_rejects_non_finite_tokens(text: str, token: str) -> None:
    errors = raised_errors(lambda: Operation.from_json(text))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")
    assert token in errors[0].message


@pytest.mark.parametrize(("text", "token"), NON_FINITE, ids=repr)
def test_from_json_non_finite_token_gives_line_and_column(
    text: str, token: str
) -> None:
    # NaN and Infinity are no JSON (RFC 8259), so they are syntax errors, and
    # the contract asks for the line and column of every syntax error.
    errors = raised_errors(lambda: Operation.from_json(text))

    assert errors[0].message.endswith(_position(text, token))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ('{"result": 1e400}', "1e400"),
        ('{"result": -1e400}', "-1e400"),
        ('{"progress": 1.5e309}', "1.5e309"),
        ('{"rate": [1E+400]}', "1E+400"),
        ('{"result": 123456789.5e305}', "123456789.5e305"),
    ],
    ids=repr,
)
def test_from_json_rejects_float_too_large(text: str, number: str) -> None:
    place = _position(text, number)

    assert raised_errors(lambda: Operation.from_json(text)) == [
        ErrorDetail("", f"invalid JSON: {number} is too large for a float {place}")
    ]


@pytest.mark.parametrize(
    ("text", "column"),
    [
        # The number refused holds the text of one before it.
        ('{"result": [0.0001e309, 1e309]}', 25),
        ('{"result": [' + "1" * 300 + ", " + "1" * 400 + "]}", 12 + 300 + 2 + 1),
        ('{"result": ["NaN", 1, NaN]}', 23),
    ],
    ids=["float", "int", "constant-after-string"],
)
def test_from_json_places_the_whole_token_it_refuses(text: str, column: int) -> None:
    errors = raised_errors(lambda: Operation.from_json(text))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.endswith(f"(line 1, column {column})")


@pytest.mark.parametrize(
    ("number", "value"),
    [
        ("1e308", 1e308),
        ("-1.7976931348623157e308", -1.7976931348623157e308),
        ("1e-400", 0.0),
        ("5e-324", 5e-324),
        ("-0.0", -0.0),
        ("18446744073709551616", 2**64),
        ("-9223372036854775809", -(2**63) - 1),
        ("1" + "0" * 300, 10**300),
    ],
    ids=str,
)
def test_from_json_accepts_numbers_a_float_can_hold(number: str, value: Any) -> None:
    result = Operation.from_json(f'{{"result": {number}}}').result

    assert type(result) is type(value)
    assert result == value


@pytest.mark.parametrize(
    "text",
    [
        '{"result": 1' + "0" * 400 + "}",
        '{"result": -1' + "0" * 400 + "}",
        '{"progress_total": 1' + "0" * 400 + "}",
    ],
    ids=["result", "negative", "counter"],
)
def test_from_json_rejects_integer_too_large_for_a_float(text: str) -> None:
    # "from_json rejects ... numbers too large for a float": 10**400 is one.
    errors = raised_errors(lambda: Operation.from_json(text))

    assert [error.path for error in errors] == [""]


@pytest.mark.parametrize(
    "text",
    [
        '{"result": 1' + "0" * 5000 + "}",
        '{"progress_current": ' + "9" * 5000 + "}",
        '{"rate": [-' + "9" * 100_000 + "]}",
    ],
    ids=["result", "counter", "extra"],
)
@pytest.mark.parametrize("kind", [str, bytes], ids=["str", "bytes"])
def test_from_json_rejects_integer_beyond_int_digits_limit(
    text: str, kind: type
) -> None:
    data = text.encode() if kind is bytes else text

    errors = raised_errors(lambda: Operation.from_json(data))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")
    assert len(errors[0].message) < 300


# --- from_json: structure ---


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("[]", "list []"),
        ('[{"id": "a"}]', "list [{'id': 'a'}]"),
        ('"op-1"', "str 'op-1'"),
        ("1", "int 1"),
        ("1.5", "float 1.5"),
        ("null", "NoneType None"),
        ("true", "bool True"),
    ],
    ids=repr,
)
def test_from_json_rejects_a_value_that_is_no_object(text: str, shown: str) -> None:
    assert raised_errors(lambda: Operation.from_json(text)) == [
        ErrorDetail("", f"expected an object (a mapping), got {shown}")
    ]


def test_from_json_applies_every_rule_of_from_dict() -> None:
    text = '{"id": 1, "state": "Paused", "children": ["a", 2], "x": [null]}'

    assert raised_errors(lambda: Operation.from_json(text)) == [
        ErrorDetail("children[1]", "expected a string, got int 2"),
        ErrorDetail("id", "expected a string, got int 1"),
    ]


def test_from_json_nests_at_most_256_levels() -> None:
    accepted = Operation.from_json(f'{{"result": {_deep(256)}, "x": {_deep(256)}}}')

    assert accepted.result == json.loads(_deep(256))
    assert accepted.extra == {"x": json.loads(_deep(256))}
    assert raised_errors(
        lambda: Operation.from_json(f'{{"result": {_deep(257)}}}')
    ) == [ErrorDetail("result" + "[0]" * 256, TOO_DEEP)]
    assert raised_errors(lambda: Operation.from_json(f'{{"x": {_deep(300)}}}')) == [
        ErrorDetail("x" + "[0]" * 256, TOO_DEEP)
    ]


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(lambda: Operation(result=json.loads(_deep(256))), id="result"),
        pytest.param(
            lambda: Operation(extra={"x": json.loads(_deep(256))}), id="extra"
        ),
        pytest.param(
            lambda: Operation.from_json(f'{{"result": {_deep(256)}}}'), id="from_json"
        ),
    ],
)
def test_to_json_writes_what_nests_256_levels(
    operation: Callable[[], Operation],
) -> None:
    # What from_dict accepts, to_json writes: the same limit counts from the
    # same place.
    original = operation()

    assert Operation.from_json(original.to_json()) == original


@pytest.mark.parametrize("depth", [1_000, 10_000, 100_000, 1_000_000])
@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda depth: f'{{"result": {_deep(depth)}}}', id="array"),
        pytest.param(
            lambda depth: '{"x": ' + '{"a": ' * depth + "1" + "}" * depth + "}",
            id="object",
        ),
        pytest.param(lambda depth: "[" * depth, id="unclosed"),
        pytest.param(_deep, id="top-level"),
    ],
)
def test_from_json_deep_nesting_gives_one_error(
    make: Callable[[int], str], depth: int
) -> None:
    errors = raised_errors(lambda: Operation.from_json(make(depth)))

    assert len(errors) == 1
    assert len(errors[0].path) < 1_000


# --- to_json ---


TO_JSON = [
    pytest.param(Operation, id="empty"),
    pytest.param(lambda: Operation.from_dict(PAYLOAD), id="payload"),
    pytest.param(lambda: Operation.from_dict({"state": ""}), id="empty-state"),
    pytest.param(
        lambda: Operation(result=(1, [2.5, (None, -0.0)]), progress=3), id="tuples"
    ),
    pytest.param(
        lambda: Operation(description="\x00\ud800\U0010ffff", extra={"é": "𝄞"}),
        id="unicode",
    ),
    pytest.param(
        lambda: Operation(result=[1e308, -5e-324, 2**200, True]), id="numbers"
    ),
]


@pytest.mark.parametrize("operation", TO_JSON)
@pytest.mark.parametrize("exclude_none", [False, True])
def test_to_json_is_strict_json_of_to_dict(
    operation: Callable[[], Operation], exclude_none: bool
) -> None:
    original = operation()
    data = original.to_dict(exclude_none=exclude_none)

    loaded = _strict_loads(original.to_json(exclude_none=exclude_none))

    assert loaded == json.loads(json.dumps(data))
    assert list(loaded) == list(data)


@pytest.mark.parametrize(
    "operation", [p for p in TO_JSON if p.id not in ("tuples", "unicode")]
)
def test_to_json_round_trips_through_from_json(
    operation: Callable[[], Operation],
) -> None:
    original = operation()

    assert Operation.from_json(original.to_json()) == original
    assert Operation.from_json(original.to_json(indent=2)) == original


def test_to_json_round_trips_lone_surrogates() -> None:
    original = Operation(description="\ud800", extra={"\udfff": "\ud83d"})

    assert Operation.from_json(original.to_json()) == original
    assert Operation.from_json(original.to_json().encode()) == original


def test_to_json_without_indent_is_one_line() -> None:
    text = Operation.from_dict(PAYLOAD).to_json()

    assert "\n" not in text


@pytest.mark.parametrize("indent", [0, 2, 4])
def test_to_json_indent(indent: int) -> None:
    text = Operation(id="op-1", extra={"x": [1]}).to_json(indent=indent)
    lines = text.splitlines()

    assert lines[0] == "{"
    assert lines[1] == " " * indent + '"children": null,'
    assert lines[-4:] == [
        " " * indent + '"x": [',
        " " * indent * 2 + "1",
        " " * indent + "]",
        "}",
    ]
    assert _strict_loads(text)["x"] == [1]


@pytest.mark.parametrize(
    ("indent", "raised"),
    [("  ", TypeError), (2.0, TypeError), (True, TypeError), (-1, ValueError)],
    ids=["str", "float", "bool", "negative"],
)
def test_to_json_refuses_an_indent_that_is_no_count_of_spaces(
    indent: Any, raised: type
) -> None:
    with pytest.raises(raised, match=r"^indent must be None or an int >= 0, got "):
        Operation(id="a").to_json(indent=indent)


def test_to_json_exclude_none_drops_top_level_none() -> None:
    operation = Operation(id="op-1", result=[None], extra={"gone": None, "k": {}})

    loaded = _strict_loads(operation.to_json(exclude_none=True))

    assert loaded == {"id": "op-1", "result": [None], "k": {}}
    assert list(loaded) == ["id", "result", "k"]


NOT_JSON = [
    pytest.param(
        lambda: Operation(result=float("nan")),
        [("result", "expected a finite number, got ")],
        id="nan",
    ),
    pytest.param(
        lambda: Operation(result=[1, float("inf")]),
        [("result[1]", "expected a finite number, got ")],
        id="inf-in-list",
    ),
    pytest.param(
        lambda: Operation(result={"a": {"b": (float("-inf"),)}}),
        [("result.a.b[0]", "expected a finite number, got ")],
        id="inf-in-tuple",
    ),
    pytest.param(
        lambda: Operation(result={1: "x"}),
        [("result", "expected string keys, got int 1")],
        id="int-key",
    ),
    pytest.param(
        lambda: Operation(result={"a": {None: 1}}),
        [("result.a", "expected string keys, got NoneType None")],
        id="none-key",
    ),
    pytest.param(
        lambda: Operation(result={1, 2}),
        [("result", "expected a JSON value, got set {1, 2}")],
        id="set",
    ),
    pytest.param(
        lambda: Operation(result=[b"x"]),
        [("result[0]", "expected a JSON value, got bytes b'x'")],
        id="bytes",
    ),
    pytest.param(
        lambda: Operation(result={"when": _Thing()}),
        [("result.when", "expected a JSON value, got _Thing <thing>")],
        id="object",
    ),
    pytest.param(
        lambda: Operation(extra={"rate": float("nan")}),
        [("rate", "expected a finite number, got ")],
        id="extra-nan",
    ),
    pytest.param(
        lambda: Operation(
            extra={"info": {"when": datetime.date(2026, 5, 1)}},
        ),
        [("info.when", "expected a JSON value, got date datetime.date(2026, 5, 1)")],
        id="extra-date",
    ),
    pytest.param(
        lambda: Operation(extra={"a-b": [float("nan")]}),
        [("['a-b'][0]", "expected a finite number, got ")],
        id="extra-odd-key",
    ),
    pytest.param(
        lambda: Operation(result=[float("nan"), {2}], extra={"k": _Thing(), "ok": 1.5}),
        [
            ("result[0]", "expected a finite number, got "),
            ("result[1]", "expected a JSON value, got set {2}"),
            ("k", "expected a JSON value, got _Thing <thing>"),
        ],
        id="several",
    ),
    pytest.param(
        lambda: _assigned(progress=float("nan"), id=1j),
        [
            ("id", "expected a JSON value, got complex 1j"),
            ("progress", "expected a finite number, got "),
        ],
        id="assigned",
    ),
    pytest.param(
        lambda: _assigned(result=json.loads(_deep(257))),
        [("result" + "[0]" * 256, TOO_DEEP)],
        id="assigned-too-deep",
    ),
]


@pytest.mark.parametrize(("operation", "expected"), NOT_JSON)
@pytest.mark.parametrize("exclude_none", [False, True])
def test_to_json_names_the_path_of_what_json_cannot_carry(
    operation: Callable[[], Operation],
    expected: list[tuple[str, str]],
    exclude_none: bool,
) -> None:
    errors = raised_errors(lambda: operation().to_json(exclude_none=exclude_none))

    assert [error.path for error in errors] == [path for path, _ in expected]
    for error, (_, message) in zip(errors, expected):
        if message.endswith(" "):
            assert error.message.startswith(message)
        else:
            assert error.message == message


RESULT_BUILDERS = [
    pytest.param(lambda result: Operation(result=result), id="constructor"),
    pytest.param(
        lambda result: Operation.from_dict({"result": result}), id="from_dict"
    ),
    pytest.param(lambda result: _assigned(result=result), id="assigned"),
]


@pytest.mark.parametrize("build", RESULT_BUILDERS)
def test_to_json_writes_a_list_that_result_holds_twice(
    build: Callable[[Any], Operation],
) -> None:
    # Shared is not cyclic. The list holds a list, so the copy in to_dict keeps one
    # copy of it for both places, which the writer meets twice.
    part = [[1, 2], "a"]
    operation = build({"first": part, "second": part})

    assert _strict_loads(operation.to_json())["result"] == {
        "first": [[1, 2], "a"],
        "second": [[1, 2], "a"],
    }


def test_to_json_rejects_result_mutated_to_hold_itself() -> None:
    operation = Operation.from_json('{"result": {"files": [{"path": "/a"}]}}')
    files = operation.result["files"]
    files.append(files)

    assert raised_errors(operation.to_json) == [
        ErrorDetail("result.files[1]", "holds itself")
    ]


def test_to_json_rejects_result_mutated_to_nest_too_deeply() -> None:
    # Read at 256 levels, the most there may be, then given one more.
    operation = Operation.from_json(f'{{"result": {{"files": {_deep(255)}}}}}')
    innermost = operation.result["files"]
    while innermost:
        innermost = innermost[0]
    innermost.append([])

    assert raised_errors(operation.to_json) == [
        ErrorDetail("result.files" + "[0]" * 255, TOO_DEEP)
    ]


def test_to_json_rejects_an_assigned_value_sharing_a_part_deeper_down() -> None:
    # The part is met near the top first, where it fits, and then far below.
    part = json.loads(_deep(100))
    fits = [part, wrapped(155, part)]
    too_deep = [part, wrapped(156, part)]

    assert _strict_loads(_assigned(description=fits).to_json())["description"] == fits
    assert raised_errors(_assigned(description=too_deep).to_json) == [
        ErrorDetail("description[1]" + "[0]" * 255, TOO_DEEP)
    ]


@pytest.mark.parametrize("field", ["description", "result"])
def test_to_json_with_any_stack_left_writes_or_raises_a_validation_error(
    field: str,
) -> None:
    # The stack may run out while the value is copied or checked (the field's path),
    # or while json.dumps() writes it (the whole payload's).
    operation = _assigned(**{field: json.loads(_deep(200))})
    outcomes: set[Any] = set()

    for frames in range(60, 700, 2):
        with stack_left(frames):
            try:
                operation.to_json()
                outcomes.add("written")
            except ValidationError as error:
                outcomes.update(error.errors)

    assert {"written", ErrorDetail(field, NO_STACK_LEFT)} <= outcomes
    assert outcomes <= {
        "written",
        ErrorDetail(field, NO_STACK_LEFT),
        ErrorDetail("", NO_STACK_LEFT),
    }


def _holding_itself() -> list[Any]:
    items: list[Any] = ["a"]
    items.append(items)
    return items


@pytest.mark.parametrize(
    ("value", "path", "message"),
    [
        pytest.param(_holding_itself, "description[1]", "holds itself", id="itself"),
        pytest.param(
            lambda: json.loads(_deep(257)),
            "description" + "[0]" * 256,
            TOO_DEEP,
            id="too-deep",
        ),
    ],
)
def test_to_json_rejects_a_text_field_assigned_a_container_that_json_cannot_carry(
    value: Callable[[], Any], path: str, message: str
) -> None:
    # to_dict passes a text field through as it is: the writer's own check finds
    # what json.dumps would fail on, and names its path.
    operation = _assigned(description=value())

    assert raised_errors(operation.to_json) == [ErrorDetail(path, message)]


@pytest.mark.parametrize(
    ("operation", "path", "shown"),
    [
        pytest.param(
            lambda: Operation(result=[RefusingFloat("inf")]),
            "result[0]",
            "RefusingFloat inf",
            id="result",
        ),
        pytest.param(
            lambda: Operation(extra={"rate": RefusingFloat("nan")}),
            "rate",
            "RefusingFloat nan",
            id="extra",
        ),
    ],
)
def test_to_json_reads_a_float_subclass_as_a_float(
    operation: Callable[[], Operation], path: str, shown: str
) -> None:
    # As json.dumps() writes it: no method of the subclass decides.
    assert raised_errors(lambda: operation().to_json()) == [
        ErrorDetail(path, f"expected a finite number, got {shown}")
    ]


@pytest.mark.parametrize(
    ("value", "path"),
    [
        ({RefusingText("a"): [float("nan")]}, "result.a[0]"),
        ({RefusingText("a b"): float("nan")}, "result['a b']"),
    ],
    ids=["name", "quoted"],
)
def test_to_json_path_of_a_str_subclass_key_runs_none_of_its_methods(
    value: Any, path: str
) -> None:
    errors = raised_errors(lambda: Operation(result=value).to_json())

    assert [error.path for error in errors] == [path]


class _FailingItems(dict):  # type: ignore[type-arg]
    def items(self) -> Any:
        raise RuntimeError("items ran")


def test_to_json_rejects_an_assigned_dict_whose_items_fail() -> None:
    # A text field is given by to_dict as it is: json.dumps() would call items().
    operation = _assigned(description=_FailingItems(a=1))

    errors = raised_errors(operation.to_json)

    assert [error.path for error in errors] == ["description"]
    assert errors[0].message.startswith("expected a mapping that can be read, got ")
    assert errors[0].message.endswith(" (RuntimeError)")


def test_to_json_rejects_extra_assigned_a_key_that_is_no_string() -> None:
    operation = _assigned(extra={1: [2], "b": {3: 4}})

    assert raised_errors(operation.to_json) == [
        ErrorDetail("", "expected string keys, got int 1"),
        ErrorDetail("b", "expected string keys, got int 3"),
    ]


def test_to_json_reads_an_int_subclass_as_an_int() -> None:
    operation = Operation(
        result={"count": RefusingInt(5)}, extra={"n": RefusingInt(-2)}
    )

    written = _strict_loads(operation.to_json())

    assert (written["result"], written["n"]) == ({"count": 5}, -2)


@pytest.mark.parametrize("field", ["description", "result"])
def test_to_json_rejects_an_assigned_value_posing_as_json(field: str) -> None:
    operation = _assigned(**{field: impostor(str if field == "description" else list)})

    errors = raised_errors(operation.to_json)

    assert [error.path for error in errors] == [field]
    assert errors[0].message.startswith("expected a JSON value, got NonCallableMock ")


@pytest.mark.parametrize(
    ("value", "shown"),
    [(float("nan"), "float nan"), (float("-inf"), "float -inf")],
    ids=["nan", "-inf"],
)
def test_to_json_non_finite_message_names_its_type(value: float, shown: str) -> None:
    # "expected X, got TYPE REPR", as from the constructor: "got float nan".
    assert raised_errors(lambda: Operation(result=[value]).to_json()) == [
        ErrorDetail("result[0]", f"expected a finite number, got {shown}")
    ]


@pytest.mark.parametrize(
    ("operation", "path"),
    [
        pytest.param(
            lambda: Operation(progress_current=10**5000),
            "progress_current",
            id="counter",
        ),
        pytest.param(lambda: Operation(result=[10**5000]), "result[0]", id="result"),
        pytest.param(lambda: Operation(extra={"n": -(10**5000)}), "n", id="extra"),
    ],
)
def test_to_json_int_too_long_for_str_names_its_path(
    operation: Callable[[], Operation], path: str
) -> None:
    # A valid operation gets JSON text or a ValidationError, never a ValueError.
    errors = raised_errors(lambda: operation().to_json())

    assert [error.path for error in errors] == [path]


@pytest.fixture
def int_digits_limit() -> Iterator[int]:
    """The smallest limit that sys.set_int_max_str_digits() takes, for one test."""
    previous = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(640)
    try:
        yield 640
    finally:
        sys.set_int_max_str_digits(previous)


NEEDS_INT_DIGITS_LIMIT = pytest.mark.skipif(
    not hasattr(sys, "set_int_max_str_digits"), reason="no limit on an int's digits"
)


@NEEDS_INT_DIGITS_LIMIT
@pytest.mark.parametrize("sign", [1, -1], ids=["positive", "negative"])
@pytest.mark.parametrize("build", RESULT_BUILDERS)
def test_to_json_writes_an_int_with_as_many_digits_as_the_limit(
    int_digits_limit: int, build: Callable[[Any], Operation], sign: int
) -> None:
    number = sign * 10 ** (int_digits_limit - 1)

    assert _strict_loads(build(number).to_json())["result"] == number


@NEEDS_INT_DIGITS_LIMIT
@pytest.mark.parametrize("build", RESULT_BUILDERS)
def test_to_json_int_beyond_the_digits_limit_names_its_path(
    int_digits_limit: int, build: Callable[[Any], Operation]
) -> None:
    operation = build(10**int_digits_limit)

    assert raised_errors(operation.to_json) == [
        ErrorDetail(
            "result",
            "expected an integer that str() can write, got int <2127-bit integer>",
        )
    ]
