"""The `when:` condition language: what it accepts, what it refuses (with the column), and how it evaluates."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_doctor.playbooks.expr import ExprError, compile_condition


class Facts:
    def __init__(self, answers=None, checks=None, values=None, tx=None, visited=()):
        self.a, self.c, self.v, self.tx, self.vis = answers or {}, checks or {}, values or {}, tx, set(visited)

    def answer(self, step):
        return self.a.get(step)

    def check(self, cid):
        return self.c.get(cid)

    def value(self, name):
        return self.v.get(name)

    def last_tx(self, name):
        return "none" if self.tx is None and name == "status" else (self.tx or {}).get(name)

    def visited(self, step):
        return step in self.vis

    def market(self):  # expr.Facts' variable: the walk's market (a text may say `market` alone)
        return "cn"


@pytest.mark.parametrize("source, facts, expected", [
    ("answer('q') == 'not-approved'", Facts(answers={"q": "not-approved"}), True),
    ("answer('q') == 'not-approved'", Facts(answers={"q": "approved"}), False),
    ("answer('q') == 'not-approved'", Facts(), False),
    ("check('printer.receipt') in ('critical', 'unknown')", Facts(checks={"printer.receipt": "critical"}), True),
    ("check('printer.receipt') not in ['ok']", Facts(checks={"printer.receipt": "ok"}), False),
    ("not visited('recover') and check('link.terminal') == 'ok'", Facts(checks={"link.terminal": "ok"}), True),
    ("last_tx('status') == 'approved' and (value('amt') == null or value('amt') == last_tx('amount'))",
     Facts(values={"amt": Decimal("12.50")}, tx={"status": "approved", "amount": Decimal("12.5")}), True),
    ("last_tx('status') == 'approved' and (value('amt') == null or value('amt') == last_tx('amount'))",
     Facts(values={"amt": Decimal("20")}, tx={"status": "approved", "amount": Decimal("12.5")}), False),
    ("last_tx('status') == 'none'", Facts(), True),
    ("value('amt') > 100", Facts(values={"amt": Decimal("150")}), True),
    ("value('amt') > 100", Facts(), False),                       # missing is never greater, and never an error
    ("value('amt') < 'abc'", Facts(values={"amt": Decimal(1)}), False),
    ("1 < value('n') <= 3", Facts(values={"n": 3}), True),
    ("answer('q') == true or false", Facts(answers={"q": True}), True),
    ("'ok' in answer('q')", Facts(answers={"q": "not ok"}), True),
    ("'ok' in answer('q')", Facts(), False),
])
def test_evaluates(source, facts, expected):
    assert compile_condition(source)(facts) is expected


@pytest.mark.parametrize("source, message, col", [
    ("__import__('os')", "unknown function '__import__'", 1),
    ("__import__('os').system('x')", "'Attribute' is not allowed; only answer, check", 1),
    ("answer('q').upper() == 'X'", "'Attribute' is not allowed", 1),
    ("answer('q')[0] == 'a'", "'Subscript' is not allowed", 1),
    ("lambda: 1", "'Lambda' is not allowed", 1),
    ("answer(q) == 'x'", "answer() takes one text in quotes", 1),
    ("answer('a', 'b')", "answer() takes one text in quotes", 1),
    ("check('x') is None", "'Is' is not allowed", 1),
    ("approved == answer('q')", "unknown name 'approved': write text in quotes", 1),
    ("answer('q') == 'x' and last_tx('colour') == 1", "last_tx('colour'): unknown field", 32),
    ("answer('q') ==", "not a valid condition", None),
    ("1 + 1 == 2", "'BinOp' is not allowed", 1),
    ("", "expected a condition as text", 1),
    ("x" * 401, "at most 400", 1),
])
def test_refuses_with_column(source, message, col):
    with pytest.raises(ExprError) as exc:
        compile_condition(source)
    assert message in exc.value.what
    assert exc.value.col == col if col else exc.value.col >= 1


def test_refs_name_what_the_validator_checks():
    c = compile_condition("answer('a') == 'x' or check('link.terminal') == 'ok' or value('f') == 1 or visited('s')")
    assert [(f, a) for f, a, _ in c.refs] == [("answer", "a"), ("check", "link.terminal"), ("value", "f"), ("visited", "s")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_any_text_compiles_or_is_refused_cleanly(source):
    try:
        cond = compile_condition(source)
    except ExprError as exc:
        assert exc.col >= 1
        return
    # whatever compiles evaluates without raising, to a bool
    assert cond(Facts()) in (True, False)


ATOMS = st.sampled_from(["answer('q')", "check('c')", "value('v')", "last_tx('amount')", "'ok'", "1", "2.5", "null",
                         "true", "visited('s')", "('a', 'b')"])


@st.composite
def conditions(draw, depth=0):
    if depth > 2 or draw(st.booleans()):
        op = draw(st.sampled_from(["==", "!=", "<", "<=", ">", ">=", "in", "not in"]))
        return f"{draw(ATOMS)} {op} {draw(ATOMS)}"
    kind = draw(st.sampled_from(["and", "or", "not"]))
    if kind == "not":
        return f"not ({draw(conditions(depth + 1))})"
    return f"({draw(conditions(depth + 1))}) {kind} ({draw(conditions(depth + 1))})"


@settings(max_examples=200, deadline=None)
@given(conditions(), st.dictionaries(st.sampled_from(["q"]), st.sampled_from(["ok", "a", None, 1])),
       st.sampled_from([None, "ok", "critical"]), st.sampled_from([None, Decimal("1"), "x"]))
def test_generated_conditions_evaluate_without_errors(source, answers, check, value):
    facts = Facts(answers=answers, checks={"c": check}, values={"v": value}, tx={"amount": Decimal("2.5")})
    assert compile_condition(source)(facts) in (True, False)
