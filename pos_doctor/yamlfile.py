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

from pos_doctor.errors import UserFileError, Where
from pos_doctor.i18n import T

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

    def error(self, kind: str, path: Key, what: str) -> UserFileError:
        return UserFileError(kind, [(self.where(path), what)])


def _value_problem(exc: Exception) -> str:
    text = str(exc)
    if "digits" in text and "limit" in text:
        return "a number with thousands of digits"
    return text or type(exc).__name__


def not_regular(st_mode: int) -> str | None:
    """Why a file of this mode cannot be read as a user file (FIFO, device, socket), or None for a regular file."""
    import stat

    if stat.S_ISREG(st_mode):
        return None
    if stat.S_ISDIR(st_mode):
        return "is a directory, expected a file"
    what = ("a named pipe (FIFO)" if stat.S_ISFIFO(st_mode) else
            "a device" if stat.S_ISCHR(st_mode) or stat.S_ISBLK(st_mode)
            else "a socket" if stat.S_ISSOCK(st_mode) else "not a regular file")
    return f"is {what}, not a regular file"


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
        raise UsageError(f"{option} {path}: {why}", message_zh=f"{option} {path}：{_zh_why(why)}",
                         hint=f"choose another {option} path (an ordinary file)",
                         hint_zh=f"请换一个 {option} 路径（普通文件）")


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
        what = why or f"cannot write: {exc.strerror or exc}"
        raise UsageError(f"{option} {name}: {what}",
                         message_zh=f"{option} {name}：无法写入（{_zh_why(why) or exc.strerror or exc}）",
                         hint=f"choose another {option} path (an ordinary file)",
                         hint_zh=f"请换一个 {option} 路径（普通文件）") from None
    why = not_regular(os.fstat(fd).st_mode)
    if why:
        os.close(fd)
        raise UsageError(f"{option} {name}: {why}", message_zh=f"{option} {name}：{_zh_why(why)}",
                         hint=f"choose another {option} path (an ordinary file)",
                         hint_zh=f"请换一个 {option} 路径（普通文件）")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.truncate(0)
            fh.write(text.encode("utf-8"))
    except OSError as exc:  # a full disk, often only at close
        raise UsageError(T("{option} {name}: cannot write: {value}", option=option, name=name, value=exc.strerror or exc),
                         hint=T("free some disk space or choose another path")) from None


def _zh_why(why: str | None) -> str | None:
    if why is None:
        return None
    return ("是文件夹，不是普通文件" if "directory" in why else "是命名管道（FIFO），不是普通文件" if "FIFO" in why
            else "是设备，不是普通文件" if "device" in why else "不是普通文件")


def read_text(path: str | Path, kind: str, max_bytes: int = MAX_BYTES) -> str:
    """A user file's text. Opened without blocking and checked on the open file (a symlink is followed to what it
    names): a FIFO, a device (/dev/zero, /dev/urandom) or a socket is refused, never read; at most max_bytes."""
    p = Path(path)
    name = str(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UserFileError(kind, [(Where(name), "file not found")],
                            hint=T("check the path")) from None
    except IsADirectoryError:
        raise UserFileError(kind, [(Where(name), "is a directory, expected a file")],
                            **FOLDER_HINT) from None
    except OSError as exc:
        if p.is_dir():
            raise UserFileError(kind, [(Where(name), "is a directory, expected a file")],
                                **FOLDER_HINT) from None
        raise UserFileError(kind, [(Where(name), f"cannot read: {exc.strerror or exc}")]) from None
    why = not_regular(os.fstat(fd).st_mode)
    if why:
        os.close(fd)
        hint = (FOLDER_HINT
                if why.startswith("is a directory") else NOT_REGULAR_HINT)
        raise UserFileError(kind, [(Where(name), why)], **hint)
    with os.fdopen(fd, "rb") as fh:
        size = os.fstat(fh.fileno()).st_size
        if size > max_bytes:
            raise UserFileError(kind, [(Where(name), f"file is {size} bytes; at most {max_bytes} are accepted")],
                                **WRONG_FILE)
        try:
            raw = fh.read(max_bytes + 1)
        except OSError as exc:
            raise UserFileError(kind, [(Where(name), f"cannot read: {exc.strerror or exc}")]) from None
    if len(raw) > max_bytes:  # grew while we looked
        raise UserFileError(kind, [(Where(name), f"file is over {max_bytes} bytes; at most {max_bytes} are accepted")],
                            **WRONG_FILE)
    if b"\x00" in raw:
        raise UserFileError(kind, [(Where(name, 1), "binary data (NUL bytes), expected a UTF-8 text file")],
                            **WRONG_FILE)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        what = f"not UTF-8 (byte 0x{raw[exc.start]:02X} at offset {exc.start})"
        if _is_gb18030(raw):  # what Notepad on a Chinese Windows PC saves by default
            what += "; it looks like GBK/GB18030 (Chinese Windows)"
        raise UserFileError(kind, [(Where(name, line), what + "; save the file as UTF-8")],
                            hint=T("open it in an editor and save it again with the encoding UTF-8 (Notepad: File > Save As > Encoding: UTF-8)")) from None
    return text


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
        raise UserFileError(kind, [(Where(file, *deep), f"[ and {{ nested more than {MAX_BRACKETS} levels deep")])
    loader_cls: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is there
    loader = loader_cls(text)
    try:
        try:
            root = loader.get_single_node()
        except RecursionError:  # the pure-Python parser, where libyaml is missing
            raise UserFileError(kind, [(Where(file), f"nested more than {MAX_DEPTH} levels deep")]) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            what = " ".join(s for s in (exc.context, exc.problem) if s) or "not valid YAML"
            where = Where(file, mark.line + 1, mark.column + 1) if mark else Where(file)
            raise UserFileError(kind, [(where, f"not valid YAML: {what}")]) from None
        except yaml.YAMLError as exc:
            raise UserFileError(kind, [(Where(file), f"not valid YAML: {exc}")]) from None
        doc = YamlDoc(file, None)
        if root is None:
            return doc
        counter = [0]
        open_nodes: set[int] = set()  # the collections being built on the way down: an alias to one is a loop

        def build(node, path: Key):
            counter[0] += 1
            if counter[0] > MAX_NODES:
                raise UserFileError(kind, [(Where(file), f"more than {MAX_NODES} values (alias bomb?)")])
            doc.marks.setdefault(path, (node.start_mark.line + 1, node.start_mark.column + 1))
            doc.value_marks[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
            if len(path) > MAX_DEPTH or id(node) in open_nodes:
                at = Where(file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path))
                what = (f"nested more than {MAX_DEPTH} levels deep" if len(path) > MAX_DEPTH else
                        "an alias (*name) refers to the list or mapping that contains it")
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
                raise UserFileError(kind, [(at, f"bad value: {getattr(exc, 'problem', exc)}")]) from None
            except (ValueError, OverflowError) as exc:  # a date that does not exist (2026-02-30), a 5000-digit number
                raise UserFileError(kind, [(at, f"bad value: {_value_problem(exc)}")],
                                    hint=T("write a real date (YYYY-MM-DD) or a number of a sensible size; put text in quotes")) from None

        def key_at(key_node: Any, path: Key) -> Where:
            return Where(file, key_node.start_mark.line + 1, key_node.start_mark.column + 1, format_path(path))

        def build_collection(node, path: Key):
            if isinstance(node, yaml.MappingNode):
                out: dict = {}
                for key_node, value_node in node.value:
                    if not isinstance(key_node, yaml.ScalarNode):
                        raise UserFileError(kind, [(key_at(key_node, path), "keys must be plain words")])
                    try:
                        key = loader.construct_object(key_node, deep=True)
                    except (yaml.YAMLError, ValueError, OverflowError) as exc:
                        raise UserFileError(kind, [(Where(file, key_node.start_mark.line + 1),
                                                    f"bad key: {exc}")]) from None
                    if key == "<<":
                        raise UserFileError(kind, [(Where(file, key_node.start_mark.line + 1),
                                                    "merge keys (<<) are not supported")])
                    if not isinstance(key, (str, int)) or isinstance(key, bool):
                        key = str(key)
                    child = path + (key,)
                    if key in out:
                        raise UserFileError(kind, [(key_at(key_node, child), f"duplicate key '{key}'")])
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
        raise doc.error(kind, path, f"expected a mapping (key: value), got {type_name(value)}")
    return value


def check_keys(doc: YamlDoc, kind: str, path: Key, mapping: dict, allowed: AbstractSet[str],
               required: AbstractSet[str] = frozenset()) -> list[tuple[Where, str]]:
    """Unknown keys and missing required keys, as problems (never silently ignored)."""
    import difflib

    problems = []
    for key in mapping:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(sorted(allowed))}" \
                if allowed else "; no keys are allowed here"
            problems.append((doc.where(path + (key,)), f"unknown key '{key}'{hint}"))
    for key in sorted(required - set(mapping)):
        problems.append((doc.where(path), f"missing required key '{key}'"))
    return problems


def type_name(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    names = {bool: "true/false", int: "a number", float: "a number", str: "text", list: "a list", dict: "a mapping"}
    return names.get(type(value), type(value).__name__)
