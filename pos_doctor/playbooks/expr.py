"""The `when:` condition language of playbooks: small, safe, never `eval`.

    answer('compare-with-customer') == 'not-approved'
    check('printer.receipt') in ('critical', 'unknown') and not visited('recover')
    last_tx('status') == 'approved' and (value('customer_amount') == null
                                         or value('customer_amount') == last_tx('amount'))
    market == 'de'


Python's parser reads the text (mode "eval"), then a whitelist walk accepts only: `and`, `or`, `not`, comparisons
(== != < <= > >= in, not in), text / number / true / false / null literals, tuples or lists of literals, and calls of
the functions in FUNCTIONS with one literal text argument, and the name `market` (the shop's market, `[shop] market`:
cn or de; compared only with those words). Anything else is refused when the playbook is loaded, with
the column where it stands. Evaluation walks the same tree with its own interpreter; comparing values of different
kinds (a missing value with a number) is false, never an error.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

MAX_LENGTH = 400
MAX_DEPTH = 12

# name -> what its argument names (used by the validator and the docs)
FUNCTIONS = {
    "answer": "a step id (question, confirm or record): the answer given there, or null",
    "check": "a check id: its latest status (ok, warning, critical, unknown, skipped), or null if not run",
    "value": "a recorded field: the value typed in, or null",
    "last_tx": "a field of the terminal's last transaction: status (approved|declined|none), amount, currency, "
               "time, trace, receipt, card; matched: true when it is the one record the standing verdict matched to "
               "this customer (what a reprint would print is this customer's slip)",
    "visited": "a step id: true once the walk has been there",
}
# names a condition may read besides the literals -> what they are (used by the validator and the docs)
VARIABLES = {
    "market": "the shop's market, the payment practice the walk assumes: 'cn' or 'de' ([shop] market in "
              "pos-doctor.toml; default: de on a German screen, else cn)",
}
TX_FIELDS = ("status", "amount", "currency", "time", "trace", "receipt", "card", "matched")
_NAMES = {"true": True, "false": False, "null": None, "none": None, "True": True, "False": False, "None": None}
_CMP = {ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=", ast.In: "in",
        ast.NotIn: "not in"}


class ExprError(ValueError):
    """A condition that is not in the language; `col` is 1-based within the condition text."""

    def __init__(self, what: str, col: int = 1):
        super().__init__(what)
        self.what = what
        self.col = col


class Facts(Protocol):
    """What a condition can ask about; the engine's walk state implements it."""

    def answer(self, step: str) -> Any: ...
    def check(self, check_id: str) -> Any: ...
    def value(self, field: str) -> Any: ...
    def last_tx(self, field: str) -> Any: ...
    def visited(self, step: str) -> Any: ...
    def market(self) -> Any: ...


@dataclass(frozen=True)
class Condition:
    source: str
    tree: ast.expr
    refs: tuple[tuple[str, str, int], ...]  # (function, argument, column) for the validator

    def __call__(self, facts: Facts) -> bool:
        return bool(_eval(self.tree, facts))


def compile_condition(source: Any) -> Condition:
    if not isinstance(source, str) or not source.strip():
        raise ExprError("expected a condition as text, e.g. answer('step-id') == 'yes'")
    if len(source) > MAX_LENGTH:
        raise ExprError(f"condition is {len(source)} characters long; at most {MAX_LENGTH}")
    try:
        tree = ast.parse(source.strip(), mode="eval").body
    except SyntaxError as exc:
        raise ExprError(f"not a valid condition: {exc.msg}", (exc.offset or 1)) from None
    refs: list[tuple[str, str, int]] = []
    _check(tree, refs, 0)
    offset = len(source) - len(source.lstrip())
    return Condition(source, tree, tuple((f, a, c + offset) for f, a, c in refs))


def _col(node: ast.AST) -> int:
    return getattr(node, "col_offset", 0) + 1


def _check(node: ast.AST, refs: list, depth: int) -> None:
    if depth > MAX_DEPTH:
        raise ExprError("condition is nested too deeply", _col(node))
    d = depth + 1
    if isinstance(node, ast.BoolOp) and isinstance(node.op, (ast.And, ast.Or)):
        for v in node.values:
            _check(v, refs, d)
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        _check(node.operand, refs, d)
    elif isinstance(node, ast.Compare):
        for op in node.ops:
            if type(op) not in _CMP:
                raise ExprError(f"'{type(op).__name__}' is not allowed; use == != < <= > >= in", _col(node))
        for part in [node.left, *node.comparators]:
            _check(part, refs, d)
        _check_market(node)
    elif isinstance(node, ast.Constant):
        if not isinstance(node.value, (str, int, float, bool, type(None))):
            raise ExprError("only text, numbers, true, false and null are allowed", _col(node))
    elif isinstance(node, ast.Name):
        if node.id in VARIABLES:
            refs.append((node.id, "", _col(node)))
        elif node.id not in _NAMES:
            known = ", ".join(FUNCTIONS)
            raise ExprError(f"unknown name '{node.id}': write text in quotes, read {', '.join(VARIABLES)}, or call "
                            f"one of {known}", _col(node))
    elif isinstance(node, (ast.Tuple, ast.List)):
        for elt in node.elts:
            if not isinstance(elt, (ast.Constant, ast.Name)):
                raise ExprError("a list may hold only literals", _col(elt))
            _check(elt, refs, d)
    elif isinstance(node, ast.Call):
        if not isinstance(node.func, ast.Name):
            raise ExprError(f"'{type(node.func).__name__}' is not allowed; only {', '.join(FUNCTIONS)} may be called",
                            _col(node.func))
        if node.func.id not in FUNCTIONS:
            raise ExprError(f"unknown function '{node.func.id}'; use one of {', '.join(FUNCTIONS)}", _col(node))
        if node.keywords or len(node.args) != 1 or not isinstance(node.args[0], ast.Constant) \
                or not isinstance(node.args[0].value, str):
            raise ExprError(f"{node.func.id}() takes one text in quotes, e.g. {node.func.id}('...')", _col(node))
        arg = node.args[0].value
        if node.func.id == "last_tx" and arg not in TX_FIELDS:
            raise ExprError(f"last_tx('{arg}'): unknown field; use one of {', '.join(TX_FIELDS)}", _col(node.args[0]))
        refs.append((node.func.id, arg, _col(node.args[0])))
    else:
        raise ExprError(f"'{type(node).__name__}' is not allowed in a condition", _col(node))


def markets() -> tuple[str, ...]:
    from pos_doctor.config import MARKETS

    return MARKETS


def _check_market(node: ast.Compare) -> None:
    """`market == 'de'`, `market in ('cn', 'de')`: the words compared with the market must be markets."""
    parts = [node.left, *node.comparators]
    if not any(isinstance(p, ast.Name) and p.id == "market" for p in parts):
        return
    for p in parts:
        words = p.elts if isinstance(p, (ast.Tuple, ast.List)) else [p]
        for w in words:
            if isinstance(w, ast.Constant) and w.value not in markets():
                raise ExprError(f"market is one of {', '.join(markets())}, not {w.value!r}", _col(w))
            if isinstance(w, ast.Call):
                raise ExprError("compare market only with a market in quotes, e.g. market == 'de'", _col(w))


def _eval(node: ast.AST, facts: Facts) -> Any:
    if isinstance(node, ast.BoolOp):
        if isinstance(node.op, ast.And):
            return all(_eval(v, facts) for v in node.values)
        return any(_eval(v, facts) for v in node.values)
    if isinstance(node, ast.UnaryOp):
        return not _eval(node.operand, facts)
    if isinstance(node, ast.Compare):
        left = _eval(node.left, facts)
        for op, right_node in zip(node.ops, node.comparators, strict=True):  # one comparator per operator
            right = _eval(right_node, facts)
            if not _compare(_CMP[type(op)], left, right):
                return False
            left = right
        return True
    if isinstance(node, ast.Constant):
        return node.value
    if isinstance(node, ast.Name):
        if node.id in VARIABLES:
            return getattr(facts, node.id)()
        return _NAMES[node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return tuple(_eval(e, facts) for e in node.elts)
    if isinstance(node, ast.Call):
        func, arg = node.func, node.args[0]  # _check let only a named call of one literal through
        assert isinstance(func, ast.Name) and isinstance(arg, ast.Constant)
        return getattr(facts, func.id)(arg.value)
    raise ExprError(f"'{type(node).__name__}' is not allowed in a condition")  # unreachable after _check


def _norm(v: Any) -> Any:
    if isinstance(v, bool) or v is None:
        return v
    if isinstance(v, (int, float, Decimal)):
        return Decimal(str(v))
    return v


def _compare(op: str, a: Any, b: Any) -> bool:
    if op in ("in", "not in"):
        if not isinstance(b, (tuple, str)) or (isinstance(b, str) and not isinstance(a, str)):
            return op == "not in"
        found = a in b if isinstance(b, str) else any(_compare("==", a, x) for x in b)
        return found if op == "in" else not found
    a, b = _norm(a), _norm(b)
    if op == "==":
        return type(a) is type(b) and a == b
    if op == "!=":
        return not (type(a) is type(b) and a == b)
    if type(a) is not type(b) or a is None or isinstance(a, bool):
        return False
    return {"<": a < b, "<=": a <= b, ">": a > b, ">=": a >= b}[op]
