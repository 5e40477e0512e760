"""One article, one id in the store: a different article under an id already taken (in the same
shard, another shard, or stored by an earlier ingest) is reported and not stored, never merged
with the first or passed off as its new version; the same article twice is a duplicate."""
import json

import pandas as pd
import pytest

import analysis.store.engines
from analysis.load import load_articles
from analysis.load.fields import digest, fold
from analysis.store import Store, extract_chunk

RIYADH = "Lavrov said in Riyadh on Tuesday that the talks had been useful."
KYIV = "Zelenskiy said on Tuesday that he would not accept a deal made without him."


@pytest.fixture(autouse=True)
def ids_from_source_day_and_title(monkeypatch):
    """Give URL-less articles the id of source, day and title alone, whatever the loader does, so
    that two pieces both titled "CNN —" on one day collide as they do with such ids."""
    real = analysis.store.engines.load_articles

    def loader(paths, **options):
        frame = real(paths, **options)
        frame["article_id"] = [
            digest("url", url) if url else digest("sdt", fold(source), f"{day:%Y-%m-%d}", fold(title))
            for url, source, day, title in zip(frame["url"], frame["source"], frame["published"], frame["title"])]
        return frame

    monkeypatch.setattr(analysis.store.engines, "load_articles", loader)


def clip(folder, name, text, title="CNN —"):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"{title}\n\n{text}\n", encoding="utf-8")
    return str(path)


def actors(store):
    return set(store.table("mentions")["actor"].astype(str))


def test_two_articles_with_one_id_in_one_shard(tmp_path):
    one = clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH)
    two = clip(tmp_path / "in", "2025-02-18_two.txt", KYIV)
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "in")  # was InvalidIndexError: two rows with one id in a chunk
    assert (report.new, report.clashes, report.loaded) == (1, 1, 1)
    (problem,) = report.skipped
    assert problem.path == two and one in problem.reason and "different article" in problem.reason
    stored = store.articles(columns=["text", "path"])
    assert stored["path"].tolist() == [one] and stored["text"].str.contains("Riyadh").all()
    assert actors(store) == {"Sergei Lavrov"}  # nothing of the other article merged in
    assert "loaded 1 article from 2 files; skipped 1:" in report.load_summary


def test_two_articles_with_one_id_in_two_shards(tmp_path):
    one = clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH)
    two = clip(tmp_path / "in", "2025-02-18_two.txt", KYIV)
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "in", files_per_shard=1)
    assert (report.new, report.clashes) == (1, 1)  # the second no longer vanishes without a word
    (problem,) = report.skipped
    assert problem.path == two and f"was read from {one}" in problem.reason
    assert store.articles()["path"].tolist() == [one] and actors(store) == {"Sergei Lavrov"}


def test_an_article_with_the_id_of_a_stored_one_from_another_file(tmp_path):
    one = clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH)
    store = Store(tmp_path / "store")
    store.ingest(tmp_path / "in")
    two = clip(tmp_path / "in", "2025-02-18_two.txt", KYIV)
    report = store.ingest(tmp_path / "in")
    assert (report.changed, report.new, report.clashes) == (0, 0, 1)  # was: 1 changed, A replaced by B
    (problem,) = report.skipped
    assert problem.path == two and f"was stored from {one}" in problem.reason
    assert store.articles()["path"].tolist() == [one] and actors(store) == {"Sergei Lavrov"}
    # the clashing file is read again next time (and reported again); the stored one is not
    again = store.ingest(tmp_path / "in")
    assert (again.files_unchanged, again.clashes, [p.path for p in again.skipped]) == (1, 1, [two])
    # a change of the stored article's own file is still a change
    clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH + " Rubio agreed.")
    changed = store.ingest(tmp_path / "in")
    assert (changed.changed, changed.clashes) == (1, 1)
    assert actors(store) == {"Sergei Lavrov", "Marco Rubio"} and len(store.articles()) == 1


def test_two_records_with_one_id_in_one_file(tmp_path):
    feed = tmp_path / "in" / "wire.jsonl"
    feed.parent.mkdir()
    records = [{"title": "CNN —", "text": text, "date": "2025-02-18"} for text in (RIYADH, KYIV)]
    feed.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "in")
    assert (report.new, report.clashes) == (1, 1)
    assert f"was read from {feed}" in report.skipped[0].reason
    assert store.index()["article_id"].is_unique and actors(store) == {"Sergei Lavrov"}


def test_the_same_article_twice_across_shards_is_a_duplicate_not_a_silent_drop(tmp_path):
    clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH)
    clip(tmp_path / "in", "2025-02-18_saved-again.txt", RIYADH)
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "in", files_per_shard=1)
    assert (report.new, report.clashes, report.skipped) == (1, 0, [])
    (duplicate,) = report.duplicates
    assert duplicate.path.endswith("saved-again.txt") and duplicate.reason.endswith("one.txt (same title and text)")
    assert "1 duplicate dropped" in report.load_summary


def _wire(path, text, url="https://wire.example/talks"):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({"title": "Talks in Riyadh", "text": text, "date": "2025-02-18",
                                "url": url}) + "\n", encoding="utf-8")


def test_the_same_url_in_two_shards_is_a_duplicate_of_the_first(tmp_path):
    _wire(tmp_path / "in" / "a.jsonl", RIYADH)
    _wire(tmp_path / "in" / "b.jsonl", RIYADH + " Rubio agreed.")  # a later fetch of the same URL
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "in", files_per_shard=1)
    assert (report.new, report.clashes, report.loaded) == (1, 0, 1)
    assert [str(d) for d in report.duplicates] == [f"{tmp_path / 'in' / 'b.jsonl'}: duplicate of "
                                                   f"{tmp_path / 'in' / 'a.jsonl'} (same URL)"]
    # in a later ingest the same URL with a new text is that article, changed
    _wire(tmp_path / "in" / "c.jsonl", KYIV)
    later = store.ingest(tmp_path / "in", files_per_shard=1)
    assert (later.changed, later.clashes) == (1, 0) and actors(store) == {"Volodymyr Zelenskiy"}


def test_extract_chunk_refuses_two_rows_with_one_id(tmp_path):
    clip(tmp_path / "in", "2025-02-18_one.txt", RIYADH)
    articles = load_articles(tmp_path / "in")
    chunk = pd.concat([articles, articles], ignore_index=True).assign(content_hash="h", month="2025-02")
    with pytest.raises(ValueError, match=f"article_id {articles['article_id'][0]} is in the chunk twice"):
        extract_chunk(chunk, None, "fp")
