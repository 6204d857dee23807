"""ZVT codes -> plain-language meanings a cashier understands, in English and Chinese.

Unknown codes still get a Text that names the hex code, so a technician can look it up.
"""

from __future__ import annotations

from pos_doctor.i18n import Text

T = Text

RESULT_CODES: dict[int, Text] = {
    0x00: T("Success.", "成功。"),
    0x64: T("The card could not be read. Try again or use another card.", "无法读取此卡。请重试或换一张卡。"),
    0x65: T("The card data is not valid.", "卡片数据无效。"),
    0x66: T("Card type not accepted here.", "此处不接受该卡类型。"),
    0x6A: T("Card not accepted by this terminal.", "此POS机不接受该卡。"),
    0x6B: T("Function switched off: the terminal is not registered with the till.",
            "功能未开启：POS机尚未在收银机上注册。"),
    0x6C: T("Stopped: timed out or the abort key was pressed.", "已中止：超时或按了取消键。"),
    0x6E: T("Card is blocked.", "卡已被锁定。"),
    0x6F: T("Wrong currency.", "币种错误。"),
    0x78: T("Card has expired.", "卡已过期。"),
    0x79: T("Card is not valid yet.", "卡尚未生效。"),
    0x7A: T("Card is unknown.", "未知的卡。"),
    0x7D: T("Communication error: the terminal could not talk to the payment host.",
            "通讯错误：POS机无法连接支付服务商系统。"),
    0x83: T("Function not possible. If every command gets this, ZVT may be switched off in the terminal settings "
            "(often after an update).",
            "无法执行此功能。如果所有命令都这样，可能是POS机设置里关闭了收银机接口（常见于更新之后）。"),
    0x85: T("Key missing in the terminal.", "POS机缺少密钥。"),
    0x89: T("PIN pad is defective.", "密码键盘故障。"),
    0x9A: T("ZVT protocol error.", "与收银机的通信格式出错。"),
    0x9B: T("Dial-up or communication fault.", "拨号或通讯故障。"),
    0x9C: T("Please wait: the terminal is busy (for example a software update).",
            "请稍候：POS机正忙（例如正在更新软件）。"),
    0xA0: T("Receiver not ready.", "接收方未就绪。"),
    0xA1: T("The payment host does not answer.", "支付服务商系统没有响应。"),
    0xA3: T("No connection to the payment host.", "无法连接支付服务商系统。"),
    0xA4: T("Submission of Geldkarte not possible.", "无法提交电子钱包卡数据。"),
    0xB1: T("Terminal memory is full.", "POS机内存已满。"),
    0xB2: T("Merchant journal is full.", "POS机的交易记录存储已满。"),
    0xB4: T("Already reversed.", "已冲正过。"),
    0xB5: T("Reversal not possible.", "无法冲正。"),
    0xB7: T("Pre-authorisation incorrect.", "预授权不正确。"),
    0xBF: T("Power supply too low: check the terminal's power cable or battery.",
            "供电电压过低：请检查POS机电源线或电池。"),
    0xC0: T("Card locking mechanism is defective.", "卡锁装置故障。"),
    0xC1: T("Merchant card is locked.", "商户卡已锁定。"),
    0xC2: T("The terminal needs a diagnosis.", "POS机需要做联机检测。"),
    0xC3: T("Maximum amount exceeded.", "超过最大金额。"),
    0xC4: T("Card profile is invalid: the terminal needs new configuration.", "卡参数无效：POS机需要重新下载参数。"),
    0xC5: T("Payment method not supported.", "不支持该支付方式。"),
    0xC6: T("Currency not supported.", "不支持该币种。"),
    0xC8: T("Amount too small.", "金额太小。"),
    0xC9: T("Maximum transaction amount too small.", "最大交易金额太小。"),
    0xCB: T("Only a full amount is allowed.", "只允许全额。"),
    0xCC: T("The terminal's printer is not ready (paper?).", "POS机打印机未就绪（缺纸？）。"),
    0xCD: T("Apple Pay / token not possible.", "无法用手机或令牌支付。"),
    0xDC: T("A card is inserted.", "POS机里插着卡。"),
    0xDF: T("Terminal is out of order.", "POS机故障停用。"),
    0xE0: T("Remote maintenance is running.", "正在远程维护。"),
    0xE1: T("The card was not fully removed.", "卡未完全取出。"),
    0xE2: T("The card reader does not answer.", "读卡器没有响应。"),
    0xE3: T("Card slot shutter is closed.", "卡槽挡板已关闭。"),
    0xE4: T("The terminal needs to be activated.", "POS机需要激活。"),
    0xF0: T("End-of-day (reconciliation) is due.", "需要日结（结算）。"),
    0xF6: T("Terminal data is missing.", "POS机数据缺失。"),
    0xFA: T("Clearing error: offline transactions are waiting.", "结算出错：有离线交易尚未上送。"),
    0xFC: T("A necessary device is missing or defective.", "缺少必要设备或设备故障。"),
    0xFD: T("Baud rate not supported.", "不支持该波特率。"),
    0xFF: T("System error in the terminal (see the extra error text).", "POS机系统错误（见附加错误信息）。"),
}

# status byte of the Status Enquiry completion; result codes may appear here too
TERMINAL_STATUS: dict[int, Text] = {
    0x00: T("Ready.", "就绪。"),
    0x51: T("The terminal needs initialisation.", "POS机需要初始化。"),
    0x62: T("The terminal's date or time is wrong.", "POS机日期或时间错误。"),
    0x9C: T("Please wait: software update running. Do not unplug the terminal.",
            "请稍候：正在更新软件。不要拔掉POS机电源。"),
}

INTERMEDIATE_STATUS: dict[int, Text] = {
    0x00: T("Please watch the terminal display.", "请看POS机屏幕。"),
    0x04: T("Waiting for the payment host…", "正在等待支付服务商系统…"),
    0x05: T("Sending an automatic reversal…", "正在发送自动冲正…"),
    0x0A: T("Insert card.", "请插卡。"),
    0x0B: T("Please remove the card.", "请取出卡片。"),
    0x0E: T("Please wait…", "请稍候…"),
    0x0F: T("Automatic end-of-day is starting.", "自动日结开始。"),
    0x12: T("System malfunction.", "系统故障。"),
    0x17: T("Please wait…", "请稍候…"),
    0xC9: T("Automatic diagnosis is starting.", "自动联机检测开始。"),
    0xD2: T("Dialling the payment host…", "正在连接支付服务商系统…"),
    0xD3: T("Connected to the payment host.", "已连接支付服务商系统。"),
    0xFF: T("Message from the terminal.", "POS机消息。"),
}


def result_text(code: int) -> Text:
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    if 0x01 <= code <= 0x63:
        return T(f"Declined by the card issuer or network operator (code {code:02X}).",
                 f"被发卡行或卡组织拒绝（应答码 {code:02X}）。")
    return T(f"Terminal reported error code {code:02X}.", f"POS机报告错误（应答码 {code:02X}）。")


def terminal_status_text(code: int) -> Text:
    if code in TERMINAL_STATUS:
        return TERMINAL_STATUS[code]
    if code in RESULT_CODES:
        return RESULT_CODES[code]
    return T(f"Terminal status {code:02X}.", f"POS机状态（代码 {code:02X}）。")


def intermediate_text(code: int) -> Text:
    return INTERMEDIATE_STATUS.get(code) or T(f"Terminal status message {code:02X}.",
                                              f"POS机状态消息（代码 {code:02X}）。")


CURRENCIES = {978: "EUR", 156: "CNY", 840: "USD", 826: "GBP", 756: "CHF", 344: "HKD", 446: "MOP", 901: "TWD",
              392: "JPY", 410: "KRW", 702: "SGD", 208: "DKK", 752: "SEK", 578: "NOK", 985: "PLN", 203: "CZK"}


def currency_alpha(numeric: int) -> str:
    return CURRENCIES.get(numeric, f"{numeric:03d}")
