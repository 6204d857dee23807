"""The escalation list is computed from the walk's transcript: steps carried out once each, skipped and withdrawn
steps apart. Transcripts here are shaped like `WalkState.transcript` (see playbooks/engine.py `_log`/`_back`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.playbooks.transcript import lines, steps_carried_out

PB = "dropped-transaction"


def e(step, kind, **kw):
    return {"at": "2026-11-24T10:00:00+00:00", "playbook": PB, "step": step, "kind": kind,
            "text": {"en": f"Do {step}: details", "zh": f"做{step}：细节"}, **kw}


def back(step):
    return {"at": "2026-11-24T10:00:00+00:00", "back_to": f"{PB}/{step}"}


NET = [{"id": "network.interfaces", "status": "ok", "message": {"en": "network up", "zh": "网络正常"}},
       {"id": "network.acquirer", "status": "skipped", "message": {"en": "no payment host", "zh": "未配置支付主机"}}]

# The walk from the issue: back once after the network check, then the restart skipped.
WALK = [
    e("compare", "question", answer="unknown", answer_label={"en": "No record", "zh": "没有记录"}),
    e("not-dropped", "end", skipped="condition false"),
    e("keep-evidence", "instruction", answer="done"),
    e("check-network", "check", checks=NET, passed=True),
    back("keep-evidence"),
    e("keep-evidence", "instruction", answer="done"),
    e("check-network", "check", checks=NET, passed=True),
    e("restart", "instruction", answer="skipped"),
    e("fixed-after-restart", "confirm", answer="no"),
    e("manual-fallback", "instruction", answer="done"),
    e("contact-provider", "escalate", escalate={}),
]


def test_back_and_skip_give_the_steps_carried_out_once_each():
    r = steps_carried_out(WALK)
    assert [i["step"] for i in r["done"]] == ["compare", "keep-evidence", "check-network", "fixed-after-restart",
                                              "manual-fallback"]
    assert [i["step"] for i in r["skipped"]] == ["restart"]
    assert r["undone"] == []
    net = next(i for i in r["done"] if i["step"] == "check-network")
    assert net["times"] == 2
    assert net["result"]["en"] == "the checks that ran pass; not checked: no payment host"  # never a bare "all pass"
    assert lines(r, "zh")[0] == ("已尝试", ["做compare：没有记录", "做keep-evidence：已完成",
                                          "做check-network（2 次）：已运行的检查正常；未能检查：未配置支付主机",
                                          "做fixed-after-restart：否", "做manual-fallback：已完成"])
    assert lines(r, "en")[1] == ("Skipped (not done)", ["Do restart: skipped"])


def test_an_answer_withdrawn_and_never_given_again_is_listed_as_undone():
    walk = [e("amount", "record", answer="99.00", field="customer_amount"),
            e("time", "record", answer="11:48", field="customer_time"),
            back("time"), back("amount"),
            e("amount", "record", answer="12.50", field="customer_amount"),
            e("other", "question", answer="x", answer_label={"en": "X", "zh": "甲"})]
    r = steps_carried_out(walk)
    assert [(i["step"], i["result"]["en"]) for i in r["done"]] == [("amount", "12.50"), ("other", "X")]
    assert [i["step"] for i in r["undone"]] == ["time"]


def test_device_work_before_a_back_did_happen():
    walk = [e("q1", "question", answer="a", answer_label={"en": "A", "zh": "甲"}),
            e("read", "action", action="last_transaction", result={"ok": True, "message": {"en": "Approved", "zh": "成功"}}),
            back("q1"),
            e("q1", "question", answer="b", answer_label={"en": "B", "zh": "乙"})]
    r = steps_carried_out(walk)
    assert [(i["step"], i["result"]["en"]) for i in r["done"]] == [("read", "Approved"), ("q1", "B")]


_entry = st.one_of(
    st.builds(lambda s, k, a: e(s, k, answer=a), st.sampled_from("abcde"),
              st.sampled_from(["instruction", "question", "confirm", "record", "action", "check", "end"]),
              st.sampled_from([None, "done", "skipped", "yes", "no", "12.50"])),
    st.builds(back, st.sampled_from("abcde")),
    st.builds(lambda s: e(s, "instruction", skipped="condition false"), st.sampled_from("abcde")),
    st.just({"at": "x", "note": "the walk took too many steps"}),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(_entry, max_size=30))
def test_every_step_is_listed_at_most_once_and_in_one_list(walk):
    r = steps_carried_out(walk)
    keys = [i["key"] for part in ("done", "skipped", "undone") for i in r[part]]
    assert len(keys) == len(set(keys))
    logged = {f"{x['playbook']}/{x['step']}" for x in walk if "step" in x and not x.get("skipped") and x["kind"] != "end"}
    assert set(keys) <= logged
    for lang in ("en", "zh"):
        for _, items in lines(r, lang):
            assert all(isinstance(s, str) and s for s in items)
