"""The participants of a milestone: the actors its clause names, as the milestone guidelines count them."""
from __future__ import annotations

import re
from bisect import bisect_right

def _parties(inside: list[tuple], parties: tuple, text: str, speaker: re.Pattern) -> list[tuple]:
    """The participants of an event of a kind whose parties are fixed (the war's turning points are
    its sides'): for each side, the people of it the clause names as actors ("Putin annexed
    Crimea"), else the side itself ("the Russian invasion": Russia and Ukraine); whoever only tells
    of it ("Zelensky boasted that ...") and actors of no party are left out."""
    kept = []
    for side in parties:
        people = [m for m in inside if m[3] == side and m[2] and not speaker.match(text, m[0])]
        kept.extend(people or [(-1, side, False, side)])
    return kept


# Whose title another holds ("US President’s National Security Advisor Jacob Sullivan", "Zelensky's
# chief of staff Andriy Yermak"): the holder is the actor, not whose adviser they are
_TITLE_OF = re.compile(r"[\w’'. -]{0,40}?[’']s\s+(?:(?:[A-Z][\w-]*|adviser|advisor|advisers|spokesman|spokeswoman|spokesperson|"
                       r"envoy|aide|chief|of|staff|special|top|foreign|policy|security|national|head)\s+){1,6}")


def _title_owners(text: str, inside: list[tuple]) -> list[tuple]:
    """The mentions less those of whose title a person named right after holds ("Biden's envoy X")."""
    following = {m[0]: next((n for n in inside if n[0] > m[0]), None) for m in inside}
    return [m for m in inside if not ((n := following[m[0]]) and n[2] and _TITLE_OF.fullmatch(text, m[0], n[0]))]


def _participants(inside: list[tuple], venues: set[int], hosted: bool) -> list[tuple]:
    """The actors of an event from the mentions of its clause: not a capital named as where it
    happens ("a summit in Paris" has no France in it; a visit's has: the host state, when `hosted`),
    nor a side's state or body beside a person of it ("Chinese leader Xi Jinping" is China's part)."""
    sides_of_people = {side for _, _, person, side in inside if person}
    return [m for m in inside if m[2] or (m[0] in venues and hosted)
            or not (m[0] in venues or (m[1] == m[3] and m[3] in sides_of_people))]


# A state named as what an event is about, not a party to it: the war's victim or its maker in a
# phrase naming the war ("condemning Russia's invasion of Ukraine", "the war in Ukraine"), or a
# subject ("the Ukraine issue", "the Ukraine crisis", "war crimes in Ukraine", "Ukraine's membership
# of the alliance", "regarding Ukraine"), or the state of the place it happens in ("Vilnius, Lithuania's capital")
_TOPIC_BEFORE = re.compile(r"\b(?:(?:war|wars|invasion|aggression|attack|attacks|assault|occupation|offensive|hostilities|"
                           r"fighting|crimes)[”\"’']?\s+(?:of|in|against|on|for|into)|(?:situation|tensions|crisis)\s+(?:in|around|over)|"
                           r"regarding|concerning|about)\s+(?:the\s+)?$", re.I)
_TOPIC_AFTER = re.compile(r"(?:[’']s)?\s+(?:(?:full-scale|illegal|unprovoked|brutal|ongoing)\s+)*"
                          r"(?:issue|crisis|question|conflict|war|invasion|aggression|membership)\b"
                          r"|(?:[’']s)?\s+(?:capital|border|borders|frontier)\b", re.I)  # "on the Belarus border": a place
_THAT = re.compile(r"\bthat\b", re.I)
_TOLD_OF = 30  # characters: a speech verb this near the next actor named tells of that actor's act


def _told_after(text: str, cue_end: int, end: int, speech: re.Pattern) -> int:
    """Where what a speaker tells begins after a cue, when the sentence tells it ("Johnson wrote
    after his visit to Kyiv on Friday, that ... Putin"; "his vow in March that Putin ..."): those
    named in it are what is told, not parties; `end` when nothing is told after the cue."""
    that = _THAT.search(text, cue_end, end)  # not "the deal that Russia signed": a word stands between
    if that and re.search(r"\w", text[cue_end:that.start()]) and speech.search(text, max(0, cue_end - 200), that.start()):
        return that.start()
    return end


def _people_of_states(text: str, lo: int, hi: int, reading: _Reading) -> list[tuple]:
    """Mentions (as `_Mentions` holds them) of the states a clause names by their officials ("U.S.
    and Russian officials sat down": the United States and Russia): an adjective of the sides whose
    side is a state of the gazetteer, before "officials", "delegation", "negotiators" or "side"."""
    if reading.officials is None:
        return []
    return [(m.start(g), reading.side_of[m.group(g)], False, reading.side_of[m.group(g)])
            for m in reading.officials.finditer(text, lo, hi) for g in (1, 2) if m.group(g)]


def _topic(text: str, at: int, person: bool) -> bool:
    """Whether the state mentioned at `at` is what the event is about ("the war in Ukraine")."""
    if person:
        return False
    name_end = re.match(r"[\w’'.-]+(?:\s+[A-Z][\w’'.-]*)*", text[at:at + 60])
    end = at + (name_end.end() if name_end else 0)
    return bool(_TOPIC_BEFORE.search(text, max(0, at - 40), at) or _TOPIC_AFTER.match(text, end))


# The one told and the event the telling is done in ("told Zelensky on a call Thursday that ..."): the
# speaker is a party of that event, not only one telling of it
_TOLD_ON = re.compile(r"[\w’'.-]+(?:\s+[A-Z][\w’'.-]*)*\s+(?:on|in|during|over)\s+"
                      r"(?:(?:a|an|the|their|his|her)\s+(?:[\w-]+\s+)?)?$")


def _speaker_only(text: str, mention: tuple, cue_at: int, speaker: re.Pattern, starts: list[int]) -> bool:
    """Whether a person only tells of the event: named with a speech verb before its cue, and what
    they tell opens with another actor ("Blinken said Chinese leader Xi had made it clear in a
    call ...", not "Biden said he spoke to ...")."""
    said = speaker.match(text, mention[0]) if mention[2] else None
    if not said or said.end() > cue_at:
        return False
    told = next((at for at in starts if at >= said.end()), None)
    return told is not None and told < cue_at and told - said.end() <= _TOLD_OF \
        and "," not in text[said.end():told] and not _TOLD_ON.match(text, told, cue_at)


# A second predicate of one subject ("X will phone Y, and will also travel to Kyiv"); and what may
# stand between the names of a subject of several ("Biden and French President Emmanuel Macron")
_COORDINATED = re.compile(r",?\s+and\s+(?:(?:also|then|later|later\s+on)\s+)?(?:will|would|shall|can|could|is|was|are|"
                          r"were|has|have|had|plans\s+to|[a-z]+ed)\b")
_OPENS_WITH_SUBJECT = re.compile(r"\s*(?:[^,]{1,40},\s*)?(?:the\s+)?(?:[A-Z][\w’'.-]*\s+)*")  # "This week, (US President) X"
_SUBJECT_GAP = re.compile(r"(?:[\s,]|and\b|[’']s\b|[A-Z][\w’'.-]*)*")


def _own_predicate(text: str, inside: list[tuple], lo: int, cue_at: int) -> list[tuple]:
    """The mentions of a clause less those of another predicate of its subject than the cue's
    ("Johnson will talk to Putin by phone, and will also visit Kyiv": the visit is Johnson's and
    Ukraine's, the call Putin's too): the subject, the names that open the clause, is kept."""
    second = list(_COORDINATED.finditer(text, lo, cue_at))
    if not second or not inside or not _OPENS_WITH_SUBJECT.fullmatch(text, lo, inside[0][0]):
        return inside
    k = second[-1].start()
    subject_end = inside[0][0]
    for m in inside[1:]:
        if m[0] >= k or not _SUBJECT_GAP.fullmatch(text, subject_end + 1, m[0]):
            break
        subject_end = m[0]
    return [m for m in inside if m[0] <= subject_end or m[0] >= k]


# A verb of staying away from an event ("will boycott a Kremlin ceremony", "snubbed the summit"):
# who does it takes no part
_STAYS_AWAY = re.compile(r"\b(?:boycott|boycotts|boycotted|boycotting|snub|snubs|snubbed|snubbing|skip|skips|skipped|"
                         r"skipping|shun|shuns|shunned|shunning|stay\s+away\s+from|stayed\s+away\s+from|"
                         r"stays\s+away\s+from)\b", re.I)


def _present(text: str, inside: list[tuple], lo: int, cue_at: int) -> list[tuple]:
    """The mentions of a clause less those who stay away from its event, named before a verb of
    staying away that comes before its cue ("the US will boycott a ceremony to swear in Putin": Putin)."""
    away = [m.start() for m in _STAYS_AWAY.finditer(text, lo, cue_at)]
    return [m for m in inside if m[0] > away[-1]] if away else inside


# One named as the source of what is told ("according to Mykola Kuleba of ..."): no party
_SOURCE = re.compile(r"\baccording\s+to\s+(?:the\s+)?(?:[\w’'.-]+\s+){0,4}$", re.I)
_MAKER = re.compile(r"[\w.]+-(?:made|built|produced|manufactured|designed)\b", re.I)  # "a US-made Patriot battery": no party


def _actors(kind: str, inside: list[tuple], cues: Cues, about: _Sentence, s_start: int, text: str,
            reading: _Reading, cue_at: tuple[int, int] = (-1, -1),
            inside_span: tuple[int, int] = (0, 0)) -> dict:
    """The `actors` and `people` columns of an event of `kind` from the mentions of its clause:
    not a state the event is about, nor one who only tells of it."""
    inside = [m for m in inside if not _SOURCE.search(text, max(s_start, m[0] - 60), m[0]) and not _MAKER.match(text, m[0])]
    if kind in cues.parties:
        inside = _parties(inside, cues.parties[kind], text, reading.speaker)
    else:
        told = _told_after(text, cue_at[1], s_start + len(about.text), reading.telling)
        inside = sorted(inside + _people_of_states(text, inside_span[0], inside_span[1], reading))
        venues = {s_start + at for at in about.venues()}
        # a place named is nobody told of ("told a press conference in Berlin that he ...")
        inside, starts = [m for m in inside if m[0] < told], sorted(m[0] for m in inside if m[0] not in venues)
        inside = _present(text, _own_predicate(text, inside, inside_span[0], cue_at[0]), inside_span[0], cue_at[0])
        inside = _title_owners(text, inside)
        inside = [m for m in _participants(inside, venues, kind in cues.hosted)
                  if not _topic(text, m[0], m[2]) and not _speaker_only(text, m, cue_at[0], reading.speaker, starts)]
    return {"actors": list(dict.fromkeys(a for _, a, _, _ in inside)),
            "people": list(dict.fromkeys(a for _, a, person, _ in inside if person))}


# A later sentence naming who took part in an event told of before ("The teleconference was attended
# by ...", "Taking part in the talks were ..."): the guidelines' participants named around the sentence.
_ATTENDED = re.compile(r"\b(?:(?:was|were)\s+attended\s+by|took\s+part\s+in|taking\s+part\s+in|participated\s+in|"
                       r"(?:was|were)\s+joined\s+by|(?:was|were)\s+represented\s+by|among\s+the\s+participants)\b", re.I)
_DEFINITE = re.compile(r"\b(?:the|this|that)\s+([\w-]+(?:\s+[\w-]+)?)", re.I)


def attended(rows: list[dict], text: str, sentences: list[tuple[int, int]], mentions, earlier: list[dict] = ()) -> None:
    """Add to an event's actors the people a later sentence of `text` says attended it, the event
    named again by its cue with "the" ("the teleconference", "the talks"): the last event before
    that sentence with that cue, and its reports in `earlier` fields (a title); a state or body of
    a person added gives way to the person."""
    starts = [a for a, _ in sentences]
    for verb in _ATTENDED.finditer(text):
        s_start, s_end = sentences[bisect_right(starts, verb.start()) - 1]
        named = {w for m in _DEFINITE.finditer(text, s_start, s_end) for w in (m.group(1).lower(), *m.group(1).lower().split())}
        event = next((row for row in reversed(rows) if row["at"] < s_start and row["cue"].lower() in named), None)
        people = [m for m in mentions.between(s_start, s_end) if m[2]]
        if event is None or not people:
            continue
        sides, names = {side for _, _, _, side in people}, [a for _, a, _, _ in people]
        same = (event["kind"], event["start"], event["end"], event["cue"].lower())
        for row in [event, *(r for r in earlier if (r["kind"], r["start"], r["end"], r["cue"].lower()) == same)]:
            row["actors"] = list(dict.fromkeys([a for a in row["actors"] if a not in sides] + names))
            row["people"] = list(dict.fromkeys(row["people"] + names))


# A person the clause refers to without naming: a singular pronoun or a bare title ("before his
# arrival", "The Minister of Foreign Affairs is visiting Washington"), not one a name follows.
_REFERS = re.compile(r"\b(?:he|his|she|her|him)\b|\b[Tt]he\s+(?:[A-Z][a-z]+\s+)?(?:Minister|President|Premier|Chancellor|"
                     r"Secretary|Taoiseach)\b(?!\s+(?:of\s+[\w\s]+?\s+)?[A-Z][a-z]+\s+[A-Z])")


def referred_to(actors: dict, text: str, clause: tuple[int, int], previous: tuple[int, int], mentions) -> dict:
    """`actors` with, when they name no person and the clause refers to one ("his arrival"), the
    person last named in the sentence before (the guidelines' actors named right around it)."""
    if actors["people"] or not _REFERS.search(text, *clause):
        return actors
    person = next((m for m in reversed(mentions.between(*previous)) if m[2]), None)
    if person is None:
        return actors
    return {"actors": list(dict.fromkeys([*(a for a in actors["actors"] if a != person[3]), person[1]])),
            "people": [person[1]]}


# A subject pronoun a few words before an event's cue ("On Monday he will meet ...", "the office
# confirmed she would attend the summit"): the one who does it, named before
_SUBJECT_PRONOUN = re.compile(r"(?<![\w’'-])(?:[Hh]e|[Ss]he)\s+(?:[a-z][\w’'-]*\s+){0,3}$")


def pronoun_subject(actors: dict, text: str, clause: tuple[int, int], cue_at: int, previous: tuple[int, int],
                    mentions) -> dict:
    """`actors` with the person a subject pronoun of the cue's clause stands for ("he will meet
    Harris": the one person the sentence before names), when the clause names no person before it."""
    lo = clause[0]
    if not _SUBJECT_PRONOUN.search(text[lo:cue_at]) or any(m[2] for m in mentions.between(lo, cue_at)):
        return actors
    people = list(dict.fromkeys(m[1] for m in mentions.between(*previous) if m[2]))
    if len(people) != 1 or people[0] in actors["actors"]:
        return actors
    return {"actors": [people[0], *actors["actors"]], "people": [people[0], *actors["people"]]}
