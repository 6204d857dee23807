"""The JSON Schema of the playbook format, derived from the loader's own tables so the two cannot drift.

`pos_doctor/schemas/playbook.schema.json` is this function's output (tests/playbooks/test_schema.py holds them
equal; regenerate with `python -m pos_doctor.playbooks.schema > pos_doctor/schemas/playbook.schema.json`). The
schema is for editors: it checks keys and types; the loader also checks references, paths and the money rule.
"""

from __future__ import annotations

import json

from pos_doctor.playbooks.loader import (ACTION_PARAMS, BRANCH_KEYS, COMMON, MAX_STEPS, NO_GOTO, PER_KIND, REQUIRED,
                                         known_checks)
from pos_doctor.playbooks.model import (ACTIONS, EVIDENCE, KINDS, MONEY, OUTCOMES, RECONCILE_ORIGINS, RECONCILE_SOURCES,
                                       RECORD_LIST_TYPES, RECORD_TYPES, SPEC)

DESCRIPTIONS = {
    "instruction": "Something to do; 'done' continues (with verify: re-run those checks).",
    "question": "A question whose choices branch. suggest: the default when its condition holds; field: keep the "
                "chosen id as a value (e.g. payment_method: card or qr).",
    "confirm": "Did this fix it? yes / no / not sure (on_unsure defaults to on_no).",
    "check": "Re-run checks and branch on their result.",
    "action": "A built-in safe action.",
    "record": "A value the operator reads out; phone numbers are stored masked.",
    "escalate": f"Hand over: to whom, with which evidence ({', '.join(EVIDENCE)}, or a recorded field).",
    "include": "Run another playbook here, then continue with the next step.",
    "end": "The end of the walk.",
    "reconcile": "Compare the customer's evidence (customer_amount, customer_time, ...) with the terminal's "
                 "transactions and branch on the verdict: on_charged, on_not_charged, on_mismatch, on_unknown "
                 "(on_double_charge: optional, else on_mismatch; the branches of a finding - on_debit_without_attempt, "
                 "on_qr_pending, on_qr_refunded: optional, else on_unknown; on_other_payee: optional, else "
                 "on_not_charged; on_unreadable: optional, else on_unknown - the terminal could not be read at all). "
                 "source: qr_app compares the QR order staff typed from the merchant app (qr_order_state, "
                 "qr_order_number, qr_order_amount, qr_order_time) by its order number instead of reading the "
                 "terminal. origin: link (default) reads the terminal; another origin compares the records typed in a "
                 "record_list step.",
    "record_list": "Records staff type one by one from what a device shows (type transactions: a standalone POS机's "
                   "交易明细 / 末笔查询 / 按凭证号查询 or a reprinted slip): where they read them, each transaction "
                   "(amount, time, card's last four digits, voucher number, result), and whether the list holds every "
                   "transaction between two times. An answers file gives {where, transactions: [...], complete: "
                   "{from, to}} or a bare list (partial).",
}
STEP_ID = {"$ref": "#/$defs/step_id"}
TEXT = {"$ref": "#/$defs/text"}
CHECKS = {"$ref": "#/$defs/checks"}


def _property(kind: str, key: str, checks: list[str]) -> dict:
    if key in BRANCH_KEYS or key == "id":
        return STEP_ID
    simple = {
        "text": TEXT, "title": TEXT, "to": TEXT, "when": {"$ref": "#/$defs/condition"}, "verify": CHECKS,
        "checks": CHECKS, "max_visits": {"type": "integer", "minimum": 1, "maximum": 20},
        "kind": {"const": kind}, "action": {"enum": list(ACTIONS)}, "params": {"type": "object"},
        "field": {"type": "string", "pattern": "^[a-z][a-z0-9_]*$"},
        "type": {"enum": list(RECORD_LIST_TYPES if kind == "record_list" else RECORD_TYPES)},
        "origin": {"enum": list(RECONCILE_ORIGINS)}, "source": {"enum": list(RECONCILE_SOURCES)},
        "optional": {"type": "boolean"},
        "warns_only": {"type": "boolean", "description": "The step's texts only warn against (or describe) taking a "
                                                         "payment again, refunding, voiding or giving money back; "
                                                         "it cannot also declare allows."},
        "evidence": {"type": "array", "items": {"type": "string"}},
        "playbook": STEP_ID, "outcome": {"enum": list(OUTCOMES)},
        "allows": {"description": "What the step lets staff do with money; the engine enters it only on the "
                                  "verdict that permits it (new_payment: not_charged; refund, void: charged; "
                                  "refund_duplicate: a double charge; difference: charged, the customer's own "
                                  "payment of a lower amount).",
                   "oneOf": [{"enum": list(MONEY)}, {"type": "array", "minItems": 1, "items": {"enum": list(MONEY)}}]},
        "choices": {"type": "array", "minItems": 2, "items": {
            "type": "object", "properties": {"id": STEP_ID, "label": TEXT, "goto": STEP_ID,
                                             "suggest": {"$ref": "#/$defs/condition"}},
            "required": ["id", "label", "goto"], "additionalProperties": False}},
    }
    return simple[key]


def _action_params(checks: list[str]) -> dict:
    (name, spec), = ACTION_PARAMS.items()  # one action takes parameters today
    props = {k: ({"enum": checks} if k == "check" else {"type": "integer", "minimum": 1, "maximum": 3600})
             for k in spec}
    return {"if": {"properties": {"action": {"const": name}}},
            "then": {"properties": {"params": {"type": "object", "properties": props, "required": list(spec),
                                               "additionalProperties": False}}, "required": ["params"]},
            "else": {"properties": {"params": {"type": "object", "maxProperties": 0}}}}


def _step(kind: str, checks: list[str]) -> dict:
    order = ["id", "text", "title", "when", "goto", "max_visits", "verify", "warns_only", "kind"]
    keys = [k for k in order if k in COMMON and not (k == "goto" and kind in NO_GOTO)]
    keys += sorted(PER_KIND[kind], key=lambda k: (k not in BRANCH_KEYS, k))
    out = {"type": "object", "description": DESCRIPTIONS[kind],
           "properties": {k: _property(kind, k, checks) for k in keys},
           "required": ["id", "kind", *sorted(REQUIRED[kind])], "additionalProperties": False}
    if kind == "action":
        out.update(_action_params(checks))
    return out


def playbook_schema() -> dict:
    checks = known_checks()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://pos-doctor.invalid/schemas/playbook.schema.json",
        "title": f"pos-doctor playbook (spec {SPEC})",
        "description": "A guided fix procedure. Validated on load by pos-doctor, which also checks step references, "
                       "reachability, loops and the money rule: run `pos-doctor playbooks validate`.",
        "type": "object",
        "properties": {
            "spec": {"const": SPEC}, "id": STEP_ID, "title": TEXT, "summary": TEXT,
            "situation": {"type": "boolean", "description": "Listed in the menu of `pos-doctor fix`."},
            "recommended_by": CHECKS, "needs_checks": CHECKS,
            "steps": {"type": "array", "minItems": 1, "maxItems": MAX_STEPS, "items": {"$ref": "#/$defs/step"}},
            "prevention": {"type": "array", "items": TEXT},
        },
        "required": ["spec", "id", "title", "summary", "steps"],
        "additionalProperties": False,
        "$defs": {
            "text": {"type": "object", "description": "A text in both languages.",
                     "properties": {"en": {"type": "string", "minLength": 1}, "zh": {"type": "string", "minLength": 1}},
                     "required": ["en", "zh"], "additionalProperties": False},
            "step_id": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"},
            "checks": {"type": "array", "items": {"enum": checks}},
            "condition": {"type": "string", "minLength": 1, "maxLength": 400,
                          "description": "Condition: and/or/not, == != < <= > >= in, text/number/true/false/null, "
                                         "and answer('step'), check('id'), value('field'), "
                                         "last_tx('status'|'amount'|...), visited('step'). Never eval'd."},
            "step": {"oneOf": [_step(kind, checks) for kind in KINDS]},
        },
    }


def render() -> str:
    return json.dumps(playbook_schema(), ensure_ascii=False, indent=2) + "\n"


if __name__ == "__main__":
    print(render(), end="")
