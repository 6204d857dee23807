"""Payment truth: was this customer charged? The reconciliation core and the evidence it works on."""

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
