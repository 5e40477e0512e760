"""The article index (id, content hash, month, extractor, same-text key and file of every stored
article) and the policy it serves: whether a loaded article is new, a change, unchanged, the same
article again, a copy under another URL, or a different article under an id already taken.

One article, one id. An id the store already holds names the same article only when it comes
with the same URL, or, for an article without one, from the same file: then new content is a
change. A different article with an id already taken (a URL-less piece with the same source, day
and title, in this ingest or stored from another file) is a clash: it is not stored, and the load
report names its file, the other one and why.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from ..load import LoadReport, Problem
from ..load.fields import digest
from .manifest import StoreError
from .parts import read_parquet, write_parquet

INDEX_COLUMNS = ("article_id", "content_hash", "month", "extractor", "text_key", "path", "position")
FRESH_COLUMNS = [c for c in INDEX_COLUMNS if c != "extractor"]  # what an ingest learns of a new article


def content_hash(articles: pd.DataFrame) -> pd.Series:
    """A short hash of what an article says: title, standfirst, text, source, author, date."""
    parts = ["title", "standfirst", "text", "source", "author"]
    if articles.empty:
        return pd.Series(dtype="str", index=articles.index)
    # an undated article's NaT becomes a missing value under astype(str), not the text "NaT"
    published = articles["published"].astype(str).fillna("NaT")
    columns = [articles[c].astype(str).tolist() for c in parts] + [published.tolist()]
    return pd.Series([digest(*row) for row in zip(*columns)], index=articles.index, dtype="str")


def month_of(published: pd.Series) -> pd.Series:
    """The month partition of each article: YYYY-MM, or "undated"."""
    return published.dt.strftime("%Y-%m").fillna("undated")


def member(ids: pd.Series, keys) -> pd.Series:
    """ids.isin(keys) for a large set or dict: pandas would copy a million keys into an array per call."""
    return pd.Series([i in keys for i in ids.tolist()], index=ids.index, dtype=bool)


def read_index(root: Path, manifest: dict) -> pd.DataFrame:
    """The committed index of `manifest` (no rows for a store with nothing stored)."""
    if not manifest["index"]:
        return pd.DataFrame({c: pd.Series(dtype="str") for c in INDEX_COLUMNS})
    index = read_parquet(root, manifest["index"])
    missing = [c for c in INDEX_COLUMNS[:4] if c not in index]
    if missing:
        raise StoreError(f"{root / manifest['index']}: not an index of this store (no column "
                         f"{', '.join(missing)})")
    for column, missing in (("text_key", None), ("path", None), ("position", 0)):  # stores from before
        if column not in index:
            index[column] = missing
    return index


def position_in_file(loaded: pd.DataFrame) -> pd.Series:
    """Each loaded article's place among the articles of its file, as the loader read them."""
    return loaded.groupby("path", sort=False).cumcount()


def _file_key(path: str) -> tuple:
    """A file's place in the loader's order: folders sorted as paths, a zip's members by name."""
    outer, _, member = path.partition("!")
    return outer.split("/"), member


def load_order(index: pd.DataFrame) -> pd.Series:
    """article_id -> its rank in the order the loader gives the stored articles: by file (as
    it sorts the files of a folder), then by position in the file."""
    paths = [p if isinstance(p, str) else "" for p in index["path"].tolist()]  # no path: a store from before
    file_rank = pd.Categorical(paths, categories=sorted(set(paths), key=_file_key)).codes
    order = np.lexsort((index["position"].fillna(0).to_numpy(dtype="int64"), file_rank))
    rank = np.empty(len(order), dtype="int64")
    rank[order] = np.arange(len(order))
    return pd.Series(rank, index=index["article_id"].to_numpy())


def in_load_order(frame: pd.DataFrame, index: pd.DataFrame) -> pd.DataFrame:
    """`frame`'s rows by their article's rank in the loader's order, each article's rows in the
    order stored (the extractor's); files and a store then give the same tables, row for row."""
    if len(frame) < 2:
        return frame.reset_index(drop=True)
    rank = frame["article_id"].map(load_order(index)).to_numpy()
    return frame.iloc[np.argsort(rank, kind="stable")].reset_index(drop=True)


def write_index(root: Path, index: pd.DataFrame) -> str:
    """`index` as a new file under index/; its path relative to the store."""
    relative = f"index/index-{uuid.uuid4().hex}.parquet"
    write_parquet(root, relative, index[list(INDEX_COLUMNS)])
    return relative


COMPLETING = ("standfirst", "source", "author", "dateline", "url", "published", "text", "n_words")
_EMPTY_ALLOWED = ("standfirst", "source", "author", "dateline", "url", "published")  # what a duplicate may fill


def _given(value) -> bool:
    return not (value is None or value is pd.NaT or (isinstance(value, float) and value != value) or value == "")


def _held(loaded: pd.DataFrame) -> list[tuple[frozenset, int]]:
    """(the fields it lacks that a duplicate may fill, its length in words) of each loaded article."""
    lacking = pd.DataFrame({f: loaded[f].isna() | (loaded[f] == "") if f != "published" else loaded[f].isna()
                            for f in _EMPTY_ALLOWED}, index=loaded.index)
    shared: dict[tuple, frozenset] = {}
    held = []
    for flags, words in zip(map(tuple, lacking.to_numpy().tolist()), loaded["n_words"].tolist()):
        if flags not in shared:
            shared[flags] = frozenset(f for f, lacks in zip(_EMPTY_ALLOWED, flags) if lacks)
        held.append((shared[flags], words))
    return held


def _keyed(loaded: pd.DataFrame) -> list[str]:
    """What gives each loaded row an id as stable as the article ("URL", "document id": a change of
    it is a new version, not a clash), or "" for an id made from source, day and title."""
    by_document = loaded["by_document"].tolist() if "by_document" in loaded else [False] * len(loaded)
    return ["URL" if url else "document id" if doc else "" for url, doc in zip(loaded["url"].tolist(), by_document)]


@dataclass
class Verdict:
    """What the policy made of one loaded shard."""
    fresh: pd.DataFrame  # new and changed articles: to store
    admitted: int  # articles stored or found unchanged (not a duplicate, copy or clash)
    dropped: int  # duplicates, copies and clashes
    copies: int
    new: int
    changed: int
    unchanged: int


class Policy:
    """The dedupe and clash policy of one ingest, over the stored index and what it took so far."""

    def __init__(self, index: pd.DataFrame, load_report: LoadReport, dedupe: bool = True):
        self.index, self.load_report, self.dedupe = index, load_report, dedupe
        ids = index["article_id"].tolist()
        self.known = dict(zip(ids, index["content_hash"].tolist()))
        self.key_of = {a: k for a, k in zip(ids, index["text_key"].tolist()) if isinstance(k, str)}
        self.owner_of = {k: a for a, k in self.key_of.items()}  # same-text key -> the article stored with it
        self.taken: dict[str, tuple] = {}  # id -> (path, text key, what it lacks, words) of what this run took
        self.fills: dict[str, list[dict]] = {}  # id taken -> the later duplicates that may complete it
        self.clashes = 0
        self.clashed_files: set[str] = set()
        self.superseded: set[str] = set()  # stored ids a changed one-article file now gives another id
        self._ids_by_path: dict[str, list[str]] | None = None

    def judge(self, loaded: pd.DataFrame) -> Verdict:
        """Sort one loaded shard (with content_hash and month) into what to store and what not."""
        count = len(loaded)
        loaded = loaded[self.admit(loaded)]
        copies = 0
        if self.dedupe:
            original = self.not_copies(loaded)
            copies = int((~original).sum())
            loaded = loaded[original]
        is_new = ~member(loaded["article_id"], self.known)
        stored_hash = pd.Series([self.known.get(i) for i in loaded["article_id"].tolist()], index=loaded.index)
        changed = ~is_new & (loaded["content_hash"] != stored_hash)
        renamed = self.renamed(loaded[is_new])
        return Verdict(fresh=loaded[is_new | changed], admitted=len(loaded), dropped=count - len(loaded),
                       copies=copies, new=int(is_new.sum()) - renamed, changed=int(changed.sum()) + renamed,
                       unchanged=int((~is_new & ~changed).sum()))

    def admit(self, loaded: pd.DataFrame) -> pd.Series:
        """False for a row the store cannot take under its id. A second row with an id this run
        took already is a duplicate if it has the first one's URL or title and text, else a clash;
        an article whose id comes from its source, day and title (no URL, no document id) that a
        stored article from another file has, with other content, is a clash too (a change is the
        same URL or document id, or the same file)."""
        stored_path = self._stored_paths_of_changed(loaded)
        keep = []
        for label, aid, url, path, key, held in zip(loaded.index, loaded["article_id"].tolist(), _keyed(loaded),
                                                    loaded["path"].tolist(), loaded["text_key"].tolist(), _held(loaded)):
            first = self.taken.get(aid)
            if first is not None:
                if url or (isinstance(key, str) and key == first[1]):
                    self.load_report.duplicates.append(Problem(path, f"duplicate of {first[0]} (same "
                                                                     f"{url or 'title and text'})"))
                    self._completes(aid, loaded.loc[label])
                else:
                    self._clash(path, aid, first[0], "read")
                keep.append(False)
                continue
            other = stored_path.get(aid)
            if other is not None and other != path:
                self._clash(path, aid, other, "stored")
                keep.append(False)
                continue
            self.taken[aid] = (path, key, *held)
            keep.append(True)
        return pd.Series(keep, index=loaded.index, dtype=bool)

    def _stored_paths_of_changed(self, loaded: pd.DataFrame) -> dict[str, str]:
        """id -> stored file, for the URL-less rows whose id is stored with other content."""
        stored = [self.known.get(i) for i in loaded["article_id"].tolist()]
        candidates = {aid for aid, url, old, new in zip(loaded["article_id"].tolist(), _keyed(loaded),
                                                        stored, loaded["content_hash"].tolist())
                      if old is not None and old != new and not url}
        if not candidates:
            return {}
        rows = self.index[member(self.index["article_id"], candidates)]
        return {a: p for a, p in zip(rows["article_id"].tolist(), rows["path"].tolist()) if isinstance(p, str)}

    def _clash(self, path: str, article_id: str, other: str, how: str) -> None:
        self.clashes += 1
        self.clashed_files.add(path.split("!", 1)[0])
        self.load_report.skipped.append(Problem(path, (
            f"not stored: a different article with the same id {article_id} (same source, day and "
            f"title, no URL) was {how} from {other}")))

    def not_copies(self, loaded: pd.DataFrame) -> pd.Series:
        """False for an article whose title and text a stored (or just read) article under another
        URL has; the rest claim their keys (a changed article gives up its old one)."""
        keep = []
        key_of, owner_of = self.key_of, self.owner_of
        for label, article_id, key, path in zip(loaded.index, loaded["article_id"].tolist(),
                                                loaded["text_key"].tolist(), loaded["path"].tolist()):
            owner = owner_of.get(key) if isinstance(key, str) else None
            if owner is not None and owner != article_id:
                self.load_report.duplicates.append(
                    Problem(path, f"duplicate of stored article {owner} (same title and text)"))
                if owner in self.taken:
                    self._completes(owner, loaded.loc[label])
                keep.append(False)
                continue
            old = key_of.get(article_id)
            if old is not None and old != key and owner_of.get(old) == article_id:
                del owner_of[old]
            if isinstance(key, str):
                owner_of[key], key_of[article_id] = article_id, key
            keep.append(True)
        return pd.Series(keep, index=loaded.index, dtype=bool)

    def _completes(self, aid: str, duplicate: pd.Series) -> None:
        """Keep `duplicate` of the article taken under `aid` if it can give what that one lacks (an
        empty field, a date, a longer text): the loader completes a kept copy from the ones it drops."""
        if not self.dedupe:  # the loader completes nothing either
            return
        path, key, lacks, words = self.taken[aid]
        gives = {f for f in lacks if _given(duplicate[f])}
        longer = duplicate["n_words"] > words
        if gives or longer:
            self.fills.setdefault(aid, []).append({f: duplicate[f] for f in COMPLETING})
            self.taken[aid] = (path, key, lacks - gives, max(words, duplicate["n_words"]))

    def renamed(self, new: pd.DataFrame) -> int:
        """New ids that are a stored article changed: a file that held one stored article and now
        gives one article under another id (a URL-less article whose title or opening was edited).
        The stored one is superseded; returns how many were."""
        if new.empty:
            return 0
        if self._ids_by_path is None:
            self._ids_by_path = {}
            for aid, path in zip(self.index["article_id"].tolist(), self.index["path"].tolist()):
                if isinstance(path, str):
                    self._ids_by_path.setdefault(path, []).append(aid)
        per_file = new["path"].value_counts()
        count = 0
        for aid, path in zip(new["article_id"].tolist(), new["path"].tolist()):
            stored = self._ids_by_path.get(path, [])
            if per_file[path] == 1 and len(stored) == 1 and stored[0] != aid and stored[0] not in self.taken:
                self.superseded.add(stored[0])
                count += 1
        return count
