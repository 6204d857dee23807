"""pos-doctor: diagnose and fix card-payment trouble at the till."""

__version__ = "0.1.0"
