"""A card number the terminal already masked keeps the digits it sent, through the simulator on a real pty.

Vectors from issue 12 (peer decoders' test data): BMP 22 `559883EEEEEE8074` and `EEEEEEEEEEEE4771`."""

import os

import pytest

from pos_doctor.checks.runner import CheckOptions
from pos_doctor.checks.session import open_session

pytestmark = pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs POSIX ptys")


@pytest.mark.parametrize("sent, shown", [("559883EEEEEE8074", "559883******8074"),
                                         ("EEEEEEEEEEEE4771", "************4771"),
                                         ("6725000000000000019", "672500*********0019")])
def test_repeat_receipt_shows_what_the_terminal_sent(tmp_path, sent, shown):
    f = tmp_path / "pan.yaml"
    f.write_text(f'spec: 1\nname: pan\ndescription: {{en: a, zh: b}}\nterminal:\n  last_transaction:\n    pan: "{sent}"\n',
                 encoding="utf-8")
    with open_session(CheckOptions(simulate=str(f))) as s:
        res = s.zvt().repeat_receipt()
    assert res.outcome == "completed" and res.transaction.pan_masked == shown
    assert not any(sent[-4:] in line.replace(" ", "") for line in res.raw)  # the dump withholds the field
