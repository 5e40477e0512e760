"""Files of URLs for the collector: each kind read with hand-counted rows, URLs, dates, sources and ids;
kinds told from the content whatever the file is called; repeats dropped; every unusable line named
with its line; and junk gives either a table or the one clear error."""
from __future__ import annotations

import gzip
import json
import shutil
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.collect.urllists import COLUMNS, UrlListError, read_url_list

DATA = Path(__file__).parent / "data" / "urllists"
GKG1_HEADER = "DATE\tNUMARTS\tCOUNTS\tTHEMES\tLOCATIONS\tPERSONS\tORGANIZATIONS\tTONE\tCAMEOEVENTIDS\tSOURCES\tSOURCEURLS\n"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def where(frame) -> list[tuple]:
    return [(p.line, p.item, p.reason.split(":")[0]) for p in frame.attrs["problems"]]


def test_a_plain_list_skips_comments_and_blank_lines_and_names_what_is_no_url():
    frame = read_url_list(DATA / "plain.txt")
    assert list(frame.columns) == list(COLUMNS)
    assert frame["url"].tolist() == [
        "https://kyiv-ledger.example/2025/05/16/istanbul-talks-open",
        "https://wire.example/world/prisoner-exchange-agreed",
        "https://wire.example/world/second-round-june",  # scheme and host lower-cased, fragment dropped
        "https://harbour-times.example/opinion/what-istanbul-means",
    ]
    assert set(frame["origin"]) == {"urls"} and frame["published"].isna().all()
    assert str(frame["published"].dtype) == "datetime64[ns, UTC]"
    assert frame.attrs["duplicates"] == 1  # line 4 is line 2 with tracking parameters
    assert where(frame) == [(7, None, "not an http(s) URL"), (8, None, "not an http(s) URL"),
                            (10, None, "not an http(s) URL")]
    assert "'not a link at all'" in frame.attrs["problems"][1].reason


def test_gdelt_doc_api_json():
    frame = read_url_list(DATA / "gdelt-doc.json")
    assert len(frame) == 4 and set(frame["origin"]) == {"gdelt-doc"}
    first = frame.iloc[0]
    assert first["url"] == "https://kyiv-ledger.example/2025/03/11/jeddah-ceasefire-proposal"
    assert first["published"] == utc("2025-03-11 18:45")  # seendate 20250311T184500Z
    assert (first["source"], first["language"], first["origin_id"]) == ("kyiv-ledger.example", "English", "")
    assert frame["title"].iloc[3] == "Peace summit at Bürgenstock ends with a joint communiqué"
    assert pd.isna(frame["published"].iloc[3])  # its date is kept out, and said so
    assert frame.attrs["duplicates"] == 1
    assert where(frame) == [(None, 5, "neither a URL nor an object"), (None, 6, "not an http(s) URL"),
                            (None, 7, "unrecognised date 'sometime in June' (published is NaT)")]


def test_gdelt_doc_api_csv_with_its_bom_and_a_broken_quote():
    frame = read_url_list(DATA / "gdelt-doc-artlist.csv")
    assert set(frame["origin"]) == {"gdelt-doc"}
    assert frame["title"].tolist() == ["US and Russian delegations meet in Riyadh, without Ukraine",
                                       "Munich Security Conference opens", "Oval Office meeting ends without a deal"]
    assert frame["published"].tolist() == [utc("2025-02-18 10:15"), utc("2025-02-14 08:00"), utc("2025-02-28 19:30")]
    assert frame.attrs["duplicates"] == 1
    assert [p.line for p in frame.attrs["problems"]] == [5]


def test_gdelt_gkg_21_rows_with_record_ids_titles_and_citations_reported():
    frame = read_url_list(DATA / "gdelt-gkg-sample.tsv")
    assert set(frame["origin"]) == {"gkg"}
    assert frame["origin_id"].tolist() == ["20150218230000-2", "20200318104500-16", "20200318104500-1647",
                                           "20150218224500-T0"]
    assert frame["source"].tolist() == ["wjon.com", "humanitariannews.org", "msnbc.com", "ceskenoviny.cz"]
    assert frame["published"].tolist() == [utc("2015-02-18 23:00"), utc("2020-03-18 10:45"),
                                           utc("2020-03-18 10:45"), utc("2015-02-18 22:45")]
    assert frame["title"].iloc[2] == "Joe Biden wins in Florida, Illinois and Arizona"  # from <PAGE_TITLE>
    assert frame["language"].tolist() == ["", "", "", "ces"]  # translated rows name their source language
    assert frame["url"].iloc[3].startswith("http://www.ceskenoviny.cz/zpravy/zpravy/kerry-jednal-s-lavrovem")
    assert where(frame) == [(1, None, "not a web document (a citation)"), (2, None, "not a web document (a citation)")]


def test_gdelt_gkg_10_with_and_without_its_header(tmp_path):
    bare = read_url_list(DATA / "gdelt-gkg1-sample.tsv")
    path = tmp_path / "20200705.gkg.csv"
    path.write_text(GKG1_HEADER + (DATA / "gdelt-gkg1-sample.tsv").read_text())
    headed = read_url_list(path)
    for frame in (bare, headed):
        assert frame["url"].tolist() == [
            "https://www.theedgemarkets.com/content/advertise/get-ahead-with-a-global-educational-experience",
            "https://www.680news.com/2020/07/04/for-nations-birthday-trump-slams-his-enemies-within/",
            "https://accesswdun.com/article/2020/7/917603",  # the second of line 2's <UDIV> list
            "https://www.firstpost.com/business/israels-el-al-to-become-leaner-after-government-bailout-8561871.html",
        ]
        assert frame["source"].tolist() == ["theedgemarkets.com", "680news.com", "accesswdun.com", "firstpost.com"]
        assert (frame["published"] == utc("2020-07-05")).all() and set(frame["origin_id"]) == {""}


def test_gdelt_events_and_mentions(tmp_path):
    events = read_url_list(DATA / "gdelt-events-sample.tsv")
    assert set(events["origin"]) == {"gdelt-events"}
    assert events["origin_id"].tolist() == ["410412347", "410412348", "410412349", "410412351"]
    assert events.attrs["duplicates"] == 1  # events 410412349 and 410412350 cite one article
    assert (events["published"] == utc("2015-02-18 23:00")).all()  # DATEADDED
    mentions = read_url_list(DATA / "gdelt-mentions-sample.tsv")
    assert set(mentions["origin"]) == {"gdelt-mentions"} and len(mentions) == 7
    assert mentions["source"].iloc[4:].tolist() == ["businessinsider.com.au", "blayneychronicle.com.au",
                                                   "murrayvalleystandard.com.au"]
    assert mentions["origin_id"].iloc[5:].tolist() == ["410290898", "410290898"]  # one event, two articles
    assert mentions["url"].iloc[5].endswith("/story/2893340/organ-donation-an-easy-choice-for-ballarat-mum/?cs=2452")


def test_media_cloud_old_and_new_exports():
    old = read_url_list(DATA / "mediacloud-explorer.csv")
    assert old["origin_id"].tolist() == ["2201587001", "2201587002", "2201587003", "2201587005"]
    assert old["source"].tolist() == ["Kyiv Ledger", "Harbour Times", "Wire", "Harbour Times"]
    assert old["published"].iloc[0] == utc("2022-03-29 09:12:44") and pd.isna(old["published"].iloc[2])
    assert where(old) == [(5, None, "no URL")]
    new = read_url_list(DATA / "mediacloud-search.csv")
    assert set(new["origin"]) == {"mediacloud"}
    assert new["origin_id"].tolist() == ["8f1c2a9e4b7d0c3e5a6b", "3d9e7f1a2b4c6d8e0f1a", "c4b3a2918f7e6d5c4b3a"]
    assert new["language"].tolist() == ["en", "uk", "en"]
    assert new["published"].tolist() == [utc("2025-05-16"), utc("2025-06-02"), utc("2025-07-23")]  # not indexed_date
    assert new["title"].iloc[2] == "Third round in Istanbul: short meeting, prisoner swap discussed"


def test_newsapi_answers_and_their_errors(tmp_path):
    frame = read_url_list(DATA / "newsapi.json")
    assert frame["url"].tolist() == ["https://harbour-times.example/world/anchorage-summit",
                                     "https://wire.example/world/white-house-meeting"]
    assert frame["source"].tolist() == ["Harbour Times", "Wire"]
    assert frame["published"].tolist() == [utc("2025-08-15 23:40"), utc("2025-08-18 20:05:12")]
    assert frame.attrs["duplicates"] == 1 and frame.attrs["problems"] == []
    error = tmp_path / "answer.json"
    error.write_text(json.dumps({"status": "error", "code": "rateLimited", "message": "Too many requests."}))
    with pytest.raises(UrlListError, match=r"answer\.json: an error answer, not a list: rateLimited"):
        read_url_list(error)


@pytest.mark.parametrize("fixture, disguise, origin", [
    ("gdelt-gkg-sample.tsv", "export.txt", "gkg"),
    ("newsapi.json", "results.csv", "newsapi"),
    ("gdelt-doc-artlist.csv", "artlist.json", "gdelt-doc"),
    ("gdelt-mentions-sample.tsv", "mentions.json", "gdelt-mentions"),
    ("mediacloud-search.csv", "stories", "mediacloud"),
    ("plain.txt", "list.csv", "urls"),
])
def test_the_kind_comes_from_the_content_not_the_name(tmp_path, fixture, disguise, origin):
    shutil.copy(DATA / fixture, tmp_path / disguise)
    assert read_url_list(tmp_path / disguise).attrs["origin"] == origin
    assert len(read_url_list(tmp_path / disguise)) == len(read_url_list(DATA / fixture))


def test_zipped_and_gzipped_gdelt_files(tmp_path):
    zipped = tmp_path / "20150218230000.export.CSV.zip"
    with zipfile.ZipFile(zipped, "w") as archive:
        archive.write(DATA / "gdelt-events-sample.tsv", "20150218230000.export.CSV")
    (tmp_path / "m.gz").write_bytes(gzip.compress((DATA / "gdelt-mentions-sample.tsv").read_bytes()))
    assert len(read_url_list(zipped)) == 4 and len(read_url_list(tmp_path / "m.gz")) == 7


def test_broken_gdelt_lines_are_named_and_the_rest_read(tmp_path):
    lines = (DATA / "gdelt-events-sample.tsv").read_text().splitlines()
    lines.insert(2, "410412399\t20140218\tcut short here")
    path = tmp_path / "events.tsv"
    path.write_text("\n".join(lines) + "\n")
    frame = read_url_list(path)
    assert len(frame) == 4
    assert [(p.line, p.reason) for p in frame.attrs["problems"]] == [
        (3, "3 tab-separated fields where a GDELT 2.0 Events row has 61")]


def test_a_csv_of_other_columns_finds_its_url_column_by_name(tmp_path):
    path = tmp_path / "saved.csv"
    path.write_text("Headline;Link;Date\nTalks resume;https://wire.example/a;2025-03-23\n"
                    "No link here;;2025-03-24\nTalks end;https://wire.example/b;24 March 2025\n")
    frame = read_url_list(path)
    assert frame["url"].tolist() == ["https://wire.example/a", "https://wire.example/b"]
    assert frame["title"].tolist() == ["Talks resume", "Talks end"] and set(frame["origin"]) == {"csv"}
    assert frame["published"].tolist() == [utc("2025-03-23"), utc("2025-03-24")]
    assert where(frame) == [(3, None, "no URL")]


@pytest.mark.parametrize("content, message", [
    (b"", "empty file"),
    (b"# only a comment\n\n", "no URLs in this file"),
    (b"not a url\nnor this\n", r"plain\.txt: no usable URL in this urls list \(.*plain\.txt:1: not an http"),
    (b"{\"articles\": [1, 2", r"plain\.txt:1: invalid JSON"),
    (b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
    (b"PK\x03\x04broken", "damaged archive"),
])
def test_nothing_usable_is_one_clear_error_naming_the_file(tmp_path, content, message):
    path = tmp_path / "plain.txt"
    path.write_bytes(content)
    with pytest.raises(UrlListError, match=message):
        read_url_list(path)


_JUNK = st.one_of(
    st.binary(max_size=300),
    st.text(alphabet=st.one_of(st.sampled_from(list("ab,;\t\n\r\"'{}[]:#/.<>0123456789 ")), st.characters()),
            max_size=300),
    st.lists(st.sampled_from(["https://x.example/a", "http://y.example/b?utm_source=z", "URL,Title", "url",
                              "20150218230000-0\t", "\t1\t", "{\"articles\": [", "]}", "\"url\": \"h\"",
                              "<UDIV>", "#", "", "stories_id,url", "ftp://z", "http://[broken"]), max_size=12)
    .map(lambda parts: "\n".join(parts)),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(junk=_JUNK)
def test_junk_gives_a_table_or_the_clear_error_nothing_else(tmp_path, junk):
    path = tmp_path / "junk"
    path.write_bytes(junk if isinstance(junk, bytes) else junk.encode("utf-8", "surrogatepass"))
    try:
        frame = read_url_list(path)
    except UrlListError as e:
        assert str(e).startswith(str(path))
        return
    assert list(frame.columns) == list(COLUMNS) and len(frame)
    assert frame["url"].str.match(r"^https?://").all() and frame["url"].is_unique
    assert all(p.path == str(path) for p in frame.attrs["problems"])


def test_the_loader_takes_no_cut_newsapi_content_for_the_text():
    from analysis.load import load_articles

    frame = load_articles(DATA / "newsapi.json")
    report = frame.attrs["load_report"]
    assert frame["text"].tolist() == ["", ""]  # the third item is the second's URL again
    assert frame["standfirst"].tolist() == [
        "The summit in Alaska produced no ceasefire, officials on both sides said.",
        "Several European leaders travelled with the Ukrainian president to the White House on Monday to "
        "press for security guarantees",  # no description: what there is of the text, without '… [+2980 chars]'
    ]
    assert frame["source"].tolist() == ["Harbour Times", "Wire"]
    cut = [(w.item, w.reason) for w in report.warnings if "cut" in w.reason]
    assert [item for item, _ in cut] == [1, 2]
    assert "4127 more characters" in cut[0][1] and "collect its URLs" in cut[0][1]
