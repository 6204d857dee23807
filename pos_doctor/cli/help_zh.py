"""`--help` and click's own words in Chinese, chosen when the command group is built (`--lang zh`,
POS_DOCTOR_LANG, or `language = "zh"` in the configuration).

Command modules keep their English help next to their options; this table holds the Chinese, keyed by the
command path and the option's first flag, so a zh screen shows no English (docs/glossary.md). Click and typer
words ("Usage:", "Options", "Show this message and exit.", their usage errors) go through `gettext`; `install()`
points those modules' `_` at this table.
"""

from __future__ import annotations

import click  # the command group's own library: this module is used only once it is loaded

# click and typer's own words (the msgid is click's English text)
UI = {
    "Usage:": "用法：", "Options": "选项", "Arguments": "参数", "Commands": "命令", "Error": "错误",
    "Show this message and exit.": "显示本帮助并退出。", "Show the version and exit.": "显示版本号并退出。",
    "[default: {}]": "[默认：{}]", "[required]": "[必填]", "(deprecated) ": "（已弃用）",
    "[env var: {}]": "[环境变量：{}]",
    "Aborted.": "已中止。", "Did you mean {possibility}?": "您是想输入 {possibility} 吗？",
    "(Did you mean one of: {possibilities}?)": "（您是想输入其中之一吗：{possibilities}？）",
    "Error: {message}": "错误：{message}", "Try '{command} {option}' for help.": "运行 `{command} {option}` 查看帮助。",
    "Invalid value: {message}": "取值无效：{message}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的取值无效：{message}",
    "Missing argument": "缺少参数", "Missing option": "缺少选项", "Missing parameter": "缺少参数",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "No such option {name!r}.": "没有选项 {name!r}。", "No such option: {name}": "没有选项：{name}",
    "No such command {name!r}.": "没有命令 {name!r}。",
    "Got unexpected extra argument ({args})": "多了一个参数（{args}）",
    "Got unexpected extra arguments ({args})": "多了几个参数（{args}）",
    "Option {name!r} requires an argument.": "选项 {name!r} 后面需要一个值。",
    "Option {name!r} does not take a value.": "选项 {name!r} 后面不能带值。",
    "{value!r} is not one of {choices}.": "{value!r} 不在可选范围内：{choices}。",
    "{value!r} is not a valid {number_type}.": "{value!r} 不是有效的数字。",
    "{value} is not in the range {range}.": "{value} 超出范围 {range}。",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}", "integer": "整数", "float": "数字",
    "{name} {filename!r} does not exist.": "{name} {filename!r} 不存在。", "file": "文件", "directory": "目录",
    "path": "路径", "default: {default}": "默认：{default}", "env var: {var}": "环境变量：{var}", "required": "必填",
    "Try [blue]'{command_path} {help_option}'[/] for help.": "运行 [blue]`{command_path} {help_option}`[/] 查看帮助。",
}

# command path -> (help, {first flag or argument name: help})
COMMANDS: dict[str, tuple[str, dict[str, str]]] = {
    "": ("诊断并排除收银台刷卡支付故障。\n\n先运行 `pos-doctor check`（没有设备时加 `--simulate healthy` 试用）。",
         {"--version": "显示版本号并退出。", "--lang": "帮助和提示使用的语言：`zh` 中文，`en` 英文。"}),
    "check": ("一次检查POS机、打印机、网络、电源和软件版本。", {}),
    "fix": ("按步骤引导处理故障，直到解决或转交支付服务商：先选发生了什么，或让检查结果来选。", {
        "playbook_id": "处理流程的编号（见 `pos-doctor playbooks list`）；不填则先选情况。",
        "--answers": "预先写好的回答文件：步骤编号 → 回答。",
        "--yes": "凡有建议答案的步骤，都采用建议答案。",
        "--resume": "继续上次中断的处理（可写中断记录的编号或处理流程编号）。",
        "--discard": "放弃一次中断的处理（可写中断记录的编号或处理流程编号）。",
        "--playbooks": "另外的处理流程目录（可写多次）。",
        "--json": "把整个处理过程输出为一个 JSON 文档。"}),
    "playbooks": ("列出、查看和校验处理流程。", {}),
    "playbooks list": ("列出所有处理流程：编号、标题、由哪项检查推荐、来自哪里。", {"--no-color": "不使用颜色。"}),
    "playbooks show": ("把处理流程输出为可打印的步骤（纯文本或 Markdown）。", {
        "--format": "`text` 纯文本，`markdown` 可打印的文档。", "ID": "处理流程的编号。",
        "playbook_id": "处理流程的编号。"}),
    "playbooks validate": ("校验处理流程文件；每个问题都指出文件、行和列。有无效文件时退出码为 3。",
                           {"paths": "要校验的文件或目录。"}),
    "playbooks schema": ("输出处理流程格式的 JSON 结构说明（供编辑器检查文件用）。", {}),
    "checks": ("列出 `pos-doctor check` 会运行的检查项。", {"--json": "输出为 JSON。"}),
    "ports": ("列出串口、USB 打印机及占用它们的程序。", {"--all": "也列出没有实际设备的串口（/dev/ttyS*）。"}),
    "simulate": ("在虚拟串口上模拟POS机和小票打印机，供试用和培训。", {
        "--scenario": "模拟场景名，或模拟场景文件的路径。",
        "--link": "`pty` 虚拟串口，或 `tcp` 网络连接。",
        "--tcp-framing": "使用 `--link tcp` 时的报文格式：`serial` 或 `zvt`。",
        "--baud": "按此波特率限速输出，像真的串口一样（默认 9600）。",
        "--json": "把端口输出为一行 JSON。",
        "--list": "列出所有模拟场景后退出。",
        "--log-level": "`info` 在错误输出上记录设备活动，`quiet` 不记录。"}),
    "history": ("最近的检查和处理记录。", {
        "--since": "只看此日期（2026-11-24）或最近几天（7d）以来的记录。",
        "--status": "只看此状态的记录（可写多次）。",
        "--kind": "`check` 只看检查，`fix` 只看处理。",
        "--stats": "每项检查失败的次数（默认最近 4 周）。",
        "--limit": "最多显示多少条。",
        "--json": "输出为 JSON。",
        "--db": "数据库文件（默认在用户数据目录）。",
        "--real": "只看真实设备上的记录（`--stats` 默认也只统计这些）。",
        "--simulated": "只看模拟设备上的记录。"}),
    "schema": ("输出检查结果、处理记录的 JSON 输出或处理流程文件的结构说明。", {
        "which": "哪一种文档：`check` 检查结果，`fix` 处理记录，`playbook` 处理流程文件，"
                 "`statement-mapping` 账单映射文件，"
                 "`scenario` 模拟场景文件，`software-policy` 软件版本规则文件。"}),
    "history prune": ("删除旧记录（按配置 `records.keep_days` / `records.keep_runs` 或下列选项）并释放磁盘空间。", {
        "--keep-days": "保留最近多少天的记录（0 表示不按天数删除）。默认取配置 `records.keep_days`。",
        "--keep-runs": "最多保留多少条最新记录（0 表示不按条数删除）。默认取配置 `records.keep_runs`。",
        "--json": "输出为 JSON。",
        "--db": "数据库文件（默认在用户数据目录）。"}),
    "report": ("为支付服务商生成某次记录的证据报告。", {
        "run_id": "记录编号（见 `pos-doctor history`，或检查、处理结束时显示的编号），或 `latest` 表示最近一次。",
        "--format": "报告格式：`md`、`html`、`json` 或 `pdf`。",
        "--kind": "与 `latest` 一起用：`check` 最近一次检查，`fix` 最近一次处理。",
        "--output": "写入此文件，而不是显示在屏幕上。",
        "--redact": "同时隐去终端号、商户号和序列号。"}),
    "statement": ("导入支付服务商的账单，查找没有到账的付款。", {}),
    "statement import": ("读取微信支付账单、支付宝账单或收单机构平台导出的对账单（配合 `--mapping`），"
                         "与POS机当天成功的付款逐笔比对。", {
        "file": "账单文件（`.csv` 或 `.xlsx` 表格文件）。",
        "--mapping": "收单机构平台导出文件的映射文件（YAML 或 TOML）。",
        "--day": "要比对的日期（如 2026-12-05）；默认取账单的日期。",
        "--amount": "要查的某位客人的付款：金额。",
        "--time": "要查的某位客人的付款：时间（如 14:05 或 2026-12-05 14:05）。",
        "--order": "要查的某位客人的付款：订单号（或它的后几位）。",
        "--simulate": "读取模拟POS机的记录（填模拟场景名）。",
        "--db": "从这个历史数据库读取以前的POS机读数。",
        "--json": "在标准输出上输出一个 JSON 文档。"}),
    "config": ("显示当前生效的配置。", {}),
    "config show": ("每个配置项的值及其来源。", {"--json": "输出为 JSON。"}),
}
# options shared by several commands, unless the command's own table says otherwise (the device options' Chinese help
# is declared with them: cli/device_options.py)
SHARED = {
    "--only": "只运行这些检查项或类别（可写多次，或用逗号分隔）。",
    "--skip": "跳过这些检查项或类别。",
    "--no-host-contact": "不让POS机联系支付服务商主机。",
    "--json": "在标准输出上输出一个 JSON 文档。",
    "--format": "输出格式：`text`、`json`、`nagios`、`checkmk`、`junit` 或 `prometheus`。",
    "--output": "把机器格式写入此文件（原子替换，任何退出码都写），而不是标准输出。",
    "--fail-on": "什么情况下退出码表示失败：`warning` 有警告，`critical` 有故障，`never` 从不。",
    "-v": "显示观察值、期望值和原始数据（技术人员用）。",
    "--lang": "语言：`zh` 中文，`en` 英文。",
    "--no-color": "不使用颜色。",
    "--note": "随本次记录保存的备注。",
    "--no-record": "本次不写入历史记录。",
    "--trace": "把与设备往来的每个字节按时间记录成十六进制文件。",
    "--help": "显示本帮助并退出。",
    "-w": "警告阈值（毫秒）：一个范围，或按指标分别写，如 `first_answer=范围,completion=范围,connect=范围`。",
    "-c": "严重阈值，写法同 `-w`。",
    "--playbooks": "另外的处理流程目录（可写多次）。",
    "--db": "数据库文件（默认在用户数据目录）。",
}
# metavars: typer shows the type's name (TEXT, INTEGER) or the declared metavar; arguments by their name
METAVARS = {"text": "文字", "integer": "整数", "integer range": "整数", "float": "数字", "FILE": "文件", "DIR": "目录",
            "ID": "编号", "DATE": "日期", "PATH": "路径", "RANGE": "范围", "PATHS": "路径", "RUN_ID": "记录编号",
            "N": "数量", "HOST": "主机",
            "DOCUMENT": "文档"}
ARGUMENTS = {"playbook_id": "流程编号", "paths": "路径", "run_id": "记录编号", "which": "文档", "file": "账单文件"}


def _gettext(message: str) -> str:
    return UI.get(message, message)


def _ngettext(singular: str, plural: str, n: int) -> str:
    return UI.get(singular if n == 1 else plural, singular if n == 1 else plural)


class ZhFormatter(click.HelpFormatter):
    """click's help formatter with a full-width colon after a Chinese heading."""

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


def install() -> None:
    """Make click's and typer's own words Chinese for this process."""
    import click

    click.Context.formatter_class = ZhFormatter
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.types

    for mod in (click.core, click.decorators, click.exceptions, click.formatting, click.parser, click.types):
        if hasattr(mod, "_"):
            mod._ = _gettext  # type: ignore[attr-defined]  # click's gettext alias, where the module has one
        if hasattr(mod, "ngettext"):
            mod.ngettext = _ngettext  # type: ignore[attr-defined]
    import typer.core

    typer.core._ = _gettext  # typer's own option records: "[default: ...]", "[env var: ...]", "[required]"
    try:
        import typer.rich_utils as ru
    except ImportError:  # typer without rich: click's formatter, already translated above
        return
    for name, msgid in (("DEPRECATED_STRING", "(deprecated) "), ("DEFAULT_STRING", "[default: {}]"),
                        ("ENVVAR_STRING", "[env var: {}]"), ("REQUIRED_LONG_STRING", "[required]"),
                        ("ARGUMENTS_PANEL_TITLE", "Arguments"), ("OPTIONS_PANEL_TITLE", "Options"),
                        ("COMMANDS_PANEL_TITLE", "Commands"), ("ERRORS_PANEL_TITLE", "Error"),
                        ("ABORTED_TEXT", "Aborted."),
                        ("RICH_HELP", "Try [blue]'{command_path} {help_option}'[/] for help.")):
        if hasattr(ru, name):
            setattr(ru, name, UI[msgid])
    if hasattr(ru, "_"):
        ru._ = _gettext


def _device_help(flag: str, command: str) -> str | None:
    from pos_doctor.cli.device_options import declaration

    declared = declaration(flag)
    return declared.help_for(command).zh if declared is not None else None


def apply(cmd, path: str = "") -> None:
    """Chinese help on a click command (and its subcommands), from the table; the English stays where none is."""
    import click

    text, options = COMMANDS.get(path, (None, {}))
    if text:
        cmd.help = text
        cmd.short_help = text.split("\n")[0]
    for p in cmd.params:
        key = p.opts[0] if getattr(p, "opts", None) else p.name
        zh = options.get(key) or options.get(p.name or "") or _device_help(key, path) or SHARED.get(key)
        if zh and hasattr(p, "help"):
            p.help = zh
        if isinstance(p, click.Argument) and p.name in ARGUMENTS:
            p.opts = [ARGUMENTS[p.name]]  # shown only; the parser stores arguments by p.name
        if not getattr(p, "is_flag", False) and not getattr(p, "count", False):
            shown = p.metavar if p.metavar else getattr(p.type, "name", None)
            bare = (shown or "").strip("[].")
            if bare in METAVARS:
                p.metavar = (shown or "").replace(bare, METAVARS[bare])
    cmd.options_metavar = "[选项]"
    if isinstance(cmd, click.Group):
        cmd.subcommand_metavar = "命令 [参数]..."
    if isinstance(cmd, click.Group):
        for name, sub in cmd.commands.items():
            apply(sub, f"{path} {name}".strip())
