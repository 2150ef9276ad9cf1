"""Print the Markdown table of every model parameter, or check the copy in a document.

The table is generated from :func:`trustsim.params.describe` (one row per field of
:class:`trustsim.params.Params`), so docs/model.md never drifts from the code.

Usage:
    python scripts/param_table.py                      # print the table
    python scripts/param_table.py --check docs/model.md   # exit 1 if the doc's copy differs
    python scripts/param_table.py --write docs/model.md   # replace the doc's copy in place

In the document the table sits between the lines ``<!-- params:begin -->`` and
``<!-- params:end -->``.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import typing
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # document this working tree

from trustsim.params import Params, describe  # noqa: E402

BEGIN = "<!-- params:begin -->"
END = "<!-- params:end -->"
HEADER = ("| name | group | type | default | range | unit | meaning | source |\n"
          "|---|---|---|---|---|---|---|---|")


def _cell(value: object) -> str:
    """Format one value for a Markdown table cell (pipes escaped)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        text = f"{value:.1f}" if value.is_integer() and abs(value) < 1e6 else f"{value:g}"
    else:
        text = str(value)
    return text.replace("|", "\\|").replace("\n", " ")


def _type(row: dict) -> str:
    """Return the type name shown in the table (``choice`` for a fixed set of strings)."""
    return "choice" if row["type"] == "Literal" else _cell(row["type"])


def _range(row: dict) -> str:
    """Return the allowed values of a parameter: an interval, a choice list or true/false."""
    ann = Params.model_fields[row["name"]].annotation
    if typing.get_origin(ann) is typing.Literal:
        return ", ".join(f"`{a}`" for a in typing.get_args(ann))
    if ann is bool:
        return "true, false"
    lo, hi = row["min"], row["max"]
    if lo is None and hi is None:
        return ""
    return f"{_cell(lo) if lo is not None else '-inf'} .. {_cell(hi) if hi is not None else 'inf'}"


def table() -> str:
    """Return the parameter table as Markdown (no trailing newline)."""
    lines = [HEADER]
    for row in describe():
        default = row["default"]
        default_text = f"`{_cell(default)}`"
        lines.append("| " + " | ".join([
            f"`{row['name']}`", _cell(row["group"]), _type(row), default_text,
            _range(row), _cell(row["unit"]), _cell(row["meaning"]), _cell(row["source"]),
        ]) + " |")
    return "\n".join(lines)


def extract(text: str) -> str | None:
    """Return the text between the markers in ``text`` (stripped), or None if absent."""
    if BEGIN not in text or END not in text:
        return None
    inner = text.split(BEGIN, 1)[1].split(END, 1)[0]
    return inner.strip()


def check(path: Path) -> int:
    """Compare the table in ``path`` with the generated one; return an exit status."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        print(f"{path}: cannot read ({exc.strerror})", file=sys.stderr)
        return 2
    found = extract(text)
    if found is None:
        print(f"{path}: markers {BEGIN} / {END} not found", file=sys.stderr)
        return 1
    want = table()
    if found == want:
        print(f"{path}: parameter table is up to date")
        return 0
    diff = difflib.unified_diff(found.splitlines(), want.splitlines(), "in document",
                                "generated", lineterm="", n=0)
    print(f"{path}: parameter table differs from trustsim.params.describe(); regenerate "
          "it with `python scripts/param_table.py`:", file=sys.stderr)
    for line in diff:
        print(line, file=sys.stderr)
    return 1


def write(path: Path) -> int:
    """Replace the table between the markers in ``path`` with the generated one."""
    text = path.read_text(encoding="utf-8")
    if extract(text) is None:
        print(f"{path}: markers {BEGIN} / {END} not found", file=sys.stderr)
        return 1
    head, rest = text.split(BEGIN, 1)
    tail = rest.split(END, 1)[1]
    path.write_text(f"{head}{BEGIN}\n{table()}\n{END}{tail}", encoding="utf-8")
    print(f"{path}: parameter table written")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--check", metavar="DOC", type=Path,
                        help="exit 1 if the table between the markers in DOC differs")
    parser.add_argument("--write", metavar="DOC", type=Path,
                        help="replace the table between the markers in DOC")
    args = parser.parse_args(argv)
    if args.write:
        return write(args.write)
    if args.check:
        return check(args.check)
    print(table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
