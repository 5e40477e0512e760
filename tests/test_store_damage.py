"""A damaged store (a manifest or Parquet file gone bad) is named with what is wrong: StoreError
in Python, exit 2 with that message at the command line, never a bare KeyError or traceback."""
import json
import os
import shutil
import subprocess
import sys

import pytest

from analysis.store import Store, StoreError

from conftest import PROJECT_ROOT, SAMPLE


@pytest.fixture
def store(tmp_path):
    corpus = tmp_path / "corpus"
    shutil.copytree(SAMPLE / "clippings", corpus)
    store = Store(tmp_path / "store")
    store.ingest(corpus)
    store.corpus = corpus
    return store


def cli(*args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          env=env, cwd=PROJECT_ROOT, timeout=120)


def _manifest(store, text):
    (store.root / "manifest.json").write_bytes(text if isinstance(text, bytes) else text.encode())


@pytest.mark.parametrize("text, reason", [
    ("{", "not valid JSON \\(line 1, column 2"),
    ("{}", "no 'parts' object"),
    ("[1, 2]", "a JSON list, not an object"),
    ('{"parts": {"articles": [], "mentions": [], "quotes": []}}', "'parts' has no list 'milestones'"),
    ('{"parts": {"articles": [{"file": "../../etc/passwd", "month": "2025-02", "rows": 1}], "mentions": [], '
     '"quotes": [], "milestones": []}}', "parts.articles\\[0\\] is not"),
    ('{"index": "/etc/passwd", "parts": {"articles": [], "mentions": [], "quotes": [], "milestones": []}}',
     "'index' is not a file under index/"),
    (b"\x89PNG\r\n\x1a\n\xff\xfe", "not UTF-8 text"),
])
def test_a_damaged_manifest_is_named(store, text, reason):
    _manifest(store, text)
    where = str(store.root / "manifest.json")
    for read in (lambda: store.manifest, store.articles, lambda: store.table("quotes"), store.index,
                 lambda: store.ingest(store.corpus), store.compact):
        with pytest.raises(StoreError, match=reason) as caught:
            read()
        assert str(caught.value).startswith(where)


def test_the_commands_exit_2_naming_the_manifest(store):
    _manifest(store, "{}")
    for command in (["ingest", store.corpus, "--store", store.root], ["compact", "--store", store.root]):
        result = cli(*command)
        assert result.returncode == 2, result.stderr  # was 1: KeyError: 'parts'
        assert result.stderr.startswith(f"error: {store.root / 'manifest.json'}: not a corpus store manifest: "
                                        f"no 'parts' object"), result.stderr


def test_a_damaged_index_or_part_file_is_named(store):
    index = store.root / store.manifest["index"]
    kept = index.read_bytes()
    index.write_bytes(b"PAR1 but not really")
    with pytest.raises(StoreError, match=f"{index}: not a readable Parquet file of this store"):
        store.articles()
    result = cli("ingest", store.corpus, "--store", store.root)
    assert result.returncode == 2 and f"{index}: not a readable Parquet file" in result.stderr, result.stderr
    index.write_bytes(kept)
    part = store.root / store.manifest["parts"]["quotes"][0]["file"]
    part.write_bytes(kept[: len(kept) // 2])  # half a file
    with pytest.raises(StoreError, match=f"{part}: not a readable Parquet file"):
        store.table("quotes")
    result = cli("compact", "--store", store.root)
    assert result.returncode == 2 and f"{part}: not a readable Parquet file" in result.stderr, result.stderr
    assert len(store.articles()) == 13 and len(store.table("mentions")) > 0  # the rest still reads


def test_an_index_without_its_columns_is_named(store):
    import pyarrow as pa
    import pyarrow.parquet as pq
    index = store.root / store.manifest["index"]
    pq.write_table(pa.table({"article_id": ["x"]}), index)
    with pytest.raises(StoreError, match=f"{index}: not an index of this store \\(no column content_hash, month"):
        store.articles()


def test_an_old_manifest_without_the_newer_keys_still_reads(store):
    manifest = json.loads((store.root / "manifest.json").read_text())
    for key in ("categories", "files", "updated", "version"):
        manifest.pop(key)
    _manifest(store, json.dumps(manifest))
    assert len(store.articles()) == 13 and "actor" in store.table("mentions")
    assert store.ingest(store.corpus).loaded == 13  # no record of the files read: read again, all unchanged
