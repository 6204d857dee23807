"""The Chinese a cashier reads: full-width punctuation next to Chinese, no English word or protocol code.

`problems(text)` judges one zh string (a `Text`'s zh, a playbook text, a line of a rendered screen) and returns
what is wrong with it, each as a short readable string; `screen_problems(output)` does the same for a whole
rendered zh screen, after removing what is data rather than language (paths, ports, times, amounts).
The rules and the allowlist are those of docs/glossary.md.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

# Words that may stand on a Chinese screen as they are (docs/glossary.md).
ALLOWED_WORDS = {"POS", "ID", "Wi-Fi", "App", "USB", "PIN", "IC", "QR", "SIM", "UPS", "pos-doctor",
                 "pos-doctor.toml", "JSON", "YAML", "TOML", "Markdown", "HTML", "PDF",  # file formats by name
                 "UTF-8", "GBK", "Windows",                                         # what Notepad asks for
                 "Chromium", "Chrome", "Edge", "Debian", "Ubuntu", "Linux", "macOS"}   # products a person installs
CJK = "\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef\u201c\u201d\u2014"
HAN = "\u3400-\u4dbf\u4e00-\u9fff"

_PLACEHOLDER = re.compile(r"(?:\{[^{}]*\})+")                   # str.format fields, {x!r}, {n:.2f}; adjacent ones: one
_URL = re.compile(r"[a-z][a-z0-9+]*://\S*?(?=[，。；、）]|\s|$)")       # an address to type: usb://厂商号:产品号
_BACKTICK = re.compile(r"`[^`]*`")                              # a command or a key to type: `pos-doctor fix`
_QUOTED = re.compile(r"'[^'\n]*'")                               # what a person wrote, quoted back: 'titel'
_LOCATION = re.compile(r"X(?::X|:\d+)*:(?=\s)")                 # "{file}:{line}: …" a breadcrumb's place
_COMMAND = re.compile(r"pos-doctor(?: (?:--?)?[a-z0-9][a-z0-9_.-]*)+")   # a command to type: pos-doctor fix printer-paper
_OPTION = re.compile(r"(?<![\w-])--[a-z][a-z0-9-]*")               # an option to type: --lang, --yes
_SETTLEMENT = re.compile(r"(?<![A-Za-z0-9])(?:[TD]\+\d|D0)(?![A-Za-z0-9])")   # T+1, D+1, D0
_WORD = re.compile(r"(?<![A-Za-z0-9_])[A-Za-z][A-Za-z0-9]*(?:[-_.'/][A-Za-z0-9]+)*")
# half-width , ; : ? ! ( ) . touching a Han character (an optional space between)
_HALF_AFTER = re.compile(rf"[{HAN}]\s?([,;:?!()]|\.(?!\d))")
_HALF_BEFORE = re.compile(rf"([,;:?!()])\s?[{HAN}]")


# one word for one thing (docs/glossary.md): the word to avoid -> the glossary's word
TERMS = [(re.compile(r"终端(?!号)"), "POS机"), (re.compile(r"支付机构|支付平台"), "支付服务商"),
         (re.compile(r"顾客|客户(?!端)|消费者"), "客人"), (re.compile(r"打码"), "脱敏"), (re.compile(r"(?i)wifi"), "Wi-Fi")]


def _words_allowed(word: str) -> bool:
    return word in ALLOWED_WORDS or len(word) == 1  # single letters: keys (b, s, q) and units


def problems(text: str, *, terms: bool = True) -> list[str]:
    """What is wrong with one zh string (empty: nothing)."""
    out: list[str] = []
    for rx, word in TERMS if terms else ():
        for m in rx.finditer(text):
            out.append(f"not the glossary's word: {m.group(0)!r} (use {word}) in …{text[max(0, m.start() - 6):m.end() + 6]}…")
    t = _LOCATION.sub("X ", _QUOTED.sub(" ", _URL.sub(" ", _BACKTICK.sub(" ", _PLACEHOLDER.sub("X", text)))))
    t = _SETTLEMENT.sub(" ", _OPTION.sub(" ", _COMMAND.sub(" ", t)))
    for m in _HALF_AFTER.finditer(t):
        out.append(f"half-width {m.group(1)!r} after Chinese: …{t[max(0, m.start() - 6):m.end() + 4]}…")
    for m in _HALF_BEFORE.finditer(t):
        out.append(f"half-width {m.group(1)!r} before Chinese: …{t[max(0, m.start() - 4):m.end() + 6]}…")
    for m in _WORD.finditer(t):
        w = m.group(0).rstrip(".")
        if w != "X" and not _words_allowed(w):
            out.append(f"English or code on a zh screen: {w!r} in …{t[max(0, m.start() - 8):m.end() + 8]}…")
    return out


# ---- rendered screens -------------------------------------------------------------------------------------------
_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_DATA = [
    re.compile(r"(?:[A-Za-z]+://)[^\s`，。；、）]+"),                # socket://127.0.0.1:4242, rfc2217://…
    re.compile(r"(?<![\w.])(?:/|[A-Za-z]:\\|\./|~/)[\w./\\-]+"),  # /dev/pts/3, C:\…, ./x
    re.compile(r"\b[\w.-]+\.(?:yaml|yml|toml|json|db|md|html|txt|log)\b"),   # file names
    re.compile(r"\bCOM\d+\b"),                                    # Windows ports
    re.compile(r"(?<![\w-])(?:(?:eth|enp?|wlp?|wlan|br|docker|veth|Ethernet|WLAN)\w*\d\w*|lo)(?![\w-])"),  # NIC names
    re.compile(r"\b\d{1,4}[-:./]\d{1,2}(?:[-:./]\d{1,4})*(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?\b"),   # dates, times
    re.compile(r"\b(?:EUR|CNY|RMB|USD|GBP|CHF)\b"),               # currency of a received amount: data
    re.compile(r"\b[0-9A-F]{2}(?: [0-9A-F]{2})+\b"),              # hex bytes a technician may need (in -v only)
]


_MARK = re.compile(r"^\s*(?:[✓✗!?\-»…•→>]\s+)+")                   # a row's status mark, a bullet
_ANSWER_KEY = re.compile(r"^\s*[a-z0-9][a-z0-9-]*(?:/[a-z0-9-]+)?:(?=\s)")  # a key of the answers file, to type


# a line of the answers file to write, "step-id: yes|no|unsure" (what `--yes` could not answer): syntax to type
ANSWER_LINE = re.compile(r"^\s*[a-z0-9][a-z0-9/-]*[:：]\s*[a-z0-9_-]+(?:\|[a-z0-9_-]+)*\s*$")


def screen_problems(output: str, *, terms: bool = True) -> list[str]:
    """Every problem on a rendered zh screen, each prefixed with its line number."""
    found: list[str] = []
    for n, line in enumerate(_ANSI.sub("", output).splitlines(), 1):
        if ANSWER_LINE.match(line):
            continue
        line = _ANSWER_KEY.sub(" ", _MARK.sub(" ", line))
        for rx in _DATA:
            line = rx.sub(" ", line)
        found += [f"line {n}: {p}" for p in problems(line, terms=terms)]
    return found


# ---- the package's zh strings -------------------------------------------------------------------------------------
def _literal(node: ast.AST) -> str | None:
    """A string literal, or an f-string with its expressions shown as {x}; None for anything computed."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "{x}" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _literal(node.left), _literal(node.right)
        if left is not None or right is not None:
            return (left or "{x}") + (right or "{x}")
    if isinstance(node, ast.IfExp):
        parts = [p for p in (_literal(node.body), _literal(node.orelse)) if p]
        return " ".join(parts) if parts else None
    return None


def package_zh_strings(path: Path) -> list[tuple[int, str]]:
    """(line, text) of every zh string in one module: Text(en, zh) / T(en, zh), zh=… / *_zh=… keywords, and
    {"en": …, "zh": …} dictionaries."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.id if isinstance(node.func, ast.Name) else getattr(node.func, "attr", "")
            if name in ("Text", "T") and len(node.args) >= 2:
                s = _literal(node.args[1])
                if s is not None:
                    out.append((node.lineno, s))
            for kw in node.keywords:
                if kw.arg and (kw.arg == "zh" or kw.arg.endswith("_zh")):
                    s = _literal(kw.value)
                    if s is not None:
                        out.append((kw.value.lineno, s))
        elif isinstance(node, ast.Dict):
            for k, v in zip(node.keys, node.values):
                if isinstance(k, ast.Constant) and k.value == "zh":
                    s = _literal(v)
                    if s is not None:
                        out.append((v.lineno, s))
    return sorted(set(out))


def playbook_zh_strings(doc) -> list[tuple[str, str]]:
    """(where, text) of every zh text in a loaded playbook YAML document."""
    out: list[tuple[str, str]] = []

    def walk(node, where: str) -> None:
        if isinstance(node, dict):
            if "zh" in node and "en" in node and isinstance(node["zh"], str):
                out.append((where, node["zh"]))
            for k, v in node.items():
                if k != "zh":
                    walk(v, f"{where}.{k}" if where else str(k))
        elif isinstance(node, list):
            for i, v in enumerate(node):
                ident = v.get("id") if isinstance(v, dict) else None
                walk(v, f"{where}[{ident or i}]")

    walk(doc, "")
    return out
