from __future__ import annotations

import collections.abc
import json
import re
import types
from typing import Any, Callable, Iterator

import pytest

from ops import (
    ErrorDetail,
    Operation,
    OperationState,
    ValidationError,
    parse_operations,
)
from tests.contract import (
    UNREADABLE_MAPPINGS,
    FailingLookups,
    RefusingList,
    RefusingText,
    RefusingTuple,
    impostor,
    raised_errors,
)

ITEMS = [
    {"id": "op-1", "state": "succeeded", "progress": 1, "children": ["op-2", "op-3"]},
    {"id": "op-2", "state": "Failed", "error": "disk full", "rate": 1.5},
    {"id": "op-3", "state": "paused", "progress_current": 3.0, "progress_total": 6},
]

EXPECTED_STATE = (
    "expected one of 'unknown', 'queued', 'running', 'succeeded', 'failed' "
    "(in any case), got "
)


def _expected() -> list[Operation]:
    return [Operation.from_dict(item) for item in ITEMS]


# --- accepted shapes ---


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"operations": ITEMS}, id="answer"),
        pytest.param({"operations": tuple(ITEMS), "next": "x"}, id="answer-tuple"),
        pytest.param(types.MappingProxyType({"operations": ITEMS}), id="mapping"),
        pytest.param(ITEMS, id="list"),
        pytest.param(tuple(ITEMS), id="tuple"),
        pytest.param(json.dumps({"operations": ITEMS}), id="answer-str"),
        pytest.param(json.dumps({"operations": ITEMS}).encode(), id="answer-bytes"),
        pytest.param(
            bytearray(json.dumps({"operations": ITEMS}).encode("utf-16")),
            id="answer-bytearray-utf-16",
        ),
        pytest.param(json.dumps(ITEMS), id="list-str"),
        pytest.param(json.dumps(ITEMS, indent=2).encode(), id="list-bytes"),
    ],
)
def test_parse_operations_reads_every_shape(data: Any) -> None:
    operations = parse_operations(data)

    assert type(operations) is list
    assert operations == _expected()
    assert [op.to_dict()["state"] for op in operations] == [
        "succeeded",
        "failed",
        "paused",
    ]
    assert operations[1].extra == {"rate": 1.5}
    assert operations[2].state is OperationState.Unknown


@pytest.mark.parametrize(
    "data",
    [
        pytest.param({"operations": None}, id="null"),
        pytest.param({}, id="missing"),
        pytest.param({"other": [1]}, id="other-key"),
        pytest.param({"operations": []}, id="empty"),
        pytest.param([], id="empty-list"),
        pytest.param('{"operations": null}', id="null-text"),
        pytest.param(b"{}", id="missing-bytes"),
        pytest.param("[]", id="empty-list-text"),
    ],
)
def test_parse_operations_no_operations(data: Any) -> None:
    assert parse_operations(data) == []


def test_parse_operations_shares_nothing_with_input() -> None:
    items = [{"id": "op-1", "children": ["a"], "result": {"files": [1]}}]

    operations = parse_operations({"operations": items})
    items[0]["children"].append("b")  # type: ignore[attr-defined]
    items[0]["result"]["files"].append(2)  # type: ignore[index]

    assert operations[0].children == ["a"]
    assert operations[0].result == {"files": [1]}


@pytest.mark.parametrize(
    "data",
    [
        RefusingList(ITEMS),
        {"operations": RefusingTuple(ITEMS)},
        RefusingText(json.dumps(ITEMS)),
    ],
    ids=["list", "tuple-in-answer", "text"],
)
def test_parse_operations_reads_a_subclass_as_its_base_type(data: Any) -> None:
    assert parse_operations(data) == parse_operations(ITEMS)


# --- rejected shapes ---


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        (
            None,
            [
                (
                    "",
                    'expected an object {"operations": [...]} or a list of '
                    "operations, got NoneType None",
                )
            ],
        ),
        (
            "null",
            [
                (
                    "",
                    'expected an object {"operations": [...]} or a list of '
                    "operations, got NoneType None",
                )
            ],
        ),
        (
            1,
            [
                (
                    "",
                    'expected an object {"operations": [...]} or a list of '
                    "operations, got int 1",
                )
            ],
        ),
        (
            {"operations": "op-1"},
            [("operations", "expected a list of operations, got str 'op-1'")],
        ),
        (
            {"operations": {"id": "op-1"}},
            [("operations", "expected a list of operations, got dict {'id': 'op-1'}")],
        ),
        (
            '{"operations": 5}',
            [("operations", "expected a list of operations, got int 5")],
        ),
        (
            {"operations": [{"id": "a"}, 5, None, []]},
            [
                ("operations[1]", "expected an object (a mapping), got int 5"),
                ("operations[2]", "expected an object (a mapping), got NoneType None"),
                ("operations[3]", "expected an object (a mapping), got list []"),
            ],
        ),
        (
            [[{"id": "a"}]],
            [("[0]", "expected an object (a mapping), got list [{'id': 'a'}]")],
        ),
    ],
    ids=[
        "none",
        "null-text",
        "int",
        "operations-str",
        "operations-dict",
        "operations-int-text",
        "items-not-objects",
        "nested-list",
    ],
)
def test_parse_operations_rejects_wrong_shape(
    data: Any, errors: list[tuple[str, str]]
) -> None:
    assert raised_errors(lambda: parse_operations(data)) == [
        ErrorDetail(path, message) for path, message in errors
    ]


@pytest.mark.parametrize(("mapping", "raised"), UNREADABLE_MAPPINGS)
def test_parse_operations_item_that_cannot_be_read_is_an_error(
    mapping: Callable[[], Any], raised: str
) -> None:
    errors = raised_errors(lambda: parse_operations([{"id": "a"}, mapping()]))

    assert [error.path for error in errors] == ["[1]"]
    assert errors[0].message.startswith("expected a mapping that can be read, got ")
    assert errors[0].message.endswith(f" ({raised})")


class _ReadOnce(collections.abc.Mapping):  # type: ignore[type-arg]
    """A mapping whose items can be read once only."""

    def __init__(self, **items: Any) -> None:
        self._items: Any = items

    def __getitem__(self, key: str) -> Any:
        return self._items[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def items(self) -> Any:
        items, self._items = self._items, None
        return items.items()


def test_parse_operations_reads_each_item_once() -> None:
    errors = raised_errors(lambda: parse_operations([_ReadOnce(id="a"), {"id": 5}]))

    assert errors == [ErrorDetail("[1].id", "expected a string, got int 5")]


def test_parse_operations_answer_that_cannot_be_read_is_an_error() -> None:
    errors = raised_errors(lambda: parse_operations(FailingLookups()))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith(
        "expected a mapping that can be read, got FailingLookups "
    )
    assert errors[0].message.endswith(" (RuntimeError)")


@pytest.mark.parametrize(
    ("data", "path", "expected"),
    [
        (impostor(list), "", 'expected an object {"operations": [...]} or a list'),
        (impostor(str), "", 'expected an object {"operations": [...]} or a list'),
        ({"operations": impostor(list)}, "operations", "expected a list of operations"),
    ],
    ids=["list", "text", "operations"],
)
def test_parse_operations_rejects_what_poses_as_a_list(
    data: Any, path: str, expected: str
) -> None:
    errors = raised_errors(lambda: parse_operations(data))

    assert [error.path for error in errors] == [path]
    assert errors[0].message.startswith(expected)
    assert "got NonCallableMock " in errors[0].message


@pytest.mark.parametrize(
    "data",
    [
        '{"operations": [',
        b'{"operations": [{"id": NaN}]}',
        b"\xff\xfe\xfd",
        '{"operations": [' + "[" * 100_000,
    ],
    ids=["truncated", "nan", "bytes", "deep"],
)
def test_parse_operations_rejects_invalid_json(data: Any) -> None:
    errors = raised_errors(lambda: parse_operations(data))

    assert [error.path for error in errors] == [""]
    assert errors[0].message.startswith("invalid JSON: ")


def test_parse_operations_json_syntax_error_full_message() -> None:
    with pytest.raises(ValidationError) as info:
        parse_operations('{"operations": [\n  {"id": "a"},\n  {"id": }\n]}')

    assert str(info.value) == (
        "1 validation error for operations\n"
        "invalid JSON: Expecting value (line 3, column 10)"
    )


# --- paths of the problems in the items ---


def test_parse_operations_paths_in_an_answer() -> None:
    answer = {
        "operations": [
            {"id": "op-0"},
            {"id": 1, "children": ["a", 2]},
            {"id": "op-2"},
            {"state": [1], "progress": True, 7: None},
            # Accepted: any value in extra, however odd.
            {"rate-x": [[[[]]]], "info": {"a": float("nan")}},
        ]
    }

    assert raised_errors(lambda: parse_operations(answer)) == [
        ErrorDetail("operations[1].children[1]", "expected a string, got int 2"),
        ErrorDetail("operations[1].id", "expected a string, got int 1"),
        ErrorDetail("operations[3].progress", "expected a number, got bool True"),
        ErrorDetail("operations[3].state", EXPECTED_STATE + "list [1]"),
        ErrorDetail("operations[3]", "expected string keys, got int 7"),
    ]


def test_parse_operations_paths_in_a_bare_list() -> None:
    items = [
        {"children": ["a", "b", None]},
        {"id": "ok"},
        {"messages": "m", "progress_total": -1},
    ]

    assert raised_errors(lambda: parse_operations(items)) == [
        ErrorDetail("[0].children[2]", "expected a string, got NoneType None"),
        ErrorDetail("[2].messages", "expected a list of strings, got str 'm'"),
        ErrorDetail("[2].progress_total", "expected an integer >= 0, got int -1"),
    ]


@pytest.mark.parametrize(
    ("data", "path"),
    [
        (
            {"operations": [{}, {"rate": json.loads("[" * 300 + "]" * 300)}]},
            "operations[1].rate" + "[0]" * 256,
        ),
        (
            [{"a-b": json.loads("[" * 300 + "]" * 300)}],
            "[0]['a-b']" + "[0]" * 256,
        ),
        (
            [{}, {}, {"result": json.loads('{"a": ' * 300 + "1" + "}" * 300)}],
            "[2].result" + ".a" * 256,
        ),
    ],
    ids=["extra", "odd-key", "result"],
)
def test_parse_operations_paths_into_values(data: Any, path: str) -> None:
    assert raised_errors(lambda: parse_operations(data)) == [
        ErrorDetail(path, "nested deeper than 256 levels")
    ]


def test_parse_operations_full_message() -> None:
    with pytest.raises(ValidationError) as info:
        parse_operations({"operations": [{"id": "a"}, {"state": "x", "id": 2}, 3]})

    assert str(info.value) == (
        "2 validation errors for operations\n"
        "operations[1].id: expected a string, got int 2\n"
        "operations[2]: expected an object (a mapping), got int 3"
    )


def test_parse_operations_one_bad_item_rejects_the_list() -> None:
    items = [*ITEMS, {"id": 1}]

    assert raised_errors(lambda: parse_operations(items)) == [
        ErrorDetail("[3].id", "expected a string, got int 1")
    ]


# --- ten thousand bad items ---


@pytest.mark.parametrize(
    ("wrap", "place"),
    [
        pytest.param(lambda items: {"operations": items}, "operations", id="answer"),
        pytest.param(lambda items: items, "", id="list"),
        pytest.param(lambda items: json.dumps(items).encode(), "", id="bytes"),
    ],
)
def test_parse_operations_ten_thousand_bad_items(
    wrap: Callable[[list[Any]], Any], place: str
) -> None:
    items = [{"id": index} for index in range(10_000)]

    with pytest.raises(ValidationError) as info:
        parse_operations(wrap(items))

    errors = info.value.errors
    assert errors == [
        ErrorDetail(f"{place}[{index}].id", f"expected a string, got int {index}")
        for index in range(10_000)
    ]
    lines = str(info.value).splitlines()
    assert lines[0] == "10000 validation errors for operations"
    assert 10 <= len(lines) <= 500
    shown = len(lines) - 2
    assert lines[1 : 1 + shown] == [
        f"{place}[{index}].id: expected a string, got int {index}"
        for index in range(shown)
    ]
    more = re.search(r"\b(\d+) more\b", lines[-1])
    assert more is not None
    assert int(more.group(1)) == 10_000 - shown


def test_parse_operations_ten_thousand_problems_in_one_item() -> None:
    with pytest.raises(ValidationError) as info:
        parse_operations([{"children": [None] * 10_000}])

    assert len(info.value.errors) == 10_000
    assert info.value.errors[-1].path == "[0].children[9999]"
    assert len(str(info.value).splitlines()) <= 500
