"""Card and phone numbers, in every separator and digit script, never leave in clear - by any output path.

The oracle: a masked card number may show its first 6 and last 4 digits, a phone number its first 3 and last 4 (or,
read inside a card number because of digits next to it, no more than a card). So where the output is the masked text
itself, neither the first 7 nor the last 5 digits of the number appear in it (a mobile number alone: not its first 4)
once the output's separators are dropped and its digits read in ASCII; in long outputs (reports, databases, traces)
no run of 8 consecutive digits of the number appears. Hex dumps are read back as bytes and checked too. The
separators are the ones privacy.py declares, every one of them.
"""

from __future__ import annotations

import json
import re

import pytest

from hypothesis import HealthCheck, given, settings, strategies as st

from pos_doctor import privacy
from pos_doctor.link.trace import Tracer
from pos_doctor.privacy import dump_positions, mask_lines, mask_text, scrub
from pos_doctor.protocols.zvt.apdu import encode_apdu
from pos_doctor.protocols.zvt.bmp import encode_bmp
from pos_doctor.protocols.zvt.framing import encode_frame
from pos_doctor.protocols.zvt.messages import decode_message
from pos_doctor.records.report import build_model, render
from pos_doctor.records.store import Store
from pos_doctor.ui.history_view import history_lines
from tests.records.docs import check_doc, fix_doc
from tests.records.test_privacy_paths import pans, phones

# every separator privacy.py declares, alone and as many in a row as it allows (and none at all)
DECLARED = sorted(privacy.SEPARATORS)
SEPARATORS = DECLARED + [" " * privacy.MAX_GAP, " - ", ""]
SCRIPTS = {"ascii": "0123456789", "fullwidth": "０１２３４５６７８９", "arabic-indic": "٠١٢٣٤٥٦٧٨٩"}
ASCII_SEPARATORS = [s for s in SEPARATORS if s.isascii()]


def _write(number: str, sep: str, script: str, groups: list[int]) -> str:
    digits = "".join(SCRIPTS[script][int(d)] for d in number)
    out, i = [], 0
    for g in groups:
        if i >= len(digits):
            break
        out.append(digits[i:i + g])
        i += g
    if i < len(digits):
        out.append(digits[i:])
    return sep.join(out)


@st.composite
def written(draw, numbers, *, ascii_only: bool = False):
    # varied digits: '0000000000000' is Luhn-valid, but its windows are everywhere in a dump (timestamps, zeros)
    number = draw(numbers.filter(lambda n: len(set(n)) >= 5))
    sep = draw(st.sampled_from(ASCII_SEPARATORS if ascii_only else SEPARATORS))
    script = "ascii" if ascii_only else draw(st.sampled_from(sorted(SCRIPTS)))
    groups = draw(st.sampled_from([[4], [3, 4, 4], [4, 4, 4, 4], [6, 6], [2, 5, 3], [19]]))
    shape = draw(st.sampled_from(["{}", "({}", "tel {} ok", "卡号{}，", "{}/x", "till 3 {} 7"]))
    if shape == "({}" and len(number) == 11:  # (139)1234-5678
        return number, f"({number[:3]}){number[3:7]}-{number[7:]}"
    return number, shape.format(_write(number, sep, script, groups * 5))


_SEP_RE = re.compile("[" + re.escape("".join(DECLARED) + "".join(sorted(privacy.COLONS))) + r"\s]")
_STAR_SEP_RE = re.compile(r"(?<=\d)[*＊](?=\d)")  # a single star between two digits: a separator, not a mask
_HEX_RE = re.compile(r"(?:\b[0-9A-F]{2} ){3,}[0-9A-F]{2}\b")


# a wire trace's line head (time, device, direction): its digits are the clock's, never part of a number the line's
# bytes carry, so they are not joined to the digits of the line before it ('S 5500_0|' + '0.5547s' is no card number)
_TRACE_HEAD_RE = re.compile(r"(?m)^[ \t]*\d+(?:\.\d+)?s \S+ (?:->|<-) ")


def _digits_view(text: str) -> str:
    out = []
    for ch in _SEP_RE.sub("", _STAR_SEP_RE.sub("", _TRACE_HEAD_RE.sub("#", text))):
        out.append(str(int(ch)) if ch.isdecimal() else ch)
    return "".join(out)


def assert_masked(number: str, output: str, where: str, *, exact: bool = False, alone: bool = False) -> None:
    """`exact`: the output is short (the masked text itself): the 6 + 4 rule (3 + 4 for a phone number `alone`,
    with no other digit next to it); otherwise the windowed check, which a long output cannot match by chance."""
    views = [_digits_view(output)]
    for m in _HEX_RE.finditer(output):  # a hex dump: the bytes as text
        views.append(_digits_view(bytes.fromhex(m.group(0).replace(" ", "")).decode("latin-1")))
    forbidden = [number[k:k + 8] for k in range(len(number) - 7)]
    # what the rule itself shows (6 + 4, a mobile alone 3 + 4): a window found there as often as in the output is the
    # rule's own digits, not a leak (1198709911987 -> 119870***1987 shows its last five, 11987, as its first five)
    shown = number[:3] + "****" + number[-4:] if alone and len(number) == 11 else number[:6] + "***" + number[-4:]
    if exact:
        forbidden += [number[:7], number[-5:]]
        if alone and len(number) == 11:  # a mobile number: 138****5678
            forbidden.append(number[:4])
    for view in views:
        for window in forbidden:
            assert window not in view or (exact and view.count(window) <= shown.count(window)), \
                f"{where}: {window} of {number} in clear\n{output[:2000]}"


def _alone(number: str, text: str) -> bool:
    return sum(ch.isdecimal() for ch in text) == len(number)


@settings(max_examples=400, deadline=None)
@given(st.one_of(written(pans), written(phones)))
def test_mask_text_every_variant(case):
    number, text = case
    assert_masked(number, mask_text(text), "mask_text", exact=True, alone=_alone(number, text))
    assert scrub is mask_text


# derandomize: the same 150 cases on every run (the gaps random seeds found are the fixed cases below)
@settings(max_examples=150, deadline=None, derandomize=True)
@given(written(pans, ascii_only=True), written(phones, ascii_only=True))
def test_terminal_texts_and_their_hex_dumps(card, phone):
    """04 FF status texts, 06 1E abort texts, print lines, a device name in the status completion."""
    (pan, pan_text), (tel, tel_text) = card, phone
    text = f"{pan_text} {tel_text}"[:120]
    msgs = [
        encode_apdu(0x04, 0xFF, b"\xff\x05" + encode_bmp(0x06, [(0x24, [(0x07, text)])])),
        encode_apdu(0x06, 0x1E, b"\x6c" + encode_bmp(0x06, [(0x1F17, text)])),
        encode_apdu(0x06, 0xD1, b"\x00" + text.encode("cp437", "replace")),
        encode_apdu(0x06, 0x0F, b"\x00" + encode_bmp(0x06, [(0xE4, [(0x1F40, text), (0x1F41, "GER-APP-v2.0.9")])])),  # a version is no free text
    ]
    for apdu in msgs:
        msg = decode_message(apdu, "status_enquiry" if apdu[:2] == b"\x06\x0f" else None)
        shown = repr(msg).replace("bmps=" + repr(getattr(msg, "bmps", ())), "").replace(
            "tlv=" + repr(getattr(msg, "tlv", ())), "")
        for number in (pan, tel):
            assert_masked(number, shown, f"decoded {apdu[:2].hex()}", exact=True)


@settings(max_examples=100, deadline=None)
@given(written(pans, ascii_only=True), written(phones, ascii_only=True), st.integers(1, 40))
def test_trace(card, phone, cut):
    (pan, pan_text), (tel, tel_text) = card, phone
    from pos_doctor.simulator.scenario import LastTransaction, TerminalSpec
    from pos_doctor.simulator.zvt_messages import status_information

    frame = encode_frame(status_information(TerminalSpec(last_transaction=LastTransaction(pan=pan[:19]))))
    text = encode_frame(encode_apdu(0x06, 0xD1, b"\x00" + f"{pan_text} {tel_text}"[:200].encode("cp437", "replace")))
    t = Tracer()
    t.record("terminal", "tx", encode_frame(bytes.fromhex("050103") + bytes.fromhex(pan[:6])))  # password bytes
    for blob in (frame, text):
        for i in range(0, len(blob), cut):  # arbitrary read boundaries
            t.record("terminal", "rx", blob[i:i + cut])
    dump = t.format()
    assert dump.startswith("# pos-doctor wire trace. Masked")
    assert_masked(pan, dump, "trace")
    assert_masked(tel, dump, "trace")
    assert "05 01 03 ** ** **" in dump  # the password


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(written(pans), written(phones))
def test_database_history_and_reports(tmp_path_factory, card, phone):
    (pan, pan_text), (tel, tel_text) = card, phone
    db = tmp_path_factory.mktemp("m") / "h.db"
    with Store(db) as s:
        ids = [s.record("check", check_doc(pan=pan_text, phone=tel_text), note=f"{tel_text} / {pan_text}"),
               s.record("fix", fix_doc(pan=pan_text, phone=tel_text), note=pan_text)]
        outputs = ["\n".join(history_lines(s.history())), json.dumps(s.history(), ensure_ascii=False)]
        for rid in ids:
            model = build_model(s.get_run(rid))
            outputs += [render(model, f, lang) for f in ("md", "html", "json") for lang in ("en", "zh")]
    raw = b"".join(p.read_bytes() for p in db.parent.iterdir() if p.is_file())
    outputs.append(raw.decode("utf-8", "replace"))
    for out in outputs:
        assert_masked(pan, out, "records")
        assert_masked(tel, out, "records")


# Found by the property above with random seeds (3000 and more examples each, all passing since): a card number
# next to a stray digit — a TLV length byte 0x31 read as '1' in the raw dump, or a digit of the text ("till 3") —
# read as a different number, leaving part of the card in clear.
@pytest.mark.parametrize("pan, text", [
    ("000000000000011239", "00 00000 000 00 01123 9/x till 3 13 00000 002 4 7"),  # the dump: 0x31 before the text
    ("0400219344750007", "till 3 0400 2193 4475 0007 7 1768 9122 234"),  # read as a landline and a longer card
    ("071800201129000102", "till 3 0718 0020 1129 0001 02 7 1603 4979 136"),  # read as two other cards
])
def test_card_number_next_to_a_stray_digit(pan, text):
    assert_masked(pan, mask_text(text), "mask_text", exact=True)
    apdu = encode_apdu(0x04, 0xFF, b"\xff\x05" + encode_bmp(0x06, [(0x24, [(0x07, text)])]))
    msg = decode_message(apdu, None)
    assert_masked(pan, repr(msg).replace("bmps=" + repr(getattr(msg, "bmps", ())), ""), "decoded 04ff")


# Issue 26, "Numbers that leak": separators the masker did not know, numbers split across receipt lines, and +86.
NEW_SEPARATORS = [",", ":", ";", "|", "*", ", ", " | ", "\t\t", "\t\t\t\t\t\t", "\uff0c", "\uff1a", "\uff1b", "\uff5c",
                  "\uff0a", "\u3001"]


@st.composite
def written_new(draw, numbers):
    number = draw(numbers.filter(lambda n: len(set(n)) >= 5))
    sep = draw(st.sampled_from(NEW_SEPARATORS))
    script = draw(st.sampled_from(sorted(SCRIPTS)))
    groups = draw(st.sampled_from([[4], [3, 4, 4], [4, 4, 4, 4], [6, 6], [4, 6, 5]]))
    shape = draw(st.sampled_from(["{}", "CARD {} ok", "卡号{}，", "{}/x", "till 3 {} 7", "amount 12.50 {}"]))
    return number, shape.format(_write(number, sep, script, groups * 5))


def _dump_view(text: str) -> str:
    hidden = dump_positions(text)
    return "".join("*" if i in hidden else ch for i, ch in enumerate(text))


@settings(max_examples=300, deadline=None)
@given(st.one_of(written_new(pans), written_new(phones)))
def test_every_separator_style(case):
    number, text = case
    assert_masked(number, mask_text(text), "mask_text")
    assert_masked(number, _dump_view(text), "dump")


@settings(max_examples=300, deadline=None)
@given(st.one_of(written(pans), written(phones), written_new(pans), written_new(phones)), st.data())
def test_split_across_two_lines(case, data):
    """A receipt's lines are masked as one text (mask_lines): "CARD 4111 1111" / "1111 1111" is one card number."""
    number, text = case
    digits = [i for i, ch in enumerate(text) if ch.isdecimal()]
    cut = digits[data.draw(st.integers(1, len(digits) - 1))]  # between two of the number's digits
    before, after = text[:cut].rstrip(" "), text[cut:]
    pad = data.draw(st.sampled_from(["", " ", "   ", "\t"]))
    for lines in ([before, after], [before + pad, pad + after], [before, after, "THANK YOU"]):
        out = mask_lines(lines)
        assert len(out) == len(lines), (lines, out)  # the lines stay lines
        assert_masked(number, "\n".join(out), "mask_lines")
        assert_masked(number, mask_text("\n".join(lines)), "mask_text")
        assert_masked(number, _dump_view("\r\n".join(lines)), "dump")


@settings(max_examples=200, deadline=None)
@given(st.sampled_from("3456789"), st.text(st.sampled_from("0123456789"), min_size=9, max_size=9),
       st.sampled_from(["+86 {} {} {}", "+86{}{}{}", "+86-{}-{}-{}", "(+86) {}{}{}", "86{}{}{}", "tel 86 {} {} {}",
                        "\uff0b86 {} {} {}"]), st.sampled_from(["0123456789", "０１２３４５６７８９"]))
def test_plus86_shows_three_digits_after_the_country_code(second, rest, shape, script):
    mobile = "1" + second + rest
    written_ = shape.format(mobile[:3], mobile[3:7], mobile[7:]).translate(str.maketrans("0123456789", script))
    out = mask_text(written_)
    view = _digits_view(out.replace("*", "#"))
    assert re.search("86" + mobile[:3] + "#{4}" + mobile[7:] + "$", view), out  # 86, 3 digits, 4 hidden, the last 4


def test_the_examples_of_the_issue():
    assert mask_text("4111,1111,1111,1111") == "411111******1111"
    assert mask_text("4111\t\t\t1111\t\t\t1111\t\t\t1111") == "411111******1111"
    assert mask_lines(["CARD 4111 1111", "1111 1111"]) == ["CARD 4111 11**", "**** 1111"]
    assert mask_lines(["TEL 138 1234", "5678"]) == ["TEL 138 ****", "5678"]
    assert mask_text("+86 138 1234 5678") == "+86 138 **** 5678"
    # a time of day keeps its colons (a colon joins digits only next to a group of 3 or more)
    assert mask_text("2026-12-06 14:05:33 paid 12.50") == "2026-12-06 14:05:33 paid 12.50"


@pytest.mark.parametrize("first, second, shown", [
    ("CARD 4111 1111", "1111 1111", ["CARD 4111 11**", "**** 1111"]),
    ("TEL 138 1234", "5678 THANKS", ["TEL 138 ****", "5678 THANKS"]),
])
def test_a_receipt_split_across_two_print_lines(first, second, shown):
    """06 D1 print lines come one per message, each masked alone when decoded; the receipt the session collects masks
    each new line with the line before it."""
    from pos_doctor.protocols.zvt.session import CommandResult, ZvtClient

    res = CommandResult("payment", "completed")
    for text in ("MERCHANT COPY", first, second, "THANK YOU"):
        msg = decode_message(encode_apdu(0x06, 0xD1, b"\x00" + text.encode("cp437")), None)
        ZvtClient._absorb(res, msg)
    assert res.receipt_lines == ["MERCHANT COPY", *shown, "THANK YOU"]
    # a print block (06 D3) of TLV lines: its lines are one text
    block = encode_apdu(0x06, 0xD3, encode_bmp(0x06, [(0x25, [(0x07, first), (0x07, second)])]))
    assert list(decode_message(block, None).lines) == shown


@pytest.mark.parametrize("text", [
    "130****0000/000000***0000",    # a phone and a 13-digit card, masked: the stars of a mask never join digits
    "411111******1111 138****5678", "411111***1111", "14:05:33", "2026-12-06 14:05:33 till 3",
])
def test_masked_text_is_masked_again_unchanged(text):
    assert mask_text(text) == text
