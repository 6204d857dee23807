"""ZVT codes -> plain-language meanings a cashier understands: messages (their translations in the catalogs).

Unknown codes still get a message that names the hex code, so a technician can look it up.
"""

from __future__ import annotations

from pos_doctor.i18n import T, Text

RESULT_CODES: dict[int, Text] = {
    0x00: T("Success."),
    0x64: T("The card could not be read. Try again or use another card."),
    0x65: T("The card data is not valid."),
    0x66: T("Card type not accepted here."),
    0x6A: T("Card not accepted by this terminal."),
    0x6B: T("Function switched off: the terminal is not registered with the till."),
    0x6C: T("Stopped: timed out or the abort key was pressed."),
    0x6E: T("Card is blocked."),
    0x6F: T("Wrong currency."),
    0x78: T("Card has expired."),
    0x79: T("Card is not valid yet."),
    0x7A: T("Card is unknown."),
    0x7D: T("Communication error: the terminal could not talk to the payment host."),
    0x83: T("Function not possible. If every command gets this, ZVT may be switched off in the terminal settings "
            "(often after an update)."),
    0x85: T("Key missing in the terminal."),
    0x89: T("PIN pad is defective."),
    0x9A: T("ZVT protocol error."),
    0x9B: T("Dial-up or communication fault."),
    0x9C: T("Please wait: the terminal is busy (for example a software update)."),
    0xA0: T("Receiver not ready."),
    0xA1: T("The payment host does not answer."),
    0xA3: T("No connection to the payment host."),
    0xA4: T("Submission of Geldkarte not possible."),
    0xB1: T("Terminal memory is full."),
    0xB2: T("Merchant journal is full."),
    0xB4: T("Already reversed."),
    0xB5: T("Reversal not possible."),
    0xB7: T("Pre-authorisation incorrect."),
    0xBF: T("Power supply too low: check the terminal's power cable or battery."),
    0xC0: T("Card locking mechanism is defective."),
    0xC1: T("Merchant card is locked."),
    0xC2: T("The terminal needs a diagnosis."),
    0xC3: T("Maximum amount exceeded."),
    0xC4: T("Card profile is invalid: the terminal needs new configuration."),
    0xC5: T("Payment method not supported."),
    0xC6: T("Currency not supported."),
    0xC8: T("Amount too small."),
    0xC9: T("Maximum transaction amount too small."),
    0xCB: T("Only a full amount is allowed."),
    0xCC: T("The terminal's printer is not ready (paper?)."),
    0xCD: T("Apple Pay / token not possible."),
    0xDC: T("A card is inserted."),
    0xDF: T("Terminal is out of order."),
    0xE0: T("Remote maintenance is running."),
    0xE1: T("The card was not fully removed."),
    0xE2: T("The card reader does not answer."),
    0xE3: T("Card slot shutter is closed."),
    0xE4: T("The terminal needs to be activated."),
    0xF0: T("End-of-day (reconciliation) is due."),
    0xF6: T("Terminal data is missing."),
    0xFA: T("Clearing error: offline transactions are waiting."),
    0xFC: T("A necessary device is missing or defective."),
    0xFD: T("Baud rate not supported."),
    0xFF: T("System error in the terminal (see the extra error text)."),
}

# status byte of the Status Enquiry completion; result codes may appear here too
TERMINAL_STATUS: dict[int, Text] = {
    0x00: T("Ready."),
    0x51: T("The terminal needs initialisation."),
    0x62: T("The terminal's date or time is wrong."),
    0x9C: T("Please wait: software update running. Do not unplug the terminal."),
}

INTERMEDIATE_STATUS: dict[int, Text] = {
    0x00: T("Please watch the terminal display."),
    0x04: T("Waiting for the payment host…"),
    0x05: T("Sending an automatic reversal…"),
    0x0A: T("Insert card."),
    0x0B: T("Please remove the card."),
    0x0E: T("Please wait…"),
    0x0F: T("Automatic end-of-day is starting."),
    0x12: T("System malfunction."),
    0x17: T("Please wait…"),
    0xC9: T("Automatic diagnosis is starting."),
    0xD2: T("Dialling the payment host…"),
    0xD3: T("Connected to the payment host."),
    0xFF: T("Message from the terminal."),
}


def result_text(code: int) -> Text:
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    if 0x01 <= code <= 0x63:
        return T("Declined by the card issuer or network operator (code {code:02X}).", code=code)
    return T("Terminal reported error code {code:02X}.", code=code)


def terminal_status_text(code: int) -> Text:
    if code in TERMINAL_STATUS:
        return TERMINAL_STATUS[code]
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    return T("Terminal status {code:02X}.", code=code)


def intermediate_text(code: int) -> Text:
    return INTERMEDIATE_STATUS.get(code) or T("Terminal status message {code:02X}.", code=code)


CURRENCIES = {978: "EUR", 156: "CNY", 840: "USD", 826: "GBP", 756: "CHF", 344: "HKD", 446: "MOP", 901: "TWD",
              392: "JPY", 410: "KRW", 702: "SGD", 208: "DKK", 752: "SEK", 578: "NOK", 985: "PLN", 203: "CZK"}


def currency_alpha(numeric: int) -> str:
    return CURRENCIES.get(numeric, f"{numeric:03d}")
