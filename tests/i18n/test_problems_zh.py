"""File errors on a Chinese or German screen: every per-problem line in that language, the file, line and column kept.

The validators emit messages (an id, its English template, and parameters: `pos_doctor.errors.Problem`); a screen
says each in its language through the catalogs (locale/<locale>/LC_MESSAGES/errors.po). No regular expression
translates English back.
"""

from __future__ import annotations

import re

import pytest

from pos_doctor.errors import Problem, UserFileError, problem
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.yamlfile import load_yaml_file
from tests.i18n.zhlint import screen_problems

BAD_PLAYBOOK = """spec: 1
id: other-name
titel: {en: "T", zh: "标题"}
summary: {en: "S"}
situation: maybe
steps:
  - id: first
    kind: question
    text: {en: "Q?", zh: "问？"}
    choices:
      - {id: a, label: {en: "A", zh: "甲"}, goto: nowhere}
      - {id: a, label: {en: "B", zh: "乙"}, goto: last}
  - id: lonely
    kind: instruction
    text: {en: "x", zh: "乙"}
    when: "answer('nope') == 'x'"
  - id: last
    kind: action
    action: explode
    text: {en: "x", zh: "丙"}
"""

BAD_FILES = [
    (b"\xca\xc7\xb5\xc4\xca\xc7\xb5\xc4\n", "看起来是中文 Windows 默认的 GBK 编码；请另存为 UTF-8 编码", "GBK"),
    (b"a: 1\x00\n", "这是二进制数据，需要的是 UTF-8 编码的文本文件", "Binärdaten"),
    (b"a: [1, 2\n", "YAML 格式有误：请检查这一行附近的缩进、冒号、引号和括号", "YAML"),
    (b"a: 1\na: 2\n", "键 'a' 重复", "doppelt"),
    (b"<<: {a: 1}\n", "键无效：只能用简单的词作键", "Schlüssel"),
]

# An English sentence on a German screen: three English words in a row that German does not share.
ENGLISH = re.compile(r"\b(?:the|is|not|expected|got|found|cannot|must|file|step|key|unknown|missing|did|you|mean|"
                     r"duplicate|levels|deep|nested|valid|save|read|one|of|or|and|this|an)\b")


def english_words(line: str) -> list[str]:
    """English words outside quotes, backticks, paths and placeholders' values (what the person wrote)."""
    t = re.sub(r"`[^`]*`|'[^']*'|\"[^\"]*\"|“[^”]*”|\S*/\S*|\(bei [^)]*\)", " ", line)
    return ENGLISH.findall(t)


def _problems(exc: UserFileError) -> list[Problem]:
    return [what for _, what in exc.problems]


def _bad_playbook(tmp_path) -> UserFileError:
    path = tmp_path / "bad-one.yaml"
    path.write_text(BAD_PLAYBOOK, encoding="utf-8")
    with pytest.raises(UserFileError) as e:
        load_playbook(path)
    return e.value


def test_playbook_problems_all_said_in_chinese(tmp_path):
    exc = _bad_playbook(tmp_path)
    path = tmp_path / "bad-one.yaml"
    assert all(isinstance(w, Problem) and w.msg.translated("zh") for w in _problems(exc))
    lines = exc.lines("zh")
    assert lines[0].startswith(f"{path}:3:1（位置：titel）：未知的键 'titel'；您是想写 'title' 吗？")
    assert all(line.startswith(str(path)) for line in lines)
    for line in lines:  # the key path (位置：steps[0].id) is the file's own words: what to look for in it
        assert screen_problems(re.sub(r"（位置：[^）]*）", "", line.replace(str(path), ""))) == [], line
    assert exc.lines("en") == [f"{w}: {what}" for w, what in exc.problems]  # English unchanged


def test_playbook_problems_all_said_in_german(tmp_path):
    exc = _bad_playbook(tmp_path)
    path = tmp_path / "bad-one.yaml"
    assert all(w.msg.translated("de") for w in _problems(exc)), [w for w in _problems(exc)
                                                                  if not w.msg.translated("de")]
    lines = exc.lines("de")
    assert lines[0].startswith(f"{path}:3:1 (bei titel): Unbekannter Schlüssel 'titel'")
    for line in lines:
        assert line.startswith(str(path))
        assert not re.search(r"[\u4e00-\u9fff]", line), line
        assert not english_words(line.replace(str(path), "")), line


@pytest.mark.parametrize("content, expected, german", BAD_FILES)
def test_file_problems_in_chinese_and_german(tmp_path, content, expected, german):
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    with pytest.raises(UserFileError) as e:
        load_yaml_file(path, "scenario")
    (line,) = e.value.lines("zh")
    assert expected in line, line
    assert screen_problems(line.replace(str(path), "")) == [], line
    (line,) = e.value.lines("de")
    assert german in line and not english_words(line.replace(str(path), "")), line


def test_missing_file_and_directory(tmp_path):
    for target, zh, de in ((tmp_path / "nope.yaml", "找不到文件", "Datei nicht gefunden"),
                           (tmp_path, "这是一个目录，需要的是文件", "ist ein Ordner")):
        with pytest.raises(UserFileError) as e:
            load_yaml_file(target, "scenario")
        assert e.value.lines("zh")[0].endswith(zh)
        assert de in e.value.lines("de")[0]


def test_a_problem_keeps_its_english_and_its_message():
    p = problem("duplicate key '{key}'", key="a")
    assert p == "duplicate key 'a'" and isinstance(p, str)  # logs, JSON, tests compare the English
    assert p.text("zh") == "键 'a' 重复" and "doppelt" in p.text("de")
    plain = Problem("something only said in English")  # a protocol-level detail: shown as it is
    assert plain.text("zh") == plain.text("de") == "something only said in English"
