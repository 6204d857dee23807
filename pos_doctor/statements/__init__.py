"""The provider's statement: WeChat Pay and Alipay merchant bills and acquirers' portal exports (CSV or XLSX, with a
mapping file), read into rows and matched against the terminal's records (docs/statements.md).

Pure: `parse(data, name)` takes the file's bytes; `read_statement(path)` is the one place that reads a file.
"""

from __future__ import annotations

from .model import STATES, Statement, StatementError, StatementRow
from .read import parse, read_statement

__all__ = ["STATES", "Statement", "StatementError", "StatementRow", "parse", "read_statement"]
