from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import pytest

import ops
from ops import Operation, OperationState, ValidationError, parse_operations
from ops._cli import _cut, _progress_cell, main

REPO = Path(__file__).resolve().parent.parent
SAMPLE = REPO / "tests" / "data" / "operations.json"

# The running operations of the sample started between 09:00 and 12:04 that day.
NOW = datetime(2026, 5, 1, 15, 0, tzinfo=timezone.utc)

SAMPLE_AT_80 = """\
ID                      STATE      PROGRESS      DURATION    DESCRIPTION
0DqWb6rvJx2KqTfzP7nAeY  running    50% 2/4       2 h 59 min  Copy the inputs of\u2026
0DqWb7Hk4sLm9cRtV2xQaB  succeeded  100% 3/3      3 min 07 s  Upload the mesh fi\u2026
0DqWb7Hk4sLm9cRtV2xQaC  succeeded  100% 12/12    850 ms      Upload the solver\u2026
0DqWb7Hk4sLm9cRtV2xQaD  running    42.5% 17/40   2 h 56 min  Upload the boundar\u2026
0DqWb7Hk4sLm9cRtV2xQaE  queued     0%                        Upload the job scr\u2026
0DqWa1Nc8pYe5uGh3JkLmT  failed     30.8% 37/120  4 min 12 s  Download the resul\u2026
    copy failed after 3 retries:
    open /scratch/motorbike-cfd/results/run-07/report.out: permission denied
0DqVz3Rt6wHq1sDf9GbNcU  paused     80% 4/5       6 h 00 min  Archive project mo\u2026
0DqVy8Lp2kTm7nBv4XcRsW  succeeded  100% 1/1      3 d 04 h    Mirror the project\u2026
8 operations: 1 queued, 2 running, 3 succeeded, 1 failed, 1 paused
"""

SAMPLE_AT_120 = (
    "ID                      STATE      PROGRESS      DURATION    DESCRIPTION\n"
    "0DqWb6rvJx2KqTfzP7nAeY  running    50% 2/4       2 h 59 min  "
    "Copy the inputs of project motorbike-cfd to the cluster\n"
    "0DqWb7Hk4sLm9cRtV2xQaB  succeeded  100% 3/3      3 min 07 s  "
    "Upload the mesh files\n"
    "0DqWb7Hk4sLm9cRtV2xQaC  succeeded  100% 12/12    850 ms      "
    "Upload the solver settings\n"
    "0DqWb7Hk4sLm9cRtV2xQaD  running    42.5% 17/40   2 h 56 min  "
    "Upload the boundary conditions and the initial fields\n"
    "0DqWb7Hk4sLm9cRtV2xQaE  queued     0%                        "
    "Upload the job script run_fluent.sh\n"
    "0DqWa1Nc8pYe5uGh3JkLmT  failed     30.8% 37/120  4 min 12 s  "
    "Download the results of job 7 from the cluster\n"
    "    copy failed after 3 retries:\n"
    "    open /scratch/motorbike-cfd/results/run-07/report.out: permission denied\n"
    "0DqVz3Rt6wHq1sDf9GbNcU  paused     80% 4/5       6 h 00 min  "
    "Archive project motorbike-cfd to tape\n"
    "0DqVy8Lp2kTm7nBv4XcRsW  succeeded  100% 1/1      3 d 04 h    "
    "Mirror the project archive to site B\n"
    "8 operations: 1 queued, 2 running, 3 succeeded, 1 failed, 1 paused\n"
)

SUMMARY = "8 operations: 1 queued, 2 running, 3 succeeded, 1 failed, 1 paused"

EXPECTED_TIMESTAMP = "expected an RFC 3339 date-time such as 2026-05-01T12:00:09Z"

EXPECTED_STATE = (
    "expected one of 'unknown', 'queued', 'running', 'succeeded', 'failed' "
    "(in any case), got int 7"
)

# A group of two operations, used where the sample would say too much.
SMALL = {
    "operations": [
        {
            "id": "a",
            "state": "running",
            "description": "copy the inputs",
            "children": ["b"],
            "progress": 0.5,
            "started_at": "2026-05-01T14:00:00Z",
        },
        {
            "id": "b",
            "state": "succeeded",
            "description": "upload mesh",
            "started_at": "2026-05-01T14:00:00Z",
            "ended_at": "2026-05-01T14:00:42.5Z",
        },
    ]
}

SMALL_TABLE = """\
ID  STATE      PROGRESS  DURATION    DESCRIPTION
a   running    50%       1 h 00 min  copy the inputs
b   succeeded            42 s        upload mesh
2 operations: 1 running, 1 succeeded
"""

BAD = {"operations": [{"id": "x"}, {"id": "y", "state": 7, "progress": "half"}]}

# In the order of the fields, not of the keys.
BAD_PROBLEMS = [
    "operations[1].progress: expected a number, got str 'half'",
    f"operations[1].state: {EXPECTED_STATE}",
]


SetColumns = Callable[[int], None]
SetStdin = Callable[[bytes], None]
Capture = pytest.CaptureFixture[str]


def _write_json(path: Path, data: Any) -> Path:
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def _lines(text: str) -> list[str]:
    return text.splitlines()


@pytest.fixture
def columns(monkeypatch: pytest.MonkeyPatch) -> SetColumns:
    """Set the width that shutil.get_terminal_size() reports."""

    def set_columns(width: int) -> None:
        monkeypatch.setenv("COLUMNS", str(width))

    set_columns(80)
    return set_columns


@pytest.fixture
def stdin(monkeypatch: pytest.MonkeyPatch) -> SetStdin:
    """Give main() these bytes on standard input."""

    def set_stdin(data: bytes) -> None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))

    return set_stdin


def _process(
    *arguments: str,
    stdin: bytes = b"",
    columns: int = 80,
    encoding: str = "utf-8",
) -> subprocess.CompletedProcess[str]:
    """Run ``python -m ops`` as a real process from the root of the repository."""
    env = {**os.environ, "COLUMNS": str(columns), "PYTHONIOENCODING": encoding}
    result = subprocess.run(
        [sys.executable, "-m", "ops", *arguments],
        cwd=REPO,
        env=env,
        input=stdin,
        capture_output=True,
        timeout=60,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode(encoding),
        result.stderr.decode(encoding),
    )


# --- the bundled sample ---


def test_sample_shows_what_the_service_sends() -> None:
    operations = parse_operations(SAMPLE.read_bytes())
    states = {operation.to_dict()["state"] for operation in operations}
    assert states == {"queued", "running", "succeeded", "failed", "paused"}
    ids = {operation.id for operation in operations}
    groups = [operation for operation in operations if operation.children]
    assert groups
    assert all(set(group.children or []) <= ids for group in groups)
    assert any(
        operation.state is OperationState.Failed and operation.error
        for operation in operations
    )
    assert any(operation.progress_total for operation in operations)
    assert any(
        len((operation.started_at or "").split(".")[-1]) == len("987654321Z")
        for operation in operations
    )
    assert any(operation.extra for operation in operations)


# --- the table, from main() ---


@pytest.mark.parametrize(
    ("width", "expected"), [(80, SAMPLE_AT_80), (120, SAMPLE_AT_120)]
)
def test_main_sample_table(
    width: int, expected: str, columns: SetColumns, capsys: Capture
) -> None:
    columns(width)
    assert main([str(SAMPLE)], now=NOW) == 0
    assert capsys.readouterr() == (expected, "")


def test_main_small_table(tmp_path: Path, columns: SetColumns, capsys: Capture) -> None:
    path = _write_json(tmp_path / "small.json", SMALL)
    assert main([str(path)], now=NOW) == 0
    assert capsys.readouterr() == (SMALL_TABLE, "")


def test_main_bare_list(tmp_path: Path, columns: SetColumns, capsys: Capture) -> None:
    path = _write_json(tmp_path / "list.json", SMALL["operations"])
    assert main([str(path)], now=NOW) == 0
    assert capsys.readouterr() == (SMALL_TABLE, "")


@pytest.mark.parametrize("argv", [[], ["-"]])
def test_main_reads_stdin(
    argv: list[str], columns: SetColumns, stdin: SetStdin, capsys: Capture
) -> None:
    stdin(json.dumps(SMALL).encode())
    assert main(argv, now=NOW) == 0
    assert capsys.readouterr() == (SMALL_TABLE, "")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-16", "utf-32", "utf-8-sig"])
def test_main_reads_json_in_any_encoding(
    encoding: str, tmp_path: Path, columns: SetColumns, capsys: Capture
) -> None:
    path = tmp_path / "small.json"
    path.write_bytes(json.dumps(SMALL).encode(encoding))
    assert main([str(path)], now=NOW) == 0
    assert capsys.readouterr() == (SMALL_TABLE, "")


@pytest.mark.parametrize(
    "data", [{"operations": []}, {"operations": None}, {}, []], ids=repr
)
def test_main_no_operations(
    data: Any, tmp_path: Path, columns: SetColumns, capsys: Capture
) -> None:
    path = _write_json(tmp_path / "empty.json", data)
    assert main([str(path)], now=NOW) == 0
    assert capsys.readouterr() == ("0 operations\n", "")


@pytest.mark.parametrize(
    ("states", "summary"),
    [
        (["running"], "1 operation: 1 running"),
        (["failed", "queued", "failed"], "3 operations: 1 queued, 2 failed"),
        (
            ["paused", "Running", None, "unknown", "succeeded", "paused", "RUNNING"],
            "7 operations: 2 running, 1 succeeded, 2 paused, 1 unknown, "
            "1 without a state",
        ),
    ],
)
def test_main_summary_counts_by_state(
    states: list[str | None],
    summary: str,
    stdin: SetStdin,
    columns: SetColumns,
    capsys: Capture,
) -> None:
    columns(200)
    stdin(
        json.dumps([{"id": str(i), "state": s} for i, s in enumerate(states)]).encode()
    )
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[-1] == summary


def test_main_unknown_state_shown_as_sent(
    stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    stdin(b'[{"id": "a", "state": "Paused"}, {"id": "b"}]')
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out) == [
        "ID  STATE   PROGRESS  DURATION  DESCRIPTION",
        "a   Paused",
        "b   -",
        "2 operations: 1 Paused, 1 without a state",
    ]


@pytest.mark.parametrize(
    ("progress", "current", "total", "cell"),
    [
        (None, None, None, ""),
        (0.0, None, None, "0%"),
        (1, None, None, "100%"),
        (0.425, 17, 40, "42.5% 17/40"),
        (0.435, None, None, "43.5%"),
        (1.001, None, None, "100.1%"),
        (0.4259, None, None, "42.5%"),
        (0.9999, None, None, "99.9%"),
        (0.001, None, None, "0.1%"),
        (0.0009, None, None, "0%"),
        (0.07, None, None, "7%"),
        (1.5, None, None, "150%"),
        (-0.05, None, None, "-5%"),
        (-0.0001, None, None, "0%"),
        (9999.9999, None, None, "999999.9%"),
        (1e4, None, None, "1e+06%"),
        (-1e300, None, None, "-1e+302%"),
        (1e307, None, None, "inf%"),
        (None, 17, 40, "17/40"),
        (None, 3, None, "3/?"),
        (None, None, 9, "?/9"),
    ],
)
def test_progress_cell_percent_truncated_and_counters(
    progress: float | None, current: int | None, total: int | None, cell: str
) -> None:
    operation = Operation(
        progress=progress, progress_current=current, progress_total=total
    )
    assert _progress_cell(operation) == cell


@pytest.mark.parametrize(
    ("fields", "duration"),
    [
        ({}, ""),
        ({"started_at": "0001-01-01T00:00:00Z"}, ""),
        ({"ended_at": "2026-05-01T14:00:00Z"}, ""),
        ({"started_at": "2026-05-01T14:59:59.15Z"}, "850 ms"),
        ({"started_at": "2026-05-01T16:59:00+02:00"}, "1 min 00 s"),
        (
            {"started_at": "2026-04-28T10:00:00Z", "ended_at": "0001-01-01T00:00:00Z"},
            "3 d 05 h",
        ),
        (
            {"started_at": "2026-05-01T10:00:00Z", "ended_at": "2026-05-01T10:00:42Z"},
            "42 s",
        ),
    ],
)
def test_main_duration_cell(
    fields: dict[str, str],
    duration: str,
    stdin: SetStdin,
    columns: SetColumns,
    capsys: Capture,
) -> None:
    stdin(json.dumps([{"id": "a", **fields}]).encode())
    assert main([], now=NOW) == 0
    row = _lines(capsys.readouterr().out)[1]
    assert row == f"a   -      {'':8}  {duration:8}".rstrip()


def test_main_duration_of_a_bad_timestamp_is_reported(
    tmp_path: Path, columns: SetColumns, capsys: Capture
) -> None:
    bad = {"id": "y", "state": "running", "started_at": "yesterday"}
    answer = _write_json(
        tmp_path / "answer.json", {"operations": [SMALL["operations"][1], bad]}
    )
    bare = _write_json(tmp_path / "bare.json", [{"id": "c", "ended_at": "2026-05-01"}])
    assert main([str(answer), str(bare)], now=NOW) == 1
    out, err = capsys.readouterr()
    assert _lines(out)[1:4] == [
        "b   succeeded            42 s      upload mesh",
        "y   running              ?",
        "c   -                    ?",
    ]
    assert _lines(err) == [
        f"{answer}: operations[1].started_at: {EXPECTED_TIMESTAMP}, "
        "got str 'yesterday'",
        f"{bare}: [0].ended_at: {EXPECTED_TIMESTAMP}, got str '2026-05-01'",
    ]


@pytest.mark.parametrize(
    ("error", "beneath"),
    [
        ("disk full", ["    disk full"]),
        ("  disk\tfull \n\n  on /scratch ", ["    disk full", "    on /scratch"]),
        (
            "word " * 20,
            [
                "    word word word word word word word",
                "    word word word word word word word",
                "    word word word word word word",
            ],
        ),
        (
            "\n".join(f"line {n}" for n in range(1, 8)),
            ["    line 1", "    line 2", "    line 3", "    line 4\u2026"],
        ),
        ("x" * 200, ["    " + "x" * 36] * 3 + ["    " + "x" * 35 + "\u2026"]),
        ("", []),
    ],
)
def test_main_error_beneath_its_row(
    error: str,
    beneath: list[str],
    stdin: SetStdin,
    columns: SetColumns,
    capsys: Capture,
) -> None:
    columns(40)
    stdin(json.dumps([{"id": "a", "state": "failed", "error": error}]).encode())
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[2:-1] == beneath


def test_main_error_beneath_any_state(
    stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    stdin(b'[{"id": "a", "state": "running", "error": "retrying: timeout"}]')
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[1:3] == [
        "a   running",
        "    retrying: timeout",
    ]


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        ("a\nb\tc  d", "a b c d"),
        ("bell\x07 escape\x1b[31m del\x7f c1\x85", "bell? escape?[31m del? c1"),
        ("caf\u00e9 \u00fcber", "caf\u00e9 \u00fcber"),
        ("lone \ud800 surrogate", "lone ? surrogate"),
    ],
)
def test_main_description_made_one_line(
    description: str, shown: str, stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    stdin(json.dumps([{"id": "a", "description": description}]).encode())
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[1] == f"a   -      {'':8}  {'':8}  {shown}"


@pytest.mark.parametrize(
    ("description", "shown"),
    [
        # 13 columns: 12 of text and the ellipsis.
        ("\u6570\u636e\u4f20\u8f93" * 5, "\u6570\u636e\u4f20\u8f93\u6570\u636e\u2026"),
        ("a" + "\u6570" * 20, "a" + "\u6570" * 5 + "\u2026"),
        ("e\u0301" * 30, "e\u0301" * 12 + "\u2026"),
    ],
)
def test_main_description_cut_by_display_columns(
    description: str, shown: str, stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    columns(44)
    stdin(json.dumps([{"id": "a", "description": description}]).encode())
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[1] == f"a   -      {'':8}  {'':8}  {shown}"


@pytest.mark.parametrize("width", [1, 2, 5, 12, 30])
def test_main_narrow_terminal(width: int, columns: SetColumns, capsys: Capture) -> None:
    columns(width)
    assert main([str(SAMPLE)], now=NOW) == 0
    out = capsys.readouterr().out
    assert all(len(line) <= width for line in _lines(out))
    assert len(_lines(out)) >= 12


@pytest.mark.parametrize(
    ("text", "width", "ellipsis", "cut"),
    [
        ("abcdef", 6, "...", "abcdef"),
        ("abcdef", 5, "...", "ab..."),
        ("abcdef", 5, "\u2026", "abcd\u2026"),
        ("ab  cdef", 5, "\u2026", "ab\u2026"),
        ("abcdef", 2, "...", "ab"),
        ("abcdef", 1, "\u2026", "\u2026"),
        ("abcdef", 0, "\u2026", ""),
        ("\u00e9t\u00e9", 3, "\u2026", "\u00e9t\u00e9"),
        ("\u6570\u636e\u4f20\u8f93", 8, "\u2026", "\u6570\u636e\u4f20\u8f93"),
        ("\u6570\u636e\u4f20\u8f93", 7, "\u2026", "\u6570\u636e\u4f20\u2026"),
        ("\u6570\u636e\u4f20\u8f93", 6, "\u2026", "\u6570\u636e\u2026"),
        ("\u6570\u636e\u4f20\u8f93", 3, "...", "..."),
        ("\u6570\u636e\u4f20\u8f93", 2, "...", "\u6570"),
    ],
)
def test_cut_to_display_columns(text: str, width: int, ellipsis: str, cut: str) -> None:
    assert _cut(text, width, ellipsis) == cut


def test_main_error_lines_cut_past_the_last(
    stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    columns(40)
    error = "\n".join(["\u00e9chec"] * 6)
    stdin(json.dumps([{"id": "a", "state": "failed", "error": error}]).encode())
    assert main([], now=NOW) == 0
    assert _lines(capsys.readouterr().out)[2:-1] == ["    \u00e9chec"] * 3 + [
        "    \u00e9chec\u2026"
    ]


def test_main_ascii_stdout(
    monkeypatch: pytest.MonkeyPatch, stdin: SetStdin, columns: SetColumns
) -> None:
    written = io.BytesIO()
    stdout = io.TextIOWrapper(written, encoding="ascii")
    monkeypatch.setattr(sys, "stdout", stdout)
    stdin(json.dumps([{"id": "\u00e9", "description": "\u00fcber " * 30}]).encode())
    assert main([], now=NOW) == 0
    stdout.flush()
    row = written.getvalue().decode("ascii").splitlines()[1]
    assert row == f"?   -      {'':8}  {'':8}  " + "?ber " * 9 + "?..."


def test_main_reader_gone(
    monkeypatch: pytest.MonkeyPatch, columns: SetColumns, capsys: Capture
) -> None:
    reader, writer = os.pipe()
    os.close(reader)
    with open(writer, "w", encoding="utf-8") as stdout:
        monkeypatch.setattr(sys, "stdout", stdout)
        assert main([str(SAMPLE)], now=NOW) == 1
        # What was left now goes to devnull, and closing the file cannot fail.
    assert capsys.readouterr().err == ""


# --- JSON output ---


@pytest.mark.parametrize("exclude_none", [False, True])
def test_main_json_reads_back(exclude_none: bool, capsys: Capture) -> None:
    argv = ["--json", str(SAMPLE)] + (["--exclude-none"] if exclude_none else [])
    assert main(argv) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert parse_operations(out) == parse_operations(SAMPLE.read_bytes())
    items = json.loads(out)
    assert len(items) == 8
    if exclude_none:
        assert all(None not in item.values() for item in items)
    else:
        assert all(list(item)[:15] == list(Operation().to_dict()) for item in items)
    assert out == json.dumps(items, indent=2) + "\n"


def test_main_json_of_several_inputs_one_list(
    tmp_path: Path, stdin: SetStdin, capsys: Capture
) -> None:
    stdin(json.dumps(SMALL).encode())
    bad = _write_json(tmp_path / "bad.json", BAD)
    assert main(["--json", "-", str(bad), str(SAMPLE)]) == 1
    out, err = capsys.readouterr()
    assert [item["id"] for item in json.loads(out)][:3] == [
        "a",
        "b",
        "0DqWb6rvJx2KqTfzP7nAeY",
    ]
    assert len(json.loads(out)) == 10
    assert _lines(err) == [f"{bad}: {problem}" for problem in BAD_PROBLEMS]


def test_main_json_empty(stdin: SetStdin, capsys: Capture) -> None:
    stdin(b"[]")
    assert main(["--json"]) == 0
    assert capsys.readouterr() == ("[]\n", "")


def test_main_json_does_not_read_timestamps(stdin: SetStdin, capsys: Capture) -> None:
    stdin(b'[{"started_at": "yesterday"}]')
    assert main(["--json", "--exclude-none"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"started_at": "yesterday"}]


# --- problems ---


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        (b"", ["invalid JSON: Expecting value (line 1, column 1)"]),
        (b'{"operations": [}', ["invalid JSON: Expecting value (line 1, column 17)"]),
        (
            b"[\xc3(]",
            [
                "invalid JSON: not UTF-8, UTF-16 or UTF-32 text "
                "(invalid continuation byte)"
            ],
        ),
        (
            b'"text"',
            [
                'expected an object {"operations": [...]} or a list of operations, '
                "got str 'text'"
            ],
        ),
        (
            b'{"operations": 3}',
            ["operations: expected a list of operations, got int 3"],
        ),
        (b'[{"id": 1}]', ["[0].id: expected a string, got int 1"]),
        (json.dumps(BAD).encode(), BAD_PROBLEMS),
    ],
)
def test_main_bad_input(
    content: bytes,
    problems: list[str],
    tmp_path: Path,
    columns: SetColumns,
    capsys: Capture,
) -> None:
    path = tmp_path / "bad.json"
    path.write_bytes(content)
    assert main([str(path)], now=NOW) == 1
    assert capsys.readouterr() == (
        "0 operations\n",
        "".join(f"{p}\n" for p in problems),
    )


@pytest.mark.parametrize(
    "content",
    [
        b"[NaN]",
        b'{"operations": [{"progress": 1e400}]}',
        json.dumps([{"id": n, "state": "?"} for n in range(300)]).encode(),
    ],
    ids=["NaN", "1e400", "300 bad items"],
)
def test_main_prints_every_problem_of_parse_operations(
    content: bytes, stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    stdin(content)
    with pytest.raises(ValidationError) as info:
        parse_operations(content)
    assert main([], now=NOW) == 1
    assert _lines(capsys.readouterr().err) == [
        str(error) for error in info.value.errors
    ]


def test_main_unreadable_inputs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    columns: SetColumns,
    capsys: Capture,
) -> None:
    locked = tmp_path / "locked.json"
    real_open = open

    def fake_open(name: Any, *args: Any, **kwargs: Any) -> Any:
        if name == str(locked):
            raise PermissionError(13, "Permission denied", name)
        return real_open(name, *args, **kwargs)

    monkeypatch.setattr("ops._cli.open", fake_open, raising=False)
    missing = tmp_path / "missing.json"
    assert main([str(missing), str(tmp_path), str(locked)], now=NOW) == 1
    assert capsys.readouterr() == (
        "0 operations\n",
        f"{missing}: No such file or directory\n"
        f"{tmp_path}: Is a directory\n"
        f"{locked}: Permission denied\n",
    )


def test_main_no_stdin_at_all(
    monkeypatch: pytest.MonkeyPatch, columns: SetColumns, capsys: Capture
) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert main([], now=NOW) == 1
    assert capsys.readouterr() == ("0 operations\n", "<stdin>: Bad file descriptor\n")


def test_main_one_missing_file_named(
    tmp_path: Path, columns: SetColumns, capsys: Capture
) -> None:
    missing = tmp_path / "missing.json"
    assert main([str(missing)], now=NOW) == 1
    assert capsys.readouterr().err == f"{missing}: No such file or directory\n"


def test_main_several_inputs_prefix_problems(
    tmp_path: Path, stdin: SetStdin, columns: SetColumns, capsys: Capture
) -> None:
    good = _write_json(tmp_path / "good.json", SMALL)
    bad = _write_json(tmp_path / "bad.json", BAD)
    stdin(b"[{")
    assert main([str(bad), str(good), "-"], now=NOW) == 1
    out, err = capsys.readouterr()
    assert out == SMALL_TABLE
    assert _lines(err) == [
        *(f"{bad}: {problem}" for problem in BAD_PROBLEMS),
        "<stdin>: invalid JSON: Expecting property name enclosed in double quotes "
        "(line 1, column 3)",
    ]


# --- the command line ---


@pytest.mark.parametrize(
    "argv", [["--bogus"], ["--exclude-none", "x.json"], ["--json=yes"]]
)
def test_main_wrong_command_line_exits_2(argv: list[str], capsys: Capture) -> None:
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err.startswith("usage: python -m ops ")


def test_main_no_argument_and_a_terminal_exits_2(
    monkeypatch: pytest.MonkeyPatch, capsys: Capture
) -> None:
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    with pytest.raises(SystemExit) as info:
        main([])
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m ops ")
    assert err.endswith(
        "error: no input: name a file, or pipe JSON into standard input\n"
    )


def test_main_version(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"python -m ops {ops.__version__}\n"


def test_main_help_documents_options(capsys: Capture) -> None:
    with pytest.raises(SystemExit) as info:
        main(["--help"])
    assert info.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (
        "--exclude-none with --json only: leave out the fields that are not set" in out
    )
    assert "2 for a wrong command line" in out


# --- as a real process ---


def test_process_sample() -> None:
    result = _process(str(SAMPLE.relative_to(REPO)))
    assert (result.returncode, result.stderr) == (0, "")
    # The running operations run to the current time, so their durations, and the
    # width of that column, change: test_main_sample_table fixes the time.
    lines = _lines(result.stdout)
    assert len(lines) == len(_lines(SAMPLE_AT_80))
    assert all(len(line) <= 80 for line in lines)
    assert lines[0].split() == ["ID", "STATE", "PROGRESS", "DURATION", "DESCRIPTION"]
    assert lines[7:9] == _lines(SAMPLE_AT_80)[7:9]
    assert lines[-1] == SUMMARY


def test_process_reads_stdin() -> None:
    result = _process(stdin=SAMPLE.read_bytes())
    assert (result.returncode, result.stderr) == (0, "")
    assert _lines(result.stdout)[-1] == SUMMARY


def test_process_several_files(tmp_path: Path) -> None:
    bad = _write_json(tmp_path / "bad.json", BAD)
    missing = tmp_path / "missing.json"
    result = _process(str(SAMPLE), str(bad), str(missing), "-", stdin=b"[]")
    assert result.returncode == 1
    assert _lines(result.stderr) == [
        *(f"{bad}: {problem}" for problem in BAD_PROBLEMS),
        f"{missing}: No such file or directory",
    ]
    assert _lines(result.stdout)[-1] == SUMMARY


@pytest.mark.parametrize(
    ("content", "problems"),
    [
        (
            b"{",
            [
                "invalid JSON: Expecting property name enclosed in double quotes "
                "(line 1, column 2)"
            ],
        ),
        (json.dumps(BAD).encode(), BAD_PROBLEMS),
    ],
)
def test_process_bad_input(content: bytes, problems: list[str]) -> None:
    result = _process(stdin=content)
    assert result.returncode == 1
    assert result.stdout == "0 operations\n"
    assert _lines(result.stderr) == problems


@pytest.mark.parametrize("exclude_none", [False, True])
def test_process_json_reads_back(exclude_none: bool) -> None:
    extra = ["--exclude-none"] if exclude_none else []
    result = _process("--json", *extra, str(SAMPLE))
    assert (result.returncode, result.stderr) == (0, "")
    assert parse_operations(result.stdout) == parse_operations(SAMPLE.read_bytes())
    values = [value for item in json.loads(result.stdout) for value in item.values()]
    assert (None in values) is not exclude_none


def test_process_version() -> None:
    result = _process("--version")
    assert result.returncode == 0
    assert result.stdout == f"python -m ops {ops.__version__}\n"


@pytest.mark.parametrize("argv", [["--bogus"], ["--exclude-none"]])
def test_process_wrong_option_exits_2(argv: list[str]) -> None:
    result = _process(*argv)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: python -m ops ")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pty")
def test_process_no_argument_and_a_terminal_exits_2() -> None:
    primary, secondary = os.openpty()
    try:
        result = subprocess.run(
            [sys.executable, "-m", "ops"],
            cwd=REPO,
            stdin=secondary,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    finally:
        os.close(secondary)
        os.close(primary)
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.startswith("usage: python -m ops ")


@pytest.mark.parametrize("width", [40, 80, 200])
def test_process_no_line_wider_than_columns(width: int) -> None:
    result = _process(str(SAMPLE), columns=width)
    assert result.returncode == 0
    assert max(len(line) for line in _lines(result.stdout)) <= width
    assert _lines(result.stdout)[0].startswith("ID")


def test_process_ascii_stdout(tmp_path: Path) -> None:
    path = _write_json(
        tmp_path / "text.json", [{"id": "a", "description": "\u00fcber " * 30}]
    )
    result = _process(str(path), encoding="ascii")
    assert (result.returncode, result.stderr) == (0, "")
    row = _lines(result.stdout)[1]
    assert row == f"a   -      {'':8}  {'':8}  " + "?ber " * 9 + "?..."
    assert len(row) == 80


@pytest.mark.parametrize("unbuffered", [False, True])
def test_process_broken_pipe(unbuffered: bool, tmp_path: Path) -> None:
    many = [
        {"id": f"op-{n}", "state": "succeeded", "description": "x" * 40, "progress": 1}
        for n in range(20_000)
    ]
    path = _write_json(tmp_path / "many.json", {"operations": many})
    env = {**os.environ, "COLUMNS": "80"}
    env.pop("PYTHONUNBUFFERED", None)
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    with subprocess.Popen(
        [sys.executable, "-m", "ops", str(path)],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline().startswith(b"ID ")
        # The reader goes away as head does, with a megabyte still to come.
        process.stdout.close()
        stderr = process.stderr.read()
        returncode = process.wait(timeout=60)
    assert stderr == b""
    assert returncode == 1
