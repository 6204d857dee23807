"""Nothing unchecked is trusted for money, through the real CLI (subprocess, simulator on real ptys):
a stopped walk whose file was edited is refused on resume naming the file (exit 3, en and zh); a walk resumed
against another terminal reconciles again before its money step; and a playbook in a configured directory that
tells staff to charge again without `allows:` is refused by `playbooks validate` and by `fix`, naming file:line."""

from __future__ import annotations

import json
import textwrap

import pytest

from tests.cli.test_fix import at_run_time, card, run

# charged-no-response: card, 99.00 now, no card number on the customer's message, the reconcile step; it stops at the
# step after the verdict (no answer)
STOP_AFTER_VERDICT = card("99.00", **{"record-customer-card": ""})


def _stopped(tmp_path, scenario: str):
    p = run(tmp_path, "fix", "charged-no-response", "--simulate", scenario, answers=at_run_time(STOP_AFTER_VERDICT))
    assert p.returncode == 3, p.stderr
    (path,) = sorted((tmp_path / "data" / "stopped-walks").glob("*.json"))
    return path, json.loads(path.read_text(encoding="utf-8"))


def _edit(doc: dict, what: str) -> None:
    state = doc["state"]
    if what == "verdict":        # mismatch → "not charged": the walk would go on to "take the payment again"
        state["payment"]["verdict"] = "not_charged"
    elif what == "evidence":     # the approved 12.50 becomes a declined 99.00
        rec = state["terminal_evidence"]["evidence"]["records"][0]
        rec.update(result="declined", amount="99.00", result_code="05")
    else:                        # jump straight to the new-payment step
        state["frames"] = [["charged-no-response", "charge-again"]]


@pytest.mark.parametrize("what, lang", [(w, lang) for w in ("verdict", "evidence", "frames") for lang in ("en", "zh")])
def test_an_edited_saved_walk_is_refused_on_resume_naming_the_file(tmp_path, what, lang):
    path, doc = _stopped(tmp_path, "dropped-transaction")   # approved 12.50; the customer shows 99.00: mismatch
    assert doc["state"]["payment"]["verdict"] == "mismatch" and isinstance(doc["checksum"], str)
    _edit(doc, what)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run(tmp_path, "fix", "--resume", "--lang", lang, "--json", answers={"explain-reversal": "done"})
    assert r.returncode == 3, r.stderr
    assert str(path) in r.stderr and "pos-doctor fix --discard" in r.stderr
    assert r.stdout == "" and "Traceback" not in r.stderr
    if lang == "zh":
        assert "在 pos-doctor 保存之后被改动过（校验值不符）：不能信任" in r.stderr and "丢弃" in r.stderr
        assert "checksum" not in r.stderr
    else:
        assert "was changed after pos-doctor saved it (its checksum does not match): it cannot be trusted" in r.stderr
    gone = run(tmp_path, "fix", "--discard")
    assert gone.returncode == 0 and not path.exists()


def test_a_saved_walk_without_its_checksum_is_refused(tmp_path):
    path, doc = _stopped(tmp_path, "dropped-transaction")
    del doc["checksum"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    r = run(tmp_path, "fix", "--resume")
    assert r.returncode == 3 and str(path) in r.stderr and "has no checksum" in r.stderr


def _steps(stdout: str) -> list[dict]:
    return json.loads(stdout)["steps"]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_a_walk_resumed_against_another_terminal_reconciles_again_before_the_money_step(tmp_path, lang):
    path, doc = _stopped(tmp_path, "declined-reversal-pending")     # declined 99.00: not charged
    assert doc["state"]["payment"]["verdict"] == "not_charged"
    assert doc["state"]["frames"] == [["charged-no-response", "explain-reversal"]]
    # the other terminal approved 12.50 at that time: the 99.00 the customer shows does not match it
    r = run(tmp_path, "fix", "--resume", "--simulate", "dropped-transaction", "--json", "--yes", "--lang", lang,
            answers={"explain-reversal": "done"})
    assert r.returncode == 2, r.stderr[-2000:]
    steps = _steps(r.stdout)
    ids = [s["id"] for s in steps]
    again = next(i for i, s in enumerate(steps) if s.get("again"))
    assert steps[again]["id"] == "reconcile" and steps[again]["again"]["reason"] == "other_terminal"
    assert steps[again]["again"]["before"] == "charged-no-response/charge-again"
    assert steps[again]["payment"]["verdict"] == "mismatch" and steps[again]["action"] == "read_journal"
    assert ids[again + 1] == "charge-again" and steps[again + 1]["refused"]["verdict"] == "mismatch"
    assert not any(s.get("new_payment_allowed") for s in steps)
    if lang == "zh":
        assert "进行这一步之前，重新核对这笔支付" in r.stderr and "Before this step" not in r.stderr
    else:
        assert "Before this step the payment is checked again: this is not the terminal the verdict was reached on" \
            in r.stderr
    assert not path.exists()


def test_a_walk_resumed_on_its_own_terminal_reads_it_again_then_may_take_the_payment(tmp_path):
    _stopped(tmp_path, "declined-reversal-pending")
    r = run(tmp_path, "fix", "--resume", "--json", "--lang", "zh", answers={"explain-reversal": "done"})
    assert r.returncode == 0, r.stderr[-2000:]
    steps = _steps(r.stdout)
    again = next(s for s in steps if s.get("again"))
    assert again["again"]["reason"] == "resumed" and again["payment"]["verdict"] == "not_charged"
    entered = [s for s in steps if s.get("new_payment_allowed")]
    assert [s["id"] for s in entered] == ["charge-again"] and entered[0]["verdict"] == "not_charged"
    assert steps.index(again) < steps.index(entered[0])
    assert "进行这一步之前，重新核对这笔支付：处理流程是从保存的文件继续的。" in r.stderr


LOCAL = """\
spec: 1
id: my-shop
title: {en: "Our own card problem", zh: "本店的刷卡问题"}
summary: {en: "What we do.", zh: "我们的做法。"}
situation: true
steps:
  - id: ask
    kind: instruction
    text: {en: "Ask what happened. Do not charge again yet.", zh: "先问清楚情况，先不要重新收款。"}
  - id: redo
    kind: instruction
    text: {en: "%s", zh: "%s"}
  - id: done
    kind: end
    outcome: resolved
    text: {en: "Done.", zh: "完成。"}
"""


@pytest.mark.parametrize("en, zh, lang", [
    ("Take the payment again now, or refund the customer in cash.", "现在重新收款，或者退现金给客人。", "en"),
    ("Charge again.", "重新收款。", "zh"),
])
def test_a_local_playbook_that_says_charge_again_without_allows_is_refused(tmp_path, en, zh, lang):
    local = tmp_path / "shop-playbooks"
    local.mkdir()
    path = local / "my-shop.yaml"
    path.write_text(LOCAL % (en, zh), encoding="utf-8")
    (tmp_path / "pos-doctor.toml").write_text(textwrap.dedent(f"""\
        spec = 1
        [playbooks]
        dirs = ["{local.as_posix()}"]
        """), encoding="utf-8")
    where_en, where_zh = f"{path}:12:12", f"{path}:12:"
    v = run(tmp_path, "playbooks", "validate", "--lang", lang)
    assert v.returncode == 3, v.stdout + v.stderr
    out = v.stdout + v.stderr
    if lang == "en":
        assert f"{where_en} (at steps[1].text.en): step 'redo' tells staff to take a payment again (en: “Take the payment again”)" in out
        assert "(zh: “重新收款”)" in out and "declares no allows: new_payment" in out
    else:
        assert where_zh in out and "步骤 'redo' 让店员重新收款（中文：“重新收款”），但没有声明 `allows:`" in out
    f = run(tmp_path, "fix", "my-shop", "--simulate", "healthy", "--yes", "--lang", lang)
    assert f.returncode == 3, f.stdout + f.stderr
    assert where_zh in f.stderr and "redo" in f.stderr and "Traceback" not in f.stderr
    assert "Done." not in f.stdout + f.stderr and "完成。" not in f.stdout + f.stderr  # never walked


def test_a_local_playbook_that_only_warns_passes(tmp_path):
    local = tmp_path / "shop-playbooks"
    local.mkdir()
    (local / "my-shop.yaml").write_text(LOCAL % ("Do not charge again and do not refund anything.",
                                                 "不要再收款，也先不要退钱。"), encoding="utf-8")
    v = run(tmp_path, "playbooks", "validate", "--playbooks", str(local))
    assert v.returncode == 0, v.stdout + v.stderr


def test_a_walk_resumed_on_another_port_reconciles_again_before_the_money_step(tmp_path):
    """The same kind of terminal, reached on another port (not --simulate: --terminal and --printer, as hardware):
    the verdict was reached on the first port, so it is reconciled again before the new-payment step."""
    from pos_doctor.simulator import Simulator

    with Simulator("declined-reversal-pending") as first, Simulator("declined-reversal-pending") as second:
        p = run(tmp_path, "fix", "charged-no-response", "--terminal", first.terminal_port, "--printer",
                first.printer_port, answers=at_run_time(STOP_AFTER_VERDICT))
        assert p.returncode == 3, p.stderr[-2000:]
        (path,) = sorted((tmp_path / "data" / "stopped-walks").glob("*.json"))
        assert json.loads(path.read_text(encoding="utf-8"))["state"]["payment"]["verdict"] == "not_charged"
        r = run(tmp_path, "fix", "--resume", "--terminal", second.terminal_port, "--printer", second.printer_port,
                "--json", "--yes", "--lang", "zh", answers={"explain-reversal": "done"})
    steps = _steps(r.stdout)
    again = next(i for i, s in enumerate(steps) if s.get("again"))
    assert steps[again]["again"]["reason"] == "other_terminal" and steps[again]["id"] == "reconcile"
    entered = [i for i, s in enumerate(steps) if s.get("new_payment_allowed")]
    assert entered and all(i > again for i in entered)  # the same records there: not charged, after reconciling again
    assert "进行这一步之前，重新核对这笔支付" in r.stderr
