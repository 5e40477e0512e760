"""What extraction reads besides the articles: the gazetteer (with its compiled matcher), the event
cues, the places, the lexicon and the sides, loaded once into one immutable `Resources` and passed to the
pipeline, so no extractor loads or caches anything of its own."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .gazetteer import Gazetteer, load_gazetteer
from .lexicon import Lexicon, default_lexicon, load_lexicon
from .mentions import Matcher
from .milestones import Cues, Places, load_cues, load_places
from .sides import Sides, default_sides, load_sides


def _paths(files) -> tuple[str, ...]:
    """One path or many (None: none) as a tuple of strings."""
    if files is None:
        return ()
    if isinstance(files, (str, Path)):
        files = [files]
    return tuple(str(f) for f in files if f)


@dataclass(frozen=True, eq=False)
class Resources:
    """The extraction resources of one run (or one ingest). `cue_files` and `place_files` name the
    user's files laid over the bundled ones, for the fingerprint; `matcher` is the gazetteer
    compiled once here, never changed, rebuilt where a pickled copy arrives (a Dask worker)."""

    gazetteer: Gazetteer
    cues: Cues = field(default_factory=load_cues)
    places: Places = field(default_factory=load_places)
    lexicon: Lexicon = field(default_factory=default_lexicon)
    sides: Sides = field(default_factory=default_sides)
    cue_files: tuple[str, ...] = ()
    place_files: tuple[str, ...] = ()
    matcher: Matcher = field(init=False, repr=False)

    def __post_init__(self):
        object.__setattr__(self, "matcher", Matcher(self.gazetteer))

    @classmethod
    def load(cls, actors_files: Iterable | str | Path | None = (), cue_files: Iterable | str | Path | None = (),
             place_files: Iterable | str | Path | None = (), lexicon_file: str | Path | None = None,
             sides_file: str | Path | None = None) -> Resources:
        """The bundled gazetteer, cues and places with the user's files laid over each, in order, and
        the bundled lexicon and sides unless a file replaces them; GazetteerError, DataFileError,
        LexiconError or SidesError naming the file for one that cannot be used."""
        cue_files, place_files = _paths(cue_files), _paths(place_files)
        return cls(load_gazetteer(*_paths(actors_files)), load_cues(*cue_files), load_places(*place_files),
                   load_lexicon(lexicon_file) if lexicon_file else default_lexicon(),
                   load_sides(sides_file) if sides_file else default_sides(),
                   cue_files=cue_files, place_files=place_files)

    @property
    def states(self) -> frozenset:
        """The gazetteer's states, by canonical name."""
        return frozenset(a.name for a in self.gazetteer.actors if a.kind == "state")

    def fingerprint(self) -> str:
        """The store's extractor fingerprint of these resources (see `analysis.store`)."""
        from .store import extractor_fingerprint

        return extractor_fingerprint(self.gazetteer, self.cue_files, self.place_files)

    def __getstate__(self) -> dict:
        """Pickled without the matcher (its automata do not pickle); the copy compiles its own."""
        state = dict(self.__dict__)
        del state["matcher"]
        return state

    def __setstate__(self, state: dict) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
        self.__post_init__()
