"""A rule-based temporal tagger for news text: finds dates, times, durations and sets, and
normalises them to TimeML TIMEX3 values against the article's publication date.

Each rule is a regular expression for one class of expression; all rules run over the text, the
longest non-overlapping matches win, and each is normalised by its rule's function. Relative
expressions ("on Friday", "in August", "last May") take their direction from the tense of their
clause: a future cue ("will", "is due to", "next") looks forward, otherwise they look back.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import pandas as pd

from .text import index_of, sentence_starts
from .schema import TIMEX_COLUMNS


_MONTHS = {m: i for i, m in enumerate(
    "january february march april may june july august september october november december".split(), 1)}
_MONTH_ABBR = {"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
               "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
_WEEKDAY_ABBR = {"mon": 0, "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
                 "sat": 5, "sun": 6}
_ONES = {"zero": 0, "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
         "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
         "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
         "nineteen": 19, "single": 1}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4}
_VAGUE = {"several", "a few", "few", "many", "some", "numerous", "more"}
_UNITS = {"second": "S", "minute": "M", "hour": "H", "day": "D", "week": "W", "weekend": "WE",
          "fortnight": "W", "month": "M", "year": "Y", "decade": "DE", "century": "CE", "quarter": "Q"}
_SEASONS = {"spring": "SP", "summer": "SU", "fall": "FA", "autumn": "FA", "winter": "WI"}
_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}

# ---------------------------------------------------------------- building blocks of the patterns
MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December|"
         r"Jan\.?|Feb\.?|Mar\.|Apr\.?|Jun\.|Jul\.|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)")
WEEKDAY = (r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|"
           r"Mon\.|Tues?\.|Wed\.|Thur?s?\.|Fri\.|Sat\.|Sun\.)")
DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
YEAR = r"(?:1[89]\d\d|20\d\d)"
NUMBER_WORD = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|"
               r"six|seven|eight|nine))?|zero|one|two|three|four|five|six|seven|eight|nine|ten|eleven|"
               r"twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|a hundred|"
               r"one hundred|hundred)")
SPOKEN_YEAR = (r"(?:nineteen[- ](?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|"
               r"four|five|six|seven|eight|nine))?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|"
               r"eighteen|nineteen|hundred)|two thousand(?:(?:\sand)?\s(?:one|two|three|four|five|six|seven|eight|"
               r"nine|ten))?)")  # as broadcasts say them: "nineteen ninety-seven", "two thousand and one"
NUMBER = rf"(?:\d+(?:\.\d+)?|{NUMBER_WORD})"
AMOUNT = rf"(?:{NUMBER}|an?|several|a few|few|many|some|a couple of|couple of|numerous)"
UNIT = r"(?:seconds?|minutes?|hours?|days?|weeks?|weekends?|fortnights?|months?|years?|decades?|centuries|century|quarters?)"
PART_OF_DAY = r"(?:morning|afternoon|evening|night|overnight)"
SEASON = r"(?:spring|summer|fall|autumn|winter)"
MOD = r"(?:early|late|mid|the middle of|the end of|the beginning of|the start of|the first days of|end of|start of|beginning of)"
THIS_NEXT_LAST = r"(?:this|next|last|past|coming|previous|current|following)"
ZONE = r"(?:\s?(?:GMT|UTC|ET|EST|EDT|CET|CEST|BST|MSK|EET|EEST|PT|PST|PDT|local time))?"
CLOCK = rf"(?:\d{{1,2}}(?:[:.]\d\d)?\s?(?:a\.m\.|p\.m\.|am\b|pm\b|AM\b|PM\b)|\d{{1,2}}:\d\d(?:\s?(?:hours|GMT|UTC|ET))?|noon|midnight){ZONE}"

_FUTURE = re.compile(
    r"\b(?:will|won't|'ll|shall|(?:is|are|was|were) due|due to|(?:is|are) expected|expected to|expected in|"
    r"(?:is|are) set to|plans? to|(?:is|are) scheduled|scheduled to|scheduled for|upcoming|next(?! to\b| door\b)|"
    r"(?:is|are) going to|would|(?:is|are) to|intends? to|hopes? to|aims? to|supposed to|to be held|"
    r"could|might|until|effective|deadline|from now|expects? to|expecting to)\b", re.I)
_STRONG_FUTURE = re.compile(
    r"\b(?:will|won't|'ll|shall|(?:is|are) due|due to|(?:is|are) expected|expected to|set to|"
    r"plans? to|planned to|planning to|scheduled|upcoming|next(?! to\b| door\b)|(?:is|are) going to|(?:is|are) to|"
    r"would|as soon as|as early as|could come|likely to|until|effective|"
    r"begins|starts|opens|expires|resumes|kicks off|takes place)\b", re.I)  # present tense of a schedule
_ATTRIBUTION = re.compile(
    r"[^,]*?(,)\s*(?:[\w.’'-]+\s){0,4}(?:said|says|told|added|announced|reported|confirmed)\b", re.I)
_PAST_AUXILIARY = re.compile(
    r"\b(?:was|were|had|did|has been|have been|ago|last|earlier|previously|yesterday|since)\b", re.I)
_PAST = re.compile(
    r"(?<!\bbe )(?<!\bbeen )(?<!\bbeing )\b(?:was|were|had|did|has been|have been|ago|last|earlier|previously|said|told|met|held|signed|"
    r"agreed|announced|ended|began|took|came|left|went|spoke|called|visited|rejected|reported|launched|"
    r"killed|struck|attacked|claimed|arrived|found|made|won|lost|fell|rose|sold|bought|paid|became|gave|"
    r"got|saw|led|ran|sent|set up|stepped down|brought|thought|fought|sought|taught|caught|built|spent|"
    r"meant|kept|felt|dealt|stood|understood|wrote|broke|chose|drove|flew|grew|knew|threw|drew|shot|"
    r"swore|sank|shook|stole|froze|withdrew|overtook|undertook|forbade|laid|hung|rode|woke|"
    r"(?<!\ba )(?<!\ban )(?<!\bthe )(?<!\bits )(?<!\btheir )(?<!\bhis )(?<!\bher )(?<!\bstill )"
    r"(?<!\bnewly )(?<!\bvery )(?<!\bwell )(?!(?:expected|scheduled|planned|proposed|supposed|based|"
    r"related|detailed|limited|united|armed|indeed|need|speed|proceed|exceed|succeed|feed|seed|bed|red|"
    r"hundred|shed|wed|fled|bleed)\b)\w{3,}ed)\b", re.I)


@dataclass
class _Rule:
    name: str
    pattern: re.Pattern
    priority: int
    trigger: re.Pattern | None  # a word every match contains: the rule runs only near one


# Triggers run on the lower-cased text, case-sensitively (faster than re.I on the original).
# Triggers start at a word boundary: "market" must not wake the month rules, nor "month" Monday's.
_MONTH_WORD = r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_WEEKDAY_WORD = r"\b(?:mon(?!th)|tue|wed|thu|fri|sat|sun)"
_UNIT_WORD = r"\b(?:second|minute|hour|day|week|fortnight|month|year|decade|centur|quarter)"
_TRIGGERS = {
    "iso": r"\d{4}-\d", "numeric": r"\d/\d", "range_md": _MONTH_WORD, "range_dm": _MONTH_WORD,
    "range_from": _MONTH_WORD, "mdy": _MONTH_WORD, "dmy": _MONTH_WORD, "md": _MONTH_WORD, "dm": _MONTH_WORD,
    "my": _MONTH_WORD, "month_rel": _MONTH_WORD, "month": _MONTH_WORD, "month_ctx": r"\bma(?:y|rch)\b",
    "month_year_rel": _MONTH_WORD, "clock_date": _MONTH_WORD,
    "weekday_clock": _WEEKDAY_WORD, "clock_weekday": _WEEKDAY_WORD,
    "spoken_year": r"nineteen|thousand", "spoken_month_year": r"nineteen|thousand",
    "decade_word": r"ties\b", "year": r"\d{4}",
    "decade": r"\d0['’]?s", "decade_short": r"['’]\d0s", "century": r"century",
    "quarter": r"quarter", "quarter_adj": r"quarter", "quarter_q": r"q[1-4]", "half": r"half",
    "season": r"spring|summer|fall|autumn|winter", "weekday": _WEEKDAY_WORD,
    "relday": r"today|tonight|yesterday|tomorrow", "partday": r"morning|afternoon|evening|night",
    "midday": r"mid[- ]?(?:day|afternoon|morning)|overnight", "that_unit": r"that (?:same )?(?:ye|mo|da|qu|we)",
    "clock": r"\d\s?[ap]\.?m|\d:\d\d|noon|midnight", "rel_unit": rf"{_UNIT_WORD}|weekend",
    "mod_the_unit": _UNIT_WORD, "the_unit": rf"{_UNIT_WORD}|weekend",
    "ago": rf"{_UNIT_WORD}|weekend", "year_ago": r"year-",
    "duration": rf"{_UNIT_WORD}|weekend", "duration_adj": r"-(?:second|minute|hour|day|week|month|year|decade)",
    "duration_bare": r"years|months|weeks|days|decades|hours",
    "set": rf"\b(?:every|each|per)\b|\ba\s(?:{_UNIT_WORD}|morning|night|evening)|{_WEEKDAY_WORD}",
    "set_adv": r"(?:daily|weekly|monthly|annually|yearly|quarterly|nightly|hourly)\b",
    "period": "period", "fiscal_year": "year", "year_end": r"year[- ]end|end of the year",
    "ref": r"now|current|present|these days|recent|lately|past|future|coming|term\b",
    "holiday": r"thanksgiving|christmas|new year|independence|veterans|memorial|labor|easter|victory",
}
_WINDOW = 90  # no expression is longer; a rule runs on the text this far either side of a trigger
_SHORT = 400  # characters: below this a rule runs on the whole text when its trigger occurs


def _rule(name: str, pattern: str, priority: int = 0, flags: int = 0) -> _Rule:
    trigger = _TRIGGERS.get(name)
    return _Rule(name, re.compile(rf"(?<![\w$€£/.-]){pattern}(?![\w%/]|\.\d)", flags), priority,
                 re.compile(trigger) if trigger else None)


_ANY_TRIGGER = re.compile("|".join(f"(?:{p})" for p in dict.fromkeys(_TRIGGERS.values())))


def _windows(rule: _Rule, text: str, lowered: str, cache: dict) -> list[tuple[int, int]]:
    """Stretches of text worth running a rule on: around its trigger words, merged."""
    if rule.trigger is None:
        return [(0, len(text))]
    if rule.trigger.pattern in cache:
        return cache[rule.trigger.pattern]
    if len(text) < _SHORT:  # windows would cover most of a short text: one search decides
        windows = [(0, len(text))] if rule.trigger.search(lowered) else []
        cache[rule.trigger.pattern] = windows
        return windows
    spans: list[list[int]] = []
    for m in rule.trigger.finditer(lowered):
        start, end = max(0, m.start() - _WINDOW), min(len(text), m.end() + _WINDOW)
        if spans and start <= spans[-1][1]:
            spans[-1][1] = end
        else:
            spans.append([start, end])
    cache[rule.trigger.pattern] = windows = [(a, b) for a, b in spans]
    return windows


I = re.I
_RULES = [
    # --- explicit dates
    _rule("iso", r"(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})(?:T(?P<h>\d{2}):(?P<mi>\d{2}))?", 5),
    _rule("numeric", r"(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4}|\d{2})", 5),
    _rule("range_md", rf"(?P<month>{MONTH})\s(?P<d1>{DAY})\s?(?:[-–—]|to|through|and)\s?(?P<d2>{DAY})(?:,?\s(?P<y>{YEAR}))?", 6),
    _rule("range_dm", rf"(?P<d1>{DAY})\s?(?:[-–—]|to|and)\s?(?P<d2>{DAY})\s(?P<month>{MONTH})(?:,?\s(?P<y>{YEAR}))?", 6),
    _rule("range_from", rf"(?:from|between)\s(?P<m1>{MONTH})\s(?P<d1>{DAY})\s(?:to|until|and|through)\s(?P<m2>{MONTH})\s(?P<d2>{DAY})(?:,?\s(?P<y>{YEAR}))?", 7),
    _rule("mdy", rf"(?:(?P<wd>{WEEKDAY}),?\s)?(?:(?P<mod>{MOD})\s)?(?P<month>{MONTH})\s(?P<day>{DAY}),?\s(?P<y>{YEAR})(?:,?\s(?:at\s)?(?P<clock>{CLOCK}))?", 4),
    _rule("dmy", rf"(?:(?P<wd>{WEEKDAY}),?\s)?(?P<day>{DAY})\s(?:of\s)?(?P<month>{MONTH}),?\s(?P<y>{YEAR})(?:,?\s(?:at\s)?(?P<clock>{CLOCK}))?", 4),
    _rule("md", rf"(?:(?P<wd>{WEEKDAY}),?\s)?(?P<month>{MONTH})\s(?P<day>{DAY})(?![\d,]*\s?{YEAR})(?:,?\s(?:at\s)?(?P<clock>{CLOCK}))?", 3),
    _rule("dm", rf"(?:(?P<wd>{WEEKDAY}),?\s)?(?:the\s)?(?P<day>{DAY})\s(?:of\s)?(?P<month>{MONTH})(?!,?\s?{YEAR})", 3),
    _rule("my", rf"(?:(?P<mod>{MOD})[\s-])?(?P<month>{MONTH})(?:\sof)?,?\s(?P<y>{YEAR})", 3),
    _rule("month_rel", rf"(?:(?P<mod>{MOD})\s)?(?P<rel>this|next|last|this past|this coming|early next|late last|early last|late next)\s(?P<month>{MONTH})", 3, 0),
    _rule("month", rf"(?:(?P<mod>{MOD})[\s-])?(?P<month>January|February|April|June|July|August|September|October|November|December|Sept?\.|Jan\.|Feb\.|Aug\.|Oct\.|Nov\.|Dec\.)", 1),
    _rule("month_ctx", r"(?P<month>May|March)", 1),
    _rule("month_year_rel", rf"(?P<month>{MONTH})\s(?P<rel>this|last|next)\syear", 4),
    _rule("weekday_clock", rf"(?:(?P<mod>around|about|at about|approximately|shortly after|shortly before|just after|just before|before|after)\s)?(?P<clock>{CLOCK})(?:\s(?:on\s)?)(?P<wd>{WEEKDAY})", 4),
    _rule("clock_date", rf"(?P<clock>{CLOCK}),?\s(?:on\s)?(?:(?P<wd>{WEEKDAY}),?\s)?(?P<month>{MONTH})\s(?P<day>{DAY})(?:,?\s(?P<y>{YEAR}))?", 5),
    _rule("clock_weekday", rf"(?P<wd>{WEEKDAY})(?:,?\s(?:at\s)?)(?P<clock>{CLOCK})", 4),
    _rule("spoken_year", rf"(?:the year\s)?(?P<spoken>{SPOKEN_YEAR})", 3, I),
    _rule("spoken_month_year", rf"(?:(?P<season>{SEASON})|(?P<month>{MONTH}))(?:\sof)?,?\s(?P<spoken>{SPOKEN_YEAR})", 4, I),
    _rule("decade_word", r"the\s(?:(?P<mod>early|late|mid)[\s-])?(?:nineteen[\s-])?(?P<word>twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties)", 2, I),
    # --- years, decades, centuries
    _rule("year", rf"(?:(?P<mod>{MOD}|fiscal|calendar|the year|the end of fiscal|late in|early in)[\s-])?(?P<y>{YEAR})(?!\s?(?:percent|per cent|%))", 2, I),
    _rule("decade", r"(?:the\s)?(?:(?P<mod>early|late|mid)[\s-]?)?(?P<dec>(?:1[89]|20)\d0)['’]?s", 2, I),
    _rule("decade_short", r"(?:the\s)?['’](?P<dec>\d0)s", 2),
    _rule("century", r"(?:the\s)?(?P<n>\d{1,2}(?:st|nd|rd|th)|first|nineteenth|twentieth|twenty-first)\scentury", 2, I),
    # --- quarters, halves, seasons
    _rule("quarter", rf"(?:the\s)?(?:(?P<y0>{YEAR})\s)?(?:(?P<rel>latest|current|past|same|last|previous|year-earlier|year-ago|first|second|third|fourth|1st|2nd|3rd|4th|final)\s)?(?:(?:fiscal|calendar)\s)?(?:(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th|final)\s)?(?:-)?quarter(?:\sof\s(?:(?:fiscal|calendar)\s)?(?P<y>{YEAR}|this year|last year|next year))?", 2, I),
    _rule("quarter_adj", r"(?P<ord>first|second|third|fourth)-quarter", 3, I),
    _rule("quarter_q", rf"Q(?P<q>[1-4])(?:\s(?P<y>{YEAR}))?", 3),
    _rule("half", rf"(?:the\s)?(?P<ord>first|second|last|latter)\shalf(?:\sof\s(?:the\s)?(?P<what>{YEAR}|year|this year|last year|next year|the year|the decade))?", 2, I),
    _rule("season", rf"(?:(?:the|this|last|next|this past|this coming|early|late|mid|the early|the late)\s)+(?P<season>{SEASON})(?:\sof)?(?:\s(?P<y>{YEAR}))?|(?P<season2>spring|summer|autumn|winter)(?:\s(?P<y2>{YEAR}))?|(?P<season3>[Ff]all)\s(?P<y3>{YEAR})", 1, I),
    # --- weekdays and days
    _rule("weekday", rf"(?:(?P<rel>the previous|last|next|this|this coming|this past|early|late|earlier|later|[Ee]arlier|[Ll]ater)\s)?(?P<wd>{WEEKDAY})(?:\s(?P<part>{PART_OF_DAY}))?(?!,?\s{MONTH})", 2),
    _rule("relday", rf"(?:(?P<mod>early|late|earlier|later)\s)?(?P<rel>today|tonight|yesterday|tomorrow|the day before yesterday|the day after tomorrow)(?:\s(?P<part>{PART_OF_DAY}))?", 3, I),
    _rule("midday", r"(?P<part>midday|mid[- ]day|mid[- ]?afternoon|mid[- ]?morning|overnight)(?:\s(?P<rel>today|yesterday|tomorrow))?", 2, I),
    _rule("that_unit", r"(?:(?P<mod>earlier|later|early|late)\s)?that\s(?:same\s)?(?P<unit>year|month|day|quarter|week)(?!\w)", 2, I),
    _rule("partday", rf"(?:(?:earlier|later)\s)?(?P<rel>this|last|tomorrow|yesterday|that)\s(?P<part>{PART_OF_DAY})", 3, I),
    _rule("clock", rf"(?:(?:around|about|at about|approximately|shortly after|shortly before|just after|just before)\s)?(?P<clock>{CLOCK})(?:\s(?P<rel>today|tonight|yesterday|tomorrow))?", 1, I),
    # --- relative units
    _rule("rel_unit", rf"(?:(?P<mod>{MOD}|earlier|later|early|late)\s)?(?P<the>the\s)?(?P<rel>this|next|last|past|coming|previous|current|following|same)\s(?P<unit>week|weekend|month|year|quarter|decade|century)", 3, I),
    _rule("mod_the_unit", rf"(?P<mod>{MOD}|earlier|later)\s(?:of\s)?the\s(?P<unit>week|month|year|decade)", 3, I),
    _rule("the_unit", r"the\s(?P<unit>year|week|weekend|month)(?!\s(?:of|before|after|earlier|ago))", 0, I),
    _rule("ago", rf"(?:(?:nearly|almost|about|roughly|around|some|just|only|more than|less than|over|at least)\s)?(?:half\s)?(?P<amount>{AMOUNT})\s(?P<unit>{UNIT})(?:\sor\sso)?\s(?P<dir>ago|earlier|before|later|from now|hence|on(?=[,;.]))", 4, I),
    _rule("year_ago", r"(?P<dir>year-ago|year-earlier)", 2, I),
    # --- durations
    _rule("duration", rf"(?:the\s)?(?:(?P<lead>past|last|next|first|coming|previous|final|following|initial|latest|remaining|more than|less than|nearly|almost|about|at least|some|over|up to|roughly|around|only)\s)*(?:(?P<halfof>half)\s)?(?P<amount>{AMOUNT})(?P<half>\s(?:and\s)?a\shalf|\s1/2|\s?½)?(?:\s(?:more|or so|full|straight|consecutive|long|additional))?[\s-](?P<unit>{UNIT})(?P<half2>\sand\sa\shalf)?(?:\sor\s(?:so|more))?", 1, I),
    _rule("duration_adj", rf"(?P<amount>{NUMBER}|one|a)-(?P<unit>second|minute|hour|day|week|month|year|decade)(?:-long)?(?!-old)", 2, I),
    _rule("duration_bare", r"(?:(?:the|recent|coming|past|in recent|for)\s)?(?P<unit>years|months|weeks|days|decades|hours)(?=\s(?:ago|of|to come|ahead|later|earlier|before|after)|[.,;])", 0, I),
    _rule("period", r"the\s(?P<rel>latest|year-earlier|year-ago|comparable|same|corresponding)\s(?:fiscal\s)?period", 2, I),
    _rule("fiscal_year", r"the\s(?:(?P<rel>current|latest|full|fiscal|past|previous|last|next|coming)\s)?(?:fiscal|full|calendar)\syear", 2, I),
    _rule("year_end", r"(?P<rel>year[- ]end|the end of the year)", 2, I),
    _rule("holiday", r"(?P<holiday>Thanksgiving(?:\sDay)?|Christmas(?:\sDay|\sEve)?|New\sYear's(?:\sDay|\sEve)|Independence\sDay|Veterans\sDay|Memorial\sDay|Labor\sDay|Easter(?:\sSunday)?|Orthodox\sChristmas|Victory\sDay)", 3),
    # --- references and sets
    # "previously", "soon" and a bare "future" are left out: in news they rarely anchor anything.
    _rule("ref", r"(?P<ref>now|currently|current|nowadays|at present|these days|recently|lately|the past|the future|(?:the\s)?coming (?:days|weeks|months|years)|the near future|the near term|the long term|the short term)", 0, I),
    _rule("set", rf"(?P<set>every|each|per|a|once a|twice a|once every)\s(?P<unit>day|week|month|year|quarter|{WEEKDAY}|{MONTH}|morning|night|evening)", 1, I),
    _rule("set_adv", r"(?P<set>daily|weekly|monthly|annually|yearly|quarterly|nightly|hourly|biweekly|biannually)", 0, I),
]
_MONTH_CONTEXT = re.compile(r"(?:\b(?:in|since|until|till|by|from|of|during|before|after|through|early|late|"
                            r"last|next|this|end of)\s|mid-)$", re.I)
# Years that are not dates: maturities, borders, counts, resolution and page numbers.
_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:\b(?:due|maturing|matures|mature|notes?|bonds?|resolution|page|pages|p\.|no\.|number|flight|"
    r"route|room|article|section|chapter|paragraph|highway|model|version|code|about|some|nearly|"
    r"approximately|roughly|around|almost|more than|fewer than|less than|over|at least|up to|"
    r"top|rank|ranked|No)\s(?:in\s)?|[#№]\s?)$", re.I)
_NOT_A_YEAR_AFTER = re.compile(
    r"^\s?(?:borders?|frontiers?|boundaries|lines|troops|soldiers|people|men|women|civilians|prisoners|"
    r"km|kilometers|kilometres|miles|meters|metres|feet|tons|tonnes|barrels|dollars|euros|rubles|"
    r"hryvnias|times|units|votes|seats|pages|words|cases|deaths|households|companies|shares|"
    r"points|calories|square)\b", re.I)


def _number(text: str) -> float | None:
    """'twenty-four' -> 24, '3' -> 3, 'a' -> 1, 'several' -> None (vague)."""
    t = text.lower().strip()
    if t in _VAGUE:
        return None
    try:
        return float(t)
    except ValueError:
        pass
    if t in _ONES:
        return _ONES[t]
    if t in ("a couple of", "couple of"):
        return 2
    if t in ("hundred", "a hundred", "one hundred"):
        return 100
    parts = re.split(r"[- ]", t)
    if parts[0] in _TENS:
        return _TENS[parts[0]] + (_ONES.get(parts[1], 0) if len(parts) > 1 else 0)
    return None


def _month(text: str) -> int:
    t = text.lower().rstrip(".")
    return _MONTHS.get(t) or _MONTH_ABBR[t[:4] if t.startswith("sept") else t[:3]]


def _weekday(text: str) -> int:
    t = text.lower().rstrip(".")
    return _WEEKDAYS.get(t, _WEEKDAY_ABBR.get(t, 0))


def _day(text: str) -> int:
    return int(re.match(r"\d+", text).group())


def _year(text: str | None, fallback: int) -> int:
    if not text:
        return fallback
    y = int(text)
    return y + (1900 if y >= 50 else 2000) if y < 100 else y


def _week(day: dt.date) -> str:
    iso = day.isocalendar()
    return f"{iso[0]:04d}-W{iso[1]:02d}"


def _shift_month(year: int, month: int, delta: int) -> tuple[int, int]:
    index = year * 12 + month - 1 + delta
    return index // 12, index % 12 + 1


class _Context:
    """The reference date and the tense of the clause around an expression."""

    def __init__(self, text: str, reference: dt.date):
        self.text, self.ref = text, reference
        self._sentences: list[int] | None = None  # sentence starts, found on first use

    def future(self, start: int, end: int, strong: bool = False) -> bool | None:
        """True for a future clause, False for a past one, None when the clause shows neither.

        The cue nearest the expression decides: an auxiliary ("will", "were", "since") or a verb
        in the past tense ("met", "signed"; not a participle after "be": "will be held"). With `strong`, only unmistakable future
        cues ("will", "is due to", "next") count.
        """
        future_cues = _STRONG_FUTURE if strong else _FUTURE
        if self._sentences is None:
            self._sentences = sentence_starts(self.text)
        i = index_of(self._sentences, start)
        sentence_start = self._sentences[i] if i >= 0 else 0
        sentence_end = self._sentences[i + 1] if i + 1 < len(self._sentences) else len(self.text)
        left = max(sentence_start, self.text.rfind("\n", max(0, start - 120), start) + 1, start - 120)
        line_end = self.text.find("\n", end, end + 80)
        right = min(sentence_end, end + 80, line_end if line_end != -1 else len(self.text))
        before, after = self.text[left:start], self.text[end:right]
        attribution = _ATTRIBUTION.match(after)
        if attribution:  # ", officials said on Sunday" says when it was said, not when it happens
            after = after[:attribution.start(1)]

        penalty_after = 40  # a past participle after the expression is as often an adjective as a verb

        def nearest(pattern):
            distances = [len(before) - m.end() for m in pattern.finditer(before)]
            distances += [m.start() + 1 + (penalty_after if pattern is _PAST else 0) for m in pattern.finditer(after)]
            return min(distances) if distances else None

        fut, past, weak = nearest(future_cues), nearest(_PAST_AUXILIARY), nearest(_PAST)
        cues = [(d, is_future) for d, is_future in ((fut, True), (past, False), (weak, False)) if d is not None]
        return min(cues)[1] if cues else None


def _resolve_month_day(ref: dt.date, month: int, day: int, future: bool | None) -> dt.date | None:
    """The nearest such date; tense decides only when both sides are more than two months away."""
    candidates = []
    for year in (ref.year - 1, ref.year, ref.year + 1):
        try:
            candidates.append(dt.date(year, month, day))
        except ValueError:
            pass
    if not candidates:
        return None
    nearest = min(candidates, key=lambda c: abs((c - ref).days))
    if abs((nearest - ref).days) <= 62:
        return nearest
    if future is True:
        ahead = [c for c in candidates if c >= ref]
        return min(ahead) if ahead else max(candidates)
    if future is False:
        behind = [c for c in candidates if c <= ref]
        return max(behind) if behind else min(candidates)
    return min(candidates, key=lambda c: abs((c - ref).days))


def _resolve_month(ref: dt.date, month: int, future: bool | None) -> tuple[int, int]:
    """The month's nearest occurrence when it is within two months, else the one the tense points to."""
    if month == ref.month:
        return ref.year, month
    forward, backward = (month - ref.month) % 12, (ref.month - month) % 12
    if min(forward, backward) <= 2:
        return (ref.year + (month < ref.month), month) if forward < backward else \
            (ref.year - (month > ref.month), month)
    if future is True:
        return (ref.year if month > ref.month else ref.year + 1), month
    if future is False:
        return (ref.year if month < ref.month else ref.year - 1), month
    # no tense: news mostly reports what happened, so the past occurrence
    return (ref.year if month < ref.month else ref.year - 1), month


def _resolve_weekday(ref: dt.date, weekday: int, rel: str | None, future: bool | None) -> dt.date:
    delta = weekday - ref.weekday()
    rel = (rel or "").lower()
    if rel in ("next", "this coming") or (future and rel not in ("last", "this past")):
        return ref + dt.timedelta(days=delta % 7 or (7 if rel == "next" else 0))
    if rel in ("last", "this past"):
        return ref - dt.timedelta(days=(-delta) % 7 or 7)
    if rel == "the previous":  # the one before last: "down 4.5% from the previous Friday"
        return ref - dt.timedelta(days=((-delta) % 7 or 7) + 7)
    if rel == "this":
        return ref + dt.timedelta(days=delta)
    return ref - dt.timedelta(days=(-delta) % 7)


def _iso(day: dt.date) -> str:
    return day.isoformat()


def _normalise(rule: str, m: re.Match, ctx: _Context) -> tuple[str, str, str | None] | None:
    """(type, value, end value or None) for one match, or None to drop it."""
    g = m.groupdict()
    ref = ctx.ref
    low = m.group().lower()
    future = None

    def tense():
        nonlocal future
        if future is None:
            future = ctx.future(m.start(), m.end())
        return future

    def with_clock(date_value: str) -> tuple[str, str, None]:
        clock = g.get("clock")
        if clock:
            return "TIME", date_value + "T" + _clock(clock), None
        return "DATE", date_value, None

    if rule == "iso":
        y, mo, d = int(g["y"]), int(g["m"]), int(g["d"])
        try:
            dt.date(y, mo, d)
        except ValueError:
            return None
        value = f"{y:04d}-{mo:02d}-{d:02d}"
        return ("TIME", f"{value}T{g['h']}:{g['mi']}", None) if g.get("h") else ("DATE", value, None)
    if rule == "numeric":
        a, b, y = int(g["a"]), int(g["b"]), _year(g["y"], ref.year)
        month, day = (a, b) if a <= 12 else (b, a)
        try:
            return "DATE", _iso(dt.date(y, month, day)), None
        except ValueError:
            return None
    if rule in ("range_md", "range_dm", "range_from"):
        if rule == "range_from":
            m1, m2 = _month(g["m1"]), _month(g["m2"])
        else:
            m1 = m2 = _month(g["month"])
        d1, d2 = _day(g["d1"]), _day(g["d2"])
        if d1 > 31 or d2 > 31 or (m1 == m2 and d2 <= d1):
            return None
        try:
            if g.get("y"):
                first, last = dt.date(int(g["y"]), m1, d1), dt.date(int(g["y"]), m2, d2)
            else:
                first = _resolve_month_day(ref, m1, d1, tense())
                last = dt.date(first.year + (m2 < m1), m2, d2)
        except (ValueError, AttributeError):
            return None
        return "DATE", _iso(first), _iso(last)
    if rule in ("mdy", "dmy"):
        try:
            day = dt.date(int(g["y"]), _month(g["month"]), _day(g["day"]))
        except ValueError:
            return None
        return with_clock(_iso(day))
    if rule in ("md", "dm"):
        month, day = _month(g["month"]), _day(g["day"])
        if g.get("wd"):
            for year in (ref.year, ref.year - 1, ref.year + 1):
                try:
                    candidate = dt.date(year, month, day)
                except ValueError:
                    continue
                if candidate.weekday() == _weekday(g["wd"]):
                    return with_clock(_iso(candidate))
        resolved = _resolve_month_day(ref, month, day, tense())
        return with_clock(_iso(resolved)) if resolved else None
    if rule == "my":
        return "DATE", f"{int(g['y']):04d}-{_month(g['month']):02d}", None
    if rule == "month_rel":
        month, rel = _month(g["month"]), g["rel"].lower()
        if rel == "this":
            return "DATE", f"{ref.year:04d}-{month:02d}", None
        if "next" in rel or "coming" in rel:
            ahead = (month - ref.month) % 12 or 12
            year = ref.year + (ref.month + ahead > 12) + (ahead <= 2)  # "next March" in February: a year on
            return "DATE", f"{year:04d}-{month:02d}", None
        back = (ref.month - month) % 12 or 12
        year = ref.year - (month > ref.month or back == 12) - (back <= 2 and month <= ref.month)
        return "DATE", f"{year:04d}-{month:02d}", None  # "last February" in March: a year back
    if rule == "month_ctx" and not _MONTH_CONTEXT.search(ctx.text[max(0, m.start() - 12):m.start()]):
        return None  # "May" the verb, "March" the walk
    if rule in ("month", "month_ctx"):
        year, month = _resolve_month(ref, _month(g["month"]), tense())
        return "DATE", f"{year:04d}-{month:02d}", None
    if rule == "period":
        q = (ref.month - 1) // 3  # the last completed quarter, as earnings reports use "period"
        year, q = (ref.year, q) if q else (ref.year - 1, 4)
        if g["rel"].lower() in ("year-earlier", "year-ago", "comparable", "corresponding"):
            year -= 1
        return "DATE", f"{year:04d}-Q{q}", None
    if rule == "fiscal_year":
        rel = (g.get("rel") or "").lower()
        return "DATE", f"{ref.year + {'past': -1, 'previous': -1, 'last': -1, 'next': 1, 'coming': 1}.get(rel, 0):04d}", None
    if rule == "year_end":  # "since year-end" in October: the last one
        return "DATE", f"{ref.year - (tense() is False and ref.month < 12):04d}-12-31", None
    if rule == "holiday":
        day = _holiday(g["holiday"], ref.year)
        if day is None:
            return None
        if tense() is False and day > ref:
            day = _holiday(g["holiday"], ref.year - 1)
        elif tense() is True and day < ref:
            day = _holiday(g["holiday"], ref.year + 1)
        return "DATE", _iso(day), None
    if rule == "month_year_rel":
        year = ref.year + {"this": 0, "last": -1, "next": 1}[g["rel"].lower()]
        return "DATE", f"{year:04d}-{_month(g['month']):02d}", None
    if rule == "clock_date":
        month, day = _month(g["month"]), _day(g["day"])
        try:
            date = dt.date(int(g["y"]), month, day) if g.get("y") else _resolve_month_day(ref, month, day, tense())
        except ValueError:
            return None
        return ("TIME", _iso(date) + "T" + _clock(g["clock"]), None) if date else None
    if rule in ("weekday_clock", "clock_weekday"):
        day = _resolve_weekday(ref, _weekday(g["wd"]), None, ctx.future(m.start(), m.end(), strong=True))
        return "TIME", _iso(day) + "T" + _clock(g["clock"]), None
    if rule == "spoken_month_year":
        year = _spoken_year(g["spoken"])
        if g.get("season"):
            return "DATE", f"{year}-{_SEASONS[g['season'].lower()]}", None
        return "DATE", f"{year}-{_month(g['month']):02d}", None
    if rule == "spoken_year":
        return "DATE", str(_spoken_year(g["spoken"])), None
    if rule == "decade_word":
        tens = {"twenties": 2, "thirties": 3, "forties": 4, "fifties": 5, "sixties": 6, "seventies": 7,
                "eighties": 8, "nineties": 9}[g["word"].lower()]
        return "DATE", f"19{tens}", None
    if rule == "year":
        before, after = ctx.text[max(0, m.start() - 25):m.start()], ctx.text[m.end():m.end() + 20]
        if not g.get("mod") and (_NOT_A_YEAR_BEFORE.search(before) or _NOT_A_YEAR_AFTER.match(after)):
            return None
        if re.search(r"[\d,]\s?$", before) or re.match(r"^\s?[-–]?\d", after):
            return None
        return "DATE", g["y"], None
    if rule == "decade":
        return "DATE", g["dec"][:3], None
    if rule == "decade_short":
        return "DATE", ("19" if int(g["dec"]) >= 30 else "20") + g["dec"][0], None
    if rule == "century":
        n = g["n"].lower()
        number = {"first": 1, "nineteenth": 19, "twentieth": 20, "twenty-first": 21}.get(n) or int(re.match(r"\d+", n).group())
        return "DATE", f"{number - 1:02d}", None
    if rule in ("quarter", "quarter_adj", "quarter_q"):
        return _quarter(g, ref, low)
    if rule == "half":
        what = (g.get("what") or "").lower()
        year = int(what) if what.isdigit() else ref.year - ("last year" in what) + ("next year" in what)
        half = 1 if g["ord"].lower() == "first" else 2
        return "DATE", f"{year:04d}-H{half}", None
    if rule == "season":
        name = g.get("season") or g.get("season2") or g.get("season3")
        season = _SEASONS[name.lower()]
        year_given = g.get("y") or g.get("y2") or g.get("y3")
        if year_given:
            return "DATE", f"{year_given}-{season}", None
        year = ref.year
        if "this past" in low:
            year -= _season_start(season) > ref.month  # the most recent one
        elif "last" in low or "past" in low:
            year -= 1 if season not in ("WI",) or ref.month > 3 else 1
        elif "next" in low or "coming" in low:
            year += 1
        elif "this" not in low and tense() is False and _season_start(season) > ref.month:
            year -= 1
        elif "this" not in low and tense() is True and _season_start(season) < ref.month:
            year += 1
        return "DATE", f"{year:04d}-{season}", None
    if rule == "weekday":
        day = _resolve_weekday(ref, _weekday(g["wd"]), g.get("rel"), ctx.future(m.start(), m.end(), strong=True))
        return "DATE", _iso(day), None  # "Tuesday morning": most news annotation keeps just the day
    if rule == "relday":
        rel = g["rel"].lower()
        offset = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "the day before yesterday": -2,
                  "the day after tomorrow": 2}[rel]
        day = ref + dt.timedelta(days=offset)
        return "DATE", _iso(day), None  # "Tuesday morning": most news annotation keeps just the day
    if rule == "midday":
        part = g["part"].lower().replace("-", "").replace(" ", "")
        day = ref + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get((g.get("rel") or "").lower(), 0))
        if part == "overnight":
            day -= dt.timedelta(days=not g.get("rel"))  # "overnight" in the morning paper: last night
        clock = {"midday": "12:00", "midafternoon": "AF", "midmorning": "MO", "overnight": "NI"}[part]
        return "TIME", _iso(day) + "T" + clock, None
    if rule == "that_unit":  # "that year": the anaphora pass anchors it or drops it
        return "DATE", "XXXX", None
    if rule == "partday":
        rel = g["rel"].lower()
        offset = {"this": 0, "that": 0, "last": -1 if g["part"].lower() == "night" else 0, "tomorrow": 1,
                  "yesterday": -1}[rel]
        return "TIME", _iso(ref + dt.timedelta(days=offset)) + "T" + _PARTS_OF_DAY[g["part"].lower()], None
    if rule == "clock":
        day = ref + dt.timedelta(days={"yesterday": -1, "tomorrow": 1}.get((g.get("rel") or "").lower(), 0))
        return "TIME", _iso(day) + "T" + _clock(g["clock"]), None
    if rule in ("the_unit", "fiscal_year") and low.endswith("year") and re.match(
            r"\s(?:ended|ending|that ended|to)\b", ctx.text[m.end():m.end() + 12]):
        return "DURATION", "P1Y", None  # "the year ended March 31": twelve months, not a calendar year
    if rule == "the_unit" and g["unit"].lower() == "year" and re.search(
            r"\b(?:for|during|over|throughout)\s$", ctx.text[max(0, m.start() - 12):m.start()], re.I):
        return "DURATION", "P1Y", None  # "profit for the year"
    if rule in ("rel_unit", "mod_the_unit", "the_unit"):
        return _relative_unit(g, ref, low, tense)
    if rule in ("ago", "year_ago") and _quarterly(ctx.text, m.start()) and (
            rule == "year_ago" or (g["unit"].lower().startswith("year") and _number(g["amount"]) == 1)):
        q = (ref.month - 1) // 3  # the last completed quarter, a year back
        return "DATE", (f"{ref.year - 1:04d}-Q{q}" if q else f"{ref.year - 2:04d}-Q4"), None
    if rule == "ago":
        return _ago(g, ref)
    if rule == "year_ago":
        return "DATE", f"{ref.year - 1:04d}", None
    if rule in ("duration", "duration_adj"):
        if re.match(r"\s?(?:-\s?)?old\b", ctx.text[m.end():m.end() + 6]):
            return None  # an age ("a 9-year-old", "70 years old"), not a period of time
        return _duration(g, low)
    if rule == "duration_bare":
        unit = g["unit"].lower().rstrip("s")
        if low.startswith(("recent", "in recent")):
            return "DATE", "PAST_REF", None
        return "DURATION", _period("X", unit), None
    if rule == "ref":
        ref_text = g["ref"].lower()
        if ref_text in ("the past", "in the past", "recently", "recent", "lately", "formerly", "previously",
                        "once upon a time"):
            return "DATE", "PAST_REF", None
        if "future" in ref_text or "coming" in ref_text or ref_text in ("soon", "shortly", "the long term",
                                                                         "the near term", "the short term"):
            return "DATE", "FUTURE_REF", None
        return "DATE", "PRESENT_REF", None
    if rule == "set":
        unit = g["unit"].lower()
        if g["set"].lower() == "a" and not re.search(r"(?:\btimes?|twice|once|\d)\s$", ctx.text[max(0, m.start() - 8):m.start()]):
            return None
        if unit in _WEEKDAYS or unit.rstrip(".") in _WEEKDAY_ABBR:
            return "SET", f"XXXX-WXX-{_weekday(unit) + 1}", None
        if unit in _PARTS_OF_DAY:
            return "SET", f"T{_PARTS_OF_DAY[unit]}", None
        if re.fullmatch(MONTH, g["unit"], re.I):
            return "SET", f"XXXX-{_month(unit):02d}", None  # "each July"
        return "SET", _period(1, unit), None
    if rule == "set_adv" and g["set"].lower() != "daily" and re.match(r"\s[a-z]", ctx.text[m.end():m.end() + 2]):
        return None  # "quarterly earnings", "annual report": an adjective, not a recurrence
    if rule == "set_adv":
        unit = {"daily": "day", "nightly": "day", "weekly": "week", "biweekly": "week", "monthly": "month",
                "annually": "year", "yearly": "year", "quarterly": "quarter", "hourly": "hour",
                "biannually": "year"}[g["set"].lower()]
        return "SET", _period(2 if g["set"].lower().startswith("bi") and unit == "week" else 1, unit), None
    return None


def _spoken_year(text: str) -> int:
    words = re.split(r"[\s-]+", text.lower())
    if words[0] == "two":  # two thousand (and) one
        rest = [w for w in words[2:] if w != "and"]
        return 2000 + (_ONES.get(rest[0], 0) if rest else 0)
    tail = " ".join(words[1:])
    if tail == "hundred":
        return 1900
    return 1900 + int(_number(tail.replace(" ", "-")) or 0)


def _holiday(name: str, year: int) -> dt.date | None:
    """The date of a fixed or rule-based holiday in `year` (Easter by the Gregorian computus)."""
    key = name.lower()
    if key.startswith("thanksgiving"):
        first = dt.date(year, 11, 1)
        return first + dt.timedelta(days=(3 - first.weekday()) % 7 + 21)
    if key.startswith("memorial"):
        last = dt.date(year, 5, 31)
        return last - dt.timedelta(days=last.weekday())
    if key.startswith("labor"):
        first = dt.date(year, 9, 1)
        return first + dt.timedelta(days=(0 - first.weekday()) % 7)
    if key.startswith("easter"):
        a, b, c = year % 19, year // 100, year % 100
        d, e = b // 4, b % 4
        g = (8 * b + 13) // 25
        h = (19 * a + b - d - g + 15) % 30
        i, k = c // 4, c % 4
        l = (32 + 2 * e + 2 * i - h - k) % 7
        m = (a + 11 * h + 19 * l) // 433
        month = (h + l - 7 * m + 90) // 25
        return dt.date(year, month, (h + l - 7 * m + 33 * month + 19) % 32)
    fixed = {"christmas eve": (12, 24), "christmas": (12, 25), "christmas day": (12, 25),
             "orthodox christmas": (1, 7), "new year's eve": (12, 31), "new year's day": (1, 1),
             "independence day": (7, 4), "veterans day": (11, 11), "victory day": (5, 9)}
    month_day = fixed.get(key)
    return dt.date(year, *month_day) if month_day else None


def _quarterly(text: str, pos: int) -> bool:
    """Earnings-report context, where "a year ago" means the same quarter a year back."""
    return "quarter" in text[max(0, pos - 600):pos + 200].lower()


def _season_start(season: str) -> int:
    return {"SP": 3, "SU": 6, "FA": 9, "WI": 12}[season]


def _clock(text: str) -> str:
    t = text.lower().strip()
    if t.startswith("noon"):
        return "12:00"
    if t.startswith("midnight"):
        return "24:00"
    match = re.match(r"(\d{1,2})(?:[:.](\d\d))?\s?(a\.?m\.?|p\.?m\.?)?", t)
    hour, minute, meridiem = int(match.group(1)), int(match.group(2) or 0), match.group(3) or ""
    if meridiem.startswith("p") and hour < 12:
        hour += 12
    if meridiem.startswith("a") and hour == 12:
        hour = 0
    return f"{hour:02d}:{minute:02d}"


def _quarter(g: dict, ref: dt.date, low: str) -> tuple[str, str, None] | None:
    ordinal = (g.get("ord") or g.get("q") or "").lower()
    rel = (g.get("rel") or "").lower()
    if not ordinal and rel in _ORDINALS:
        ordinal, rel = rel, ""
    year_text = (g.get("y") or "").lower()
    year = int(year_text) if year_text.isdigit() else ref.year - ("last year" in year_text) + ("next year" in year_text)
    current_q = (ref.month - 1) // 3 + 1
    if ordinal in ("final",):
        ordinal = "fourth"
    if ordinal:
        q = int(ordinal) if ordinal.isdigit() else _ORDINALS[ordinal]
        if g.get("y0"):
            year = int(g["y0"])
        elif not year_text and rel in ("year-earlier", "year-ago"):
            year -= 1
        elif not year_text and q > current_q and "quarter" in low and not rel:
            year -= 1  # "the fourth quarter" in a March article is last year's
        return "DATE", f"{year:04d}-Q{q}", None
    if rel in ("last", "previous", "past"):
        y, q = (year, current_q - 1) if current_q > 1 else (year - 1, 4)
        return "DATE", f"{y:04d}-Q{q}", None
    last_q_year, last_q = (year, current_q - 1) if current_q > 1 else (year - 1, 4)
    if rel in ("year-earlier", "year-ago"):
        return "DATE", f"{last_q_year - 1:04d}-Q{last_q}", None
    if rel == "current":
        return "DATE", f"{year:04d}-Q{current_q}", None
    if "quarter" in low and (rel in ("latest", "same") or low.startswith("the quarter")):
        return "DATE", f"{last_q_year:04d}-Q{last_q}", None  # in reports: the last completed quarter
    if re.fullmatch(r"(?:an?\s)?quarter", low) or low in ("quarter", "quarters"):
        return None
    return "DATE", f"{year:04d}-Q{current_q}", None


def _period(amount, unit: str) -> str:
    unit = unit.lower().rstrip("s") if unit.lower() != "centuries" else "century"
    code = _UNITS.get(unit, "D")
    if code in ("DE", "CE") and amount != "X":  # decades and centuries as years: P20Y, P100Y
        return f"P{amount * (10 if code == 'DE' else 100)}Y"
    if unit in ("hour", "minute", "second"):
        return f"PT{amount}{code}"
    return f"P{amount}{code}"


_SMALLER = {"year": ("month", 12), "month": ("day", 30), "week": ("day", 7), "day": ("hour", 24),
            "hour": ("minute", 60), "minute": ("second", 60)}


def _fractional_period(number: float, unit: str) -> str:
    """"two and a half years" as P2Y6M, "a minute and a half" as PT1M30S: ISO 8601 without decimals."""
    unit = unit.lower().rstrip("s")
    whole, fraction = int(number), number - int(number)
    smaller = _SMALLER.get(unit)
    if smaller is None or abs(fraction * smaller[1] - round(fraction * smaller[1])) > 0.01:
        return _period(round(number, 1), unit)
    part = round(fraction * smaller[1])
    if unit == "week":
        return f"P{whole * 7 + part}D"
    big, small = _period(whole, unit), _period(part, smaller[0])
    if whole == 0:
        return small
    if unit == "day":  # P1D + PT12H
        return big + small[1:]
    return big + (small[2:] if small.startswith("PT") else small[1:])


def _duration(g: dict, low: str) -> tuple[str, str, None] | None:
    unit = g["unit"].lower()
    amount_text = g["amount"].lower()
    if unit.startswith("quarter") and amount_text in ("a", "an", "one") and "first" not in low:
        return None
    number = _number(amount_text)
    if number is not None and 1800 <= number <= 2100 and number == int(number):
        return None  # "the 1988 second quarter": a year, not 1,988 seconds
    if number is None:
        return "DURATION", _period("X", unit), None
    if g.get("half") or g.get("half2"):
        number += 0.5
    if g.get("halfof"):
        number /= 2
    if number != int(number):
        return "DURATION", _fractional_period(number, unit), None
    if unit.startswith("fortnight"):
        number, unit = int(number) * 2, "week"
    return "DURATION", _period(int(number), unit), None


def _relative_unit(g: dict, ref: dt.date, low: str, tense) -> tuple[str, str, None] | None:
    unit = g["unit"].lower()
    rel = (g.get("rel") or "this").lower()
    step = {"this": 0, "current": 0, "same": 0, "next": 1, "coming": 1, "following": 1, "last": -1, "past": -1,
            "previous": -1}[rel]
    if unit == "week":
        return "DATE", _week(ref + dt.timedelta(weeks=step)), None
    if unit == "weekend":
        day = ref + dt.timedelta(weeks=step)
        if rel == "this" and low.startswith("the") and ref.weekday() < 5 and not tense():
            day -= dt.timedelta(weeks=1)  # "the weekend" in Monday's paper is the one just past
        return "DATE", _week(day) + "-WE", None
    if unit == "month":
        y, mo = _shift_month(ref.year, ref.month, step)
        return "DATE", f"{y:04d}-{mo:02d}", None
    if unit == "year":
        return "DATE", f"{ref.year + step:04d}", None
    if unit == "quarter":
        q = (ref.month - 1) // 3 + step
        y = ref.year + q // 4
        return "DATE", f"{y:04d}-Q{q % 4 + 1}", None
    if unit == "decade":
        return "DATE", _decade(ref.year + 10 * step), None
    if unit == "century":
        return "DATE", f"{ref.year // 100 + step:02d}", None
    return None


def _ago(g: dict, ref: dt.date) -> tuple[str, str, None] | None:
    number = _number(g["amount"])
    unit = g["unit"].lower().rstrip("s")
    direction = g["dir"].lower()
    sign = 1 if direction in ("later", "from now", "hence", "on") else -1
    if number is None:
        return ("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None)
    n = int(number) * sign
    if unit == "day":
        return "DATE", _iso(ref + dt.timedelta(days=n)), None
    if unit == "week":
        return "DATE", _week(ref + dt.timedelta(weeks=n)), None
    if unit == "month":
        y, mo = _shift_month(ref.year, ref.month, n)
        return "DATE", f"{y:04d}-{mo:02d}", None
    if unit == "year":
        return "DATE", f"{ref.year + n:04d}", None
    if unit == "decade":
        return "DATE", _decade(ref.year + 10 * n), None
    if unit in ("hour", "minute", "second"):
        return "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF", None
    return None


def _as_date(reference) -> dt.date:
    if reference is None:
        raise ValueError("reference= is required: the publication date relative expressions resolve against")
    if isinstance(reference, str):
        try:
            day = pd.Timestamp(reference)
            if day is not pd.NaT:  # "" and "NaT" parse as NaT
                return day.date()
        except (ValueError, OverflowError, NotImplementedError):  # also dates beyond the years 1 to 9999
            pass
        raise ValueError(f"reference={reference!r} is not a date (use YYYY-MM-DD)")
    if reference is pd.NaT:
        raise ValueError("reference=NaT is not a date")
    if isinstance(reference, (pd.Timestamp, dt.datetime)):
        return reference.date()
    if isinstance(reference, dt.date):
        return reference
    raise ValueError(f"reference={reference!r} is not a date")


def tag_spans(text: str, reference) -> list[tuple[int, int, str, str, str | None]]:
    """(start, end, type, value, end value) of every temporal expression in `text`, in order."""
    ctx = _Context(text, _as_date(reference))
    candidates, seen, cache = [], set(), {}
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lower-cased
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in text)
    if len(text) < _SHORT and not _ANY_TRIGGER.search(lowered):
        return []  # a sentence with no trigger word at all: one search instead of one per rule
    for rule in _RULES:
        for window_start, window_end in _windows(rule, text, lowered, cache):
            # the window's end is not the text's: a match must not touch it unless the text ends there
            limit = window_end if window_end == len(text) else window_end - 1
            for m in rule.pattern.finditer(text, window_start, window_end):
                if m.end() > m.start() and m.end() <= limit and (m.start(), m.end(), rule.name) not in seen:
                    seen.add((m.start(), m.end(), rule.name))
                    candidates.append((m.start(), m.end(), rule, m))
    # longest first, then the rule's priority, then earliest
    candidates.sort(key=lambda c: (-(c[1] - c[0]), -c[2].priority, c[0]))
    taken = bytearray(len(text))  # 1 where a chosen expression lies: overlap tests cost its length
    chosen = []
    for start, end, rule, m in candidates:
        if taken.find(1, start, end) != -1:
            continue
        normalised = _normalised(rule.name, m, ctx)
        if normalised is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        chosen.append((start, end, *normalised, rule.name, m))
    chosen.sort(key=lambda c: c[0])
    return _resolve_anaphora(chosen)


_LEADING_YEAR = re.compile(r"-?\d+")


def _normalised(rule: str, m: re.Match, ctx: _Context) -> tuple[str, str, str | None] | None:
    """`_normalise`, or None for an expression whose date falls outside the calendar (years 1 to 9999).

    "99999999 days ago", "tomorrow" on 9999-12-31 or "next year" then have no TIMEX3 value.
    """
    try:
        normalised = _normalise(rule, m, ctx)
    except (OverflowError, ValueError):  # date arithmetic past the first or the last day of the calendar
        return None
    if normalised is None or not all(_in_calendar(v) for v in normalised[1:] if v):
        return None
    return normalised


def _in_calendar(value: str) -> bool:
    """A value's year, if it starts with one (four digits; three are a decade, two a century), is 1 to 9999."""
    year = _LEADING_YEAR.match(value)
    return year is None or (not year.group().startswith("-") and (len(year.group()) < 4 or (
        len(year.group()) == 4 and year.group() != "0000")))


def _decade(year: int) -> str:
    """The TIMEX3 decade of a year ("203" for the 2030s)."""
    if not 0 < year <= 9999:
        raise ValueError(f"year {year} is outside the calendar")  # the expression is dropped
    return f"{year // 10:03d}"


_QUARTER_VALUE = re.compile(r"(\d{4})-Q([1-4])")
_DATE_VALUE = re.compile(r"(\d{4})(?:-(\d\d)(?:-(\d\d))?)?")


def _resolve_anaphora(chosen: list) -> list[tuple[int, int, str, str, str | None]]:
    """Re-anchor expressions that point back at a date the text already gave.

    "the quarter" and "a year earlier" in an earnings report mean the quarter the report is
    about; "the following year" after "in 1995" is 1996. Without an earlier anchor the value
    computed from the publication date stays.
    """
    last_quarter: tuple[int, int] | None = None
    last_date: re.Match | None = None
    resolved = []
    for start, end, kind, value, end_value, rule, m in chosen:
        g = m.groupdict()
        rel = (g.get("rel") or "").lower()
        if last_quarter and rule in ("quarter", "period") and not g.get("ord") and not g.get("y") \
                and not g.get("y0") and rel in ("", "same", "year-earlier", "year-ago", "comparable", "corresponding") \
                + (("latest",) if rule == "period" else ()):  # "the latest quarter" is the last one completed
            year, q = last_quarter
            value = f"{year - (rel not in ('', 'latest', 'same')):04d}-Q{q}"
        elif last_quarter and kind == "DATE" and rule in ("ago", "year_ago") and _QUARTER_VALUE.fullmatch(value):
            value = f"{last_quarter[0] - 1:04d}-Q{last_quarter[1]}"
        elif last_date and rule == "rel_unit" and g.get("the") and rel in ("following", "previous"):
            value = _shift_anchor(last_date, g["unit"].lower(), 1 if rel == "following" else -1) or value
        elif rule == "that_unit":
            unit = g["unit"].lower()
            if unit == "quarter":
                value = f"{last_quarter[0]:04d}-Q{last_quarter[1]}" if last_quarter else None
            else:
                value = _shift_anchor(last_date, unit, 0) if last_date else None
            if value is None:
                continue  # nothing earlier to point back at
        explicit_quarter = _QUARTER_VALUE.fullmatch(value)
        if explicit_quarter and rule in ("quarter", "quarter_adj", "quarter_q") and (g.get("ord") or g.get("q")):
            last_quarter = int(explicit_quarter.group(1)), int(explicit_quarter.group(2))
        if rule in ("iso", "numeric", "mdy", "dmy", "my", "year", "md", "dm", "month", "month_ctx", "month_rel",
                    "month_year_rel") and _DATE_VALUE.fullmatch(value):
            last_date = _DATE_VALUE.fullmatch(value)
        resolved.append((start, end, kind, value, end_value))
    return resolved


def _shift_anchor(anchor: re.Match, unit: str, step: int) -> str | None:
    """The year, month or day `step` units from an anchor date, at the unit's granularity (None off the calendar)."""
    try:
        value = _shift(anchor, unit, step)
    except (OverflowError, ValueError):
        return None
    return value if value is None or _in_calendar(value) else None


def _shift(anchor: re.Match, unit: str, step: int) -> str | None:
    year, month, day = anchor.group(1), anchor.group(2), anchor.group(3)
    if unit == "year":
        return f"{int(year) + step:04d}"
    if unit == "month" and month:
        y, mo = _shift_month(int(year), int(month), step)
        return f"{y:04d}-{mo:02d}"
    if unit == "week" and day:
        return _week(dt.date(int(year), int(month), int(day)) + dt.timedelta(weeks=step))
    if unit == "day" and day:
        return _iso(dt.date(int(year), int(month), int(day)) + dt.timedelta(days=step))
    return None


def tag_times(text: str, reference) -> pd.DataFrame:
    """The timex table for one text: `start`, `end`, `text`, `type`, `value` (TIMEX3), `end_value`.

    `end_value` is filled for ranges ("February 14-16", "from May 16 to June 2"): `value` is the
    first day and `end_value` the last.
    """
    spans = tag_spans(text, reference)
    return pd.DataFrame(
        [(s, e, text[s:e], kind, value, end_value) for s, e, kind, value, end_value in spans],
        columns=TIMEX_COLUMNS).astype({"start": "int64", "end": "int64"})
