"""When the customer says it happened (pure): a time to the minute ("14:05", "2026-11-24 14:05", "14点05分") or an
estimate with how far it may be off ("about ten minutes ago", "around 14:00", "between 14:00 and 14:30", 大约十分钟前,
两点左右, 两点到两点半之间). Part of the one parser of payments/customer_input.py, which re-exports it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from pos_doctor.lazyre import lazy

# a Chinese keyboard types ，。．： and full-width digits: the same keys as , . . : and 0-9
FULL_WIDTH = str.maketrans({"，": ",", "。": ".", "．": ".", "：": ":", "\u3000": " ",
                            **{chr(0xFF10 + i): str(i) for i in range(10)}})

def normalise(text: str) -> str:
    """Full-width digits and punctuation as their ASCII keys; surrounding space removed."""
    return text.translate(FULL_WIDTH).strip()


_TIME_FORMATS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y/%m/%d %H:%M:%S", "%Y/%m/%d %H:%M",
                 "%d.%m.%Y %H:%M:%S", "%d.%m.%Y %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")
_BARE = lazy(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")


def _clean_time(text: str) -> str:
    s = " ".join(normalise(text).split())
    s = re.sub(r"^um\s+(?=\d)", "", s, flags=re.I)  # German "um 14:05": at 14:05
    s = re.sub(r"^(\d{1,2})[:.](\d{2})\s*uhr$", r"\1:\2", s, flags=re.I)  # "14:05 Uhr", "14.05 Uhr"
    m = re.fullmatch(r"(\d{1,2})\s*uhr\s*(\d{1,2})", s, flags=re.I)  # "14 Uhr 30": a 24-hour time (not "2 Uhr 30")
    return f"{m.group(1)}:{int(m.group(2)):02d}" if m and (12 < int(m.group(1)) < 24 or int(m.group(1)) == 0) else s


# A time of day without a date is today's. Just after midnight the debit a customer shows happened yesterday evening
# ("23:55" typed at 00:10): a time more than AHEAD in the future of the PC's clock whose yesterday is at most
# EVENING ago is yesterday's. Any other future time stays today's: the reconciliation then finds it outside what the
# records cover and says "unknown", never a guess of the day.
AHEAD = timedelta(minutes=15)
EVENING = timedelta(hours=6)


def _on_day(today: date | None, h: int, mi: int, sec: int = 0, now: datetime | None = None) -> datetime:
    """A time of day on `today` when the caller names the day; else today's, or yesterday's just after midnight."""
    if today is not None:
        return datetime(today.year, today.month, today.day, h, mi, sec)
    now = now or datetime.now()
    moment = datetime(now.year, now.month, now.day, h, mi, sec)
    yesterday = moment - timedelta(days=1)
    return yesterday if moment > now + AHEAD and now - yesterday <= EVENING else moment


def _exact_time(s: str, today: date | None, now: datetime | None = None) -> datetime | None:
    """A time as written to the minute: '14:05', '14:05:30', '2026-11-24 14:05', '11月24日 14:05', '14点05分'. A time
    of day alone is on `today` when given, else the latest such moment (AHEAD)."""
    m = _BARE.fullmatch(s)
    if m:
        h, mi, sec = int(m.group(1)), int(m.group(2)), int(m.group(3) or 0)
        if h > 23 or mi > 59 or sec > 59:
            return None
        return _on_day(today, h, mi, sec, now)
    m = re.fullmatch(r"(\d{1,2})\s*[-/月]\s*(\d{1,2})\s*日?\s*(\d{1,2})\s*[:点]\s*(\d{1,2})\s*分?", s)
    if m:  # '11-24 14:05', '11月24日 14:05', '11月24日14点05分': this year (the PC's)
        try:
            mo, d, h, mi = (int(g) for g in m.groups())
            return datetime((today or date.today()).year, mo, d, h, mi)
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})\.(\d{1,2})\.\s*(?:um\s+)?(\d{1,2}):(\d{2})(?:\s*uhr)?", s, re.I)
    if m:  # German '24.11. 14:05' (day, month; this year, the PC's)
        try:
            d, mo, h, mi = (int(g) for g in m.groups())
            return datetime((today or date.today()).year, mo, d, h, mi)
        except ValueError:
            return None
    m = re.fullmatch(r"(\d{1,2})\s*点\s*(\d{1,2})\s*分?", s)
    if m and (12 < int(m.group(1)) < 24 or int(m.group(1)) == 0) and int(m.group(2)) < 60:  # '14点05分'; '2点15'
        return _on_day(today, int(m.group(1)), int(m.group(2)), 0, now)
    for fmt in _TIME_FORMATS:
        try:
            return datetime.strptime(s, fmt)
        except ValueError:
            continue
    return None


# --- what the customer remembers: an estimate and how far it may be off --------------------------------------------
# "about ten minutes ago", "around 14:00", "between 14:00 and 14:30", 大约十分钟前, 两点左右, 两点到两点半之间: a time
# and an uncertainty (seconds either side), which the reconciliation adds to its clock tolerance. A time written to the
# minute ("14:05") is taken as exact (uncertainty 0).
AROUND_S = 15 * 60  # "around two", "两点左右", a time said by the hour: give or take a quarter of an hour
MIN_AGO_S = 5 * 60  # "N minutes ago" is never taken as more exact than five minutes either way
MAX_AGO_S = 24 * 3600
MAX_RANGE_S = 6 * 3600

_ZH_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "俩": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
              "八": 8, "九": 9}
_EN_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen "
    "seventeen eighteen nineteen twenty".split())}
_EN_NUMBERS.update({"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "a": 1, "an": 1, "a couple of": 2,
                    "a few": 5, "few": 5, "several": 5})
# German: "vor zehn Minuten", "vor fünfundzwanzig Minuten", "vor ein paar Minuten" (a few: as "a few" above)
_DE_NUMBERS = {w: i for i, w in enumerate(
    "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn "
    "siebzehn achtzehn neunzehn zwanzig".split())}
_DE_NUMBERS.update({"ein": 1, "eine": 1, "einer": 1, "einem": 1, "zwo": 2, "dreißig": 30, "dreissig": 30,
                    "vierzig": 40, "fünfzig": 50, "sechzig": 60, "ein paar": 5, "einigen": 5, "wenigen": 5})
_ZH_NUM = r"[0-9零〇一二两俩三四五六七八九十]{1,4}"
_EN_NUM = r"(?:\d{1,4}|" + "|".join(sorted((re.escape(w) for w in _EN_NUMBERS), key=len, reverse=True)) + \
          r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?"


def _number(word: str) -> int | None:
    """'10', 'ten', 'twenty-five', '十', '二十五', '两' -> the number; anything else None."""
    w = word.strip().lower()
    if w.isdigit():
        return int(w)
    if w in _EN_NUMBERS:
        return _EN_NUMBERS[w]
    if w in _DE_NUMBERS:
        return _DE_NUMBERS[w]
    m = re.fullmatch(r"(ein|zwei|drei|vier|fünf|sechs|sieben|acht|neun)und(zwanzig|dreißig|dreissig|vierzig|fünfzig)",
                     w)
    if m:  # fünfundzwanzig
        return _DE_NUMBERS[m.group(1)] + _DE_NUMBERS[m.group(2)]
    m = re.fullmatch(r"(twenty|thirty|forty|fifty)[- ](one|two|three|four|five|six|seven|eight|nine)", w)
    if m:
        return _EN_NUMBERS[m.group(1)] + _EN_NUMBERS[m.group(2)]
    if w and all(ch in _ZH_DIGITS or ch == "十" for ch in w):
        if "十" not in w:
            return int("".join(str(_ZH_DIGITS[ch]) for ch in w)) if len(w) <= 2 else None
        tens, _, ones = w.partition("十")
        if "十" in ones or len(tens) > 1 or len(ones) > 1:
            return None
        return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)
    return None


_AGO_EN = lazy(r"(?:(?:about|around|roughly|approximately|approx\.?|some|maybe|~)\s+)?(" + _EN_NUM + r"|half an?)"
               r"\s*(minutes?|mins?|m|hours?|hrs?|h)(?:\s+or\s+so)?\s+ago", re.I)
_AGO_ZH = lazy(r"(?:大约|大概|差不多|约)?\s*(" + _ZH_NUM + r"|半)\s*(?:多)?\s*(分钟|分|个?小时|个?钟头)\s*"
               r"(?:左右)?\s*(?:以前|之前|前)")
_ABOUT_DE = r"(?:(?:so\s+)?(?:etwa|ungefähr|ungefaehr|ca\.?|circa|rund|knapp)\s+)?"
_AGO_DE = lazy(_ABOUT_DE + r"vor\s+" + _ABOUT_DE +
               r"(einer\s+halben|einer\s+viertel|ein\s+paar|[a-zäöüß]+|\d{1,4})"
               r"\s*(minuten|minute|min\.?|stunden|stunde|std\.?|h)", re.I)
_JUST_NOW = lazy(r"just now|a moment ago|刚才|刚刚|就刚才|gerade eben|eben gerade|gerade|eben", re.I)
# a time of day: 14:05, 2 pm, 2:30pm, 两点, 下午两点半, 2点15, 十四点一刻
_PERIOD_ZH = r"(上午|早上|早晨|凌晨|中午|下午|傍晚|晚上)?"
_CLOCK_ZH = lazy(_PERIOD_ZH + r"\s*(" + _ZH_NUM + r")\s*[点點时時]\s*(半|一刻|三刻|整|(" + _ZH_NUM + r")\s*分?)?")
# German: "14 Uhr", "14 Uhr 30", "14:30 Uhr", "14.30 Uhr", "3 Uhr nachmittags"; a dot is a time only before "Uhr"
_DE_AM, _DE_PM = ("morgens", "vormittags", "früh"), ("nachmittags", "abends")
_CLOCK_DE = lazy(r"(?:(morgens|vormittags|früh|nachmittags|abends)\s+)?(?:um\s+)?(\d{1,2})(?:[:.](\d{2}))?"
                 r"\s*uhr(?:\s*(\d{1,2}))?(?:\s+(morgens|vormittags|früh|nachmittags|abends))?", re.I)
_CLOCK_EN = lazy(r"(\d{1,2})(?::(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?|(noon|midday)", re.I)
_AROUND_BEFORE = lazy(r"^(?:at\s+)?(?:about|around|roughly|approximately|approx\.?|circa|ca\.?|~|"
                      r"大约|大概|差不多|约|(?:so\s+)?gegen|etwa|ungefähr|ungefaehr|rund)\s*(?:at\s+|um\s+)?",
                      re.I)
_AROUND_AFTER = lazy(r"\s*(?:or so|-?ish|左右|前后|上下|herum|rum|ungefähr|etwa)$", re.I)
_RANGE = lazy(r"^(?:between\s+|from\s+|zwischen\s+|von\s+|在|从)?(.+?)\s*"
              r"(?:\band\b|\bto\b|\bund\b|\bbis\b|到|至|-|–|~)\s*(.+?)\s*(?:之间|中间)?$", re.I)
# a day said before the time: "gestern 18 Uhr", "yesterday 18:05", "昨天 下午六点", "heute um 14:05"; "heute Morgen"
# alone is no time (refused); "gestern Abend um 8 Uhr" is 20:00
_DAY = lazy(r"^(gestern|yesterday|昨天|heute|today|今天)(?:\s*(morgen|vormittag|früh|nachmittag|abend))?"
            r"(?:\s*(?:um|at|,))?\s*(.+)$", re.I)


@dataclass(frozen=True)
class CustomerTime:
    time: datetime  # naive, the PC's clock
    uncertainty_s: int = 0  # how far it may be off, either way (0: as written, to the minute)


def _clock(s: str, now: datetime) -> tuple[datetime, bool, str | None] | None:
    """A time of day said without a date -> (the latest such moment not after now + 15 minutes, whether minutes were
    said, the half of the day said: 'am'/'pm'/None). '两点' and '2 pm' are both read; a bare '2:05' is 02:05 as
    before (a colon time is a 24-hour time)."""
    m = _CLOCK_ZH.fullmatch(s)
    if m:
        period, h, extra = m.group(1), _number(m.group(2)), m.group(3)
        minute = {None: 0, "整": 0, "半": 30, "一刻": 15, "三刻": 45}.get(extra)
        if minute is None:
            minute = _number(m.group(4) or "")
        half = None if not period else "am" if period in ("上午", "早上", "早晨", "凌晨") else "pm"
        said_minutes = extra not in (None, "整")
    elif _CLOCK_DE.fullmatch(s):
        m = _CLOCK_DE.fullmatch(s)
        assert m is not None
        before, hour, colon, after, period_after = m.groups()
        if (colon is not None and after is not None) or (before and period_after):  # "14:30 Uhr 15"
            return None
        period = (before or period_after or "").lower() or None
        h, minute = int(hour), int(colon or after or 0)
        said_minutes = colon is not None or after is not None
        half = "am" if period in _DE_AM else "pm" if period in _DE_PM else ("24" if colon is not None else None)
    else:
        m = _CLOCK_EN.fullmatch(s)
        if not m or (m.group(4) is None and m.group(3) is None and m.group(2) is None):
            return None  # a bare number is no time ("2" could be anything)
        if m.group(4):
            h, minute, half, said_minutes = 12, 0, "pm", False
        else:
            h, minute = int(m.group(1)), int(m.group(2) or 0)
            half = (m.group(3) or "").lower().replace(".", "") or None
            said_minutes = m.group(2) is not None
            if half is None:  # "14:05" said with "around": a 24-hour time
                half = "24"
    if h is None or minute is None or minute > 59:
        return None
    if half in ("am", "pm"):
        if h > 12 and half == "pm" and h <= 23:  # '下午14点'
            hours = [h]
        elif 1 <= h <= 12:
            hours = [h % 12 + (12 if half == "pm" else 0)]
        else:
            return None
    elif half == "24" or h > 12 or h == 0:
        if h > 23:
            return None
        hours = [h]
    else:  # '两点': 02:00 or 14:00, whichever was last
        hours = [h % 12, h % 12 + 12]
    latest = now + timedelta(minutes=15)
    moments = [datetime(d.year, d.month, d.day, hh, minute) for d in (now.date(), now.date() - timedelta(days=1))
               for hh in hours]
    past = [t for t in moments if t <= latest]
    return (max(past), said_minutes, half) if past else None


def _ago(s: str, now: datetime) -> CustomerTime | None:
    m = _AGO_EN.fullmatch(s) or _AGO_ZH.fullmatch(s) or _AGO_DE.fullmatch(s)
    if not m:
        return None
    word, unit = " ".join(m.group(1).lower().split()), m.group(2).lower()
    if unit.startswith("st"):  # Stunde(n), Std.
        unit = "h"
    n: float | None = {"half a": 0.5, "half an": 0.5, "半": 0.5, "einer halben": 0.5, "einer viertel": 0.25}.get(word)
    if n is None:
        n = _number(word)
    if word == "einer viertel" and unit != "h":
        return None
    if n is None:
        return None
    seconds = int(n * (3600 if unit.startswith(("h", "小", "个", "钟")) else 60))
    if not 0 < seconds <= MAX_AGO_S:
        return None
    # to the second, not cut to the minute: cut, the window's late end would fall up to 59 s before the moment the
    # customer meant ("about ten minutes ago" reaches back from now, so a payment a minute before the terminal was
    # read could fall outside it when the time was typed late in a minute)
    return CustomerTime((now - timedelta(seconds=seconds)).replace(microsecond=0), max(MIN_AGO_S, seconds // 2))


def _estimate(s: str, now: datetime) -> CustomerTime | None:
    """An estimate the customer gives: relative ("about ten minutes ago"), around a time ("around 14:00", "两点左右"),
    or a range ("between 14:00 and 14:30", "两点到两点半之间")."""
    if _JUST_NOW.fullmatch(s):
        return CustomerTime(now.replace(second=0, microsecond=0), MIN_AGO_S)
    ago = _ago(s, now)
    if ago is not None:
        return ago
    s = re.sub(r"^um\s+(?=\d)", "", s, flags=re.I)  # "um 14:05": at 14:05 (an "um ... herum" stays around)
    core = _AROUND_AFTER.sub("", _AROUND_BEFORE.sub("", s))
    around = core != s
    clock = _clock(core.strip(), now)
    if clock is not None:
        when, said_minutes, _ = clock
        # '2:30 pm', '两点十五' to the minute: exact, on the half of the day it last was
        return CustomerTime(when, AROUND_S if around or not said_minutes else 0)
    m = _RANGE.fullmatch(s)
    if not m:
        return None
    first_text, second_text = m.group(1).strip(), m.group(2).strip()
    if first_text.isdigit() and re.search(r"\duhr$|\d\s+uhr$", second_text, re.I):
        first_text += " Uhr"  # "zwischen 14 und 15 Uhr": both are hours
    first = _clock(first_text, now)
    if first is None:
        return None
    # the end, said without its half of the day, is the first time the clock showed it after the start (the
    # latest such moment up to 12 hours on): '下午两点到两点半' the same afternoon, '上午十一点到十二点' noon,
    # '晚上十一点到一点' past midnight, as 'zwischen 23 und 1 Uhr'
    second = _clock(second_text, first[0] + timedelta(hours=12, minutes=-15))
    if second is None:
        return None
    a, b = first[0], second[0]
    if first[2] is None and b - a > timedelta(hours=12):  # '两点到三点' resolved in different halves of the day
        b -= timedelta(hours=12)
    if not timedelta(0) < b - a <= timedelta(seconds=MAX_RANGE_S):
        return None
    middle = a + (b - a) / 2
    return CustomerTime(middle.replace(microsecond=0), int((b - a).total_seconds() // 2))


def parse_customer_when(text: str | None, *, today: date | None = None,
                        now: datetime | None = None) -> CustomerTime | None:
    """The customer's time and how far it may be off: '14:05' (exact), 'about ten minutes ago', 'around 14:00',
    'between 14:00 and 14:30', '大约十分钟前', '两点左右', '两点到两点半之间'; None when it cannot be read. An estimate
    is read against `now` (the PC's clock)."""
    if not isinstance(text, str):
        return None
    s = _clean_time(text)
    if not s or len(s) > 40:
        return None
    exact = _exact_time(s, today, now)
    if exact is not None:
        return CustomerTime(exact, 0)
    if now is None:
        now = datetime.now() if today is None else datetime.combine(today, datetime.now().time())
    day = _DAY.fullmatch(s)
    if day:
        return _on_named_day(day, now)
    return _estimate(s, now)


def _on_named_day(m: re.Match[str], now: datetime) -> CustomerTime | None:
    """'gestern 18 Uhr', 'yesterday 18:05', '昨天 下午六点', 'heute um 14:05': the time of day on that day (a time
    the day does not reach yet, or an 'ago', is refused); a part of the day said ('gestern Abend') must agree."""
    word, part, rest = m.group(1).lower(), (m.group(2) or "").lower(), m.group(3).strip()
    the_day = now.date() - timedelta(days=1) if word in ("gestern", "yesterday", "昨天") else now.date()
    if _ago(rest, now) is not None or _JUST_NOW.fullmatch(rest) or _DAY.fullmatch(rest):
        return None
    if part and _CLOCK_DE.fullmatch(rest) and not re.search(r"morgens|vormittags|früh|nachmittags|abends", rest, re.I):
        rest = f"{rest} {'abends' if part in ('nachmittag', 'abend') else 'morgens'}"
    exact = _exact_time(rest, the_day)
    if exact is not None:
        when = CustomerTime(exact, 0)
    else:  # the latest such moment on that day: read against the day's end
        got = _estimate(rest, datetime.combine(the_day, datetime.max.time()) - timedelta(minutes=15))
        if got is None:
            return None
        when = got
    if when.time.date() != the_day or when.time > now + AHEAD:
        return None
    if part:  # 'gestern Abend 8:05' is not 08:05
        pm = when.time.hour >= 12
        if pm != (part in ("nachmittag", "abend")):
            return None
    return when


def parse_customer_time(text: str | None, *, today: date | None = None,
                        now: datetime | None = None) -> datetime | None:
    """'14:05', '14:05:30', '14：05', '2026-11-24 14:05', '24.11.2026 14:05' -> naive datetime; else None.
    A bare time of day is taken on `today` (the PC's date unless given); an estimate gives its middle."""
    when = parse_customer_when(text, today=today, now=now)
    return None if when is None else when.time


def time_text(text: str | None, *, today: date | None = None, now: datetime | None = None) -> str | None:
    """The time as the walk keeps it: 'HH:MM' (or 'HH:MM:SS') for a time of day, 'YYYY-MM-DD HH:MM[:SS]' when a
    date was given (a date without a year is this year's) or an estimate falls on another day; None when
    `parse_customer_time` cannot read it."""
    when = parse_customer_when(text, today=today, now=now)
    if when is None:
        return None
    s = _clean_time(text or "")
    day = today or (now or datetime.now()).date()
    if _exact_time(s, today, now) is None:  # an estimate or a time said in words: kept as the moment it stands for
        clock = f"{when.time:%H:%M}" + (f":{when.time:%S}" if when.time.second else "")  # to the second
        return clock if when.time.date() == day else f"{when.time:%Y-%m-%d} {clock}"  # (± beside it)
    seconds = bool(re.search(r"\d:\d{2}:\d{2}", s))
    clock = f"{when.time:%H:%M}" + (f":{when.time:%S}" if seconds else "")
    if (_BARE.fullmatch(s) or re.fullmatch(r"\d{1,2}\s*点\s*\d{1,2}\s*分?", s)) and when.time.date() == day:
        return clock  # a time of day that was yesterday keeps its date, so that it means the same moment later
    return f"{when.time:%Y-%m-%d} {clock}"


def impossible_date(text: str | None) -> bool:
    """A date written out in full that the calendar does not have (2026-02-30): said as such, not as bad format."""
    if not isinstance(text, str):
        return False
    m = re.fullmatch(r"(\d{4})[-/](\d{1,2})[-/](\d{1,2})[ T]\d{1,2}:\d{2}(?::\d{2})?", _clean_time(text))
    if not m:
        return False
    try:
        date(*(int(g) for g in m.groups()))
    except ValueError:
        return True
    return False
