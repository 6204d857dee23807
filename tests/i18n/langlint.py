"""The language lints of rendered screens other than Chinese (zhlint.py judges those): what a German or English
reader must not meet, and what a pseudo-locale screen shows that did not come through a translation.

Each removes first what is data rather than language, as zhlint does: commands and keys in backticks, a command
line to type, options, paths, ports, file names, times, amounts, hex bytes.
"""

from __future__ import annotations

import re

from tests.i18n.zhlint import (
    _ANSI,
    _ANSWER_KEY,
    _BACKTICK,
    _COMMAND,
    _DATA,
    _MARK,
    _OPTION,
    _PLACEHOLDER,
    _URL,
    ANSWER_LINE,
)

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")

# English words that are no German word: one of them on a de screen is an untranslated sentence or label
# (German shares "in", "so", "am", "die", "bin", "also", "man", "hat", "war"... and terms like Terminal, PIN, OK).
EN_ONLY = {"the", "and", "is", "are", "were", "of", "with", "your", "you", "this", "that", "these", "please",
           "not", "has", "have", "from", "for", "it", "be", "will", "yes", "done", "unknown", "skipped", "paper",
           "printer", "customer", "payment", "answer", "step", "check", "checks", "problems", "found",
           "fix", "run", "none", "reported", "could", "cannot", "can", "no", "should", "what", "which",
           "when", "where", "how", "why", "then", "than", "there", "their", "they", "them", "its", "our", "would",
           "good", "next", "again", "charged", "charge", "refund", "void", "records", "record", "terminal's",
           "does", "did", "don't", "isn't", "by", "on", "at", "or", "if", "to", "out", "up", "only", "any", "each"}
_LATIN_WORD = re.compile(r"(?<![A-Za-z0-9_\-./])[A-Za-z][a-z']*(?![A-Za-z0-9_\-/])")


_ALTERNATIVES = re.compile(r"(?<![\w-])[\w-]+(?:\|[\w-]+)+(?![\w-])")  # an answers file's values: yes|no|unsure


def _data_free(line: str) -> str:
    if ANSWER_LINE.match(_ANSI.sub("", line)):
        return ""
    line = _ANSWER_KEY.sub(" ", _MARK.sub(" ", _ANSI.sub("", line)))
    line = _ALTERNATIVES.sub(" ", line)
    for rx in _DATA:
        line = rx.sub(" ", line)
    line = _URL.sub(" ", _BACKTICK.sub(" ", _PLACEHOLDER.sub(" ", line)))
    return _OPTION.sub(" ", _COMMAND.sub(" ", line))


def de_problems(output: str) -> list[str]:
    """Chinese, or an English word that German does not share, on a German screen."""
    found = []
    for n, raw in enumerate(_ANSI.sub("", output).splitlines(), 1):
        line = _data_free(raw)
        found += [f"line {n}: Chinese on a de screen: {m.group(0)!r} in …{raw.strip()[:100]}…"
                  for m in HAN.finditer(line)]
        found += [f"line {n}: English on a de screen: {m.group(0)!r} in …{raw.strip()[:100]}…"
                  for m in _LATIN_WORD.finditer(line) if m.group(0).lower() in EN_ONLY]
    return found


# On an English screen of the Chinese market, a few Chinese words stand for what the POS机 itself shows (its menu
# items and slip fields, so the cashier finds them): docs/glossary.md. Nothing else in Chinese.
EN_DEVICE_WORDS = {"POS机", "交易明细", "重打印", "凭证号", "参考号", "授权码", "商户号", "终端号", "结算", "撤销",
                   "退货", "按凭证号查询", "签到", "批次号", "查询", "管理", "打印", "流水号"}


_EN_HAN = re.compile(r"(?:POS)?[\u3400-\u4dbf\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]+")


def en_problems(output: str) -> list[str]:
    """Chinese on an English screen, beyond the names of what the POS机 itself shows."""
    found = []
    for n, raw in enumerate(_ANSI.sub("", output).splitlines(), 1):
        line = _data_free(raw)
        found += [f"line {n}: Chinese on an en screen: {m.group(0)!r} in …{raw.strip()[:100]}…"
                  for m in _EN_HAN.finditer(line) if m.group(0) not in EN_DEVICE_WORDS]
    return found


# ---- the pseudo-locale ------------------------------------------------------------------------------------------
OPEN, CLOSE = "⟦", "⟧"
_ACCENT = str.maketrans("aceiouynAEIOUCNYsz", "àçéîöûýñÀÉÎÖÛÇÑÝšž")
_KEEP = re.compile(r"(\{[^{}]*\}|\[/?[a-z #0-9]*\]|`[^`]*`|pos-doctor(?: [a-z0-9-]+)*|--[a-z][a-z0-9-]*"
                   r"|%\([a-z_]+\)[sd]|%[sd])")


def pseudo(text: str) -> str:
    """Accented English between markers: what a pseudo-locale shows for a translated text. Placeholders, Rich
    markup, commands and options stay as they are (the code fills and types them)."""
    parts = _KEEP.split(text)
    return OPEN + "".join(p if i % 2 else p.translate(_ACCENT) for i, p in enumerate(parts)) + CLOSE


def _unmarked(line: str) -> str:
    """The line without what stands between markers (nested: parameters inside a text)."""
    out, depth = [], 0
    for ch in line:
        if ch == OPEN:
            depth += 1
        elif ch == CLOSE:
            depth = max(0, depth - 1)
        elif depth == 0:
            out.append(ch)
    return "".join(out)


# Words a pseudo-locale screen may show outside markers: data and names, never sentences.
PSEUDO_ALLOWED = {"pos-doctor", "ZVT", "ESC", "POS", "USB", "PIN", "ID", "OK", "EUR", "CNY", "JSON", "PDF", "HTML"}


def pseudo_problems(output: str) -> list[str]:
    """A word on a pseudo-locale screen that no translation gave: a text that fell back to English unmarked."""
    found = []
    for n, raw in enumerate(_ANSI.sub("", output).splitlines(), 1):
        line = _data_free(_unmarked(raw))
        found += [f"line {n}: not through a translation: {m.group(0)!r} in …{raw.strip()[:120]}…"
                  for m in re.finditer(r"(?<![\w\-./])[A-Za-z][A-Za-z']{2,}(?![\w\-/])", line)
                  if m.group(0) not in PSEUDO_ALLOWED]
    return found
