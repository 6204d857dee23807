"""Payment truth: was this customer charged? The reconciliation core and the evidence it works on."""

from .reconcile import (VERDICTS, CustomerEvidence, Reason, Reconciliation, TerminalEvidence, TerminalRecord,
                        reconcile)

__all__ = ["VERDICTS", "CustomerEvidence", "Reason", "Reconciliation", "TerminalEvidence", "TerminalRecord",
           "reconcile"]
