"""The evidence model (payments/model.py), exactly (issue 28, wave 9: what the mutation run of model.py found
untested). Example tests only: the mutation run of model.py takes them."""

from __future__ import annotations
