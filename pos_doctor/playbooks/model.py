"""The playbook format, declared once: one typed class per step kind (a tagged union on `kind`), the playbook
around them, and the vocabularies they use. The loader reads a file into these classes, the engine walks them,
and the JSON Schema (`pos-doctor schema playbook`, schema.py) is generated from them. No I/O, no UI.

A field without a default is a required key; `Annotated[..., Meta(...)]` carries the ranges and patterns the
loader checks and the schema states.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, ClassVar, Literal, Optional, Union, get_args, get_origin

from msgspec import NODEFAULT, Meta, Struct, field as struct_field

from pos_doctor.filemodel import NOT_A_KEY, keys_of, struct_fields
from pos_doctor.i18n import Text
from pos_doctor.playbooks.expr import Condition

SPEC = 1
MAX_STEPS = 300
OUTCOMES = ("resolved", "not_resolved", "escalated")
RECORD_TYPES = ("amount", "time", "text", "phone", "number", "order")  # order: an order number, kept as typed
RECORD_LIST_TYPES = ("transactions",)  # typed by staff from a standalone POS机 (payments/typed.py)
# Where a reconcile step takes the records from: `link` reads the terminal (unless read a moment ago); `qr_app` the
# QR order typed from the merchant app (qr_order_*), by its order number; `typed_terminal` and `statement` the
# evidence the walk holds (typed in a record_list step, or imported), never reading the link.
RECONCILE_SOURCES = ("link", "typed_terminal", "qr_app", "statement")
# Built-in safe actions: none of them can move money (the ZVT client refuses financial commands anyway).
ACTIONS = {
    "last_transaction": "read the terminal's last transaction (Repeat Receipt without printing)",
    "read_journal": "read the terminal's transactions (read-only commands) as evidence for a reconcile step",
    "print_receipt_copy": "reprint the last receipt (asks first; prints only, never charges)",
    "printer_recover": "tell the printer to continue after the cause is cleared (DLE ENQ)",
    "printer_status": "read the receipt printer's status",
    "terminal_diagnosis": "let the terminal test its connection to the payment host",
    "terminal_status": "read the terminal's status",
    "wait_for_check": "re-run one check until it passes, at most timeout_s seconds (params: check, timeout_s)",
    "import_statement": "read the provider's statement named in statement_file (statement_mapping for a portal export) "
                        "and find missing_amount/missing_time/missing_order and the terminal's payments in it",
}
# Actions that see the walk's recorded values and the terminal records it holds (and may set values of their own).
WALK_ACTIONS = ("import_statement",)
# the walk values an action stores, which conditions after it may read with value()
ACTION_VALUES = {"import_statement": ("statement_finding", "statement_missing")}
# keys of earlier versions of the format, and the key that took their place
RENAMED = {"origin": "source"}
EVIDENCE = ("last_transaction", "check_results", "steps_taken", "trace", "payment", "statement")


# The money rule (docs/playbooks.md): what a step lets staff do with money, and the verdicts that permit it —
# read off the one rule in payments/reconcile.py (`allows`), so the loader, the engine and the core cannot differ.
# The engine enforces it at run time and the loader on every path; no `when:`, answer or --yes can override it.
def _money_table() -> dict[str, tuple[str, ...]]:
    from pos_doctor.payments.reconcile import MONEY_ACTIONS, VERDICTS, Reconciliation, allows

    standing = [(v, Reconciliation(v, (), (), ())) for v in VERDICTS]
    standing.append(("double_charge", Reconciliation("mismatch", (), (), (), double_charge=True)))
    return {what: tuple(v for v, r in standing if allows(what, r)) for what in MONEY_ACTIONS}


MONEY = _money_table()
# The verdict branches of a reconcile step. Optional: on_double_charge (else on_mismatch), a finding's (else its
# verdict's, FINDINGS): on_debit_without_attempt (a debit the terminal's complete records hold no attempt for),
# on_qr_pending (用户支付中: wait, never charge again), on_qr_refunded, on_other_payee (the customer paid another
# payee; payments/qr.py), and on_unreadable (`unknown` because the terminal could not be read at all; else on_unknown).
VERDICT_BRANCHES = (("charged", "on_charged"), ("not_charged", "on_not_charged"), ("mismatch", "on_mismatch"),
                    ("unknown", "on_unknown"), ("double_charge", "on_double_charge"),
                    ("debit_without_attempt", "on_debit_without_attempt"), ("qr_pending", "on_qr_pending"),
                    ("qr_refunded", "on_qr_refunded"), ("other_payee", "on_other_payee"),
                    ("unreadable", "on_unreadable"))
FINDINGS = {"debit_without_attempt": "unknown", "qr_pending": "unknown", "qr_refunded": "unknown",
            "other_payee": "not_charged"}
# Walk values that make up the customer's evidence: changing one clears the verdict (the merchant name on the
# customer's message is not compared, only handed to the provider, so it is not one of them).
CUSTOMER_FIELDS = ("customer_amount", "customer_time", "customer_card_last4", "payment_method", "customer_currency",
                   "customer_debit", "customer_voucher", "customer_auth_code", "customer_order_number",
                   "customer_payee", "customer_payee_is_shop", "customer_time_uncertainty",
                   # the payment that has not arrived (funds-not-arrived), the payment asked about there
                   "missing_amount", "missing_time", "missing_order",
                   # what the provider found about the payment (funds-not-arrived): it outweighs a statement's verdict
                   "provider_finding",
                   # and what staff typed from the QR merchant app: typed evidence, so changing it clears the verdict
                   "qr_app", "qr_order_state", "qr_order_number", "qr_order_amount", "qr_order_time",
                   "qr_order_amount_currency")

# --- the value types of the format: what the loader checks and the schema states ---------------------------------
StepId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", title="step id")]
PlaybookId = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", title="playbook id")]
CheckId = Annotated[str, Meta(title="check id")]  # one of the registry's checks (checks/registry.py)
FieldName = Annotated[str, Meta(pattern=r"^[a-z][a-z0-9_]*$")]
CheckIds = tuple[CheckId, ...]
MaxVisits = Annotated[int, Meta(ge=1, le=20)]
Outcome = Literal["resolved", "not_resolved", "escalated"]
RecordType = Literal["amount", "time", "text", "phone", "number", "order"]
RecordListType = Literal["transactions"]
ReconcileSource = Literal["link", "typed_terminal", "qr_app", "statement"]
Market = Literal["cn", "de"]  # config.MARKETS: the payment practice a walk assumes ([shop] market)
ActionName = Literal["last_transaction", "read_journal", "print_receipt_copy", "printer_recover", "printer_status",
                     "terminal_diagnosis", "terminal_status", "wait_for_check", "import_statement"]
Money = Literal["new_payment", "refund", "void", "refund_duplicate", "difference"]
Allows = Annotated[tuple[Money, ...], Meta(min_length=1, extra_json_schema={"oneOrList": True}, description=(
    "What the step lets staff do with money (one name or a list); the engine enters it only on the verdict that "
    "permits it (new_payment: not_charged; refund, void: charged; refund_duplicate: a double charge; difference: "
    "charged, the customer's own payment of a lower amount)."))]
WarnsOnly = Annotated[bool, Meta(description=(
    "The step's texts only warn against (or describe) taking a payment again, refunding, voiding or giving money "
    "back; it cannot also declare allows."))]


class WaitForCheckParams(Struct, frozen=True, forbid_unknown_fields=True):
    """`params` of the action wait_for_check."""

    check: CheckId
    timeout_s: Annotated[int, Meta(ge=1, le=3600)]


# the actions that take parameters, and their shape (every other action takes none)
ACTION_PARAMS: dict[str, type[Struct]] = {"wait_for_check": WaitForCheckParams}


class Choice(Struct, frozen=True, forbid_unknown_fields=True):
    """One answer of a question: its id, its label, where it leads, and when it is the suggested one."""

    id: StepId
    label: Text
    goto: StepId
    suggest: Condition | None = None


class MarketTexts(Struct, frozen=True, forbid_unknown_fields=True):
    """A step's words in one market (`markets: {de: {text: ...}}`): what a walk in that market shows instead of the
    step's own text, title or escalation target. Only the words change: where the step leads, what it `allows:` and
    the money rule are the step's, in every market."""

    text: Text | None = None
    title: Text | None = None
    to: Text | None = None


MARKET_KEYS = ("text", "title", "to")


class Step(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True, tag_field="kind"):
    """What every step has. A step's `kind` is its class (the tag); `kind` reads it as the word of the file."""

    id: StepId
    title: Text | None = None
    when: Condition | None = None
    max_visits: MaxVisits | None = None
    verify: CheckIds = ()
    warns_only: WarnsOnly = False
    markets: Annotated[dict[Market, MarketTexts], Meta(description=(
        "The step's words in a market other than the one its texts are written for (cn: China, de: Germany; "
        "[shop] market): text, title, to. Only the words change, never where the step leads or what it allows."))] = \
        struct_field(default_factory=dict)
    line: Annotated[int, NOT_A_KEY] | None = None  # where the step starts in its file

    asks: ClassVar[bool] = False  # a person (or the answers file) answers it
    branches: ClassVar[bool] = False  # it branches or ends by itself (no goto)
    answered: ClassVar[bool] = False  # answer('step') reads what was answered

    @property
    def kind(self) -> str:
        return str(self.__struct_config__.tag)

    @property
    def terminal(self) -> bool:
        return isinstance(self, (End, Escalate))

    def __getattr__(self, name: str) -> Any:
        """A key of another kind reads as absent (its default, else None): generic readers - the wizard, the
        playbook document, the walk's records - ask any step for `field` or `allows` without knowing its kind."""
        try:
            return ABSENT[name]
        except KeyError:
            raise AttributeError(f"{type(self).__name__!r} step has no attribute {name!r}") from None

    def in_market(self, market: str | None) -> "Step":
        """The step as a walk in `market` shows it: its `markets:` words for that market in place of its own."""
        over = self.markets.get(market) if market else None  # type: ignore[call-overload]
        if over is None:
            return self
        import msgspec

        own = keys_of(type(self))
        changes = {k: v for k in MARKET_KEYS if k in own and (v := getattr(over, k)) is not None}
        return msgspec.structs.replace(self, **changes) if changes else self

    def targets(self) -> list[tuple[str, str | None]]:
        """Explicit jumps: (target step id, branch label)."""
        out: list[tuple[str, str | None]] = [(t, label) for label, t in self._branches() if t]
        on_error = getattr(self, "on_error", None)
        if on_error:
            out.append((on_error, "error"))
        goto = getattr(self, "goto", None)
        if goto:
            out.append((goto, None))
        return out

    def _branches(self) -> list[tuple[str, str | None]]:
        """(label, target) of each branch; a target may be absent."""
        return []

    def jumps(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Every step id this step names as a place to go, with the key it stands at."""
        out: list[tuple[tuple[str | int, ...], str]] = []
        for f in struct_fields(type(self)):
            value = getattr(self, f.name)
            if f.name != "id" and value and f.type in (StepId, Optional[StepId], StepId | None):
                out.append(((f.name,), value))
        for j, c in enumerate(getattr(self, "choices", ())):
            out.append((("choices", j, "goto"), c.goto))
        return out


class Instruction(Step, tag="instruction", kw_only=True, frozen=True):
    """Something to do; 'done' continues (with verify: re-run those checks)."""

    text: Text
    goto: StepId | None = None
    allows: Allows = ()
    asks = True


class Question(Step, tag="question", kw_only=True, frozen=True):
    """A question whose choices branch. suggest: the default when its condition holds; field: keep the chosen id
    as a value (e.g. payment_method: card or qr)."""

    text: Text
    choices: Annotated[tuple[Choice, ...], Meta(min_length=2)]
    field: Annotated[FieldName, Meta(extra={"example": "payment_method"})] | None = None
    allows: Allows = ()
    asks = True
    answered = True
    branches = True

    def _branches(self) -> list[tuple[str, str | None]]:
        return [(c.id, c.goto) for c in self.choices]


class Confirm(Step, tag="confirm", kw_only=True, frozen=True):
    """Did this fix it? yes / no / not sure (on_unsure defaults to on_no)."""

    text: Text
    on_yes: StepId
    on_no: StepId
    on_unsure: StepId | None = None
    allows: Allows = ()
    asks = True
    answered = True
    branches = True

    def _branches(self) -> list[tuple[str, str | None]]:
        return [("yes", self.on_yes), ("no", self.on_no), ("unsure", self.on_unsure)]


class Check(Step, tag="check", kw_only=True, frozen=True):
    """Re-run checks and branch on their result."""

    text: Text | None = None
    checks: CheckIds
    on_ok: StepId
    on_fail: StepId
    branches = True

    def _branches(self) -> list[tuple[str, str | None]]:
        return [("ok", self.on_ok), ("fail", self.on_fail)]


class Action(Step, tag="action", kw_only=True, frozen=True):
    """A built-in safe action."""

    text: Text
    action: ActionName
    params: dict[str, Any] = struct_field(default_factory=dict)
    on_error: StepId | None = None
    goto: StepId | None = None
    asks = True


class Record(Step, tag="record", kw_only=True, frozen=True):
    """A value the operator reads out; phone numbers are stored masked."""

    text: Text
    field: Annotated[FieldName, Meta(extra={"example": "customer_amount"})]
    type: RecordType
    optional: bool = False
    goto: StepId | None = None
    asks = True
    answered = True


class Escalate(Step, tag="escalate", kw_only=True, frozen=True):
    """Hand over: to whom, with which evidence (last_transaction, check_results, steps_taken, trace, payment,
    statement, or a recorded field)."""

    text: Text
    to: Text
    evidence: tuple[str, ...] = ()
    branches = True


class Include(Step, tag="include", kw_only=True, frozen=True):
    """Run another playbook here, then continue with the next step."""

    text: Text | None = None
    playbook: PlaybookId
    goto: StepId | None = None


class End(Step, tag="end", kw_only=True, frozen=True):
    """The end of the walk."""

    text: Text
    outcome: Outcome
    allows: Allows = ()
    branches = True


class Reconcile(Step, tag="reconcile", kw_only=True, frozen=True):
    """Compare the customer's evidence (customer_amount, customer_time, ...) with the payment records and branch on
    the verdict: on_charged, on_not_charged, on_mismatch, on_unknown (on_double_charge: optional, else on_mismatch;
    the branches of a finding - on_debit_without_attempt, on_qr_pending, on_qr_refunded: optional, else on_unknown;
    on_other_payee: optional, else on_not_charged; on_unreadable: optional, else on_unknown - the terminal could not
    be read at all). source: link (default) reads the terminal; qr_app compares the QR order staff typed from the
    merchant app (qr_order_state, qr_order_number, qr_order_amount, qr_order_time) by its order number;
    typed_terminal compares the records typed in a record_list step; statement the provider's statement."""

    text: Text
    on_charged: StepId
    on_not_charged: StepId
    on_mismatch: StepId
    on_unknown: StepId
    on_double_charge: StepId | None = None
    on_debit_without_attempt: StepId | None = None
    on_qr_pending: StepId | None = None
    on_qr_refunded: StepId | None = None
    on_other_payee: StepId | None = None
    on_unreadable: StepId | None = None
    source: ReconcileSource = "link"
    branches = True

    @property
    def origin(self) -> str:
        """Where the records the verdict rests on come from (the QR app's order is compared beside the link's)."""
        return "link" if self.source == "qr_app" else self.source

    def _branches(self) -> list[tuple[str, str | None]]:
        return [(verdict, getattr(self, key)) for verdict, key in VERDICT_BRANCHES]

    def verdict_target(self, verdict: str) -> str | None:
        """Where the step sends the walk for a verdict (the double charge, without its own branch, is a
        mismatch)."""
        if verdict == "double_charge":
            return self.on_double_charge or self.on_mismatch or None
        if verdict in FINDINGS:
            return getattr(self, f"on_{verdict}") or getattr(self, f"on_{FINDINGS[verdict]}") or None
        if verdict == "unreadable":
            return self.on_unreadable or self.on_unknown or None
        return getattr(self, f"on_{verdict}", None) or None


class RecordList(Step, tag="record_list", kw_only=True, frozen=True):
    """Records staff type one by one from what a device shows (type transactions: a standalone POS机's 交易明细 /
    末笔查询 / 按凭证号查询 or a reprinted slip): where they read them, each transaction (amount, time, card's last
    four digits, voucher number, result), and whether the list holds every transaction between two times. An
    answers file gives {where, transactions: [...], complete: {from, to}} or a bare list (partial)."""

    text: Text
    type: RecordListType
    goto: StepId | None = None
    asks = True


AnyStep = Union[Instruction, Question, Confirm, Check, Action, Record, Escalate, Include, End, Reconcile, RecordList]
STEP_CLASSES: tuple[type[Step], ...] = get_args(AnyStep)
KIND_CLASSES: dict[str, type[Step]] = {str(c.__struct_config__.tag): c for c in STEP_CLASSES}
KINDS = tuple(KIND_CLASSES)
ASKS = tuple(k for k, c in KIND_CLASSES.items() if c.asks)


MONEY_KINDS = tuple(k for k, c in KIND_CLASSES.items() if "allows" in keys_of(c))
# every key of every kind with what it reads as on a step of another kind: its default, else nothing (an empty
# tuple for a list, None for a value)
ABSENT: dict[str, Any] = {}
for _cls in STEP_CLASSES:
    for _f in struct_fields(_cls):
        if _f.default is not NODEFAULT or _f.default_factory is not NODEFAULT:
            ABSENT.setdefault(_f.name, _f.default_factory() if _f.default is NODEFAULT else _f.default)
for _cls in STEP_CLASSES:
    for _f in struct_fields(_cls):
        _bare = _f.type.__origin__ if hasattr(_f.type, "__metadata__") else _f.type  # Annotated[X, Meta]: X
        ABSENT.setdefault(_f.name, () if get_origin(_bare) is tuple else None)


def reconcile_again(text: Text) -> Reconcile:
    """A reconcile step with no branches, for a playbook that has none: it reads and compares."""
    return Reconcile(id="reconcile-again", text=text, on_charged="", on_not_charged="", on_mismatch="", on_unknown="")


def build_step(step_id: str, kind: str, **keys: Any) -> AnyStep:
    """A step built by hand (the engine's tests build walks without the loader): the class of `kind`, and a key
    the kind requires but that is not given is None, as a step of another kind reads it."""
    cls = KIND_CLASSES[kind]
    given = {k: v for k, v in keys.items() if v is not None or k in keys_of(cls)}
    for key, default in keys_of(cls).items():
        if default is NODEFAULT and key not in given and key != "id":
            given[key] = None
    return cls(id=step_id, **given)  # type: ignore[return-value]


class PlaybookFile(Struct, frozen=True, kw_only=True, forbid_unknown_fields=True):
    """A guided fix procedure. Validated on load by pos-doctor, which also checks step references, reachability,
    loops and the money rule: run `pos-doctor playbooks validate`."""

    spec: Literal[1]
    id: PlaybookId
    title: Text
    summary: Text
    situation: Annotated[bool, Meta(description="Listed in the menu of `pos-doctor fix`.")] = False
    recommended_by: CheckIds = ()
    needs_checks: CheckIds = ()
    steps: Annotated[tuple[AnyStep, ...], Meta(min_length=1, max_length=MAX_STEPS)]
    prevention: Annotated[tuple[Text, ...], Meta(title="tips")] = ()


@dataclass(frozen=True)
class Playbook:
    """A loaded playbook: the keys of its file (PlaybookFile, without spec) and where it was read from."""

    id: str
    title: Text
    summary: Text
    situation: bool
    steps: tuple[AnyStep, ...]
    recommended_by: tuple[str, ...] = ()
    needs_checks: tuple[str, ...] = ()
    prevention: tuple[Text, ...] = ()
    source: str = ""
    shipped: bool = True

    def step(self, step_id: str) -> AnyStep:
        for s in self.steps:
            if s.id == step_id:
                return s
        raise KeyError(step_id)

    def index(self, step_id: str) -> int:
        return [s.id for s in self.steps].index(step_id)

    def successor(self, step: Step) -> str | None:
        """Where a step without a branch continues: its goto, else the next step in the file."""
        goto: str | None = getattr(step, "goto", None)
        if goto:
            return goto
        i = self.index(step.id)
        return self.steps[i + 1].id if i + 1 < len(self.steps) else None

    def edges(self) -> dict[str, list[str]]:
        out: dict[str, list[str]] = {}
        for s in self.steps:
            targets = [t for t, _ in s.targets()]
            if not s.terminal and not s.branches and not getattr(s, "goto", None):
                nxt = self.successor(s)
                if nxt:
                    targets.append(nxt)
            if s.when is not None:  # a skipped step falls through to the next one, whatever its goto says (engine)
                i = self.index(s.id)
                if i + 1 < len(self.steps):
                    targets.append(self.steps[i + 1].id)
            out[s.id] = list(dict.fromkeys(targets))
        return out

    def fields(self) -> dict[str, str]:
        return {s.field: getattr(s, "type", None) or "choice"
                for s in self.steps if isinstance(s, (Record, Question)) and s.field}
