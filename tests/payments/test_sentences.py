"""Every reason a reconciliation gives, in English, Chinese and German, word for word (payments/sentences.py; found by
the mutation run of wave 9: most reasons were pinned only through a few verdicts, and a changed word or a lost
translation passed)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from decimal import Decimal

import pytest

from pos_doctor.payments.model import TerminalRecord, money_message
from pos_doctor.payments.sentences import (
    NOT_ALL_THEIRS,
    amount_match,
    amount_outside_window,
    clock_offset_unknown,
    debit_without_attempt,
    declined_in_window,
    double_charge,
    identity_differs,
    identity_not_compared,
    listing_incomplete,
    no_amount_in_record,
    no_customer_amount,
    no_customer_time,
    nothing_conclusive,
    nothing_in_window,
    other_amount_in_window,
    outside_coverage,
    outside_typed_coverage,
    period_start_unknown,
    possible_double_charge,
    possible_second_charge,
    qr_not_in_terminal,
    record_fields_missing,
    reversed_payment,
    sources_disagree,
    terminal_unreadable,
    time_estimate,
    value,
)

A = money_message(Decimal("99.00"), "EUR")
R = TerminalRecord(result="declined", amount=Decimal("99.00"), currency="EUR", time=datetime(2026, 11, 24, 14, 5),
                   trace_number=42, source="journal")
S = TerminalRecord(result="approved", amount=Decimal("99.00"), currency="EUR", time=datetime(2026, 11, 24, 14, 6),
                   trace_number=42, source="receipt")
U = TerminalRecord(result="unknown", source="status")

REASONS = [
    (lambda: terminal_unreadable(),
     'terminal_unreadable',
     'The terminal could not be read.',
     '无法读取POS机记录。',
     'Das Terminal konnte nicht gelesen werden.'),
    (lambda: qr_not_in_terminal(),
     'qr_not_in_terminal',
     'A QR-code payment (WeChat Pay, Alipay, UnionPay QR) is not in the card terminal: look up the order '
     'number in the merchant app.',
     '扫码支付（微信、支付宝、云闪付）不在POS机里：请在商户后台或收款应用里按订单号查询。',
     'Eine QR-Code-Zahlung (WeChat Pay, Alipay, UnionPay QR) steht nicht im Kartenterminal: Suchen Sie die'
     ' Bestellnummer in der Händler-App.'),
    (lambda: no_customer_amount(),
     'no_customer_amount',
     "The amount on the customer's phone or bank message is missing.",
     '缺少客人手机或银行短信上显示的金额。',
     'Der Betrag auf dem Handy oder in der Banknachricht des Kunden fehlt.'),
    (lambda: no_customer_time(),
     'no_customer_time',
     "The time on the customer's phone or bank message is missing.",
     '缺少客人手机或银行短信上显示的时间。',
     'Die Uhrzeit auf dem Handy oder in der Banknachricht des Kunden fehlt.'),
    (lambda: clock_offset_unknown(True),
     'clock_offset_unknown',
     "The times were typed from the POS机's screen or "
     'slip; its clock was not compared with the PC, so '
     'they are taken as they are.',
     '时间是从POS机屏幕或小票上抄录的，未与电脑时钟比较，按原样比对。',
     'Die Zeiten wurden vom Display oder Beleg des Terminals abgetippt; seine Uhr wurde nicht mit dem PC '
     'verglichen, daher werden sie so genommen, wie sie sind.'),
    (lambda: clock_offset_unknown(False),
     'clock_offset_unknown',
     "The terminal's clock was not compared with the PC; times are taken as they are.",
     '未能比较POS机时钟和电脑时钟，时间按原样比对。',
     'Die Uhr des Terminals wurde nicht mit dem PC verglichen; die Zeiten werden so genommen, wie sie '
     'sind.'),
    (lambda: reversed_payment(42),
     'reversed',
     'The approved payment with trace 42 was reversed (cancelled).',
     '流水号 42 的成功付款已被冲正（取消）。',
     'Die genehmigte Zahlung mit Trace-Nr. 42 wurde storniert.'),
    (lambda: time_estimate(10, datetime(2026, 11, 24, 13, 50), datetime(2026, 11, 24, 14, 20)),
     'time_estimate',
     "The customer's time is an estimate (give or take 10 min): the terminal's records from 13:50 to "
     '14:20 were compared.',
     '客人说的时间是估计的（前后约 10 分钟）：比对了POS机 13:50 到 14:20 之间的记录。',
     'Die Uhrzeit des Kunden ist geschätzt (plus/minus 10 Minuten): Verglichen wurden die Buchungen des '
     'Terminals von 13:50 bis 14:20.'),
    (lambda: identity_not_compared(False),
     'identity_not_compared',
     "Who paid was not compared: the customer's card's last four digits were not given.",
     '未核对是谁付的款：没有客人卡号的后四位。',
     'Wer gezahlt hat, wurde nicht verglichen: Die letzten vier Ziffern der Karte des Kunden wurden nicht '
     'angegeben.'),
    (lambda: identity_not_compared(True),
     'identity_not_compared',
     "Who paid was not compared: the terminal's records near that time show no card number.",
     '未核对是谁付的款：POS机在该时间附近的记录没有显示卡号。',
     'Wer gezahlt hat, wurde nicht verglichen: Die Buchungen des Terminals um diese Zeit zeigen keine '
     'Kartennummer.'),
    (lambda: record_fields_missing(U),
     'record_fields_missing',
     'A record from the terminal lacks amount, time, trace (payment result not reported: amount not '
     'reported, time not reported, trace not reported).',
     'POS机的一条记录缺少金额、时间、流水号（付款结果未上报：金额未上报，时间未上报，流水号未上报）。',
     'Einer Buchung des Terminals fehlt: Betrag, Uhrzeit, Trace-Nr. (Zahlung Ergebnis nicht gemeldet: '
     'Betrag nicht gemeldet, Uhrzeit nicht gemeldet, Trace-Nr. nicht gemeldet).'),
    (lambda: record_fields_missing(R),
     'record_fields_missing',
     'A record from the terminal lacks the result (payment declined: 99.00 EUR, 2026-11-24 14:05:00, trace'
     ' 42).',
     'POS机的一条记录缺少结果（付款被拒：99.00 欧元，2026-11-24 '
     '14:05:00，流水号 42）。',
     'Einer Buchung des Terminals fehlt: das Ergebnis (Zahlung abgelehnt: 99,00 EUR, 2026-11-24 14:05:00, '
     'Trace-Nr. 42).'),
    (lambda: sources_disagree(R, S),
     'sources_disagree',
     "The terminal's own records disagree about one transaction: the period's listing says payment "
     'declined: 99.00 EUR, 2026-11-24 14:05:00, trace 42; the receipt says payment approved: 99.00 EUR, '
     '2026-11-24 14:06:00, trace 42. Which is right cannot be settled here.',
     'POS机自己的记录对同一笔交易说法不一：本批次交易清单显示付款被拒：99.00 '
     '欧元，2026-11-24 14:05:00，流水号 42；小票显示付款成功：99.00 '
     '欧元，2026-11-24 14:06:00，流水号 42。无法在这里判断哪个是对的。',
     'Die Buchungen des Terminals widersprechen sich bei einer Zahlung: die Umsatzliste seit dem letzten '
     'Kassenschnitt zeigt Zahlung abgelehnt: 99,00 EUR, 2026-11-24 14:05:00, Trace-Nr. 42; der Beleg zeigt'
     ' Zahlung genehmigt: 99,00 EUR, 2026-11-24 14:06:00, Trace-Nr. 42. Was stimmt, lässt sich hier nicht '
     'klären.'),
    (lambda: double_charge(2, A, ['41', '42'], '1234'),
     'double_charge',
     "2 approved payments of 99.00 EUR at the customer's time (traces 41, 42), each with the customer's "
     'card ending 1234: the customer was charged more than once.',
     '客人所说的时间有 2 笔 99.00 欧元的成功付款（流水号 41、42），都是客人尾号 1234 '
     '的卡：客人被重复扣款。',
     '2 genehmigte Zahlungen über 99,00 EUR zur Zeit des Kunden (Trace-Nr. 41, 42), jede mit der Karte des'
     ' Kunden mit Endziffern 1234: Der Kunde wurde mehrfach belastet.'),
    (lambda: double_charge(2, A, [], '1234'),
     'double_charge',
     "2 approved payments of 99.00 EUR at the customer's time (traces ), each with the customer's card "
     'ending 1234: the customer was charged more than once.',
     '客人所说的时间有 2 笔 99.00 欧元的成功付款（流水号 ），都是客人尾号 1234 '
     '的卡：客人被重复扣款。',
     '2 genehmigte Zahlungen über 99,00 EUR zur Zeit des Kunden (Trace-Nr. ), jede mit der Karte des '
     'Kunden mit Endziffern 1234: Der Kunde wurde mehrfach belastet.'),
    (lambda: possible_double_charge(3, A, ['41', '?', '43'], NOT_ALL_THEIRS),
     'possible_double_charge',
     "3 approved payments of 99.00 EUR at the customer's time (traces 41, ?, 43), but they were not all "
     "made with the customer's card: this is not established as a double charge. Do not refund or void "
     'anything; ask the customer for the last four digits on the debit message, or call the provider.',
     '客人所说的时间有 3 笔 99.00 欧元的成功付款（流水号 41、?、43），但它们不都是客人的卡'
     '：不能认定为重复扣款。不要退款或撤销任何一笔；请问客人扣款信息上的卡号后四位，或联系支付服务商。',
     '3 genehmigte Zahlungen über 99,00 EUR zur Zeit des Kunden (Trace-Nr. 41, ?, 43), aber sie wurden '
     'nicht alle mit der Karte des Kunden bezahlt: Eine doppelte Belastung ist damit nicht belegt. Nichts '
     'erstatten und nichts stornieren; fragen Sie den Kunden nach den letzten vier Ziffern in der '
     'Abbuchungsnachricht oder rufen Sie den Netzbetreiber an.'),
    (lambda: possible_second_charge(A, S),
     'possible_second_charge',
     'One approved payment of 99.00 EUR matches (2026-11-24 14:06:00, trace 42), but another record could '
     'be a second one and lacks the fields to tell.',
     '有一笔 99.00 欧元的成功付款与之相符（2026-11-24 14:06:00，流水号 '
     '42），但另一条记录信息不全，可能是第二笔扣款。',
     'Eine genehmigte Zahlung über 99,00 EUR passt (2026-11-24 14:06:00, Trace-Nr. 42), aber eine andere '
     'Buchung könnte eine zweite sein, und ihr fehlen die Angaben, um das zu klären.'),
    (lambda: amount_match(A, S),
     'amount_match',
     "One approved payment of 99.00 EUR at the customer's time (2026-11-24 14:06:00, trace 42).",
     '客人所说的时间有一笔 99.00 欧元的成功付款（2026-11-24 14:06:00，流水号 '
     '42）。',
     'Eine genehmigte Zahlung über 99,00 EUR zur Zeit des Kunden (2026-11-24 14:06:00, Trace-Nr. 42).'),
    (lambda: no_amount_in_record(A),
     'no_amount_in_record',
     "The terminal's record does not say enough (amount, time or result not reported) to tell whether "
     '99.00 EUR was charged.',
     'POS机记录信息不全（金额、时间或结果未上报），无法判断 99.00 欧元是否已扣款。',
     'Die Buchung des Terminals sagt zu wenig (Betrag, Uhrzeit oder Ergebnis nicht gemeldet), um zu '
     'klären, ob 99,00 EUR belastet wurde.'),
    (lambda: listing_incomplete(True),
     'listing_incomplete',
     'Staff did not confirm that the typed list holds every transaction around that time, so another '
     'payment at that time cannot be ruled out.',
     '店员没有确认抄录的列表包含该时间前后的全部交易，无法排除该时间还有别的付款。',
     'Das Personal hat nicht bestätigt, dass die abgetippte Liste jede Buchung um diese Zeit enthält; eine'
     ' weitere Zahlung zu dieser Zeit ist daher nicht auszuschließen.'),
    (lambda: listing_incomplete(False),
     'listing_incomplete',
     'The terminal only reported some transactions (not its whole period), so an earlier payment at that '
     'time cannot be ruled out.',
     'POS机只报告了部分交易（不是整个批次），无法排除该时间还有别的付款。',
     'Das Terminal hat nur einige Buchungen gemeldet (nicht den ganzen Abschlusszeitraum); eine frühere '
     'Zahlung zu dieser Zeit ist daher nicht auszuschließen.'),
    (lambda: period_start_unknown(),
     'period_start_unknown',
     'The terminal did not report when its period began.',
     'POS机未上报本批次的开始时间。',
     'Das Terminal hat nicht gemeldet, wann sein Abschlusszeitraum begann.'),
    (lambda: outside_coverage(),
     'outside_coverage',
     "The customer's time is outside what the terminal's records cover.",
     '客人所说的时间不在POS机记录覆盖的范围内。',
     'Die Uhrzeit des Kunden liegt außerhalb dessen, was die Buchungen des Terminals abdecken.'),
    (lambda: outside_typed_coverage(datetime(2026, 11, 24, 13, 35), datetime(2026, 11, 24, 14, 30)),
     'outside_coverage',
     "The customer's time (give or take the tolerance) is not wholly inside the times the typed list "
     'covers (13:35–14:30).',
     '客人所说的时间（含允许误差）不完全在抄录列表覆盖的时间（13:35–14:30）之内。',
     'Die Uhrzeit des Kunden (mit Toleranz) liegt nicht ganz in der Zeit, die die abgetippte Liste abdeckt'
     ' (13:35–14:30).'),
    (lambda: amount_outside_window(A, S),
     'amount_outside_window',
     "An approved payment of 99.00 EUR exists, but not at the customer's time (2026-11-24 14:06:00, trace "
     "42); it may be the customer's if the time on the phone is off.",
     '有一笔 99.00 欧元的成功付款，但不在客人所说的时间（2026-11-24 '
     '14:06:00，流水号 42）；如果客人手机上的时间有出入，那可能就是客人的这笔。',
     'Es gibt eine genehmigte Zahlung über 99,00 EUR, aber nicht zur Zeit des Kunden (2026-11-24 14:06:00,'
     ' Trace-Nr. 42); sie kann die des Kunden sein, wenn die Uhr seines Handys abweicht.'),
    (lambda: declined_in_window(A, R, False),
     'declined_in_window',
     "The terminal's records cover that time: no approved payment of 99.00 EUR; the attempt was declined "
     "(2026-11-24 14:05:00, trace 42). If the customer's account shows a hold, the automatic reversal "
     'releases it.',
     'POS机记录覆盖了该时间：没有 99.00 欧元的成功付款，那次交易被拒（2026-11-24 '
     '14:05:00，流水号 42）。如果客人账户上显示冻结，会通过自动冲正释放。',
     'Die Buchungen des Terminals decken diese Zeit ab: keine genehmigte Zahlung über 99,00 EUR; der '
     'Versuch wurde abgelehnt (2026-11-24 14:05:00, Trace-Nr. 42). Zeigt das Konto des Kunden eine '
     'Vormerkung, gibt die automatische Stornierung sie frei.'),
    (lambda: declined_in_window(A, R, True),
     'declined_in_window',
     'Staff confirmed the typed list holds every transaction of that time: no approved payment of 99.00 '
     "EUR; the attempt was declined (2026-11-24 14:05:00, trace 42). If the customer's account shows a "
     'hold, the automatic reversal releases it.',
     '店员确认抄录的列表包含该时间的全部交易：没有 99.00 '
     '欧元的成功付款，那次交易被拒（2026-11-24 14:05:00，流水号 '
     '42）。如果客人账户上显示冻结，会通过自动冲正释放。',
     'Das Personal hat bestätigt, dass die abgetippte Liste jede Buchung dieser Zeit enthält: keine '
     'genehmigte Zahlung über 99,00 EUR; der Versuch wurde abgelehnt (2026-11-24 14:05:00, Trace-Nr. 42). '
     'Zeigt das Konto des Kunden eine Vormerkung, gibt die automatische Stornierung sie frei.'),
    (lambda: declined_in_window(A, U, False),
     'declined_in_window',
     "The terminal's records cover that time: no approved payment of 99.00 EUR; the attempt was aborted "
     "(time not reported, trace not reported). If the customer's account shows a hold, the automatic "
     'reversal releases it.',
     'POS机记录覆盖了该时间：没有 99.00 欧元的成功付款，那次交易已中止（时间未上报，流水号未上报'
     '）。如果客人账户上显示冻结，会通过自动冲正释放。',
     'Die Buchungen des Terminals decken diese Zeit ab: keine genehmigte Zahlung über 99,00 EUR; der '
     'Versuch wurde abgebrochen (Uhrzeit nicht gemeldet, Trace-Nr. nicht gemeldet). Zeigt das Konto des '
     'Kunden eine Vormerkung, gibt die automatische Stornierung sie frei.'),
    (lambda: identity_differs('card_differs', A, value('card'), S),
     'card_differs',
     "An approved payment of 99.00 EUR at that time differs from the customer's in the card (payment "
     "approved: 99.00 EUR, 2026-11-24 14:06:00, trace 42): it is not this customer's.",
     '该时间有一笔 99.00 欧元的成功付款，但card不同（付款成功：99.00 '
     '欧元，2026-11-24 14:06:00，流水号 42）：那不是这位客人的。',
     'Eine genehmigte Zahlung über 99,00 EUR zu dieser Zeit weicht von der des Kunden ab (card; Zahlung '
     'genehmigt: 99,00 EUR, 2026-11-24 14:06:00, Trace-Nr. 42): Sie ist nicht die dieses Kunden.'),
    (lambda: other_amount_in_window(A, S),
     'other_amount_in_window',
     'At that time the terminal approved another amount (payment approved: 99.00 EUR, 2026-11-24 14:06:00,'
     ' trace 42); the customer shows 99.00 EUR.',
     '该时间POS机成功收款的是另一个金额（付款成功：99.00 欧元，2026-11-24 '
     '14:06:00，流水号 42）；客人出示的是 99.00 欧元。',
     'Zu dieser Zeit hat das Terminal einen anderen Betrag genehmigt (Zahlung genehmigt: 99,00 EUR, '
     '2026-11-24 14:06:00, Trace-Nr. 42); der Kunde zeigt 99,00 EUR.'),
    (lambda: nothing_in_window(True),
     'nothing_in_window',
     'Staff confirmed the typed list holds every transaction of that time and none could be this one; the '
     "customer's phone shows no debit.",
     '店员确认抄录的列表包含该时间的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。',
     'Das Personal hat bestätigt, dass die abgetippte Liste jede Buchung dieser Zeit enthält, und keine '
     'kann diese sein; das Handy des Kunden zeigt keine Abbuchung.'),
    (lambda: nothing_in_window(False),
     'nothing_in_window',
     "The terminal listed every payment of its current period and none could be this one; the customer's "
     'phone shows no debit.',
     'POS机列出了本批次的全部交易，没有一笔可能是这次付款；客人手机上也没有扣款。',
     'Das Terminal hat jede Zahlung seines aktuellen Abschlusszeitraums aufgelistet, und keine kann diese '
     'sein; das Handy des Kunden zeigt keine Abbuchung.'),
    (lambda: debit_without_attempt(A, True),
     'debit_without_attempt',
     'The customer shows a debit of 99.00 EUR, but staff'
     ' confirmed the typed list holds every transaction '
     'of that time and none (approved, failed or voided)'
     ' could be it: this POS机 does not explain the '
     'debit. It may come from another terminal, a QR '
     'code or another merchant. Do not take the payment '
     "again; ask for the merchant name on the customer's"
     ' message and give it to the payment provider.',
     '客人出示了一笔 99.00 欧元的扣款，但店员确认抄录的列表包含该时间的全部交易，其中没有任何一笔可'
     '能对应（成功、失败或撤销都没有）：这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别'
     '的商户。不要重新收款；请问清客人扣款信息上显示的商户名称，交给支付服务商核查。',
     'Der Kunde zeigt eine Abbuchung über 99,00 EUR, aber das Personal hat bestätigt, dass die abgetippte '
     'Liste jede Buchung dieser Zeit enthält, und keine (genehmigt, fehlgeschlagen oder storniert) kann es'
     ' sein: Dieses Terminal erklärt die Abbuchung nicht. Sie kann von einem anderen Terminal, einem '
     'QR-Code oder einem anderen Händler stammen. Nicht noch einmal kassieren; fragen Sie nach dem '
     'Händlernamen in der Nachricht des Kunden und geben Sie ihn an den Netzbetreiber weiter.'),
    (lambda: debit_without_attempt(A, False),
     'debit_without_attempt',
     'The customer shows a debit of 99.00 EUR, but the terminal listed every payment of its current period'
     ' and holds no attempt (approved, declined or aborted) that could be it: this terminal does not '
     'explain the debit. It may come from another terminal, a QR code or another merchant. Do not take the'
     " payment again; ask for the merchant name on the customer's message and give it to the payment "
     'provider.',
     '客人出示了一笔 99.00 欧元的扣款，但POS机列出了本批次的全部交易，其中没有任何一次可能对应的'
     '交易（成功、被拒或中止都没有）：这台POS机解释不了这笔扣款。它可能来自别的POS机、扫码支付或别的'
     '商户。不要重新收款；请问清客人扣款信息上显示的商户名称，交给支付服务商核查。',
     'Der Kunde zeigt eine Abbuchung über 99,00 EUR, aber das Terminal hat jede Zahlung seines aktuellen '
     'Abschlusszeitraums aufgelistet und keinen Versuch (genehmigt, abgelehnt oder abgebrochen), der es '
     'sein kann: Dieses Terminal erklärt die Abbuchung nicht. Sie kann von einem anderen Terminal, einem '
     'QR-Code oder einem anderen Händler stammen. Nicht noch einmal kassieren; fragen Sie nach dem '
     'Händlernamen in der Nachricht des Kunden und geben Sie ihn an den Netzbetreiber weiter.'),
    (lambda: nothing_conclusive(A, False),
     'nothing_conclusive',
     "The terminal's records show nothing that settles 99.00 EUR.",
     'POS机记录中没有能确认 99.00 欧元的交易。',
     'Die Buchungen des Terminals zeigen nichts, was 99,00 EUR klärt.'),
    (lambda: nothing_conclusive(A, True),
     'nothing_conclusive',
     'The transactions typed from the POS机 show nothing '
     'that settles 99.00 EUR.',
     '从POS机抄录的交易中没有能确认 99.00 欧元的交易。',
     'Die vom Terminal abgetippten Buchungen zeigen nichts, was 99,00 EUR klärt.'),
    (lambda: record_fields_missing(replace(R, time=None)),
     'record_fields_missing',
     'A record from the terminal lacks time (payment declined: 99.00 EUR, time not reported, trace 42).',
     'POS机的一条记录缺少时间（付款被拒：99.00 欧元，时间未上报，流水号 42）。',
     'Einer Buchung des Terminals fehlt: Uhrzeit (Zahlung abgelehnt: 99,00 EUR, Uhrzeit nicht gemeldet, '
     'Trace-Nr. 42).'),
    (lambda: record_fields_missing(replace(R, trace_number=None)),
     'record_fields_missing',
     'A record from the terminal lacks trace (payment declined: 99.00 EUR, 2026-11-24 14:05:00, trace not '
     'reported).',
     'POS机的一条记录缺少流水号（付款被拒：99.00 欧元，2026-11-24 '
     '14:05:00，流水号未上报）。',
     'Einer Buchung des Terminals fehlt: Trace-Nr. (Zahlung abgelehnt: 99,00 EUR, 2026-11-24 14:05:00, '
     'Trace-Nr. nicht gemeldet).'),
    (lambda: record_fields_missing(replace(R, amount=None)),
     'record_fields_missing',
     'A record from the terminal lacks amount (payment declined: amount not reported, 2026-11-24 14:05:00,'
     ' trace 42).',
     'POS机的一条记录缺少金额（付款被拒：金额未上报，2026-11-24 14:05:00，流水号 '
     '42）。',
     'Einer Buchung des Terminals fehlt: Betrag (Zahlung abgelehnt: Betrag nicht gemeldet, 2026-11-24 '
     '14:05:00, Trace-Nr. 42).'),
    (lambda: sources_disagree(replace(S, source='status'), R),
     'sources_disagree',
     "The terminal's own records disagree about one transaction: the status information says payment "
     "approved: 99.00 EUR, 2026-11-24 14:06:00, trace 42; the period's listing says payment declined: "
     '99.00 EUR, 2026-11-24 14:05:00, trace 42. Which is right cannot be settled here.',
     'POS机自己的记录对同一笔交易说法不一：状态信息显示付款成功：99.00 欧元，2026-11-24'
     ' 14:06:00，流水号 42；本批次交易清单显示付款被拒：99.00 欧元，2026-11-24'
     ' 14:05:00，流水号 42。无法在这里判断哪个是对的。',
     'Die Buchungen des Terminals widersprechen sich bei einer Zahlung: die Statusmeldung zeigt Zahlung '
     'genehmigt: 99,00 EUR, 2026-11-24 14:06:00, Trace-Nr. 42; die Umsatzliste seit dem letzten '
     'Kassenschnitt zeigt Zahlung abgelehnt: 99,00 EUR, 2026-11-24 14:05:00, Trace-Nr. 42. Was stimmt, '
     'lässt sich hier nicht klären.'),
    (lambda: declined_in_window(A, replace(R, result='aborted'), False),
     'declined_in_window',
     "The terminal's records cover that time: no approved payment of 99.00 EUR; the attempt was aborted "
     "(2026-11-24 14:05:00, trace 42). If the customer's account shows a hold, the automatic reversal "
     'releases it.',
     'POS机记录覆盖了该时间：没有 99.00 欧元的成功付款，那次交易已中止（2026-11-24 '
     '14:05:00，流水号 42）。如果客人账户上显示冻结，会通过自动冲正释放。',
     'Die Buchungen des Terminals decken diese Zeit ab: keine genehmigte Zahlung über 99,00 EUR; der '
     'Versuch wurde abgebrochen (2026-11-24 14:05:00, Trace-Nr. 42). Zeigt das Konto des Kunden eine '
     'Vormerkung, gibt die automatische Stornierung sie frei.'),
]


@pytest.mark.parametrize("make,code,en,zh,de", REASONS)
def test_every_reason_word_for_word(make, code, en, zh, de):
    reason = make()
    assert (reason.code, reason.text.en, reason.text.zh, reason.text.de) == (code, en, zh, de)
