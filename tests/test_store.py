"""The Parquet corpus store: incremental ingest, re-extraction, interruption, locking, and reports
that read it without the articles' text."""
import os
import shutil
import subprocess
import sys

import pandas as pd
import pytest

from analysis import Resources, find_mentions, load_articles, notebook, run
from analysis.gazetteer import load_gazetteer
from analysis.store import Store

from conftest import PROJECT_ROOT, SAMPLE


@pytest.fixture
def corpus(tmp_path):
    """The sample without broken/ (whose bad-line.jsonl holds two good articles): 48 articles."""
    target = tmp_path / "corpus"
    shutil.copytree(SAMPLE, target, ignore=shutil.ignore_patterns("broken"))
    return target


def test_ingest_then_reingest_adds_nothing(tmp_path, corpus):
    store = Store(tmp_path / "store")
    first = store.ingest(corpus)
    assert (first.loaded, first.new, first.changed, first.unchanged) == (48, 48, 0, 0)
    files = sorted(p for p in (tmp_path / "store").rglob("*.parquet"))
    again = store.ingest(corpus)
    assert (again.loaded, again.new, again.changed, again.re_extracted) == (0, 0, 0, 0)
    assert again.files_unchanged == 31  # not even read: same size and modification time
    touched = corpus / "wire.jsonl"
    os.utime(touched, ns=(touched.stat().st_atime_ns, touched.stat().st_mtime_ns + 10**9))
    reread = store.ingest(corpus)
    assert (reread.loaded, reread.new, reread.unchanged, reread.files_unchanged) == (7, 0, 7, 30)
    assert sorted(p for p in (tmp_path / "store").rglob("*.parquet")) == files
    articles = load_articles(corpus)
    computed = run(articles, Resources.load(), want=("mentions", "quotes", "milestones"))
    assert len(store.articles()) == 48
    for name, table in computed.items():
        assert len(store.table(name)) == len(table), name
    months = {p.parent.name for p in (tmp_path / "store" / "articles").rglob("*.parquet")}
    assert "month=2025-02" in months and "month=2022-03" in months


def test_reads_only_the_columns_and_months_asked_for(tmp_path, corpus):
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    slim = store.articles(columns=["title"], start="2025-02-01", end="2025-02-28")
    assert list(slim.columns) == ["article_id", "title", "published"]
    assert len(slim) == 7 and slim["published"].dt.strftime("%Y-%m").eq("2025-02").all()


def test_a_changed_article_replaces_its_old_version(tmp_path, corpus):
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    clip = corpus / "clippings" / "2025-02-18_riyadh-talks.txt"
    clip.write_text(clip.read_text().replace("Lavrov said the conversation had been useful.",
                                             "Lavrov said the conversation had been useful, and Medinsky agreed."))
    report = store.ingest(corpus)
    assert (report.new, report.changed, report.unchanged, report.files_unchanged) == (0, 1, 0, 30)
    (article_id,) = load_articles(clip)["article_id"]
    texts = store.articles(columns=["text"])
    assert texts.loc[texts["article_id"] == article_id, "text"].str.contains("Medinsky agreed").all()
    assert len(texts) == 48
    mentions = store.table("mentions", article_ids=[article_id])
    assert "Vladimir Medinsky" in set(mentions["actor"].astype(str))
    assert mentions.duplicated(["field", "start"]).sum() == 0  # no rows of the old version left


def test_a_new_gazetteer_re_extracts_what_is_stored(tmp_path, corpus):
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    mine = tmp_path / "mine.yml"
    mine.write_text("actors:\n  - {name: Dolmabahce Palace Office, kind: institution, side: Turkey, "
                    "aliases: [Dolmabahçe Palace]}\n")
    report = store.ingest(corpus, actors=load_gazetteer(mine))
    assert report.re_extracted == 48 and report.new == 0
    assert "Dolmabahce Palace Office" in set(store.table("mentions")["actor"].astype(str))
    assert store.ingest(corpus, actors=load_gazetteer(mine)).re_extracted == 0


def test_an_interrupted_ingest_leaves_the_store_readable_and_the_next_one_completes(tmp_path, corpus, monkeypatch):
    store = Store(tmp_path / "store")
    store.ingest(corpus / "clippings")
    before = len(store.articles())

    def crash(manifest):
        raise KeyboardInterrupt("power cut")

    monkeypatch.setattr(Store, "_commit", lambda self, manifest: crash(manifest))
    with pytest.raises(KeyboardInterrupt):
        store.ingest(corpus)
    monkeypatch.undo()
    assert len(store.articles()) == before == 13
    report = store.ingest(corpus)
    assert report.new == 48 - 13 and len(store.articles()) == 48
    listed = {p["file"] for parts in store.manifest["parts"].values() for p in parts} | {store.manifest["index"]}
    on_disk = {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")}
    assert on_disk == listed  # the crashed run's files were cleaned up


def test_two_ingests_at_once_the_second_refuses(tmp_path, corpus):
    store = Store(tmp_path / "store")
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    with store._lock():
        result = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--store", str(store.root)],
                                capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)
    assert result.returncode == 3 and "an ingest is running (pid " in result.stderr
    assert not store.manifest["index"]


def test_a_report_reads_the_store_like_the_raw_files(tmp_path, corpus):
    Store(tmp_path / "store").ingest(corpus)  # two shards: the Istanbul dateline of a feed item comes from the second
    from_store = notebook.start(str(tmp_path / "store"), start="2025-01-01")
    from_files = notebook.start(str(corpus), start="2025-01-01")
    assert "text" not in from_store.articles.columns
    pd.testing.assert_frame_equal(from_store.articles, from_files.articles[from_store.articles.columns])
    for name in ("mentions", "quotes", "milestones", "events"):  # values, order and dtypes
        assert len(getattr(from_files, name)) > 0, name
        pd.testing.assert_frame_equal(getattr(from_store, name), getattr(from_files, name), obj=name)
    assert from_store.new_actors() == from_files.new_actors()
    with pytest.raises(ValueError, match="parameter actors_file"):
        notebook.start(str(tmp_path / "store"), actors_file=str(PROJECT_ROOT / "tests" / "data" / "mini_actors.yml"))


@pytest.mark.slow
def test_report_command_on_a_store(tmp_path, corpus):
    import json

    from analysis.reports import run_report
    Store(tmp_path / "store").ingest(corpus)
    page, (result,) = run_report({"corpus": str(tmp_path / "store")}, notebooks=["actor_mentions"], out=tmp_path / "out")
    assert result.status == "ok", result.error
    values = json.loads((page.parent / "actor_mentions" / "values.json").read_text())
    assert values["mentions"] == len(find_mentions(load_articles(corpus))) and values["top_actor"] == "Ukraine"


@pytest.mark.slow
def test_dask_path_gives_exactly_what_the_pandas_path_gives(tmp_path, corpus):
    from analysis.scale import dask_client

    plain, distributed = Store(tmp_path / "plain"), Store(tmp_path / "dask")
    plain.ingest(corpus, chunk_size=7)
    with dask_client(workers=2) as client:
        assert len(client.scheduler_info()["workers"]) == 2
        assert client.scheduler.address.startswith("tcp://127.0.0.1:")
        report = distributed.ingest(corpus, client=client, chunk_size=7)
    assert report.new == 48
    pd.testing.assert_frame_equal(plain.articles(), distributed.articles(), obj="articles")
    for name in ("mentions", "quotes", "milestones"):  # the same rows in the same order, the same dtypes
        pd.testing.assert_frame_equal(plain.table(name), distributed.table(name), obj=name)


@pytest.mark.slow
def test_ingest_command_with_the_dask_engine(tmp_path, corpus):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    result = subprocess.run([sys.executable, "-m", "analysis", "ingest", str(corpus), "--store", str(tmp_path / "s"),
                             "--engine", "dask", "--workers", "2"], capture_output=True, text=True, env=env,
                            cwd=PROJECT_ROOT, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "48 new" in result.stderr and len(Store(tmp_path / "s").articles()) == 48


def _everything(store):
    """Every table of a store, sorted, for comparing two states of it."""
    tables = {"articles": store.articles()}
    tables.update({name: store.table(name) for name in ("mentions", "quotes", "milestones")})
    for name, frame in tables.items():
        frame = frame.astype({c: str for c in frame.columns if isinstance(frame[c].dtype, pd.CategoricalDtype)})
        keys = [c for c in ("article_id", "field", "start", "end", "actor") if c in frame]
        tables[name] = frame[sorted(frame.columns)].sort_values(keys).reset_index(drop=True)
    return tables


def test_compaction_drops_superseded_rows_and_keeps_what_readers_see(tmp_path, corpus):
    store = Store(tmp_path / "store")
    store.ingest(corpus / "clippings")
    store.ingest(corpus)  # a second batch of files in the same months
    clip = corpus / "clippings" / "2025-02-18_riyadh-talks.txt"
    clip.write_text(clip.read_text().replace("Lavrov said the conversation had been useful.",
                                             "Lavrov said the talks had been useful."))
    store.ingest(corpus)  # one article changed: its old rows stay behind
    mine = tmp_path / "mine.yml"
    mine.write_text("actors:\n  - {name: Dolmabahce Palace Office, kind: institution, side: Turkey, "
                    "aliases: [Dolmabahçe Palace]}\n")
    gazetteer = load_gazetteer(mine)
    store.ingest(corpus, actors=gazetteer)  # everything re-extracted: old derived rows stay behind
    before = _everything(store)
    stored_rows = sum(p["rows"] for parts in store.manifest["parts"].values() for p in parts)
    files_before = len(list(store.root.rglob("*.parquet")))

    report = store.compact()
    after = _everything(store)
    for name in before:
        pd.testing.assert_frame_equal(before[name], after[name], check_dtype=False)
    live_rows = sum(len(frame) for frame in after.values())
    assert report.rows_dropped == stored_rows - live_rows > 0
    months = {(table, p["month"]) for table, parts in store.manifest["parts"].items() for p in parts}
    assert report.files_after == len(months)  # one file per table and month
    listed = {p["file"] for parts in store.manifest["parts"].values() for p in parts} | {store.manifest["index"]}
    on_disk = {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")}
    assert on_disk == listed and len(on_disk) < files_before
    assert store.compact().months_rewritten == 0  # nothing left to do
    assert store.ingest(corpus, actors=gazetteer).loaded == 0  # and the store still knows its files


def test_an_interrupted_compaction_changes_nothing(tmp_path, corpus, monkeypatch):
    store = Store(tmp_path / "store")
    store.ingest(corpus / "clippings")
    store.ingest(corpus)
    before, manifest = _everything(store), store.manifest

    monkeypatch.setattr(Store, "_commit", lambda self, manifest: (_ for _ in ()).throw(KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        store.compact()
    monkeypatch.undo()
    assert store.manifest == manifest
    for name, frame in _everything(store).items():
        pd.testing.assert_frame_equal(before[name], frame, check_dtype=False)
    assert store.compact().months_rewritten > 0  # the next one removes the orphans and does the work
    listed = {p["file"] for parts in store.manifest["parts"].values() for p in parts} | {store.manifest["index"]}
    assert {str(p.relative_to(store.root)) for p in store.root.rglob("*.parquet")} == listed


def test_compact_command(tmp_path, corpus):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}

    def compact(root):
        return subprocess.run([sys.executable, "-m", "analysis", "compact", "--store", str(root)],
                              capture_output=True, text=True, env=env, cwd=PROJECT_ROOT)

    missing = compact(tmp_path / "nowhere")
    assert missing.returncode == 2 and "not a corpus store" in missing.stderr
    store = Store(tmp_path / "store")
    store.ingest(corpus / "clippings")
    store.ingest(corpus)
    done = compact(store.root)
    assert done.returncode == 0 and "files ->" in done.stderr and "superseded rows dropped" in done.stderr
    with store._lock():
        busy = compact(store.root)
    assert busy.returncode == 3 and "an ingest is running (pid " in busy.stderr


def test_a_cluster_is_started_only_for_work_worth_it(tmp_path, corpus, monkeypatch):
    import analysis.scale

    def no_cluster(*args, **kwargs):
        raise AssertionError("a cluster was started for one shard of work")

    monkeypatch.setattr(analysis.scale, "dask_client", no_cluster)
    store = Store(tmp_path / "store")
    assert store.pending(corpus) == (31, 0)
    assert store.needs_cluster(corpus)  # 31 files: two shards of 20
    assert not store.needs_cluster(corpus / "clippings")  # 13 files: one shard
    report = store.ingest_with(corpus / "clippings", engine="dask")  # runs here, no cluster
    assert report.new == 13 and store.pending(corpus) == (18, 0)
    store.ingest(corpus)
    assert store.pending(corpus) == (0, 0) and not store.needs_cluster(corpus)
    mine = tmp_path / "mine.yml"
    mine.write_text("actors:\n  - {name: Dolmabahce Palace Office, kind: institution, side: Turkey, "
                    "aliases: [Dolmabahçe Palace]}\n")
    assert store.pending(corpus, actors=load_gazetteer(mine)) == (0, 48)
    assert store.needs_cluster(corpus, actors=load_gazetteer(mine))  # everything to re-extract
    with pytest.raises(ValueError, match="engine='spark'"):
        store.ingest_with(corpus, engine="spark")


def _wire(path, url, title="Envoys agree to meet again in Geneva",
          text="Negotiators from both delegations agreed on Tuesday to hold a second round in Geneva.\n\n"
               "The talks are due to resume on March 3, officials said."):
    import json
    path.write_text(json.dumps({"title": title, "text": text, "date": "2025-02-18", "url": url,
                                "source": "Wire"}) + "\n", encoding="utf-8")


def test_a_duplicate_in_a_later_shard_completes_the_copy_kept(tmp_path):
    import json
    feed = tmp_path / "feed"
    feed.mkdir()
    _wire(feed / "a.jsonl", "https://one.example/story", text="Negotiators agreed to meet in Geneva.")
    page = {"title": "Envoys agree to meet again in Geneva", "date": "2025-02-18", "url": "https://one.example/story",
            "dateline": "GENEVA", "text": "Negotiators agreed to meet in Geneva. Lavrov said the talks had been useful."}
    (feed / "b.jsonl").write_text(json.dumps(page) + "\n", encoding="utf-8")
    store = Store(tmp_path / "store")
    report = store.ingest(feed, files_per_shard=1)  # one file a shard
    assert (report.new, report.loaded) == (1, 1) and "1 duplicate dropped" in report.load_summary
    (stored,) = store.articles().to_dict("records")
    assert stored["dateline"] == "GENEVA" and stored["text"].endswith("had been useful.")  # the longer text
    assert stored["source"] == "Wire" and stored["path"] == str(feed / "a.jsonl")  # the kept copy's own
    pd.testing.assert_frame_equal(store.articles()[load_articles(feed).columns], load_articles(feed))
    assert store.table("mentions")["actor"].astype(str).tolist() == ["Sergei Lavrov"]  # extracted once, completed
    assert len(store.articles()) == 1 and store.ingest(feed, files_per_shard=1).loaded == 0


def test_a_copy_under_another_url_is_not_stored_twice(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    _wire(feed / "a.jsonl", "https://one.example/story")
    store = Store(tmp_path / "store")
    assert store.ingest(feed).new == 1
    # a week later the same story arrives from a syndication partner, under its own URL
    _wire(feed / "b.jsonl", "https://two.example/reprint")
    report = store.ingest(feed)
    assert (report.loaded, report.new, report.copies) == (0, 0, 1)
    assert "1 duplicate dropped" in report.load_summary and "copies of stored articles" in report.summary()
    assert len(store.articles()) == 1
    # the original's text changes: it keeps its place, and the copy is still a copy of the old text
    _wire(feed / "a.jsonl", "https://one.example/story", text="Negotiators agreed to meet in Geneva.")
    report = store.ingest(feed)
    assert (report.changed, report.new) == (1, 0) and len(store.articles()) == 1
    # the old text is nobody's now: the reprint, read again, is new
    os.utime(feed / "b.jsonl", ns=(1, 2))  # a new modification time: the file is read again
    report = store.ingest(feed)
    assert (report.new, report.copies) == (1, 0) and len(store.articles()) == 2


def test_copies_in_different_shards_of_one_ingest(tmp_path):
    feed = tmp_path / "feed"
    feed.mkdir()
    for i in range(3):
        _wire(feed / f"{i}.jsonl", f"https://site{i}.example/story")
    store = Store(tmp_path / "store")
    report = store.ingest(feed, files_per_shard=1)
    assert (report.new, report.copies) == (1, 2) and len(store.articles()) == 1
    assert store.ingest(feed, files_per_shard=1).loaded == 0


def test_a_store_from_before_same_text_keys_still_ingests(tmp_path, corpus):
    import pyarrow.parquet as pq
    store = Store(tmp_path / "store")
    store.ingest(corpus / "clippings")
    index_file = store.root / store.manifest["index"]
    pq.write_table(pq.read_table(index_file).drop(["text_key"]), index_file)  # as an older version wrote it
    report = store.ingest(corpus)
    assert report.new == 48 - 13 and len(store.articles()) == 48
    assert store.index()["text_key"].notna().sum() == 48 - 13


def test_an_undated_article_is_stored_and_read_back(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "undated.txt").write_text("Undated talks\n\nEnvoys met in Riyadh for talks.\n")
    store = Store(tmp_path / "store")
    report = store.ingest(tmp_path / "c")
    assert (report.loaded, report.new) == (1, 1)
    stored = store.articles(columns=["title", "published"])
    assert stored["title"].tolist() == ["Undated talks"] and stored["published"].isna().all()
    assert store.ingest(tmp_path / "c").new == 0
    (tmp_path / "c" / "undated.txt").write_text("Undated talks\n\nEnvoys met in Riyadh for more talks.\n")
    assert store.ingest(tmp_path / "c").changed == 1
    stored = store.articles(columns=["text"])
    assert stored["text"].tolist() == ["Envoys met in Riyadh for more talks."]
    assert store.table("milestones")["article_id"].isin(stored["article_id"]).all()


def test_what_ingest_cannot_read_at_all_is_named(tmp_path):
    (tmp_path / "c").mkdir()
    (tmp_path / "c" / "a.txt").write_text("Talks resume\n\nEnvoys met in Riyadh.\n")
    os.mkfifo(tmp_path / "c" / "pipe.txt")
    report = Store(tmp_path / "store").ingest([tmp_path / "c", tmp_path / "nowhere"])
    assert report.new == 1
    reasons = {os.path.basename(p.path): p.reason for p in report.skipped}
    assert reasons == {"pipe.txt": "not a regular file (a FIFO)", "nowhere": "no such file or directory"}
    assert "pipe.txt: not a regular file" in report.load_summary


def test_the_loader_order_is_by_file_as_paths_sort_then_position_in_the_file():
    from analysis.store.index import in_load_order, load_order
    index = pd.DataFrame({"article_id": ["e", "d", "c", "b", "a", "f"],
                          "path": ["/x/a-b.txt", "/x/a/z.txt", "/x/k.zip!m2", "/x/k.zip!m1", None, "/x/a/z.txt"],
                          "position": [0, 1, 0, 0, 0, 0]})
    # a folder's files before a name that sorts after it as a path ("a" < "a-b.txt"), though "-" < "/";
    # a zip's members by name; no path (a store from before) first
    assert load_order(index).sort_values().index.tolist() == ["a", "f", "d", "e", "b", "c"]
    rows = pd.DataFrame({"article_id": ["c", "d", "f", "d"], "start": [1, 2, 3, 4]})
    assert in_load_order(rows, index)["start"].tolist() == [3, 2, 4, 1]  # an article's rows keep their order


def test_a_stray_file_in_a_folder_is_skipped_as_the_loader_skips_it(tmp_path, corpus):
    """A script beside the articles is no clipping: ingesting the folder skips it with the reason
    the loader gives; named by the user, it is read as the loader reads it."""
    (corpus / "clean_up.py").write_text('"""Tidy the folder."""\nimport os\nprint(os.listdir("."))\n')
    store = Store(tmp_path / "store")
    report = store.ingest(corpus)
    assert report.loaded == 48 and "clean_up.py: unsupported file type '.py'" in [
        str(p) for p in report.load_report.skipped][0].replace(str(corpus) + "/", "")
    named = Store(tmp_path / "named").ingest([corpus / "clean_up.py"])
    assert named.loaded == 1 and len(load_articles(corpus / "clean_up.py")) == 1
