"""Reading scenario and experiment files safely: size, kind, encoding, YAML with lines.

Core functions: :func:`read_text` (an ordinary file of at most :data:`MAX_FILE_BYTES`,
decoded by the rule below) and :func:`parse_yaml` (one pass of the C YAML loader, safe
constructors only, with the line of every key). Anything wrong is a
:class:`~trustsim.errors.ScenarioError` naming the file and the fix.

Encodings, in this order (docs/hostile-inputs.md):

1. a byte-order mark: UTF-8, UTF-16 or UTF-32;
2. a declaration in a comment on the first or second line, as in Python source
   (``# -*- coding: gbk -*-``, ``# encoding: latin-1``): any text encoding Python knows
   (a file that declares another encoding but is valid UTF-8 with non-ASCII text is
   refused: one of the two is wrong, and trustsim does not guess which);
3. UTF-8;
4. GB18030 (which includes GBK and GB2312), when the whole file decodes and the text
   outside ASCII is Chinese: at least 90 % of it common Chinese characters and
   punctuation. Chinese editors on Windows save such files;
5. anything else (Latin-1, UTF-16 without a mark, binary data) is refused, with how to
   fix it: save the file as UTF-8, or declare its encoding on the first line.
"""

from __future__ import annotations

import codecs
import os
import re
import stat
from pathlib import Path
from typing import Any, NamedTuple

import yaml

from trustsim.errors import ScenarioError

__all__ = ["MAX_FILE_BYTES", "MAX_YAML_VALUES", "TextFile", "read_text", "decode",
           "parse_yaml", "read_yaml"]

MAX_FILE_BYTES = 16 * 2**20
"""Largest scenario or experiment file read (16 MiB; the largest bundled one is 2 KB)."""
MAX_YAML_VALUES = 5_000_000
"""Most values a file may expand to through YAML aliases (``*name``), against alias bombs."""

_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16"))
_DECLARED = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_FIX = ("save it as UTF-8 (in most editors: Save As, Encoding: UTF-8), or name its "
        "encoding in a comment on the first line, e.g. `# encoding: gbk`")


class TextFile(NamedTuple):
    """A file's text and the encoding it was read with."""

    text: str
    encoding: str


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a named pipe (FIFO)"), (stat.S_ISCHR, "a device"),
                       (stat.S_ISBLK, "a device"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "not an ordinary file"


def read_bytes(path: str | Path, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of an ordinary file of at most ``limit`` bytes.

    The file is opened without blocking and checked before anything is read, so a FIFO
    never hangs and a device such as ``/dev/zero`` is never read.

    Raises:
        ScenarioError: for a missing or unreadable file, a folder, a FIFO, a device or
            socket, or a file larger than ``limit``.
    """
    file = str(path)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except IsADirectoryError:
        raise ScenarioError("is a folder, not a file", file=file) from None
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror or exc})",
                            file=file) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise ScenarioError("is a folder, not a file", file=file)
        if not stat.S_ISREG(st.st_mode):
            raise ScenarioError(f"is {_kind(st.st_mode)}; trustsim reads scenario and "
                                "experiment files only from ordinary files", file=file)
        if st.st_size > limit:
            raise ScenarioError(_too_big(st.st_size, limit), file=file)
        chunks, total = [], 0
        while True:  # read at most limit + 1 bytes: the file may grow while we read
            chunk = os.read(fd, min(1 << 20, limit + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
            if total > limit:
                raise ScenarioError(_too_big(total, limit), file=file)
    except OSError as exc:
        raise ScenarioError(f"cannot read the file ({exc.strerror or exc})",
                            file=file) from None
    finally:
        os.close(fd)
    return b"".join(chunks)


def _too_big(size: int, limit: int) -> str:
    return (f"is too large for a scenario or experiment file ({size / 2**20:,.1f} MiB; at "
            f"most {limit / 2**20:,.0f} MiB); is it the right file?")


def _where(data: bytes, pos: int) -> tuple[int, int]:
    line = data.count(b"\n", 0, pos) + 1
    return line, pos - (data.rfind(b"\n", 0, pos) + 1) + 1


def _chinese(ch: str) -> bool:
    o = ord(ch)
    if not (0x3000 <= o <= 0x303F or 0x3400 <= o <= 0x4DBF or 0x4E00 <= o <= 0x9FFF
            or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF
            or ch in "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026"):
        return False
    try:  # common characters: both bytes >= 0xA1 in GB2312 (Latin-1 misreads rarely are)
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def _looks_chinese(text: str) -> bool:
    wide = [ch for ch in text if ord(ch) > 127]
    return bool(wide) and sum(map(_chinese, wide)) >= 0.9 * len(wide)


def decode(data: bytes, file: str) -> TextFile:
    """Decode a file's bytes by the rule in the module docstring.

    Raises:
        ScenarioError: naming the file, the line of the first bad byte and the fix.
    """
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return _strict(data, codec, file, declared=False)
    head = data.split(b"\n", 2)[:2]
    for line in head:
        m = _DECLARED.match(line)
        if m:
            name = m.group(1).decode("ascii")
            try:
                codec = codecs.lookup(name)
            except LookupError:
                raise ScenarioError(f"declares an encoding Python does not know; {_FIX}",
                                    file=file, line=head.index(line) + 1,
                                    value=name) from None
            if codec.name not in ("utf-8", "utf-8-sig") and not data.isascii():
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError:
                    pass
                else:  # declared one way, written the other: no guessing which is right
                    raise ScenarioError(
                        f"declares {name} on line {head.index(line) + 1} but is UTF-8 text; "
                        "remove the declaration (or save the file in the encoding it "
                        "declares)", file=file, line=head.index(line) + 1)
            return _strict(data, codec.name, file, declared=True)
    if b"\x00" in data:
        what = ("UTF-16 text without a byte-order mark" if data[1::2].count(0) > len(data) // 4
                or data[0::2].count(0) > len(data) // 4 else "a binary file, not text")
        raise ScenarioError(f"looks like {what}; {_FIX}", file=file,
                            line=_where(data, data.index(b"\x00"))[0])
    try:
        return TextFile(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        bad = exc
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _looks_chinese(text):
        return TextFile(text, "gb18030")
    line, col = _where(data, bad.start)
    raise ScenarioError(f"is not UTF-8 text (byte 0x{data[bad.start]:02X} at column {col} "
                        "cannot be read; Western European editors save Latin-1 or "
                        f"Windows-1252); {_FIX.replace('gbk', 'latin-1')}", file=file,
                        line=line)


def _strict(data: bytes, codec: str, file: str, *, declared: bool) -> TextFile:
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as exc:
        how = "the encoding it declares" if declared else "its byte-order mark"
        line = _where(data, exc.start)[0] if codec.replace("_", "-") not in (
            "utf-16", "utf-32") else None
        raise ScenarioError(f"cannot be read as {codec}, {how}; {_FIX}", file=file,
                            line=line) from None
    except LookupError:  # a codec that is not a text encoding (base64, zlib, ...)
        raise ScenarioError(f"declares {codec}, which is not a text encoding; {_FIX}",
                            file=file, line=1) from None
    if "\x00" in text:
        raise ScenarioError(f"holds NUL characters: a binary file, not text; {_FIX}",
                            file=file)
    return TextFile(text.removeprefix("\ufeff"), codec)


def read_text(path: str | Path) -> TextFile:
    """Read an ordinary file of at most :data:`MAX_FILE_BYTES` and decode it.

    Example:
        >>> from trustsim.scenario import bundled_dir
        >>> read_text(bundled_dir() / "calm_baseline.yaml").encoding
        'utf-8'
    """
    return decode(read_bytes(path), str(path))


# ------------------------------------------------------------------------------- YAML
_LOADER: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _index(root: yaml.Node, file: str) -> dict[tuple, int]:
    """Line of every key path; refuses recursive aliases and alias bombs.

    An alias (``*name``) is the same node object as its anchor: each node is walked
    once (so aliases cost nothing here) and the values it expands to are counted.
    Mapping keys count as one value each (a key that is a collection cannot be hashed,
    and the constructor refuses it).
    """
    lines: dict[tuple, int] = {}
    size: dict[int, int] = {}  # id(node) -> values it expands to
    open_: set[int] = set()
    stack: list[tuple[yaml.Node, tuple | None, list | None]] = [(root, (), None)]
    while stack:
        node, path, kids = stack.pop()
        if kids is not None:  # closing: every child is sized
            open_.discard(id(node))
            n = 1 + sum(size.get(id(c), 1) for _, c, _ in kids)
            if isinstance(node, yaml.MappingNode):
                n += len(kids)
            size[id(node)] = n
            if n > MAX_YAML_VALUES:
                raise ScenarioError(f"expands to more than {MAX_YAML_VALUES:,} values through "
                                    "YAML aliases (*name); write the values out instead",
                                    file=file, line=node.start_mark.line + 1)
            continue
        if id(node) in size:
            continue
        if id(node) in open_:
            raise ScenarioError("a YAML alias refers to a value that contains it",
                                file=file, line=node.start_mark.line + 1)
        kids = _children(node)
        if not kids:
            size[id(node)] = 1
            continue
        if isinstance(node, yaml.MappingNode):
            _refuse_duplicate_keys(node, file)
        open_.add(id(node))
        stack.append((node, path, kids))
        for key, child, line in kids:
            sub = path + (key,) if path is not None and key is not None else None
            if sub is not None:
                lines.setdefault(sub, line)
            if id(child) not in size and not isinstance(child, yaml.ScalarNode):
                stack.append((child, sub, None))
    return lines


def _refuse_duplicate_keys(node: yaml.MappingNode, file: str) -> None:
    """Refuse a key written twice in one mapping.

    YAML would keep the last silently (``seed: 1`` then ``seed: 2`` ran with seed 2).
    """
    first: dict[tuple[str, str], int] = {}
    for k, _ in node.value:
        if not isinstance(k, yaml.ScalarNode) or k.value == "<<":
            continue
        line = k.start_mark.line + 1
        if (k.tag, k.value) in first:
            seen = first[(k.tag, k.value)]
            raise ScenarioError(f"the key {k.value!r} is written twice in one mapping (first on "
                                f"line {seen}); YAML would keep only the last: remove one",
                                file=file, line=line)
        first[(k.tag, k.value)] = line


def _children(node: yaml.Node) -> list[tuple[Any, yaml.Node, int]]:
    """(key in the path or None, child node, line) for each value under a node."""
    if isinstance(node, yaml.SequenceNode):
        return [(i, v, v.start_mark.line + 1) for i, v in enumerate(node.value)]
    if isinstance(node, yaml.MappingNode):
        return [(k.value if isinstance(k, yaml.ScalarNode) else None, v,
                 k.start_mark.line + 1) for k, v in node.value]
    return []


def _failing_line(loader: Any, root: yaml.Node) -> int | None:
    """The line of the first scalar that cannot be built (an impossible date, say)."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            try:
                loader.construct_object(node, deep=True)
            except Exception:  # noqa: BLE001 - this is the value that fails
                return node.start_mark.line + 1
        else:
            for item in reversed(node.value):
                stack.extend(reversed(item) if isinstance(item, tuple) else [item])
    return None


def parse_yaml(text: str, file: str) -> tuple[Any, dict[tuple, int]]:
    """Parse YAML once (C loader when available, safe constructors only).

    Returns:
        The data and a map from key path (``("crises", 0, "time")``) to line number.

    Raises:
        ScenarioError: for bad YAML (with its line), several documents, values that
            cannot be built (an impossible date, an unknown ``!!tag``), recursive aliases
            or alias bombs.
    """
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None, {}
        lines = _index(node, file)
        data = loader.construct_document(node)
    except ScenarioError:
        raise
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        if "another document" in str(problem):
            problem = "the file holds more than one document (a line '---'); keep one"
        raise ScenarioError(f"not valid YAML: {problem}", file=file,
                            line=mark.line + 1 if mark else None) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. `time: 2024-13-45`
        raise ScenarioError(f"a value cannot be read ({exc})", file=file,
                            line=_failing_line(loader, node)) from None
    except RecursionError:
        raise ScenarioError("nested too deeply", file=file) from None
    finally:
        loader.dispose()
    return data, lines


def read_yaml(path: str | Path) -> tuple[Any, dict[tuple, int]]:
    """Read and parse a YAML file safely: :func:`read_text`, then :func:`parse_yaml`.

    Raises:
        ScenarioError: when the file cannot be read or is not valid YAML.
    """
    return parse_yaml(read_text(path).text, str(path))
