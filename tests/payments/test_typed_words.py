"""payments/typed.py's words for the screen and the reports, in process (the CLI's subprocess tests showed them, but a
mutant never reaches a subprocess): one typed transaction (`line_text`), what an answers file gave (`shown`) and which
source decided a verdict (`decided_by`), each in English, Chinese and German exactly."""

from __future__ import annotations

import pytest

from pos_doctor.payments.typed import decided_by, line_text, shown

LINK = ("read from the terminal over its link", "通过连接从POS机读取", "über die Verbindung vom Terminal gelesen")
UNREADABLE = ("nothing: the terminal could not be read", "无：无法读取POS机",
              "nichts: das Terminal konnte nicht gelesen werden")
POS = ("typed by staff from the POS机", "店员从POS机抄录", "vom Personal vom Terminal abgetippt")
APP = ("typed by staff from the merchant app", "店员从商户App抄录", "vom Personal aus der Händler-App eingegeben")
STATEMENT = ("the provider's statement", "支付服务商的对账单", "die Abrechnung des Zahlungsdienstleisters")
OTHER = ("another source", "其他来源", "eine andere Quelle")
CANNOT = ("(cannot be read, see below)", "（无法读取，见下）", "(nicht lesbar, siehe unten)")


def words(text) -> tuple[str, str, str]:
    return text.en, text.zh, text.de


@pytest.mark.parametrize("line, said", [
    ({"amount": "99.00", "time": "14:05", "card": "1234", "voucher": "000122", "result": "成功"},
     ("99.00 at 14:05, card ending 1234, voucher no. 000122: approved (成功)",
      "99.00，14:05，卡号尾号 1234，凭证号 000122：成功",
      "99.00 um 14:05, Karte mit Endziffern 1234, Beleg-Nr. 000122: genehmigt")),
    ({"amount": "12.50 CNY", "time": "2026-12-06 14:05", "card": None, "voucher": None, "result": "失败"},
     ("12.50 CNY at 2026-12-06 14:05: failed (失败)", "12.50 CNY，2026-12-06 14:05：失败",
      "12.50 CNY um 2026-12-06 14:05: abgelehnt")),
    ({"amount": "1.00", "time": "09:00", "card": "9876", "voucher": None, "result": "撤销"},
     ("1.00 at 09:00, card ending 9876: voided (撤销)", "1.00，09:00，卡号尾号 9876：撤销",
      "1.00 um 09:00, Karte mit Endziffern 9876: storniert")),
    ({"amount": "1.00", "time": "09:00", "voucher": "7", "result": "退货"},
     ("1.00 at 09:00, voucher no. 7: refund (退货)", "1.00，09:00，凭证号 7：退货",
      "1.00 um 09:00, Beleg-Nr. 7: Gutschrift")),
])
def test_a_typed_transaction_reads_as_typed_with_its_result_in_words(line, said):
    assert words(line_text(line)) == said


def test_what_an_answers_file_gave_is_its_label_or_only_that_it_cannot_be_read():
    one = {"where": "list", "transactions": [{"amount": "99", "time": "14:05", "result": "成功"}],
           "complete": {"from": "14:00", "to": "14:30"}}
    assert words(shown(one)) == (
        "typed by staff from the POS机's 交易明细 (transaction list), 1 transaction, 14:00–14:30",
        "店员从POS机“交易明细”抄录，1笔，14:00–14:30",
        "vom Personal abgetippt (Quelle: die Umsatzliste des Terminals), 1 Buchung, 14:00–14:30")
    bare = [{"amount": "99", "time": "14:05", "result": "成功"}, {"amount": "9", "time": "14:06", "result": "ok"}]
    assert words(shown(bare)) == (
        "typed by staff from the POS机's screen, 2 transactions, not confirmed complete",
        "店员从POS机屏幕抄录，2笔，未确认完整",
        "vom Personal abgetippt (Quelle: das Display des Terminals), 2 Buchungen, nicht als vollständig bestätigt")
    # a whole card number typed where it cannot be read is not shown back
    assert words(shown({"where": "list", "transactions": [{"amount": "99", "time": "14:05", "result": "成功",
                                                            "card": "6225880000001234", "pin": "1"}]})) == CANNOT
    assert words(shown("6225880000001234")) == CANNOT


@pytest.mark.parametrize("origin, readable, said", [
    (None, True, LINK), ("link", True, LINK), (None, False, UNREADABLE), ("link", False, UNREADABLE),
    ("typed_terminal", True, POS), ("typed_terminal", False, POS), ("typed_qr_app", True, APP),
    ("typed_qr_app", False, APP), ("statement", True, STATEMENT), ("statement", False, STATEMENT),
    ("other", True, OTHER), ("", True, OTHER), ("", False, OTHER),
])
def test_which_source_decided_in_words(origin, readable, said):
    assert words(decided_by(origin, None, readable=readable)) == said


def test_a_source_kept_with_its_label_is_named_by_it_unless_the_terminal_could_not_be_read():
    label = {"en": "typed by staff from the POS机's screen", "zh": "店员从POS机屏幕抄录"}
    assert words(decided_by("typed_terminal", label)) == (label["en"], label["zh"], label["en"])
    assert words(decided_by("link", label)) == (label["en"], label["zh"], label["en"])
    assert words(decided_by("typed_terminal", label, readable=False)) == (label["en"], label["zh"], label["en"])
    assert words(decided_by("link", label, readable=False)) == UNREADABLE
    assert words(decided_by(None, label, readable=False)) == UNREADABLE


@pytest.mark.parametrize("label", [{"en": "typed"}, {"zh": "抄录"}, {"en": 1, "zh": "抄录"}, {"en": "typed", "zh": 2},
                                   ["typed", "抄录"], "typed"])
def test_a_label_without_both_words_is_not_used(label):
    assert words(decided_by("statement", label)) == STATEMENT
    assert words(decided_by("link", label)) == LINK
