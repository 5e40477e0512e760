"""Encodings, duplicates and bad input: each problem is named, skipped, and the rest still loads."""
import json
import string

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import LoadError, load_articles
from analysis.config import ARTICLE_COLUMNS

PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000100ffff03000006000557bfabd40000000049454e44ae426082")
CLIP = "The Kremlin’s answer\n\nBy Iva Kern\n\nPeskov said “no” — again. Talks in Bürgenstock went on.\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_encodings_are_detected(write, encoding):
    row = load_articles(write(f"{encoding}.txt", CLIP, encoding)).iloc[0]
    assert row["title"] == "The Kremlin’s answer"
    assert row["text"] == "Peskov said “no” — again. Talks in Bürgenstock went on."


def test_latin1_file(write):
    text = "Summit in Zürich?\n\nDelegates met at Bürgenstock; the communiqué was \"short\".\n"
    row = load_articles(write("l.txt", text, "latin-1")).iloc[0]
    assert row["title"] == "Summit in Zürich?" and "communiqué" in row["text"]


def test_cp1252_csv_curly_quotes(write):
    content = "title,text,date\n“Boots on the ground”,Europe’s plan – in brief.,2025-02-11\n"
    row = load_articles(write("c.csv", content, "cp1252")).iloc[0]
    assert row["title"] == "“Boots on the ground”" and row["text"] == "Europe’s plan – in brief."


def test_explicit_encoding_wins_and_wrong_one_is_reported(write):
    path = write("c.txt", CLIP, "cp1252")
    assert load_articles(path, encoding="cp1252").iloc[0]["title"] == "The Kremlin’s answer"
    frame = load_articles(path, encoding="utf-8")
    (problem,) = frame.attrs["load_report"].skipped
    assert "cannot decode as utf-8" in problem.reason and problem.line == 1


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("blank.md", b"  \n\n \t\n", "empty file"),
    ("photo.txt", PNG, "binary file (PNG image)"),
    ("nul.csv", b"title,text\nA,\x00\x00\x00B\n", "binary"),
    ("cut.html", b"<!DOCTYPE html><html><head><title>T</title></head><body><article><p>Half a sen", "truncated HTML"),
    ("mixed.txt", "Title\n\nBürgenstock ".encode() + b"\xff\xfe\xfa" + " and Zürich.\n".encode(), "undecodable bytes"),
    ("bad.md", b"---\ntitle: \"unclosed\ndate: 2025-01-01\n---\nBody.\n", "invalid YAML front matter"),
    ("open.md", b"---\ntitle: x\n\nBody but no closing line\n", "front matter is not closed"),
    ("broken.json", b'{"title": "A", "text": ', "invalid JSON"),
    ("scalar.json", b"42", "neither an object nor a list"),
    ("nothing.json", b'{"source": "Danube Wire"}', "no title and no text"),
    ("notparquet.parquet", b"title,text\nA,B\n", "not a Parquet file"),
    ("badfeed.rss", b"<?xml version='1.0'?><rss><channel><title>x</title><item><title>Unclosed", "malformed feed"),
    ("image.png", PNG, "unsupported file type '.png'"),
])
def test_unreadable_files_are_skipped_with_their_reason(tmp_path, write, name, content, reason):
    write("good.txt", "A good article\n\nIt loads.\n")
    write(name, content)
    frame = load_articles(tmp_path)
    report = frame.attrs["load_report"]
    assert frame["title"].tolist() == ["A good article"]
    (problem,) = report.skipped
    assert problem.path.endswith(name) and reason in problem.reason
    assert name in report.summary() and "loaded 1 article from 2 files" in report.summary()


def test_broken_json_line_is_reported_and_the_rest_loads(write):
    lines = ['{"title": "One", "text": "First."}', '{"title": "Two", "text": "Sec', "",
             '["not", "an", "object"]', '{"title": "Three", "text": "Third."}']
    frame = load_articles(write("w.jsonl", "\n".join(lines)))
    assert frame["title"].tolist() == ["One", "Three"]
    first, second = frame.attrs["load_report"].skipped
    assert (first.line, second.line) == (2, 4)
    assert "invalid JSON" in first.reason and "not an object" in second.reason
    assert str(first).startswith(str(frame.iloc[0]["path"]) + ":2: ")


def test_csv_row_problems_name_their_line(write):
    content = 'title,text\nGood,"Multi\n\nline"\n,\n"Only title",\nA,B,C\nLast,Row\n'
    frame = load_articles(write("r.csv", content))
    assert frame["title"].tolist() == ["Good", "Only title", "Last"]
    (problem,) = frame.attrs["load_report"].skipped
    assert problem.line == 7 and "3 fields where the header has 2" in problem.reason


def test_strict_raises_on_the_first_problem_with_path_and_line(tmp_path, write):
    write("a.jsonl", '{"title": "One", "text": "x"}\n{broken\n')
    with pytest.raises(LoadError, match=r"a\.jsonl:2: invalid JSON"):
        load_articles(tmp_path / "a.jsonl", strict=True)
    write("b/empty.txt", b"")
    with pytest.raises(LoadError, match=r"empty\.txt: empty file"):
        load_articles(tmp_path / "b", strict=True)
    with pytest.raises(LoadError, match="no such file or directory"):
        load_articles(tmp_path / "missing.csv", strict=True)


def test_missing_paths_and_empty_globs_are_reported(tmp_path):
    frame = load_articles([tmp_path / "nope.txt", str(tmp_path / "*.csv")])
    assert frame.empty and list(frame.columns) == ARTICLE_COLUMNS
    reasons = [p.reason for p in frame.attrs["load_report"].skipped]
    assert reasons == ["no such file or directory", "no files match this pattern"]


def test_duplicates_by_url_and_by_content_are_dropped_once_and_counted(write):
    rows = [
        {"title": "Talks", "text": "They met.", "url": "https://x.example/a?utm_source=rss"},
        {"title": "Talks (updated)", "text": "They met again.", "url": "https://X.example/a#top"},
        {"title": "talks!", "text": "They  met.", "url": "https://y.example/b"},
        {"title": "Other", "text": "Different.", "url": "https://y.example/c"},
    ]
    path = write("d.jsonl", "\n".join(json.dumps(r) for r in rows))
    frame = load_articles(path)
    assert frame["title"].tolist() == ["Talks", "Other"]
    dup_url, dup_text = frame.attrs["load_report"].duplicates
    assert dup_url.line == 2 and "same URL" in dup_url.reason and ":1" in dup_url.reason
    assert dup_text.line == 3 and "same title and text" in dup_text.reason
    assert len(load_articles(path, dedupe=False)) == 4


def test_article_ids_are_stable_and_distinct(write):
    a = write("a.jsonl", json.dumps({"title": "T", "text": "x", "url": "https://x.example/1?utm_medium=m"}))
    b = write("b.jsonl", json.dumps({"title": "T2", "text": "y", "url": "https://x.example/1"}))
    c = write("c.txt", "Clipping title\n\nBody.\n")
    ids = [load_articles(p).iloc[0]["article_id"] for p in (a, b, c, c)]
    assert ids[0] == ids[1] and ids[2] == ids[3] and ids[0] != ids[2]
    assert all(len(i) == 16 for i in ids)


junk_text = st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400)
junk_bytes = st.binary(max_size=400)
suffixes = st.sampled_from([".txt", ".md", ".html", ".json", ".jsonl", ".csv", ".tsv", ".rss",
                            ".atom", ".parquet", ".xml", ""])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(content=st.one_of(junk_text, junk_bytes), suffix=suffixes)
def test_junk_never_crashes_and_is_either_loaded_or_reported(tmp_path, content, suffix):
    path = tmp_path / f"junk{suffix}"
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    frame = load_articles(path)
    report = frame.attrs["load_report"]
    assert list(frame.columns) == ARTICLE_COLUMNS
    assert len(frame) == report.loaded
    assert report.loaded > 0 or report.skipped, "a file that loads nothing must say why"
    assert all(isinstance(p.reason, str) and p.reason for p in report.skipped)
    assert ((frame["title"] != "") | (frame["text"] != "")).all()
    assert frame["published"].isna().sum() <= len(report.warnings)
    with pytest.raises(LoadError) if report.skipped else _no_error():
        load_articles(path, strict=True)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.lists(st.text(alphabet=string.printable + "’“”—é", max_size=30), min_size=1,
                               max_size=5), min_size=1, max_size=8))
def test_junk_csv_rows(tmp_path, cells):
    import csv
    import io
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["title", "text", "date"])
    writer.writerows(cells)
    path = tmp_path / "rows.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    frame = load_articles(path, dedupe=False)
    report = frame.attrs["load_report"]
    data_rows = [r for r in csv.reader(io.StringIO(buffer.getvalue()))][1:]
    assert len(frame) + len(report.skipped) <= len(data_rows)
    assert isinstance(frame["published"].dtype, pd.DatetimeTZDtype)


class _no_error:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False
