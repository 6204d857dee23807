"""File errors on a Chinese screen: every per-problem line in Chinese, the file, line and column kept."""

from __future__ import annotations

import pytest

from pos_doctor.errors import UserFileError
from pos_doctor.playbooks.loader import load_playbook
from pos_doctor.problems_zh import problem_zh
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


def _problems(exc: UserFileError) -> list[str]:
    return [what for _, what in exc.problems]


def test_playbook_problems_all_said_in_chinese(tmp_path):
    path = tmp_path / "bad-one.yaml"
    path.write_text(BAD_PLAYBOOK, encoding="utf-8")
    with pytest.raises(UserFileError) as e:
        load_playbook(path)
    untranslated = [w for w in _problems(e.value) if problem_zh(w) is None]
    assert not untranslated
    lines = e.value.lines("zh")
    assert lines[0].startswith(f"{path}:3:1（位置：titel）：未知的键 'titel'；您是想写 'title' 吗？")
    assert all(line.startswith(str(path)) for line in lines)
    assert e.value.lines("en") == [f"{w}: {what}" for w, what in e.value.problems]  # English unchanged


@pytest.mark.parametrize("content, expected", [
    (b"\xca\xc7\xb5\xc4\xca\xc7\xb5\xc4\n", "看起来是中文 Windows 默认的 GBK 编码；请另存为 UTF-8 编码"),
    (b"a: 1\x00\n", "这是二进制数据，需要的是 UTF-8 编码的文本文件"),
    (b"a: [1, 2\n", "YAML 格式有误：请检查这一行附近的缩进、冒号、引号和括号"),
    (b"a: 1\na: 2\n", "键 'a' 重复"),
    (b"<<: {a: 1}\n", "键无效：只能用简单的词作键"),
])
def test_file_problems_in_chinese(tmp_path, content, expected):
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    with pytest.raises(UserFileError) as e:
        load_yaml_file(path, "scenario")
    (line,) = e.value.lines("zh")
    assert expected in line, line
    assert screen_problems(line.replace(str(path), "")) == [], line


def test_missing_file_and_directory(tmp_path):
    for target, expected in ((tmp_path / "nope.yaml", "找不到文件"), (tmp_path, "这是一个目录，需要的是文件")):
        with pytest.raises(UserFileError) as e:
            load_yaml_file(target, "scenario")
        assert e.value.lines("zh")[0].endswith(expected)


def test_unknown_message_stays_english_rather_than_guessed():
    assert problem_zh("something nobody wrote a pattern for") is None
