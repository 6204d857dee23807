"""The German catalog of the screens (issue 30): every message of the Chinese screens' catalog has its German, with
the same parameters, the same Rich markup and commands, and no Chinese; a German screen renders it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from pos_doctor.i18n import TC, T

LOCALE = Path(__file__).resolve().parents[2] / "pos_doctor" / "locale"
ZH = LOCALE / "zh_CN" / "LC_MESSAGES" / "messages.po"
DE = LOCALE / "de" / "LC_MESSAGES" / "messages.po"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")
MARKUP = re.compile(r"\[/?(?:bold|dim|red|green|yellow)\]")


def _read(path: Path):
    with open(path, "rb") as fh:
        return read_po(fh)


ZH_MESSAGES = [m for m in _read(ZH) if m.id]
DE_CATALOG = _read(DE)


def _key(m) -> str:
    return f"{m.context}|{m.id}" if m.context else m.id


def test_the_header_names_german_and_its_plural_rule():
    assert str(DE_CATALOG.locale) == "de"
    assert DE_CATALOG.plural_forms == "nplurals=2; plural=(n != 1);"
    assert not DE_CATALOG.fuzzy  # a fuzzy header would be left out of the compiled catalog


def test_every_message_of_the_screens_has_its_german():
    missing = [_key(m) for m in ZH_MESSAGES if not (DE_CATALOG.get(m.id, context=m.context) or _Empty).string]
    assert not missing, f"{len(missing)} messages without German: {missing[:5]}"


class _Empty:
    string = ""


@pytest.mark.parametrize("zh", ZH_MESSAGES, ids=_key)
def test_the_german_keeps_parameters_markup_and_commands_and_has_no_chinese(zh):
    de = DE_CATALOG.get(zh.id, context=zh.context)
    assert de is not None
    text = de.string
    assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(zh.id))
    assert sorted(MARKUP.findall(text)) == sorted(MARKUP.findall(zh.id))
    assert text.count("`") % 2 == 0
    for command in re.findall(r"`([^`]+)`", zh.id):  # a command or config key to type stays as it is
        assert command in text, f"{command!r} lost in {text!r}"
    assert not CJK.search(text), text
    assert text.startswith(" ") == zh.id.startswith(" ") and text.endswith(" ") == zh.id.endswith(" ")
    assert set(de.flags) == set(zh.flags)


def test_a_german_screen_renders_the_catalog():
    assert T("Terminal clock")("de") == "Terminal-Uhr"
    saved = T("Saved as run {id} — `pos-doctor report {id}`", id=7)
    assert saved("de") == "Gespeichert als Lauf 7 – `pos-doctor report 7`"
    # the same English in two meanings: each context has its own German
    assert TC("ui.wizard_words", "done")("de") == "erledigt"
    assert TC("records.report.words", "Problems found")("de") == "Gefundene Probleme"
    assert TC("ui.render_check", "Problems found")("de") == "Probleme gefunden"
    # a message as a parameter is rendered in the same language
    verdict = T("This step would let you {what}, but the verdict is not {needed}. Skipped: do not do it; follow the "
                "next step.", what=T("refund"), needed=T("charged"))
    assert verdict("de").startswith("Mit diesem Schritt würden Sie eine Gutschrift machen, aber der Befund lautet "
                                    "nicht „belastet“.")
    assert "退货" in verdict("zh")


def test_the_examples_on_german_screens_are_what_the_input_reads():
    """A German example must be typeable as shown: the decimal comma, "ca. 14:00", a range; the keys y / n."""
    from pos_doctor.payments.customer_input import parse_amount, parse_customer_time

    assert parse_amount("12,50")[0] is not None and parse_amount("99,00")[0] is not None
    assert parse_customer_time("ca. 14:00") is not None
    assert parse_customer_time("14:00–14:30") is not None
    assert T("y yes · n no")("de").startswith("y ") and " n " in T("y yes · n no")("de")
