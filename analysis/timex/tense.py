"""The tense of the clause around an expression, from the cues of tense.yml: the cue nearest the
expression decides whether "on Friday" looks forward (future) or back (past)."""
from __future__ import annotations

import re
from dataclasses import dataclass

from ..text import index_of, sentence_starts

_PENALTY_AFTER = 40  # a past participle after the expression is as often an adjective as a verb
_NEAR, _FAR = 120, 240  # characters before the expression where its tense is sought first, then next


@dataclass(frozen=True)
class TenseCues:
    """The compiled cues of one language (tense.yml)."""

    future: re.Pattern
    strong_future: re.Pattern
    attribution: re.Pattern
    past_auxiliary: re.Pattern
    past: re.Pattern


class Clauses:
    """The tense of clauses in one text; sentence boundaries are found on first use."""

    def __init__(self, text: str, cues: TenseCues):
        self.text, self.cues = text, cues
        self._sentences: list[int] | None = None

    def future(self, start: int, end: int, strong: bool = False) -> bool | None:
        """True for a future clause, False for a past one, None when the clause shows neither.

        The cue nearest the expression decides: an auxiliary ("will", "were", "since") or a verb in
        the past tense ("met", "signed"; not a participle after "be": "will be held"). With `strong`,
        only unmistakable future cues ("will", "is due to", "next") count.
        """
        for reach in (_NEAR, _FAR):  # a long clause: "X will hold talks in ... with ... on Thursday"
            before, after = self._clause(start, end, reach)
            tense = self._tense(before, after, strong)
            if tense is not None:
                return tense
        return None

    def _tense(self, before: str, after: str, strong: bool) -> bool | None:
        cues = self.cues
        fut = _nearest(cues.strong_future if strong else cues.future, before, after, 0)
        past, weak = _nearest(cues.past_auxiliary, before, after, 0), _nearest(cues.past, before, after, _PENALTY_AFTER)
        found = [(d, is_future) for d, is_future in ((fut, True), (past, False), (weak, False)) if d is not None]
        return min(found)[1] if found else None

    def _clause(self, start: int, end: int, reach: int = 120) -> tuple[str, str]:
        """The text of the expression's clause before and after it (at most `reach` and 80
        characters, within its sentence and line, and not past an attribution: ", officials said on
        Sunday")."""
        text = self.text
        if self._sentences is None:
            self._sentences = sentence_starts(text)
        i = index_of(self._sentences, start)
        sentence_start = self._sentences[i] if i >= 0 else 0
        sentence_end = self._sentences[i + 1] if i + 1 < len(self._sentences) else len(text)
        left = max(sentence_start, text.rfind("\n", max(0, start - reach), start) + 1, start - reach)
        line_end = text.find("\n", end, end + 80)
        right = min(sentence_end, end + 80, line_end if line_end != -1 else len(text))
        before, after = text[left:start], text[end:right]
        attribution = self.cues.attribution.match(after)
        if attribution:  # it says when it was said, not when it happens
            after = after[:attribution.start(1)]
        return before, after


def _nearest(pattern: re.Pattern, before: str, after: str, penalty_after: int) -> int | None:
    """The distance from the expression to the nearest cue, before or (with a penalty) after it."""
    distances = [len(before) - m.end() for m in pattern.finditer(before)]
    distances += [m.start() + 1 + penalty_after for m in pattern.finditer(after)]
    return min(distances) if distances else None
