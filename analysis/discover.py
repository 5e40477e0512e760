"""Capitalised names the gazetteer does not know yet, with the titles seen before them, ready for a YAML file."""
from __future__ import annotations

import itertools
import re
from bisect import bisect_left
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType

import pandas as pd
import yaml

from .config import GENERIC_WORDS
from .gazetteer import KINDS, Gazetteer, as_gazetteer, title_variants
from .lexicon import Lexicon, default_lexicon, load_words
from .sides import Sides, default_sides
from .text import MAX_SENTENCE
from .schema import DISCOVER_COLUMNS


@dataclass(frozen=True)
class _Vocabulary:
    """The words discover reads, from the lexicon (titles, starters, role nouns...) and the sides
    (adjectives), as the sets and patterns it matches with."""

    capitalised: re.Pattern        # a run of capitalised words, maybe after "Mr." or "Gen."
    honorifics: frozenset          # "Mr.", "Dr."
    title_words: frozenset         # "President", "Sen."
    nationalities: MappingProxyType  # "Ukrainian" -> "Ukraine"
    starters: frozenset
    not_names: frozenset           # months, weekdays, "Christmas"
    joiners: frozenset             # "of"
    lower_title: re.Pattern        # "the Kremlin's chief negotiator " before a name
    org_words: re.Pattern          # "Council", "Ministry"


def _alternation(words) -> str:
    return "|".join(re.escape(w) for w in words) or r"(?!)"


@lru_cache(maxsize=8)
def _vocabulary(lexicon: Lexicon, sides: Sides) -> _Vocabulary:
    prefixes = _alternation((*lexicon.honorifics, *lexicon.title_abbreviations, *lexicon.name_abbreviations))
    lower = _alternation((*lexicon.name_particles, *lexicon.title_joiners))
    return _Vocabulary(
        re.compile(rf"(?<![\w’'])(?:(?:{prefixes})\.\s+)?"
                   rf"(?:[A-Z]\.|[A-Z][\w’'\-]*)(?:\s+(?:[A-Z]\.|[A-Z][\w’'\-]*|(?:{lower})(?!\w)))*"),
        frozenset(f"{w}." for w in lexicon.honorifics),
        frozenset((*lexicon.title_words, *(f"{w}." for w in lexicon.title_abbreviations))),
        sides.side_of, frozenset(lexicon.starters),
        frozenset((*lexicon.full_names("weekdays"), *lexicon.full_names("months"), *lexicon.not_names)),
        frozenset(lexicon.title_joiners),
        re.compile(rf"(?<![\w’'])((?:[A-Z][\w.\-]*(?:[’']s)?\s+)?"
                   rf"(?:(?!(?:{_alternation(lexicon.title_stop_words)})\s)[a-z][\w’'\-]*\s+){{0,2}}"
                   rf"(?:{_alternation(lexicon.role_nouns)}))"
                   r",?\s+$"),
        re.compile(rf"\b({_alternation(lexicon.organisation_words)})\b"))


def _split_title(tokens: list[str], vocab: _Vocabulary) -> tuple[list[str], list[str]]:
    """Leading title words ("Secretary of State", "Russian Foreign Minister") apart from the name.

    A nationality alone is not a title ("Saudi Arabia"), nor is a title that leaves only an
    institution word behind ("State Department").
    """
    cut = 0
    for i, token in enumerate(tokens):
        if token in vocab.title_words or token in vocab.nationalities or token in vocab.honorifics or (
                token in vocab.joiners and 0 < i < len(tokens) - 1):
            cut = i + 1
        else:
            break
    title, name = tokens[:cut], tokens[cut:]
    real_title = any(t in vocab.title_words or t in vocab.honorifics for t in title)
    if not real_title or (len(name) == 1 and vocab.org_words.search(name[0])):
        return [], tokens
    return title, name


class _Covered:
    """Spans of text known mentions cover, asked "does this span overlap one?" by binary search."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [s for s, _ in spans]
        self.reach = list(itertools.accumulate((e for _, e in spans), max))  # furthest end so far

    def overlaps(self, start: int, end: int) -> bool:
        before = bisect_left(self.starts, end)  # the spans starting before `end`
        return before > 0 and self.reach[before - 1] > start


def _candidates(text: str, covered: list[tuple[int, int]], vocab: _Vocabulary):
    """(name, title or '', start) for each capitalised name in a text outside known mentions."""
    known = _Covered(covered)
    for match in vocab.capitalised.finditer(text):
        start, end = match.span()
        if known.overlaps(start, end):
            continue
        tokens = match.group().split()
        while tokens and (tokens[0] in vocab.starters or tokens[0] in vocab.not_names):
            tokens.pop(0)
        while tokens and tokens[-1] in vocab.joiners:
            tokens.pop()
        title_tokens, name_tokens = _split_title(tokens, vocab)
        honorific = bool(title_tokens) and title_tokens[0] in vocab.honorifics
        if not name_tokens or any(t in vocab.not_names for t in name_tokens):
            continue
        if len(name_tokens) == 1 and not honorific and not title_tokens:
            continue
        if len(name_tokens) > 4 or any(t in vocab.starters for t in name_tokens):
            continue
        name = " ".join(name_tokens).rstrip(".,’'").removesuffix("’s").removesuffix("'s")
        title = " ".join(title_tokens)
        if not title:
            lower = vocab.lower_title.search(text[max(0, start - 60):start])
            title = lower.group(1) if lower else ""
        yield name, title, start


def discover_actors(articles: pd.DataFrame, mentions: pd.DataFrame | None = None, min_count: int = 2, *,
                    lexicon: Lexicon | None = None, sides: Sides | None = None) -> pd.DataFrame:
    """Names seen at least `min_count` times that no gazetteer entry covers, most frequent first:
    the names outside the articles' `mentions` (None: the pipeline finds them, bundled gazetteer);
    title words, starters and the like come from `lexicon`, nationality adjectives from `sides`
    (defaults: the bundled files)."""
    vocab = _vocabulary(lexicon or default_lexicon(), sides or default_sides())
    if mentions is None:
        from .pipeline import run
        from .resources import Resources

        options = {"discover": {"min_count": min_count}}
        return run(articles, Resources.load(), want=("discover",), config=options)["discover"]
    covered: dict[tuple[str, str], list] = defaultdict(list)
    for article_id, field, start, end in mentions[["article_id", "field", "start", "end"]].itertuples(index=False):
        covered[(article_id, str(field))].append((start, end))
    counts: Counter = Counter()
    seen_in: dict[str, set] = defaultdict(set)
    titles: dict[str, Counter] = defaultdict(Counter)
    dates: dict[str, list] = defaultdict(list)
    examples: dict[str, str] = {}
    for article in articles.itertuples(index=False):
        for field in ("title", "standfirst", "text"):
            text = getattr(article, field, "")
            if not text:
                continue
            for name, title, start in _candidates(text, covered.get((article.article_id, field), []), vocab):
                counts[name] += 1
                seen_in[name].add(article.article_id)
                if title:
                    titles[name][title] += 1
                if not pd.isna(article.published):
                    dates[name].append(article.published)
                if name not in examples:
                    examples[name] = _sentence_around(text, start)
    rows = []
    for name, count in counts.most_common():
        if count < min_count:
            continue
        seen_titles = titles[name]
        rows.append({
            "name": name, "count": count, "articles": len(seen_in[name]),
            "title": seen_titles.most_common(1)[0][0] if seen_titles else "",
            "titles": "; ".join(f"{t} ×{n}" for t, n in seen_titles.most_common()),
            "kind": _guess_kind(name, seen_titles, vocab), "side": _guess_side(seen_titles, vocab),
            "first_seen": min(dates[name]) if dates[name] else pd.NaT,
            "last_seen": max(dates[name]) if dates[name] else pd.NaT,
            "example": examples[name],
        })
    table = pd.DataFrame(rows, columns=DISCOVER_COLUMNS)
    return table.sort_values(["count", "name"], ascending=[False, True], ignore_index=True)


def _sentence_around(text: str, pos: int) -> str:
    """The first 240 characters of the sentence around `pos` (of the words before it, if far longer)."""
    floor = max(0, pos - MAX_SENTENCE)
    stop, line = text.rfind(". ", floor, pos), text.rfind("\n", floor, pos)
    if stop != -1 or line != -1:
        begin = max(stop + 2 if stop != -1 else 0, line + 1)
    elif floor == 0:
        begin = 0
    else:  # no sentence start in sight: the words before the name
        begin = max(floor, text.rfind(" ", floor, max(floor, pos - 120)) + 1)
    ceiling = min(len(text), begin + 2 * MAX_SENTENCE)
    end = min([i for i in (text.find(". ", pos, ceiling), text.find("\n", pos, ceiling)) if i != -1] or [ceiling])
    return text[begin:end + 1].strip()[:240]


def _guess_kind(name: str, titles: Counter, vocab: _Vocabulary) -> str:
    if vocab.org_words.search(name):
        return "organization"
    return "person" if titles else "person?"


def _guess_side(titles: Counter, vocab: _Vocabulary) -> str:
    sides = Counter()
    for title, n in titles.items():
        for word in title.replace("’s", "’s ").split():
            if word in vocab.nationalities:
                sides[vocab.nationalities[word]] += n
    return sides.most_common(1)[0][0] if sides else "Other"


def discovered_yaml(table: pd.DataFrame, actors=None) -> str:
    """Discovered names as gazetteer entries, a file that loads over `actors` (default: the bundled gazetteer).

    An entry whose name the gazetteer already has is left out (it would replace or clash with
    it); a person's surname is proposed as an alias only when no other entry, old or new, uses
    it and it is not a generic word ("War", "Sea"), a roman numeral or an ordinal.
    """
    known = _known_forms(as_gazetteer(actors))
    entries = [(str(row.name).strip(), row) for row in table.itertuples(index=False)]
    skipped = [name for name, _ in entries if name in known]
    entries = [(name, row) for name, row in entries if name and name not in known]
    surnames = Counter(_surname(name, row.kind) for name, row in entries)
    taken = known | {name for name, _ in entries}
    lines = ["# Names found in the corpus that the gazetteer does not know; check kind and side.",
             "version: 1", "actors:"]
    if skipped:
        lines.insert(1, "# Left out, the gazetteer already has them: " + _comment(", ".join(skipped)))
    for name, row in entries:
        surname = _surname(name, row.kind)
        aliases = [surname] if surname and surnames[surname] == 1 and surname not in taken \
            and not _generic(surname) else []
        kind = str(row.kind).rstrip("?")
        guessed = kind != row.kind or kind not in KINDS
        side = " ".join(str(row.side).split()) or "Other"
        lines.append(f"  - name: {_scalar(name)}")
        lines.append(f"    kind: {kind if kind in KINDS else 'person'}" + ("  # guessed" if guessed else ""))
        lines.append(f"    side: {_scalar(side)}" + ("  # guessed from titles" if row.titles else "  # unknown"))
        lines.append(f"    aliases: [{', '.join(_scalar(a) for a in aliases)}]")
        seen = f"seen {row.count} times in {row.articles} articles"
        if row.titles:
            seen += f"; titles: {row.titles}"
        lines.append(f"    # {_comment(seen)}")
    return "\n".join(lines) + "\n"


def _surname(name: str, kind: str) -> str:
    """The last word of a person's name of several words, else ''."""
    words = name.split()
    return words[-1] if str(kind).startswith("person") and len(words) > 1 else ""


def _known_forms(gazetteer: Gazetteer) -> set[str]:
    """Every name, alias, acronym and title variant of a gazetteer: no new entry may reuse one."""
    forms = {form for a in gazetteer.actors for form in (a.name, *a.aliases, *a.acronyms)}
    forms.update(v for role in gazetteer.roles.values() for title in role.titles for v in title_variants(title))
    return forms


_ROMAN = re.compile(r"M{0,4}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})")
_ORDINAL = re.compile(r"\d+(?:st|nd|rd|th)|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)-?)?"
                      r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|"
                      r"(?:thir|four|fif|six|seven|eigh|nine)teenth|twentieth|thirtieth|hundredth|thousandth)", re.I)


def _generic(word: str) -> bool:
    """A word that names no one on its own: in data/generic_words.yml, a roman numeral or an ordinal."""
    return word in _generic_words() or bool(_ROMAN.fullmatch(word) or _ORDINAL.fullmatch(word)) \
        or not any(c.isalpha() for c in word)


@lru_cache(maxsize=1)
def _generic_words() -> frozenset[str]:
    return frozenset(load_words(GENERIC_WORDS))


def _comment(text: str) -> str:
    """`text` on one line of printable characters, fit for a YAML comment."""
    return " ".join("".join(c if c.isprintable() else " " for c in text).split())


def _scalar(value: str) -> str:
    """`value` as a one-line YAML scalar (quoted where YAML would read it as something else)."""
    return yaml.safe_dump([value], default_flow_style=True, allow_unicode=True, width=10**9).strip()[1:-1]
