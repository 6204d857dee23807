"""Payment truth: was this customer charged? The reconciliation core and the evidence it works on.

The public names below come from `reconcile` when first asked for (PEP 562), not at import: `pos_doctor.payments.x`
imports this package first, and most callers of one submodule (a check, a printer walk) need no reconciliation."""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .reconcile import (
        MONEY_ACTIONS,
        VERDICTS,
        CustomerEvidence,
        Reason,
        Reconciliation,
        TerminalEvidence,
        TerminalRecord,
        allows,
        payment_object,
        reconcile,
    )

__all__ = ["MONEY_ACTIONS", "VERDICTS", "CustomerEvidence", "Reason", "Reconciliation", "TerminalEvidence",
           "TerminalRecord", "allows", "payment_object", "reconcile"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        # the module itself (its loading sets `reconcile` here to the function: _Package below)
        return getattr(importlib.import_module(".reconcile", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _Package(types.ModuleType):
    """`pos_doctor.payments.reconcile` is the function, as when this package imported it eagerly: the import system
    sets a loaded submodule on its package by name, and the submodule `reconcile` would otherwise hide the function."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "reconcile" and isinstance(value, types.ModuleType):
            value = value.reconcile
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package
