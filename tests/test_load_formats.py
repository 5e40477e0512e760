"""Every input format, every metadata field, on small hand-written files."""
import io
import json
import zipfile

import pandas as pd
import pytest

from analysis import load_articles
from analysis.config import ARTICLE_COLUMNS

CLIPPING = """\
Skip to content
Envoys meet in Riyadh as Washington and Moscow test a thaw
Envoys meet in Riyadh as Washington and Moscow test a thaw

First high-level contact in three years / Gulf Ledger

By Mira Hollis and Omar Farouk in Riyadh February 18, 2025

RIYADH, Saudi Arabia — Senior American and Russian officials sat down on Tuesday.

Advertisement

The Kremlin spokesman said the talks were "useful". Ukraine was not at the table.

Rubio said another round could follow next week.

News
Share
Dismiss
Read more
Subscribe
"""


def one(frame: pd.DataFrame) -> dict:
    assert len(frame) == 1, frame.attrs["load_report"].summary()
    return frame.iloc[0].to_dict()


def test_table_has_the_documented_columns_and_types(write):
    frame = load_articles(write("a.txt", CLIPPING))
    assert list(frame.columns) == ARTICLE_COLUMNS
    assert str(frame["published"].dtype) == "datetime64[ns, UTC]"
    assert frame["n_words"].dtype == "int64"


def test_clipping_fields(write):
    row = one(load_articles(write("riyadh.txt", CLIPPING)))
    assert row["title"] == "Envoys meet in Riyadh as Washington and Moscow test a thaw"
    assert row["standfirst"] == "First high-level contact in three years"
    assert row["source"] == "Gulf Ledger"
    assert row["author"] == "Mira Hollis and Omar Farouk"
    assert row["dateline"] == "Riyadh"
    assert row["published"] == pd.Timestamp("2025-02-18", tz="UTC")
    assert row["url"] == ""
    assert row["text"] == (
        "RIYADH, Saudi Arabia — Senior American and Russian officials sat down on Tuesday.\n\n"
        "The Kremlin spokesman said the talks were \"useful\". Ukraine was not at the table.\n\n"
        "Rubio said another round could follow next week.")
    # Hand count: 12 + 14 + 8 words.
    assert row["n_words"] == 34
    assert row["path"].endswith("riyadh.txt")


def test_clipping_byline_without_date_takes_the_date_line(write):
    text = ("Ceasefire plan backed in Jeddah\nBy Anna Reyes\nUpdated: March 12, 2025 7:40 a.m. ET\n\n"
            "Kyiv said it would accept a 30-day pause.\n\nMoscow said it would study the text.\n\n"
            "Most read\nComments\n")
    row = one(load_articles(write("x.txt", text)))
    assert (row["author"], row["standfirst"], row["source"]) == ("Anna Reyes", "", "")
    assert row["published"] == pd.Timestamp("2025-03-12 11:40", tz="UTC")
    assert row["text"].endswith("study the text.")


def test_clipping_date_from_trailing_furniture_and_no_standfirst(write):
    text = ("Grain deal signed\n\nBy Lena Ortiz\n\nThe United Nations and Turkey brokered the deal.\n\n"
            "Published 22 July 2022\nShare this article\n")
    row = one(load_articles(write("x.txt", text)))
    assert row["published"] == pd.Timestamp("2022-07-22", tz="UTC")
    assert row["text"] == "The United Nations and Turkey brokered the deal."


def test_clipping_with_no_date_uses_the_file_name(write):
    text = "Talks end\n\nThe delegations left without a statement.\n"
    frame = load_articles(write("20250311T143000Z_jeddah.txt", text))
    assert one(frame)["published"] == pd.Timestamp("2025-03-11 14:30", tz="UTC")
    assert frame.attrs["load_report"].warnings == []


def test_missing_date_is_nat_with_a_warning(write):
    frame = load_articles(write("undated.txt", "Talks end\n\nThe delegations left.\n"))
    assert pd.isna(one(frame)["published"])
    (warning,) = frame.attrs["load_report"].warnings
    assert "undated.txt" in str(warning) and "no publication date" in warning.reason


def test_body_line_starting_with_by_is_not_a_byline(write):
    text = "Deadline passes\n\nBy late evening, the talks in Istanbul had stalled.\n\nNo deal came.\n"
    row = one(load_articles(write("2025-06-02_x.txt", text)))
    assert row["author"] == ""
    assert row["text"].startswith("By late evening")


MARKDOWN = """---
title: Istanbul round ends with a prisoner swap deal
date: "16 May 2025 14:05 +0300"
byline: Dara Novak
publisher: Bosporus Notes
url: https://bosporus.example/2025/05/16/istanbul-round
summary: Both delegations agreed to exchange 1,000 prisoners each.
dateline: Istanbul
tags: [talks, prisoners]
---

# Istanbul round ends with a prisoner swap deal

The *first* direct talks since 2022 lasted **under two hours**.

> "We agreed on an exchange," said [Rustem Umerov](https://example.org/umerov).

- Next steps were not set.
"""


def test_markdown_front_matter_and_markup(write):
    row = one(load_articles(write("post.md", MARKDOWN)))
    assert row["title"] == "Istanbul round ends with a prisoner swap deal"
    assert row["published"] == pd.Timestamp("2025-05-16 11:05", tz="UTC")
    assert (row["author"], row["source"], row["dateline"]) == ("Dara Novak", "Bosporus Notes", "Istanbul")
    assert row["standfirst"] == "Both delegations agreed to exchange 1,000 prisoners each."
    assert row["url"] == "https://bosporus.example/2025/05/16/istanbul-round"
    assert row["text"] == ("The first direct talks since 2022 lasted under two hours.\n\n"
                           "\"We agreed on an exchange,\" said Rustem Umerov.\n\n"
                           "Next steps were not set.")


HTML = """<!DOCTYPE html><html><head>
<title>Leaders gather at Bürgenstock | Alpine Courier</title>
<meta property="og:title" content="Leaders gather at Bürgenstock">
<meta property="og:site_name" content="Alpine Courier">
<meta property="og:url" content="https://alpine.example/2024/06/15/summit?utm_source=feed">
<meta property="og:description" content="Ninety delegations, no Russia.">
<meta property="article:published_time" content="2024-06-15T10:00:00+02:00">
<meta name="author" content="Petra Lindqvist">
<script type="application/ld+json">{"@context":"https://schema.org","@graph":[
 {"@type":"WebSite","name":"Alpine Courier"},
 {"@type":"NewsArticle","headline":"Leaders gather at Bürgenstock &amp; talk","dateline":"Bürgenstock",
  "datePublished":"2024-06-15T09:30:00+02:00","author":[{"@type":"Person","name":"Petra Lindqvist"},
  {"@type":"Person","name":"Jon Berg"}],"publisher":{"@type":"Organization","name":"Alpine Courier"}}]}
</script></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> <a href="/subscribe">Subscribe</a></nav>
<div class="cookie">We use cookies. <button>Accept cookies</button></div>
<article><h1>Leaders gather at Bürgenstock</h1>
<p>Delegations from about ninety countries arrived at the Swiss resort on Saturday for a two-day summit on Ukraine.</p>
<div class="ad">Advertisement</div>
<p>Russia was not invited, and China stayed away, officials said, which limited what the meeting could achieve.</p>
<p>Swiss officials said a final communique would be published on Sunday after the closing session.</p>
</article>
<aside><h2>Related stories</h2><ul><li><a href="/a">Grain corridor reopens</a></li>
<li><a href="/b">Kursk incursion enters second week</a></li></ul></aside>
<footer>© 2024 Alpine Courier. All rights reserved. <a href="/privacy">Privacy</a></footer>
</body></html>"""


def test_html_metadata_from_json_ld_and_main_text_only(write):
    row = one(load_articles(write("page.html", HTML)))
    assert row["title"] == "Leaders gather at Bürgenstock & talk"
    assert row["author"] == "Petra Lindqvist and Jon Berg"
    assert row["source"] == "Alpine Courier"
    assert row["dateline"] == "Bürgenstock"
    assert row["published"] == pd.Timestamp("2024-06-15 07:30", tz="UTC")
    assert row["standfirst"] == "Ninety delegations, no Russia."
    assert row["url"] == "https://alpine.example/2024/06/15/summit"
    paragraphs = row["text"].split("\n\n")
    assert paragraphs[0].startswith("Delegations from about ninety countries")
    assert paragraphs[-1].endswith("after the closing session.")
    assert len(paragraphs) == 3
    for furniture in ("Advertisement", "cookies", "Related stories", "Grain corridor", "Privacy", "©"):
        assert furniture not in row["text"]


def test_html_plain_meta_tags_and_relative_canonical(write):
    page = """<html><head><title>Minerals deal signed | Capital Ledger</title>
    <meta name="author" content="By Sam Okafor"><meta name="description" content="A fund for rebuilding.">
    <link rel="canonical" href="/2025/04/30/minerals"></head><body><header>Capital Ledger</header>
    <article><h1>Minerals deal signed</h1><time datetime="2025-04-30T21:15:00Z">April 30</time>
    <p>Washington and Kyiv signed an agreement on Wednesday creating a joint investment fund for reconstruction.</p>
    <p>The Treasury said the deal would give American companies a stake in future mining projects in Ukraine.</p>
    </article><footer>Contact us</footer></body></html>"""
    row = one(load_articles(write("p.html", page), base_url="https://ledger.example/"))
    assert row["title"] == "Minerals deal signed"
    assert row["author"] == "Sam Okafor"
    assert row["standfirst"] == "A fund for rebuilding."
    assert row["published"] == pd.Timestamp("2025-04-30 21:15", tz="UTC")
    assert row["url"] == "https://ledger.example/2025/04/30/minerals"
    assert row["source"] == "Capital Ledger"  # from "<title>Headline | Site</title>"
    assert row["text"].count("\n\n") == 1 and "Contact us" not in row["text"]


def test_json_lines_with_synonyms_and_epoch_dates(write):
    lines = [
        {"headline": "Second Istanbul round", "summary": "Memoranda swapped.", "content": "Para one.\n\nPara two.",
         "pubDate": "2025-06-02T11:20:00+03:00", "link": "https://wire.example/1", "byline": "By Ivo Petrov",
         "source": {"name": "Danube Wire"}},
        {"header": "Third round", "body": "Short meeting.", "datetime": 1753263600,
         "url": "https://wire.example/2", "authors": ["A. One", "B. Two", "C. Three"]},
    ]
    frame = load_articles(write("w.jsonl", "\n".join(json.dumps(x) for x in lines) + "\n"))
    first, second = frame.to_dict(orient="records")
    assert (first["title"], first["standfirst"], first["source"]) == ("Second Istanbul round", "Memoranda swapped.", "Danube Wire")
    assert first["author"] == "Ivo Petrov" and first["text"] == "Para one.\n\nPara two."
    assert first["published"] == pd.Timestamp("2025-06-02 08:20", tz="UTC")
    assert second["published"] == pd.Timestamp("2025-07-23 09:40", tz="UTC")
    assert second["author"] == "A. One, B. Two and C. Three"


def test_json_array_and_wrapped_object(write):
    items = [{"title": "A", "text": "Body a.", "date": "2025-01-20"}, {"title": "B", "text": "Body b.", "date": "2025-01-21"}]
    assert load_articles(write("a.json", json.dumps(items)))["title"].tolist() == ["A", "B"]
    wrapped = {"status": "ok", "articles": [{"title": "C", "description": "D", "content": "E.",
                                             "publishedAt": "2025-02-12T18:00:00Z"}]}
    row = one(load_articles(write("b.json", json.dumps(wrapped))))
    assert (row["title"], row["standfirst"], row["text"]) == ("C", "D", "E.")


def test_csv_with_header_and_quoted_multiline_bodies(write):
    content = ('headline,desc,body,date,link,byline\n'
               '"Grain deal, at last","UN and Turkey","Para one, with comma.\n\nPara ""two"".",'
               '2022-07-22,/2022/07/22/grain.html,By Lena Ortiz\n'
               'Annexation claimed,,Moscow claimed four regions.,"September 30, 2022",,\n')
    frame = load_articles(write("d.csv", content), base_url="https://news.example")
    first, second = frame.to_dict(orient="records")
    assert first["title"] == "Grain deal, at last" and first["standfirst"] == "UN and Turkey"
    assert first["text"] == 'Para one, with comma.\n\nPara "two".'
    assert first["url"] == "https://news.example/2022/07/22/grain.html"
    assert first["author"] == "Lena Ortiz"
    assert second["published"] == pd.Timestamp("2022-09-30", tz="UTC") and second["url"] == ""


def test_tsv_and_semicolon_csv(write):
    tsv = "title\ttext\tpublished\nTalks\tThey met.\t2025-02-18\n"
    assert one(load_articles(write("t.tsv", tsv)))["text"] == "They met."
    semi = "title;text;published\nTalks;They met, briefly.;2025-02-18\n"
    assert one(load_articles(write("s.csv", semi)))["text"] == "They met, briefly."


def test_headerless_csv_needs_and_accepts_a_mapping(write):
    path = write("nohead.csv", 'Riyadh talks,2025-02-18,"Officials met."\nCall,2025-02-12,"Leaders spoke."\n')
    frame = load_articles(path)
    assert frame.empty
    (problem,) = frame.attrs["load_report"].skipped
    assert problem.line == 1 and "columns=" in problem.reason
    frame = load_articles(path, columns={0: "title", 1: "published", 2: "text"})
    assert frame["title"].tolist() == ["Riyadh talks", "Call"]
    assert frame["published"].tolist() == [pd.Timestamp("2025-02-18", tz="UTC"), pd.Timestamp("2025-02-12", tz="UTC")]
    same = load_articles(path, columns=["title", "published", "text"])
    assert same["text"].tolist() == ["Officials met.", "Leaders spoke."]


def test_explicit_column_names(write):
    path = write("odd.csv", "Schlagzeile,Inhalt,Datum\nGespräche,Sie trafen sich.,2025-02-18\n")
    row = one(load_articles(path, columns={"Schlagzeile": "title", "Inhalt": "text", "Datum": "published"}))
    assert (row["title"], row["text"]) == ("Gespräche", "Sie trafen sich.")


def test_bad_columns_mapping_names_the_bad_field(write):
    with pytest.raises(ValueError, match="'headline' is not an article field"):
        load_articles(write("a.csv", "a\n1\n"), columns={"a": "headline"})


RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Steppe Herald</title><link>https://steppe.example</link>
<item><title>Anchorage summit ends without a deal</title><link>https://steppe.example/2025/08/15/anchorage</link>
<pubDate>Fri, 15 Aug 2025 23:40:00 -0800</pubDate><dc:creator>Nadia Brandt</dc:creator>
<description>Three hours of talks, no ceasefire.</description>
<content:encoded><![CDATA[<p>Trump and Putin met at a base in Alaska.</p><p>Neither announced a ceasefire.</p>]]></content:encoded></item>
<item><title>Zelenskiy heads to Washington</title><link>https://steppe.example/2025/08/17/washington</link>
<pubDate>Sun, 17 Aug 2025 08:00:00 GMT</pubDate><description>European leaders will join him.</description></item>
</channel></rss>"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Talks Monitor</title><id>urn:x</id><updated>2025-03-25T12:00:00Z</updated>
<entry><title>Black Sea talks close in Riyadh</title><link href="https://monitor.example/black-sea"/><id>urn:1</id>
<published>2025-03-25T18:00:00+03:00</published><updated>2025-03-26T08:00:00Z</updated>
<author><name>Kai Mueller</name></author><summary>Technical teams finish three days.</summary>
<content type="html">&lt;p&gt;Teams met from March 23 to 25.&lt;/p&gt;&lt;p&gt;A statement is due.&lt;/p&gt;</content></entry>
</feed>"""


def test_rss_items(write):
    first, second = load_articles(write("f.rss", RSS)).to_dict(orient="records")
    assert first["source"] == "Steppe Herald" and first["author"] == "Nadia Brandt"
    assert first["published"] == pd.Timestamp("2025-08-16 07:40", tz="UTC")
    assert first["standfirst"] == "Three hours of talks, no ceasefire."
    assert first["text"] == "Trump and Putin met at a base in Alaska.\n\nNeither announced a ceasefire."
    assert first["url"] == "https://steppe.example/2025/08/15/anchorage"
    assert second["text"] == "" and second["standfirst"] == "European leaders will join him."


def test_atom_entries(write):
    row = one(load_articles(write("f.atom", ATOM)))
    assert (row["title"], row["source"], row["author"]) == ("Black Sea talks close in Riyadh", "Talks Monitor", "Kai Mueller")
    assert row["published"] == pd.Timestamp("2025-03-25 15:00", tz="UTC")
    assert row["text"] == "Teams met from March 23 to 25.\n\nA statement is due."


def test_parquet_round_trip(tmp_path):
    source = pd.DataFrame({"headline": ["Munich conference opens"], "body": ["Vance spoke on Friday."],
                           "published": [pd.Timestamp("2025-02-14 09:00", tz="Europe/Berlin")],
                           "url": ["https://x.example/munich"]})
    source.to_parquet(tmp_path / "a.parquet")
    row = one(load_articles(tmp_path / "a.parquet"))
    assert (row["title"], row["text"]) == ("Munich conference opens", "Vance spoke on Friday.")
    assert row["published"] == pd.Timestamp("2025-02-14 08:00", tz="UTC")


def test_directory_glob_zip_and_list(tmp_path, write):
    write("corpus/a.txt", "Alpha\n\nBody a.\n")
    write("corpus/sub/b.md", "---\ntitle: Beta\ndate: 2025-01-02\n---\nBody b.\n")
    write("corpus/README.md", "# About this folder\n\nNot an article.\n")
    write("corpus/.hidden.txt", "Hidden\n\nNo.\n")
    write("other/c.txt", "Gamma\n\nBody c.\n")
    assert sorted(load_articles(tmp_path / "corpus")["title"]) == ["Alpha", "Beta"]
    assert sorted(load_articles(str(tmp_path / "**" / "*.txt"))["title"]) == ["Alpha", "Gamma"]
    assert sorted(load_articles([tmp_path / "corpus" / "a.txt", tmp_path / "other"])["title"]) == ["Alpha", "Gamma"]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("clips/d.txt", "Delta\n\nBody d.\n")
        archive.writestr("clips/e.jsonl", '{"title": "Epsilon", "text": "Body e."}\n')
        archive.writestr("__MACOSX/clips/._d.txt", b"\x00\x05")
    frame = load_articles(write("bundle.zip", buffer.getvalue()))
    assert sorted(frame["title"]) == ["Delta", "Epsilon"]
    assert frame["path"].str.contains(r"bundle\.zip!clips/").all()
    nested = io.BytesIO()
    with zipfile.ZipFile(nested, "w") as archive:
        archive.writestr("inner.zip", buffer.getvalue())
        archive.writestr("f.txt", "Zeta\n\nBody z.\n")
    frame = load_articles(write("nested.zip", nested.getvalue()))
    assert frame["title"].tolist() == ["Zeta"]
    (problem,) = frame.attrs["load_report"].skipped
    assert problem.path.endswith("nested.zip!inner.zip") and "nested zip archive" in problem.reason
    broken = load_articles(write("broken.zip", b"PK\x03\x04 not really a zip"))
    assert "unreadable zip archive" in broken.attrs["load_report"].skipped[0].reason


def test_format_override_and_content_sniffing(write):
    path = write("export.dat", '{"title": "A", "text": "B"}\n{"title": "C", "text": "D"}\n')
    assert load_articles(path)["title"].tolist() == ["A", "C"]
    clip = write("clip.log", "Title here\n\nBody here.\n")
    assert one(load_articles(clip, format="txt"))["title"] == "Title here"
    with pytest.raises(ValueError, match="format='docx' is not supported"):
        load_articles(clip, format="docx")
