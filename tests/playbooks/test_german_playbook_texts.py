"""The German (de) texts of the shipped playbooks that carry them (issue 30): complete, in the words the English
keeps exact (commands, placeholders, the Chinese POS机's own menu words), "Sie" form, and the money words with
their meaning kept ("do not charge again" stays "nicht erneut kassieren", "never in cash" stays "niemals bar").

The real files, read as YAML; no fixtures.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2] / "playbooks"
GERMAN = ("card-payment-problem", "dropped-transaction", "payment-routine", "settlement-account", "network-down",
          "printer-paper", "printer-fault", "printer-cover-open", "terminal-clock", "terminal-journal",
          "terminal-power", "terminal-service", "terminal-software", "zvt-disabled")
HAN = re.compile(r"[\u4e00-\u9fff]+")
PLACEHOLDER = re.compile(r"\{\w+\}")
COMMAND = re.compile(r"`[^`]+`")
DU = re.compile(r"\b(?:du|dich|dir|dein|deine|deinen|deinem|deiner|euch|euer|eure)\b")
# what the English says about money, and the German that must say the same (the brief's words)
MONEY_WORDS = [(r"\bdo not charge again\b", r"\bnicht erneut kassieren\b"),
               (r"\bnever in cash\b", r"\bniemals bar\b"),
               (r"\bnever pay (?:the customer )?cash\b", r"\bniemals\b.*\bBargeld\b"),
               (r"\bdo not refund anything\b", r"\bnichts erstatten\b")]


def _texts(node, path=""):
    """Every text map ({en: ..., zh: ..., de: ...}) anywhere in the document, with where it is."""
    if isinstance(node, dict):
        if "en" in node and isinstance(node["en"], str):
            yield path, node
            return
        for k, v in node.items():
            yield from _texts(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _texts(v, f"{path}/{node[i].get('id', i) if isinstance(node[i], dict) else i}")


def _doc(pid: str) -> dict:
    return yaml.safe_load((ROOT / f"{pid}.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module", params=GERMAN)
def texts(request):
    found = list(_texts(_doc(request.param)))
    assert len(found) >= 5, request.param
    return found


def test_every_text_has_german(texts):
    missing = [where for where, t in texts if not (isinstance(t.get("de"), str) and t["de"].strip())]
    assert not missing, f"no German at {missing}"


def test_german_keeps_placeholders_and_commands(texts):
    for where, t in texts:
        assert sorted(PLACEHOLDER.findall(t["de"])) == sorted(PLACEHOLDER.findall(t["en"])), where
        assert sorted(COMMAND.findall(t["de"])) == sorted(COMMAND.findall(t["en"])), where


def test_german_shows_chinese_only_where_the_english_does(texts):
    """The Chinese POS机's own menu words and slip fields, quoted as the English quotes them; nothing else."""
    for where, t in texts:
        assert set(HAN.findall(t["de"])) <= set(HAN.findall(t["en"])), (where, t["de"])
        if not HAN.search(t["en"]):
            assert not HAN.search(t["de"]), (where, t["de"])


def test_german_says_sie(texts):
    for where, t in texts:
        assert not DU.search(t["de"]), (where, t["de"])


def test_german_keeps_the_money_words(texts):
    for where, t in texts:
        for english, german in MONEY_WORDS:
            if re.search(english, t["en"], re.I):
                assert re.search(german, t["de"], re.I), (where, english, t["de"])


def test_the_money_words_are_said_in_the_money_playbooks():
    """The rule above is no empty one: the two money playbooks say each of these words, in both languages."""
    for pid in ("card-payment-problem", "dropped-transaction"):
        found = list(_texts(_doc(pid)))
        for english, german in MONEY_WORDS[:2]:
            said = [t for _, t in found if re.search(english, t["en"], re.I)]
            assert said, (pid, english)
            assert all(re.search(german, t["de"], re.I) for t in said), (pid, german)


def test_german_is_not_the_english(texts):
    """A German text that is the English copied (a forgotten translation) — a few one-word labels aside."""
    for where, t in texts:
        if len(t["en"].split()) > 2:
            assert t["de"] != t["en"], where
