"""Load a YAML file that a person wrote, keeping where every value stands (file, line, column).

Every problem becomes a `UserFileError` whose breadcrumb names file, line and column, so that a playbook,
scenario or policy author sees `my.yaml:12:5 (at steps[2].goto): unknown step 'chek'` and not a traceback.
Files that are too large, not UTF-8, binary, or not YAML are refused the same way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import AbstractSet, Any

from pos_doctor.errors import Problem, UserFileError, Where, problem
from pos_doctor.i18n import T, Text

MAX_BYTES = 1_000_000
MAX_NODES = 200_000
MAX_DEPTH = 64  # no file a person writes nests deeper; deeper is junk, and would exhaust Python's recursion
MAX_BRACKETS = 4 * MAX_DEPTH  # [ and { counted before parsing (quoted text included, so with room to spare)

Key = tuple  # a path into the document: ("steps", 2, "goto")


def format_path(path: Key) -> str:
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(top)"


@dataclass
class YamlDoc:
    """Plain data (dicts, lists, scalars) plus the position of every key and value."""

    file: str
    data: Any
    marks: dict[Key, tuple[int, int]] = field(default_factory=dict)
    value_marks: dict[Key, tuple[int, int]] = field(default_factory=dict)  # where each value itself starts
    quoted: set[Key] = field(default_factory=set)  # the scalars written in quotes (a column inside one counts them)

    def where(self, path: Key = ()) -> Where:
        """The nearest known position of `path` (falls back to its parents)."""
        p = tuple(path)
        while True:
            if p in self.marks:
                line, col = self.marks[p]
                return Where(self.file, line, col, format_path(path) if path else None)
            if not p:
                return Where(self.file, None, None, format_path(path) if path else None)
            p = p[:-1]

    def error(self, kind: str, path: Key, what: Text | str) -> UserFileError:
        return UserFileError(kind, [(self.where(path), what)])


def _value_problem(exc: Exception) -> Problem:
    text = str(exc)
    if "digits" in text and "limit" in text:
        return problem("bad value: a number with thousands of digits")
    return problem("bad value: {why}", why=text or type(exc).__name__)


def not_regular(st_mode: int) -> Problem | None:
    """Why a file of this mode cannot be read as a user file (FIFO, device, socket), or None for a regular file."""
    import stat

    if stat.S_ISREG(st_mode):
        return None
    if stat.S_ISDIR(st_mode):
        return problem("is a directory, expected a file")
    if stat.S_ISFIFO(st_mode):
        return problem("is a named pipe (FIFO), not a regular file")
    if stat.S_ISCHR(st_mode) or stat.S_ISBLK(st_mode):
        return problem("is a device, not a regular file")
    if stat.S_ISSOCK(st_mode):
        return problem("is a socket, not a regular file")
    return problem("is not a regular file")


NOT_REGULAR_HINT = dict(hint=T("give the path of an ordinary file"))


def refuse_special_output(path: str | Path, option: str) -> None:
    """Before a run: an output path that names a FIFO, device or directory is a usage error (exit 3) now, not a
    hang or a lost run at the end."""
    from pos_doctor.errors import UsageError

    try:
        why = not_regular(os.stat(path).st_mode)
    except OSError:
        return  # not there yet (or unreadable): writing will say
    if why:
        raise UsageError(T("{option} {path}: {why}", option=option, path=str(path), why=why.msg),
                         hint=T("choose another {option} path (an ordinary file)", option=option))


def write_output(path: str | Path, text: str, option: str) -> None:
    """Write an output file (report -o, --trace). Never blocks: a FIFO, device or socket there is refused
    (UsageError naming the option), and so is a path that cannot be written."""
    from pos_doctor.errors import UsageError

    name = str(path)
    refuse_special_output(path, option)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0), 0o644)
    except OSError as exc:
        why = None
        try:
            why = not_regular(os.stat(path).st_mode)
        except OSError:
            pass
        what = why.msg if why else T("cannot write: {why}", why=exc.strerror or exc)
        raise UsageError(T("{option} {path}: {why}", option=option, path=name, why=what),
                         hint=T("choose another {option} path (an ordinary file)", option=option)) from None
    why = not_regular(os.fstat(fd).st_mode)
    if why:
        os.close(fd)
        raise UsageError(T("{option} {path}: {why}", option=option, path=name, why=why.msg),
                         hint=T("choose another {option} path (an ordinary file)", option=option))
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.truncate(0)
            fh.write(text.encode("utf-8"))
    except OSError as exc:  # a full disk, often only at close
        raise UsageError(T("{option} {name}: cannot write: {value}", option=option, name=name,
                           value=exc.strerror or exc),
                         hint=T("free some disk space or choose another path")) from None


def read_text(path: str | Path, kind: str, max_bytes: int = MAX_BYTES) -> str:
    """A user file's text. Opened without blocking and checked on the open file (a symlink is followed to what it
    names): a FIFO, a device (/dev/zero, /dev/urandom) or a socket is refused, never read; at most max_bytes."""
    p = Path(path)
    name = str(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UserFileError(kind, [(Where(name), problem("file not found"))],
                            hint=T("check the path")) from None
    except IsADirectoryError:
        raise UserFileError(kind, [(Where(name), problem("is a directory, expected a file"))],
                            **FOLDER_HINT) from None
    except OSError as exc:
        if p.is_dir():
            raise UserFileError(kind, [(Where(name), problem("is a directory, expected a file"))],
                                **FOLDER_HINT) from None
        raise UserFileError(kind, [(Where(name), _cannot_read(exc))]) from None
    why = not_regular(os.fstat(fd).st_mode)
    if why:
        os.close(fd)
        hint = (FOLDER_HINT
                if why.startswith("is a directory") else NOT_REGULAR_HINT)
        raise UserFileError(kind, [(Where(name), why)], **hint)
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise UserFileError(kind, [(Where(name), problem("file is {n} bytes; at most {m} are accepted", n=size,
                                                             m=max_bytes))],
                                **WRONG_FILE)
        try:
            raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise UserFileError(kind, [(Where(name), _cannot_read(exc))]) from None
    if len(raw) > max_bytes:  # grew while we looked
        raise UserFileError(kind, [(Where(name), problem("file is over {m} bytes; at most {m} are accepted",
                                                         m=max_bytes))],
                            **WRONG_FILE)
    if b"\x00" in raw:
        raise UserFileError(kind, [(Where(name, 1), problem("binary data (NUL bytes), expected a UTF-8 text file"))],
                            **WRONG_FILE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = f"0x{raw[exc.start]:02X}"
        if _is_gb18030(raw):  # what Notepad on a Chinese Windows PC saves by default
            what = problem("not UTF-8 (byte {b} at offset {o}); it looks like GBK/GB18030 (Chinese Windows); save the "
                           "file as UTF-8", b=byte, o=exc.start)
        else:
            what = problem("not UTF-8 (byte {b} at offset {o}); save the file as UTF-8", b=byte, o=exc.start)
        raise UserFileError(kind, [(Where(name, line), what)],
                            hint=T("open it in an editor and save it again with the encoding UTF-8 (Notepad: File > "
                                   "Save As > Encoding: UTF-8)")) from None
    return text


def _cannot_read(exc: OSError) -> Problem:
    if isinstance(exc, PermissionError):
        return problem("cannot read: Permission denied")
    return problem("cannot read: {why}", why=exc.strerror or exc)


FOLDER_HINT = dict(hint=T("give the path of the file itself, not of its folder"))
WRONG_FILE = dict(hint=T("check that this is the right file: a text file (YAML or TOML) is expected"))


def _is_gb18030(raw: bytes) -> bool:
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    printable = all(ch.isprintable() or ch.isspace() for ch in text)
    return printable and any("\u4e00" <= ch <= "\u9fff" for ch in text)


def load_yaml_text(text: str, file: str, kind: str) -> YamlDoc:
    import yaml  # lazily: start-up of commands that read no YAML stays fast

    deep = deep_nesting(text)
    if deep:  # libyaml overflows the C stack on some ten thousand nested [ or { — the process would die
        raise UserFileError(kind, [(Where(file, *deep), problem("[ and {{ nested more than {n} levels deep",
                                                                n=MAX_BRACKETS))])
    loader_cls: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there
    loader = loader_cls(text)
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:  # the pure-Python parser, where libyaml is missing
            raise UserFileError(kind, [(Where(file), problem("nested more than {n} levels deep",
                                                             n=MAX_DEPTH))]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = " ".join(s for s in (exc.context, exc.problem) if s) or "not valid YAML"
            where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
            raise UserFileError(kind, [(where, problem("not valid YAML: {why}", why=what))]) from None
        except yaml.YAMLError as exc:
            raise UserFileError(kind, [(Where(file), problem("not valid YAML: {why}", why=str(exc)))]) from None
        doc = YamlDoc(file, None)
        if root is None:
            return doc
        counter = [0]
        open_nodes: set[int] = set()  # the collections being built on the way down: an alias to one is a loop

        def build(node, path: Key):
            counter[0] += 1
            if counter[0] > MAX_NODES:
                raise UserFileError(kind, [(Where(file), problem("more than {n} values (alias bomb?)", n=MAX_NODES))])
            doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
            doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if len(path) > MAX_DEPTH or id(node) in open_nodes:
                at = Where(file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path))
                what = (problem("nested more than {n} levels deep", n=MAX_DEPTH) if len(path) > MAX_DEPTH else
                        problem("an alias (*name) refers to the list or mapping that contains it"))
                raise UserFileError(kind, [(at, what)])
            if isinstance(node, (yaml.MappingNode, yaml.SequenceNode)):
                open_nodes.add(id(node))
                try:
                    return build_collection(node, path)
                finally:
                    open_nodes.discard(id(node))
            at = Where(file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path))
            if node.style in ("'", '"'):
                doc.quoted.add(path)
            try:
                return loader.construct_object(node, deep=True)
            except yaml.YAMLError as exc:
                raise UserFileError(kind, [(at, problem("bad value: {why}", why=str(getattr(exc, "problem", exc))))]) \
                    from None
            except (ValueError, OverflowError) as exc:  # a date that does not exist (2026-02-30), a 5000-digit number
                raise UserFileError(kind, [(at, _value_problem(exc))],
                                    hint=T("write a real date (YYYY-MM-DD) or a number of a sensible size; put text "
                                           "in quotes")) from None

        def key_at(key_node: Any, path: Key) -> Where:
            return Where(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, format_path(path))

        def build_collection(node, path: Key):
            if isinstance(node, yaml.MappingNode):
                out: dict = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise UserFileError(kind, [(key_at(key_node, path), problem("keys must be plain words"))])
                    try:
                        key = loader.construct_object(key_node, deep=True)
                    except (yaml.YAMLError, ValueError, OverflowError) as exc:
                        raise UserFileError(kind, [(Where(file, key_node.start_mark.line + 1),
                                                    problem("bad key: {why}", why=str(exc)))]) from None
                    if key == "<<":
                        raise UserFileError(kind, [(Where(file, key_node.start_mark.line + 1),
                                                    problem("merge keys (<<) are not supported"))])
                    if not isinstance(key, (str, int)) or isinstance(key, bool):
                        key = str(key)
                    child = path + (key,)
                    if key in out:
                        raise UserFileError(kind, [(key_at(key_node, child), problem("duplicate key '{key}'",
                                                                                     key=key))])
                    doc.marks[child] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
                    out[key] = build(value_node, child)
                return out
            return [build(item, path + (i,)) for i, item in enumerate(node.value)]

        doc.data = build(root, ())
        return doc
    finally:
        loader.dispose()


def deep_nesting(text: str) -> tuple[int, int] | None:
    """(line, column) where [ and { first nest deeper than any file a person writes (counted naively, quoted
    text included: only junk gets there), or None."""
    import re

    depth = 0
    for m in re.finditer(r"[\[\]{}]", text):
        depth += 1 if m.group() in "[{" else -1
        if depth > MAX_BRACKETS:
            line = text.count("\n", 0, m.start()) + 1
            return line, m.start() - (text.rfind("\n", 0, m.start()) + 1) + 1
    return None


def load_yaml_file(path: str | Path, kind: str, max_bytes: int = MAX_BYTES) -> YamlDoc:
    return load_yaml_text(read_text(path, kind, max_bytes), str(path), kind)


# --- small validation helpers shared by every loader ----------------------------------------------

def require_mapping(doc: YamlDoc, kind: str, path: Key, value: Any) -> dict:
    if not isinstance(value, dict):
        raise doc.error(kind, path, problem("expected a mapping (key: value), got {got}", got=type_word(value)))
    return value


def check_keys(doc: YamlDoc, kind: str, path: Key, mapping: dict, allowed: AbstractSet[str],
               required: AbstractSet[str] = frozenset()) -> list[tuple[Where, Problem]]:
    """Unknown keys and missing required keys, as problems (never silently ignored)."""
    import difflib

    problems = []
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            if close:
                what = problem("unknown key '{key}'; did you mean '{close}'?", key=key, close=close[0])
            elif allowed:
                what = problem("unknown key '{key}'; expected one of: {keys}", key=key, keys=", ".join(sorted(allowed)))
            else:
                what = problem("unknown key '{key}'; no keys are allowed here", key=key)
            problems.append((doc.where(path + (key,)), what))
    for key in sorted(required - set(mapping)):
        problems.append((doc.where(path), problem("missing required key '{key}'", key=key)))
    return problems


TYPE_WORDS = {type(None): T("nothing (null)"), bool: T("true/false"), int: T("a number"), float: T("a number"),
              str: T("text"), list: T("a list"), dict: T("a mapping")}


def type_word(value: Any) -> Text | str:
    """What kind of value this is, as a message ("a number", "text"): a parameter of a problem."""
    return TYPE_WORDS.get(type(value), type(value).__name__)


def type_name(value: Any) -> str:
    """The English of `type_word` (logs, JSON)."""
    word = type_word(value)
    return word.en if isinstance(word, Text) else word
