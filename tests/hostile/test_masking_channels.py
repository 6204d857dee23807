"""Generated card and phone numbers, written in every separator style, split across lines and in full-width digits,
put where the shop itself writes text - a playbook in a configured folder (title, steps, escalation target),
[support] in pos-doctor.toml, a value typed into a walk - never leave in clear by any output channel: the screen
(en, zh), fix --json, a stopped walk's file, the database file read raw, history --json, md/html/json/pdf reports
(also --redact), config show (text and JSON). (Terminal-reported texts and traces: test_masking_cli.py.)

The oracle: no 8 consecutive digits of the number in an output once everything but digits and the mask's '*' is
dropped (so a separator of any kind, a line break or a JSON escape cannot hide a run of digits).

The separators `,` `:` `;` `|` `*`, tab runs, numbers split across two lines and `+86 138 1234 5678` are privacy.py's
rules of issue 26 (merged): held like the others.
"""

from __future__ import annotations

import json
import re
import sqlite3
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from pos_doctor.records.store import unpack_blob
from tests.records.test_privacy_paths import pans, phones
from tests.robustness.test_bad_input import cli

pytestmark = [pytest.mark.skipif(sys.platform == "win32", reason="simulator on ptys"), pytest.mark.timeout(900)]

FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
STYLES_NOW = [" ", "-", ".", "/", "_", "  ", "fullwidth"]      # the masker's rules today
STYLES_NEW = [",", ":", ";", "|", "*", "\t\t", "newline"]       # privacy.py's rules of issue 26


def write(number: str, style: str) -> str:
    if style == "fullwidth":
        return " ".join(number[i:i + 4] for i in range(0, len(number), 4)).translate(FULLWIDTH)
    if style == "newline":  # split across two receipt lines
        half = len(number) // 2
        return f"{number[:4]} {number[4:half]}\n{number[half:]}"
    return style.join(number[i:i + 4] for i in range(0, len(number), 4))


def write_phone(number: str, style: str) -> str:
    if style == "+86":
        return f"+86 {number[:3]} {number[3:7]} {number[7:]}"
    if style == "fullwidth":
        return f"{number[:3]} {number[3:7]} {number[7:]}".translate(FULLWIDTH)
    if style == "newline":
        return f"{number[:3]} {number[3:7]}\n{number[7:]}"
    return style.join((number[:3], number[3:7], number[7:]))


def view(text: str) -> str:
    return "".join(str(int(ch)) if ch.isdecimal() else ("*" if ch == "*" else "") for ch in text)


def assert_masked(number: str, output: str, where: str) -> None:
    seen = view(output)
    for k in range(len(number) - 7):
        assert number[k:k + 8] not in seen, f"{where}: {number[k:k + 8]} of {number} in clear\n{output[:1500]}"


def _yaml(s: str) -> str:
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML string


def playbook(card: str, phone: str) -> str:
    return f"""spec: 1
id: shop-leak
title: {{en: {_yaml(f"Card {card} call {phone}")}, zh: {_yaml(f"卡号{card}，电话{phone}")}}}
summary: {{en: {_yaml(f"Customer card {card}")}, zh: {_yaml(f"客人卡号{card}")}}}
situation: true
steps:
  - id: intro
    kind: instruction
    text: {{en: {_yaml(f"Call {phone} about card {card}")}, zh: {_yaml(f"请拨打{phone}，卡号{card}")}}}
  - id: note
    kind: record
    field: contact_notes
    type: text
    text: {{en: "Write a note", zh: "写备注"}}
  - id: more
    kind: question
    text: {{en: "Escalate now?", zh: "现在上报吗？"}}
    choices:
      - {{id: "yes", label: {{en: "Yes", zh: "是"}}, goto: esc}}
      - {{id: "no", label: {{en: "No", zh: "否"}}, goto: esc}}
  - id: esc
    kind: escalate
    to: {{en: {_yaml(f"Provider desk {phone}")}, zh: {_yaml(f"服务商{phone}")}}}
    text: {{en: {_yaml(f"Give them card {card}")}, zh: {_yaml(f"告诉对方卡号{card}")}}}
    evidence: [steps_taken]
"""


def _outputs(home: Path, card: str, phone: str) -> dict[str, str]:
    (home / "pb").mkdir()
    (home / "pb" / "shop-leak.yaml").write_text(playbook(card, phone), encoding="utf-8")
    (home / "pos-doctor.toml").write_text(
        f"[playbooks]\ndirs = [{_yaml(str(home / 'pb'))}]\n"
        f"[support]\nprovider = {_yaml(f'Bank desk {phone}')}\nphone = \"400-820-8888\"\n"
        f"email = {_yaml(f'{phone}@example.org')}\nhours = {_yaml(f'9-17, card {card}')}\n", encoding="utf-8")
    note = f"customer card {card} phone {phone}"
    (home / "stop.yaml").write_text(f"note: {_yaml(note)}\n", encoding="utf-8")
    (home / "all.yaml").write_text(f"note: {_yaml(note)}\nmore: \"yes\"\n", encoding="utf-8")
    out: dict[str, str] = {}
    # a walk that stops for a missing answer: its stopped-walk file
    r = cli(["fix", "shop-leak", "--answers", "stop.yaml", "--json"], home, timeout=120)
    assert r.code == 3, r
    out["fix stopped --json"] = r.out + r.err
    walks = list((home / "data" / "stopped-walks").glob("*.json"))
    assert walks, "no stopped walk was saved: the channel proves nothing"
    out["stopped walk"] = "".join(w.read_text(encoding="utf-8") for w in walks)
    for lang, fmt in (("en", []), ("zh", []), ("en", ["--json"])):
        r = cli(["fix", "shop-leak", "--answers", "all.yaml", "--yes", "--lang", lang, *fmt], home, timeout=120)
        assert r.code is not None and "internal error" not in r.err, r
        out[f"fix {lang} {fmt}"] = r.out + r.err
    raw = b"".join(p.read_bytes() for p in (home / "data").glob("history.db*"))
    out["database file"] = raw.decode("utf-8", "replace")
    with sqlite3.connect(home / "data" / "history.db") as db:  # the stored document is compressed: read it out
        out["database rows"] = json.dumps([[unpack_blob(v) if isinstance(v, bytes) else v for v in r]
                                           for r in db.execute("SELECT * FROM runs")], ensure_ascii=False)
    out["history --json"] = cli(["history", "--json"], home).out
    for fmt, redact in (("md", []), ("html", []), ("json", []), ("json", ["--redact"])):
        r = cli(["report", "latest", "--format", fmt, *redact], home, timeout=120)
        assert r.code == 0, r
        out[f"report {fmt} {redact}"] = r.out
    pdf = home / "report.pdf"
    r = cli(["report", "latest", "--format", "pdf", "-o", str(pdf)], home, timeout=120)
    if r.code == 0 and pdf.exists():
        try:
            import pypdfium2

            doc = pypdfium2.PdfDocument(str(pdf))
            out["report pdf"] = "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
        except ImportError:
            pass
    for fmt in ([], ["--json"]):
        out[f"config show {fmt}"] = cli(["config", "show", *fmt], home).out
    return out


def _check_all(tmp_path_factory, card: tuple[str, str], phone: tuple[str, str]) -> None:
    (pan, pan_text), (tel, tel_text) = card, phone
    # the oracle reads all the digits of an output as one string: a card and a phone number that share digits could
    # be found in each other's shown parts (6 + 4, 3 + 4) next to each other, though both are masked
    assume(not any(pan[k:k + 3] in tel for k in range(len(pan) - 2)))
    home = tmp_path_factory.mktemp("channels")
    outputs = _outputs(home, pan_text, tel_text)
    assert len(outputs) >= 13
    for where, text in outputs.items():
        for number in (pan, tel):
            assert_masked(number, text, where)


def _varied(n: str) -> bool:
    """Varied digits: a number like 0000000001248 shows its first 6 zeros next to the zeros of times and durations
    (the oracle drops everything but digits), so its windows are found though it is masked 6 + 4."""
    return not re.search(r"(\d)\1\1", n) and all(n.count(d) <= 4 for d in set(n))


@st.composite
def cards(draw, styles):
    number = draw(pans.filter(_varied))
    return number, write(number, draw(st.sampled_from(styles)))


@st.composite
def mobiles(draw, styles):
    number = draw(phones.filter(lambda n: len(n) == 11 and _varied(n)))
    return number, write_phone(number, draw(st.sampled_from(styles)))


@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cards(STYLES_NOW), mobiles(STYLES_NOW))
def test_every_channel_masks_numbers_in_todays_styles(tmp_path_factory, card, phone):
    _check_all(tmp_path_factory, card, phone)


@settings(max_examples=2, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(cards(STYLES_NEW), mobiles(STYLES_NEW + ["+86"]))
def test_every_channel_masks_numbers_in_every_separator_style(tmp_path_factory, card, phone):
    _check_all(tmp_path_factory, card, phone)


@pytest.mark.parametrize("card_style", [",", ":", ";", "|", "*", "\t\t", "newline"])
def test_each_new_separator_style_on_every_channel(tmp_path_factory, card_style):
    pan, tel = "4929135792468013", "13912345678"
    _check_all(tmp_path_factory, (pan, write(pan, card_style)), (tel, write_phone(tel, card_style)))


def test_plus86_phone_shows_three_digits_after_the_country_code():
    from pos_doctor.privacy import mask_text

    shown = mask_text("+86 138 1234 5678")
    digits = view(shown)
    assert digits.startswith("86138*") and digits.endswith("5678")


def test_support_phone_is_shown_as_written_and_redacted_on_request(tmp_path):
    (tmp_path / "pos-doctor.toml").write_text("[support]\nprovider = \"Acme 13912345678\"\nphone = \"400-820-8888\"\n")
    shown = cli(["config", "show", "--json"], tmp_path)
    doc = json.loads(shown.out)
    assert doc["support.phone"]["value"] == "400-820-8888"  # the number staff must call
    assert "13912345678" not in doc["support.provider"]["value"]
    from pos_doctor.records.scrubbing import support_shown

    assert support_shown({"phone": "13912345678"}) == {"phone": "13912345678"}
    assert "1234" not in support_shown({"phone": "13912345678"}, redact=True)["phone"]
