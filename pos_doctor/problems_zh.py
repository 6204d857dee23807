"""The per-problem lines of file errors, in Chinese.

The code that finds a problem in a file writes it in English (it is also the JSON and the log); a Chinese screen
shows it through this table: each entry is a pattern of one English message and its Chinese. A message no pattern
knows stays English rather than being guessed — add its pattern here (tests/i18n/test_problems_zh.py lists the
messages of the bad-file cases and fails on any left in English).
"""

from __future__ import annotations

import re

MONEY_ZH = {"take a payment again": "重新收款", "refund": "退款", "void": "撤销交易", "give money back": "退钱给客人",
            "en": "英文", "zh": "中文"}
TYPES = {"nothing (null)": "空值（`null`）", "true/false": "真/假值", "a number": "数字", "text": "文字",
         "a list": "列表", "an empty list": "空列表", "a mapping": "键值表"}


def _t(name: str) -> str:
    return TYPES.get(name, name)


def _money(name: str) -> str:
    return MONEY_ZH.get(name, name)


# (pattern of the English message, Chinese; groups named in the pattern fill {name}; {name|type} translates a type)
PATTERNS: list[tuple[str, str]] = [
    (r"file not found", "找不到文件"),
    (r"cannot read: Permission denied", "没有读取权限"),
    (r"cannot (?:be )?read: (?P<why>.*)", "无法读取（系统提示：{why}）"),
    (r"is a directory, expected a file", "这是一个目录，需要的是文件"),
    (r"file is (?P<n>\d+) bytes; at most (?P<m>\d+) are accepted", "文件有 {n} 字节，最多只接受 {m} 字节"),
    (r"binary data \(NUL bytes\), expected a UTF-8 text file", "这是二进制数据，需要的是 UTF-8 编码的文本文件"),
    (r"not UTF-8 \(byte (?P<b>0x[0-9A-F]{2}) at offset (?P<o>\d+)\); it looks like GBK/GB18030 \(Chinese Windows\); "
     r"save the file as UTF-8",
     "不是 UTF-8 编码（偏移 {o} 处的字节是 {b}），看起来是中文 Windows 默认的 GBK 编码；请另存为 UTF-8 编码"),
    (r"not UTF-8 \(byte (?P<b>0x[0-9A-F]{2}) at offset (?P<o>\d+)\); save the file as UTF-8",
     "不是 UTF-8 编码（偏移 {o} 处的字节是 {b}）；请另存为 UTF-8 编码"),
    # the parsers' own words are English: on a zh screen the place (file:line:column) says where to look
    (r"not valid YAML: (?:\[ and \{ )?nested more than (?P<n>\d+) levels deep", "YAML 格式有误：嵌套超过 {n} 层"),
    (r"not valid YAML: .*", "YAML 格式有误：请检查这一行附近的缩进、冒号、引号和括号"),
    (r"not valid TOML: \[ and \{ nested more than (?P<n>\d+) levels deep", "TOML 格式有误：括号嵌套超过 {n} 层"),
    (r"not valid TOML: .*", "TOML 格式有误：请检查这一行的等号、引号和方括号（文字要加英文双引号）"),
    (r"\[ and \{ nested more than (?P<n>\d+) levels deep", "括号嵌套超过 {n} 层"),
    (r"nested more than (?P<n>\d+) levels deep", "嵌套超过 {n} 层"),
    (r"more than (?P<n>\d+) values \(alias bomb\?\)", "超过 {n} 个值（可能是恶意的别名展开）"),
    (r"keys must be plain words", "键必须是简单的词"),
    (r"merge keys \(<<\) are not supported", "不支持合并键（<<）"),
    (r"duplicate key '(?P<k>[^']*)'", "键 '{k}' 重复"),
    (r"bad key: .*", "键无效：只能用简单的词作键（不支持 `<<` 合并键和 `!` 标签）"),
    (r"bad value: .*", "值无效：无法识别这种写法（如 `!` 标签）"),
    (r"unknown key '(?P<k>[^']*)'; did you mean '(?P<m>[^']*)'\?", "未知的键 '{k}'；您是想写 '{m}' 吗？"),
    (r"unknown key '(?P<k>[^']*)'; expected one of: (?P<l>.*)", "未知的键 '{k}'；可用的键：{l}"),
    (r"unknown key '(?P<k>[^']*)'; no keys are allowed here", "未知的键 '{k}'；这里不能写任何键"),
    (r"unknown key '(?P<k>[^']*)'", "未知的键 '{k}'"),
    (r"missing required key '(?P<k>[^']*)'", "缺少必填的键 '{k}'"),
    (r"expected a mapping \(key: value\), got (?P<g>.*)", "需要键值表（`键: 值`），实际是{g|type}"),
    (r"expected a mapping with en and zh, got (?P<g>.*)", "需要同时含 `en` 和 `zh` 的键值表，实际是{g|type}"),
    (r"expected a mapping, got (?P<g>.*)", "需要键值表，实际是{g|type}"),
    (r"expected text, got (?P<g>.*)", "需要文字，实际是{g|type}"),
    (r"expected true or false, got (?P<g>.*)", "需要 `true` 或 `false`，实际是{g|type}"),
    (r"expected true/false, got (?P<g>.*)", "需要 `true` 或 `false`，实际是{g|type}"),
    (r"expected a whole number >= 0, got (?P<g>nothing \(null\)|true/false|a number|text|a list|a mapping) (?P<v>.*)",
     "需要不小于 0 的整数，实际是{g|type} {v}"),
    (r"expected a whole number (?P<r>\d+\.\.\d+), got (?P<g>nothing \(null\)|true/false|text|a list|a mapping)",
     "需要 {r} 之间的整数，实际是{g|type}"),
    (r"expected a whole number (?P<r>\d+\.\.\d+), got (?P<v>.*)", "需要 {r} 之间的整数，实际是 {v}"),
    (r"expected (?P<r>\d+\.\.\d+) seconds, got (?P<v>.*)", "需要 {r} 秒之间的值，实际是 {v}"),
    (r"expected one of (?P<l>.*) \(or a list of them\), got (?P<g>.*)",
     "可选值为 {l}（或由它们组成的列表），实际是{g|type}"),
    (r"expected one of (?P<l>.*), got (?P<v>.*)", "可选值为 {l}，实际是 {v}"),
    (r"expected non-empty text in '(?P<l>[^']*)', got (?P<g>.*)", "'{l}' 需要非空的文字，实际是{g|type}"),
    (r"expected both languages, e\.g\. (?P<e>.*)", "需要中英两种语言，例如 {e}"),
    (r"expected a list of at least two choices, got (?P<n>\d+) choices?", "至少需要两个选项，实际只有 {n} 个"),
    (r"expected a list of (?P<w>.*?), got (?P<g>.*)", "需要列表，实际是{g|type}"),
    (r"expected a non-empty list of steps, got (?P<g>.*)", "需要非空的步骤列表，实际是{g|type}"),
    (r"expected a (?P<w>playbook|step|choice)\b.*, got (?P<g>.*)", "格式不对，实际是{g|type}"),
    (r"expected step-id: answer lines, got (?P<g>.*)", "需要 `步骤编号: 回答` 这样的行，实际是{g|type}"),
    (r"expected one answer \(text, number, yes/no\), got (?P<g>.*)",
     "每个步骤只能有一个回答（文字、数字或 `yes`/`no`），实际是{g|type}"),
    (r"unsupported spec (?P<v>.*); this pos-doctor reads spec: ?(?P<s>\S+)",
     "不支持的格式版本 {v}；本版 pos-doctor 读取 `spec: {s}`"),
    (r"spec (?P<v>.*) is not supported \(this pos-doctor reads spec = (?P<s>\S+)\)",
     "不支持的格式版本 {v}（本版 pos-doctor 读取 `spec = {s}`）"),
    (r"id '(?P<i>[^']*)' differs from the file name; name the file (?P<f>\S+)",
     "编号 '{i}' 与文件名不同；请把文件命名为 {f}"),
    (r"duplicate step id '(?P<i>[^']*)'", "步骤编号 '{i}' 重复"),
    (r"duplicate choice id '(?P<i>[^']*)'", "选项编号 '{i}' 重复"),
    (r"no step '(?P<i>[^']*)' in this playbook", "本处理流程中没有步骤 '{i}'"),
    (r"no playbook '(?P<i>[^']*)'; did you mean '(?P<m>[^']*)'\?", "没有处理流程 '{i}'；您是想写 '{m}' 吗？"),
    (r"no playbook '(?P<i>[^']*)'", "没有处理流程 '{i}'"),
    (r"playbook '(?P<i>[^']*)' reconciles or records the customer's evidence \(steps? (?P<s>[^)]*)\); it cannot be "
     r"included — start it on its own",
     "处理流程 '{i}' 会核对或记录客人的付款凭据（步骤 {s}），不能被包含；请单独启动它"),
    (r"include cycle: (?P<c>.*)", "处理流程互相包含，形成循环：{c}"),
    (r"unknown check '(?P<i>[^']*)'(?P<rest>.*)", "未知的检查项 '{i}'{rest|guess}"),
    (r"unknown action '(?P<i>[^']*)'; built-in actions: (?P<l>.*)", "未知的动作 '{i}'；可用的动作：{l}"),
    (r"unknown outcome '(?P<i>[^']*)'; use one of (?P<l>.*)", "未知的结果 '{i}'；可选：{l}"),
    (r"unknown type '(?P<i>[^']*)'; use one of (?P<l>.*)", "未知的类型 '{i}'；可选：{l}"),
    (r"unknown source '(?P<i>[^']*)'; use one of (?P<l>.*)", "未知的记录来源 '{i}'；可选：{l}"),
    (r"'(?P<k>\w+)' is no longer a key; use `(?P<n>\w+):` instead \((?P<e>.*)\)",
     "`{k}` 已不再使用；请改写为 `{n}:`（{e}）"),
    (r"unknown evidence '(?P<i>[^']*)'; use (?P<l>.*)", "未知的证据 '{i}'；可用：{l}"),
    (r"bad condition: (?P<why>.*)", "条件写法有误：{why}"),
    (r"step '(?P<i>[^']*)' cannot be reached from the first step; add a goto to it or remove it",
     "从第一步无法到达步骤 '{i}'；请加一个指向它的 `goto`，或删除它"),
    (r"step '(?P<i>[^']*)' is the last one but does not end the playbook; add goto, or end with kind: end",
     "步骤 '{i}' 是最后一步，但没有结束处理流程；请加 `goto`，或用 `kind: end` 结束"),
    (r"an? (?P<k>\w+) step cannot have goto \(it branches or ends by itself\)",
     "这类步骤（`{k}`）不能有 `goto`，它自己会分支或结束"),
    (r"step '(?P<i>[^']*)' leads back to itself without a limit; add max_visits: N to it",
     "步骤 '{i}' 会无限次回到自己；请给它加上 `max_visits: N`"),
    (r"steps (?P<c>.*) form a loop without a limit; add max_visits: N to one of them",
     "步骤 {c} 形成没有次数限制的循环；请给其中一步加上 `max_visits: N`"),
    (r"action '(?P<a>[^']*)' takes no params; remove params", "动作 '{a}' 不带参数；请删除 `params`"),
    (r"answer\('(?P<a>[^']*)'\): that step is an? (?P<k>\w+) step; "
     r"only question, confirm and record steps have answers",
     "`answer('{a}')`：那一步是 `{k}` 步骤，没有回答；只有 `question`、`confirm` 和 `record` 步骤有回答"),
    (r"(?P<n>\d+) steps; at most (?P<m>\d+) — split it and use kind: include",
     "共 {n} 步，最多 {m} 步；请拆分，并用 `kind: include` 引用"),
    (r"was written by another pos-doctor version", "由另一个版本的 pos-doctor 写入"),
    # saved walks (playbooks/saved.py) and the money texts of playbooks (payments/money_phrases.py): pay-walk
    (r"was changed after pos-doctor saved it \(its checksum does not match\): it cannot be trusted",
     "在 pos-doctor 保存之后被改动过（校验值不符）：不能信任"),
    (r"has no checksum this installation can verify: it cannot be trusted", "没有本机可以核对的校验值：不能信任"),
    (r"step '(?P<s>[^']+)' tells staff to (?P<what>take a payment again|refund|void|give money back) "
     r"\((?P<lang>en|zh): “(?P<p>[^”]+)”\) but declares no allows:.*",
     "步骤 '{s}' 让店员{what|money}（{lang|lang}：“{p}”），但没有声明 `allows:`；如果这一步确实要动钱，请加上 "
     "`allows:` 声明，并只从对账步骤相应的结论分支进入；如果只是提醒不要这样做，"
     "请写成否定句（例如“不要重新收款”），或在这一步加上 `warns_only: true`"),
    (r"environment variable (?P<v>\S+): must be a number, not (?P<x>.*)", "环境变量 {v}：必须是数字，而不是 {x}"),
]
_COMPILED = [(re.compile(p + r"\Z", re.S), zh) for p, zh in PATTERNS]
_FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


def _fill(template: str, m: re.Match) -> str:
    def one(f: re.Match) -> str:
        value = m.group(f.group(1)) or ""
        if f.group(2) == "type":
            return _t(value)
        if f.group(2) in ("money", "lang"):
            return _money(value)
        if f.group(2) == "guess":
            g = re.fullmatch(r"; did you mean '([^']*)'\?", value)
            return f"；您是想写 '{g.group(1)}' 吗？" if g else (value and f"；{value.lstrip('; ')}")
        return value

    return _FIELD.sub(one, template)


def problem_zh(what: str) -> str | None:
    """The Chinese of one English problem message, or None when no pattern knows it."""
    for rx, zh in _COMPILED:
        m = rx.match(what)
        if m:
            return _fill(zh, m)
    return None


def where_zh(where) -> str:
    """A breadcrumb with its key path said in Chinese: `file:3:5（位置：steps[2].goto）`."""
    s = str(where)
    if getattr(where, "path", None):
        s = s[: s.rindex(" (at ")] + f"（位置：{where.path}）"
    return s
