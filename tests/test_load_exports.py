"""Exports of the news databases (Nexis Uni, LexisNexis, Factiva, ProQuest): split into articles with
their document ids, told by content whatever the file is called, duplicates across exports dropped, and
what cannot be split reported with the file and the article's number. Expectations are counted by hand
from the files in tests/data/exports/ (written for these tests; see make_fixtures.py there)."""
import csv
import io
import shutil
import zipfile

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import LoadError, load_articles
from analysis.config import ARTICLE_COLUMNS
from analysis.load.exports import EXPORT_COLUMNS, docx_parts, read_export, rtf_parts, text_kind
from analysis.load.exports import factiva, factiva_html, nexis, proquest
from analysis.load.exports.parts import Part
from analysis.load.fields import digest
from analysis.load.problems import FileProblem
from conftest import PROJECT_ROOT

DATA = PROJECT_ROOT / "tests" / "data" / "exports"
BROKEN = DATA / "broken"


def utc(text: str) -> pd.Timestamp:
    return pd.Timestamp(text, tz="UTC")


def loaded(*paths, **options):
    frame = load_articles([str(p) for p in paths], **options)
    return frame, frame.attrs["load_report"]


# ---- each export, field by field --------------------------------------------------------------------

def test_nexis_uni_docx_is_split_with_every_field():
    frame = read_export(DATA / "nexis_uni.docx")
    assert list(frame.columns) == EXPORT_COLUMNS and frame.attrs["problems"] == []
    assert frame["title"].tolist() == [
        "Envoys meet in Riyadh as Washington and Moscow reopen channels",
        "Kyiv backs 30-day ceasefire proposal after Jeddah talks",
        "Energy strikes to pause after second Trump-Putin call, Kremlin says",
        "Russian and Ukrainian negotiators meet in Istanbul for first direct talks since 2022"]
    assert frame["source"].tolist() == ["Gulf Ledger", "The Meridian Times", "Black Sea Herald", "Danube Wire"]
    # '6:40 PM GMT', no time, '9:15 PM EET' (UTC+2), '4:05 PM EEST' (UTC+3)
    assert frame["published"].tolist() == [utc("2025-02-18 18:40"), utc("2025-03-11"), utc("2025-03-18 19:15"),
                                           utc("2025-05-16 13:05")]
    assert frame["author"].tolist() == ["Mira Hollis and Omar Farouk", "Anna Reyes", "Petro Savchuk",
                                        "Lena Ortiz in Istanbul"]
    assert frame["section"].tolist() == ["WORLD", "NEWS; Pg. 1", "POLITICS", "EUROPE"]  # '; Version:2' dropped
    assert frame["length"].tolist() == [137, 145, 98, 120]
    assert frame["n_words"].tolist() == [137, 145, 98, 120]
    assert frame["document_id"].tolist() == ["6F3R-2KX1-JBN5-X0C7-00000-00", "6F5M-9TD1-JBN5-X2Y8-00000-00",
                                             "6F6B-4WM1-JBN5-X3H2-00000-00", "6FJ0-7PS1-JBN5-X1KD-00000-00"]
    assert (frame["database"] == "nexis").all() and frame["number"].tolist() == [1, 2, 3, 4]
    assert [len(p) for p in frame["paragraphs"]] == [4, 5, 3, 4]
    jeddah = frame.iloc[1]
    assert jeddah["standfirst"].startswith("Washington lifts its pause on intelligence sharing")
    assert jeddah["language"] == "ENGLISH" and jeddah["dateline"] == "Jeddah"
    assert jeddah["paragraphs"][-1] == ("The Kremlin said it would wait to be briefed by American officials "
                                        "before responding.")
    for furniture in ("Classification", "PEACE PROCESS", "Load-Date", "End of Document", "Copyright", "Body"):
        assert furniture not in jeddah["text"]
    assert frame.iloc[0]["dateline"] == "Riyadh"  # 'RIYADH, Saudi Arabia'


def test_nexis_uni_docx_through_load_articles():
    frame, report = loaded(DATA / "nexis_uni.docx")
    assert list(frame.columns) == ARTICLE_COLUMNS and len(frame) == 4
    assert report.summary().startswith("loaded 4 articles from 1 file; skipped 0")
    first = frame.iloc[0]
    assert first["text"].startswith("Senior American and Russian officials sat down in the Saudi capital")
    assert first["text"].count("\n\n") == 3 and first["url"] == ""
    assert first["article_id"] == digest("doc", "nexis:6F3R-2KX1-JBN5-X0C7-00000-00")
    assert first["path"].endswith("nexis_uni.docx")


def test_nexis_uni_rtf_takes_the_document_ids_from_its_links():
    frame = read_export(DATA / "nexis_uni.rtf")
    assert frame["title"].tolist() == ["Kyiv backs 30-day ceasefire proposal after Jeddah talks",
                                       "Black Sea talks in Riyadh end without a shipping deal",
                                       "Minerals agreement signed in Washington after weeks of wrangling"]
    assert frame["document_id"].tolist() == ["6F5M-9TD1-JBN5-X2Y8-00000-00", "6F6V-1RC1-JBN5-X0N4-00000-00",
                                             "6FH1-3NB1-JBN5-X4T9-00000-00"]
    assert frame["source"].tolist() == ["The Meridian Times", "Gulf Ledger", "The Atlantic Daily Post"]
    # 'April 30, 2025 Wednesday 11:50 PM EDT' is the next day in UTC
    assert frame["published"].tolist() == [utc("2025-03-11"), utc("2025-03-25 20:30"), utc("2025-05-01 03:50")]
    assert frame["length"].tolist() == [145, 101, 90] and [len(p) for p in frame["paragraphs"]] == [5, 3, 3]
    assert frame.iloc[1]["author"] == "Omar Farouk" and frame.iloc[1]["dateline"] == "Riyadh"
    assert "Load-Date" not in frame.iloc[2]["text"] and frame.attrs["problems"] == []


def test_lexisnexis_classic_text():
    frame = read_export(DATA / "lexisnexis_classic.txt")
    assert frame["number"].tolist() == [1, 2, 3]
    assert frame["title"].tolist() == ["Delegations meet on the Belarus border as shelling goes on",
                                       "Istanbul round brings talk of neutrality and security guarantees",
                                       "Grain corridor deal signed in Istanbul under UN and Turkish auspices"]
    assert frame["source"].tolist() == ["The Northern Chronicle", "Geneva Observer", "The Meridian Times"]
    assert frame["published"].tolist() == [utc("2022-02-28"), utc("2022-03-29"), utc("2022-07-22")]
    assert frame["author"].tolist() == ["Tom Reed", "Lena Ortiz and Karl Brandt", "Anna Reyes"]  # 'By ' dropped
    assert frame["section"].tolist() == ["WORLD NEWS; Pg. 8", "INTERNATIONAL",
                                         "Section A; Column 0; Foreign Desk; Pg. 6"]
    assert frame["dateline"].tolist() == ["Gomel", "Istanbul", "Istanbul"]
    assert frame["length"].tolist() == [117, 117, 93] == frame["n_words"].tolist()
    assert [len(p) for p in frame["paragraphs"]] == [4, 4, 3]
    # hard-wrapped lines are joined; the cover, LOAD-DATE, GRAPHIC and the copyright are not text
    assert frame.iloc[0]["paragraphs"][0] == (
        "Ukrainian and Russian officials met on Monday at a hunting lodge near the Pripyat river, close to "
        "Ukraine's northern border with Belarus, for the first talks since Russian troops crossed into Ukraine "
        "four days earlier.")
    for row in frame.itertuples():
        for furniture in ("LOAD-DATE", "GRAPHIC", "Copyright", "DOCUMENTS", "Download Request", "LANGUAGE"):
            assert furniture not in row.text
    assert frame.iloc[2]["text"].endswith("The deals are to last for 120 days and can be renewed.")
    assert (frame["document_id"] == "").all()  # classic exports carry none: the id comes from source, date, title


def test_lexisnexis_classic_rtf(tmp_path):
    """The classic interface's RTF (also saved as .doc) is its text layout, a paragraph a line."""
    lines = (DATA / "lexisnexis_classic.txt").read_text(encoding="utf-8-sig").splitlines()
    body = "".join(line.replace("\\", "\\\\").replace("{", "\\{").replace("}", "\\}") + "\\par\n" for line in lines)
    rtf = "{\\rtf1\\ansi\\ansicpg1252\\deff0{\\fonttbl{\\f0 Courier New;}}\\f0\\fs20\n" + body + "}"
    frame = read_export(_copy(rtf.encode("ascii"), "LexisNexis.doc", tmp_path))
    assert frame["title"].tolist() == read_export(DATA / "lexisnexis_classic.txt")["title"].tolist()
    assert frame["length"].tolist() == [117, 117, 93] and [len(p) for p in frame["paragraphs"]] == [4, 4, 3]


def test_nexis_uni_text():
    frame = read_export(DATA / "nexis_uni.txt")
    assert frame["title"].tolist() == ["Trump and Putin meet in Anchorage as ceasefire hopes fade",
                                       "European leaders join Zelenskiy at the White House",
                                       "Second round of Istanbul talks yields new prisoner swap"]
    assert frame["published"].tolist() == [utc("2025-08-16 07:02"), utc("2025-08-19 02:45"), utc("2025-06-02 15:20")]
    assert frame["length"].tolist() == [91, 88, 78] and [len(p) for p in frame["paragraphs"]] == [3, 3, 3]
    assert frame["author"].tolist() == ["Tom Reed", "Anna Reyes", "Lena Ortiz"]
    assert frame.iloc[0]["dateline"] == "Anchorage" and frame.iloc[0]["section"] == "WORLD NEWS; Pg. 2"
    assert "Job Number" not in "".join(frame["text"]) and "Search Terms" not in "".join(frame["title"])


def test_factiva_rtf_field_codes():
    frame = read_export(DATA / "factiva.rtf")
    assert frame["document_id"].tolist() == ["GULFLD0020250816el8g0000b", "BALTCR0020250819el8j00015",
                                             "DANUBW0020250723el7n0002z"]
    assert frame["title"].tolist() == ["Trump and Putin end Alaska summit without a truce",
                                       "European leaders join Zelenskiy in Washington",
                                       "Third Istanbul meeting ends after less than an hour"]
    assert frame["author"].tolist() == ["Omar Farouk", "Ilse Kaur", "Lena Ortiz"]
    assert frame["source"].tolist() == ["Gulf Ledger", "The Baltic Courier", "Danube Wire"]
    assert frame["section"].tolist() == ["World", "Europe", "Europe"]
    # PD with ET
    assert frame["published"].tolist() == [utc("2025-08-16 06:15"), utc("2025-08-19 05:30"), utc("2025-07-23 19:40")]
    assert frame["length"].tolist() == [135, 95, 88] == frame["n_words"].tolist()
    assert [len(p) for p in frame["paragraphs"]] == [5, 4, 3]  # LP then TD
    assert frame["dateline"].tolist() == ["Anchorage", "Washington", "Istanbul"]  # from 'ANCHORAGE — ...'
    for furniture in ("gdip", "International Relations", "Document ", "Copyright", "Search Summary", "|"):
        assert furniture not in "".join(frame["text"])
    assert frame.attrs["problems"] == []


def test_factiva_html_without_and_with_indexing():
    plain = read_export(DATA / "factiva.html")
    assert plain["document_id"].tolist() == ["GULFLD0020250816el8g0000b", "MERIDT0020250228el2s0003k",
                                             "GENOBS0020250215el2f0001w"]
    assert plain["title"].tolist() == ["Trump and Putin end Alaska summit without a truce",
                                       "Zelenskiy and Trump clash in the Oval Office",
                                       "Munich conference hears sharp words on Europe's role"]
    assert plain["source"].tolist() == ["Gulf Ledger", "The Meridian Times", "Geneva Observer"]
    assert plain["author"].tolist() == ["Omar Farouk", "Anna Reyes", "Karl Brandt"]
    assert plain["section"].tolist() == ["World", "Foreign Desk; A1", ""]
    assert plain["published"].tolist() == [utc("2025-08-16 06:15"), utc("2025-02-28 21:12"), utc("2025-02-15")]
    assert plain["length"].tolist() == [135, 106, 82] and [len(p) for p in plain["paragraphs"]] == [5, 4, 3]
    assert "Document" not in plain.iloc[1]["text"] and "Factiva" not in "".join(plain["text"])
    indexed = read_export(DATA / "factiva_indexed.html")
    assert indexed["document_id"].tolist() == ["GULFLD0020230806ej860001t", "BALTCR0020230717ej7h0000e"]
    assert indexed["title"].tolist() == ["Jeddah talks on Kyiv's peace formula end with a promise of more",
                                         "Russia walks away from the Black Sea grain deal"]
    assert indexed["published"].tolist() == [utc("2023-08-06 17:45"), utc("2023-07-17")]
    assert indexed["section"].tolist() == ["World", ""] and indexed["length"].tolist() == [93, 71]
    assert [len(p) for p in indexed["paragraphs"]] == [4, 3]
    assert "Diplomacy" not in indexed.iloc[0]["text"]


def test_proquest_text():
    frame = read_export(DATA / "proquest.txt")
    assert frame["title"].tolist() == ["Jeddah meeting on Kyiv's peace plan ends with promise of more talks",
                                       "Bürgenstock summit ends with call for Russia to join future talks",
                                       "Ukrainian troops push into Russia's Kursk region"]
    assert frame["author"].tolist() == ["Sam Whitcombe", "Ilse Kaur", "Petro Savchuk"]  # 'Surname, Name' turned
    assert frame["source"].tolist() == ["The Prairie Tribune", "The Baltic Courier", "Black Sea Herald"]
    assert frame["published"].tolist() == [utc("2023-08-07"), utc("2024-06-17"), utc("2024-08-08")]
    assert frame["section"].tolist() == ["World", "Europe", "News"]
    assert frame["document_id"].tolist() == ["2847119023", "3068402291", "3089055710"]
    assert frame["length"].tolist() == [99, 103, 77] == frame["n_words"].tolist()
    assert [len(p) for p in frame["paragraphs"]] == [4, 4, 3]
    assert frame.iloc[1]["dateline"] == "Bürgenstock" and frame.iloc[1]["language"] == "English"
    assert frame.iloc[0]["standfirst"] == ""  # 'Abstract: None available.'
    assert frame.iloc[2]["document_url"].startswith("https://www.proquest.com/newspapers/")
    for furniture in ("Credit:", "Subject:", "ProQuest", "Table of contents", "____"):
        assert furniture not in "".join(frame["text"])


def test_factiva_text_splits_on_page_breaks_repeated_fields_and_an(tmp_path):
    text = ("HD\tCeasefire talks resume\nBY\tBy Ana Ruiz\nPD\t12 March 2025\nSN\tDanube Wire\n"
            "TD\tEnvoys met again on Wednesday.\n\nThe talks lasted six hours.\n"
            # no AN: the HD that comes again starts the next article
            "HD\tPrisoner exchange agreed\nPD\t13 March 2025\nTD\tBoth sides named 150 prisoners each.\n"
            "AN\tDocument DANUBW0020250313el3d0001a\n"
            "\fSE\tWorld\nHD\tA third article\nPD\t14 March 2025\nLP\tIt follows a page break.\n")
    assert text_kind(text) == "factiva"
    parts = list(factiva.read_text(text))
    assert [p.title for p in parts] == ["Ceasefire talks resume", "Prisoner exchange agreed", "A third article"]
    assert [p.paragraphs for p in parts] == [["Envoys met again on Wednesday.", "The talks lasted six hours."],
                                             ["Both sides named 150 prisoners each."], ["It follows a page break."]]
    assert [p.document_id for p in parts] == ["", "DANUBW0020250313el3d0001a", ""]
    assert parts[2].section == "World" and "no Factiva document number" in parts[0].warnings[0]
    frame, report = loaded(_copy(text.encode(), "factiva.txt", tmp_path))
    assert len(frame) == 3 and [p.item for p in report.warnings] == [1, 3]


# ---- the format is told by the content ----------------------------------------------------------------

@pytest.mark.parametrize("fixture, name, count", [
    ("lexisnexis_classic.txt", "download.dat", 3),
    ("nexis_uni.txt", "nexis-results.text", 3),
    ("nexis_uni.docx", "Results_Nexis.DOCX", 4),
    ("nexis_uni.docx", "results.bin", 4),
    ("nexis_uni.rtf", "nexis.doc", 3),
    ("nexis_uni.rtf", "nexis.txt", 3),
    ("factiva.rtf", "Factiva-20250825-1040.txt", 3),
    ("factiva.html", "factiva.txt", 3),
    ("factiva_indexed.html", "factiva.htm", 2),
    ("proquest.txt", "ProQuestDocuments-2025-08-25.html", 3),
])
def test_exports_are_told_by_content_whatever_their_name(tmp_path, fixture, name, count):
    path = tmp_path / name
    shutil.copyfile(DATA / fixture, path)
    frame, report = loaded(path)
    assert len(frame) == count, report.summary()
    assert report.skipped == [] and frame["title"].str.len().gt(0).all()
    # an export file's name carries the download date, never taken for an article's date
    assert not (frame["published"].dt.strftime("%Y%m%d") == "20250825").any()


def test_a_forced_text_or_html_format_still_reads_the_export():
    assert len(load_articles(DATA / "nexis_uni.txt", format="text")) == 3
    assert len(load_articles(DATA / "factiva.html", format="html")) == 3
    assert len(load_articles(DATA / "factiva.rtf", format="text")) == 3


def test_a_word_file_is_one_document_not_an_archive_of_articles(tmp_path):
    folder = tmp_path / "downloads"
    folder.mkdir()
    shutil.copyfile(DATA / "nexis_uni.docx", folder / "nexis.docx")
    frame, report = loaded(folder)
    assert len(frame) == 4 and report.files == 1 and not frame["path"].str.contains("!").any()
    bundle = tmp_path / "bundle.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.write(DATA / "nexis_uni.docx", "exports/nexis.docx")
        archive.write(DATA / "factiva.rtf", "exports/factiva.rtf")
    frame, report = loaded(bundle)
    assert len(frame) == 7 and report.skipped == []
    assert set(frame["path"].str.split("!").str[1]) == {"exports/nexis.docx", "exports/factiva.rtf"}


def test_plain_clippings_and_pages_are_not_taken_for_exports(write):
    clipping = write("notes.txt", "Body language at the talks\n\nSection: what the cameras saw.\n\n"
                                  "Body\n\nThe envoys shook hands twice. Length: about a minute.\n\n"
                                  + "_" * 60 + "\n\nSources: ProQuest and our own reporting.\n")
    assert text_kind(clipping.read_text()) is None
    frame = load_articles(clipping)
    assert frame["title"].tolist() == ["Body language at the talks"]
    page = write("page.html", "<!DOCTYPE html><html><head><title>Talks resume | Gulf Ledger</title></head><body>"
                              "<div class='article'><h1>Talks resume</h1><p>Envoys met again in Riyadh on Monday "
                              "to discuss the Black Sea.</p><p>Document 4 of 7 was signed.</p></div></body></html>")
    assert text_kind(page.read_text()) is None
    assert load_articles(page)["title"].tolist() == ["Talks resume"]


def test_a_word_or_rtf_file_that_is_no_export_is_refused_with_the_reason(tmp_path):
    from docx import Document

    letter = Document()
    letter.add_paragraph("Minutes of the steering group, 3 March 2025")
    letter.add_paragraph("We agreed to follow the Jeddah talks closely.")
    letter.save(tmp_path / "minutes.docx")
    (tmp_path / "memo.rtf").write_text("{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}}\\f0 Dear colleagues,\\par "
                                       "the talks resume on Monday.\\par}", encoding="ascii")
    (tmp_path / "photo.docx").write_bytes(b"\x89PNG\r\n\x1a\n not a Word file")
    frame, report = loaded(tmp_path)
    reasons = {p.path.rsplit("/", 1)[-1]: p.reason for p in report.skipped}
    assert len(frame) == 0 and set(reasons) == {"minutes.docx", "memo.rtf", "photo.docx"}
    assert "a Word document, but not a Nexis Uni export" in reasons["minutes.docx"]
    assert "an RTF document, but not a Nexis or Factiva export" in reasons["memo.rtf"]
    assert "not a Word document" in reasons["photo.docx"]
    with pytest.raises(LoadError, match="not a Nexis, LexisNexis, Factiva or ProQuest export"):
        read_export(_copy(b"Talks resume\n\nEnvoys met on Monday.\n", "clip.txt", tmp_path))


# ---- the same document exported twice ------------------------------------------------------------------

def test_the_same_document_in_two_exports_is_one_article():
    frame, report = loaded(DATA / "factiva.rtf", DATA / "factiva.html")
    assert len(frame) == 5  # 3 + 3, the Anchorage summit (GULFLD0020250816el8g0000b) in both
    (duplicate,) = report.duplicates
    assert duplicate.path.endswith("factiva.html") and duplicate.item == 1
    assert duplicate.reason == f"duplicate of {DATA / 'factiva.rtf'} (item 1) (same document id)"
    ids = [read_export(DATA / name)["article_id"].iloc[0] for name in ("factiva.rtf", "factiva.html")]
    assert ids[0] == ids[1] == digest("doc", "factiva:GULFLD0020250816el8g0000b")
    assert frame["article_id"].is_unique and ids[0] in set(frame["article_id"])

    frame, report = loaded(DATA / "nexis_uni.docx", DATA / "nexis_uni.rtf")  # Word and RTF downloads
    assert len(frame) == 6 and [(p.path.rsplit("/", 1)[-1], p.item) for p in report.duplicates] == [
        ("nexis_uni.rtf", 1)]


def test_a_corrected_copy_is_recognised_by_its_document_id_alone():
    first, again = read_export(DATA / "proquest.txt"), read_export(DATA / "proquest_again.txt")
    assert first.iloc[1]["text"] != again.iloc[0]["text"]  # 'communique' became 'communiqué'
    assert first.iloc[1]["article_id"] == again.iloc[0]["article_id"]
    frame, report = loaded(DATA / "proquest.txt", DATA / "proquest_again.txt")
    assert len(frame) == 4 and "(same document id)" in report.duplicates[0].reason
    kept = loaded(DATA / "proquest.txt", DATA / "proquest_again.txt", dedupe=False)[0]
    assert len(kept) == 5 and kept["article_id"].is_unique


# ---- what cannot be split is reported -------------------------------------------------------------------

def test_a_part_without_a_body_is_skipped_by_number_and_the_others_load():
    frame, report = loaded(BROKEN / "nexis_no_body.txt")
    assert frame["title"].tolist() == ["Trump and Putin meet in Anchorage as ceasefire hopes fade",
                                       "Second round of Istanbul talks yields new prisoner swap"]
    (skipped,) = report.skipped
    assert skipped.where == f"{BROKEN / 'nexis_no_body.txt'} (item 2)"
    assert "Nexis article 2 has no 'Body' line" in skipped.reason
    (warning,) = report.warnings  # the third has no date line
    assert warning.item == 3 and "no publication date" in warning.reason and pd.isna(frame.iloc[1]["published"])
    rows = list(csv.DictReader(io.StringIO(report.problems_csv())))
    assert [(r["kind"], r["item"], r["reason"][:15]) for r in rows] == [("skipped", "2", "Nexis article 2"),
                                                                      ("warning", "3", "no publication ")]
    with pytest.raises(LoadError, match=r"nexis_no_body\.txt \(item 2\): Nexis article 2"):
        load_articles(BROKEN / "nexis_no_body.txt", strict=True)


def test_a_proquest_record_without_full_text_is_skipped_by_number():
    frame, report = loaded(BROKEN / "proquest_abstract_only.txt")
    assert frame["title"].tolist() == ["Moscow ends grain corridor arrangement"]
    (skipped,) = report.skipped
    assert skipped.item == 2 and "'Zelenskiy decree rules out talks with Putin'" in skipped.reason
    assert read_export(BROKEN / "proquest_abstract_only.txt").attrs["problems"][0].item == 2


def test_a_factiva_article_without_its_an_loads_with_a_warning_and_is_split_right():
    frame, report = loaded(BROKEN / "factiva_missing_an.rtf")
    assert frame["title"].tolist() == ["Third Istanbul meeting ends after less than an hour",
                                       "European leaders join Zelenskiy in Washington",
                                       "Trump and Putin end Alaska summit without a truce"]
    assert [w.item for w in report.warnings] == [2] and "no Factiva document number (AN)" in report.warnings[0].reason
    middle = frame.iloc[1]
    assert middle["n_words"] == 95 and middle["text"].endswith("the best conversation the two men had had.")
    assert read_export(BROKEN / "factiva_missing_an.rtf")["document_id"].tolist() == [
        "DANUBW0020250723el7n0002z", "", "GULFLD0020250816el8g0000b"]


@pytest.mark.parametrize("name, words, reasons", [
    ("nexis_uni_truncated.txt", [91, 44], ["the export ends inside this article"]),
    ("factiva_truncated.html", [106, 41], ["the page ends inside this article"]),
    ("factiva_truncated.rtf", [135, 59], ["no Factiva document number (AN)", "the RTF file ends before its last"]),
])
def test_a_truncated_export_loads_what_it_holds_and_flags_the_cut_article(name, words, reasons):
    frame, report = loaded(BROKEN / name)
    assert frame["n_words"].tolist() == words and report.skipped == []
    assert [w.item for w in report.warnings] == [2] * len(reasons)
    assert all(reason in warning.reason for reason, warning in zip(reasons, report.warnings))


def test_a_cut_word_file_is_skipped_whole_with_the_reason():
    frame, report = loaded(BROKEN / "nexis_uni_truncated.docx", DATA / "nexis_uni.txt")
    assert len(frame) == 3
    (skipped,) = report.skipped
    assert skipped.path.endswith("nexis_uni_truncated.docx") and skipped.item is None
    assert skipped.reason.startswith("not a Word document (damaged or cut short?)")
    with pytest.raises(LoadError, match="nexis_uni_truncated.docx: not a Word document"):
        read_export(BROKEN / "nexis_uni_truncated.docx")


# ---- junk never raises anything but a problem ------------------------------------------------------------

MARKERS = ["1 of 3 DOCUMENTS", "End of Document", "Body", "Classification", "Graphic", "Length:\u00a0120 words",
           "Byline:\u00a0Ana Ruiz", "Load-Date:\u00a0March 1, 2025", "Section:\u00a0WORLD; Version:3",
           "March 11, 2025 Tuesday 6:40 PM GMT", "LENGTH: 12 words", "BYLINE: By Tom Reed", "LOAD-DATE: x",
           "Copyright 2025 Danube Wire", "HD\tTalks resume", "HD|Talks resume|", "PD|16 August 2025|", "ET\t25:99",
           "WC\t1,234 words", "LP|", "TD\t", "AN\tDocument GULFLD0020250816el8g0000b", "AN|", "\f", "_" * 60,
           "Document 1 of 2", "Document 9 of 2", "Full text: Envoys met.", "Full Text:", "Title: Talks",
           "ProQuest document ID: 123", "Author: Reyes, Anna; , ;", "Publication date: Feb 30, 2025",
           "Word count: 99999999999", '<div class="article enArticle">', "<span class='enHeadline'>T</span>",
           '<p class="articleParagraph enarticleParagraph">Envoys met.</p>', "<div>12 words</div>",
           "<div>16 August 2025</div>", "<p>Document GULFLD0020250816el8g0000b</p>", "<tr><td><b>HD</b></td>",
           "<td>x</td></tr>", "<b>AN</b>", "</div>", "<table>", "</html>"]
junk_lines = st.lists(st.one_of(st.sampled_from(MARKERS), st.text(max_size=30)), max_size=40).map("\n".join)
TEXT_READERS = [nexis.read_uni_text, nexis.read_classic, factiva.read_text, factiva_html.read_html,
                proquest.read_text]
FIXTURES = sorted(p for p in DATA.rglob("*") if p.is_file() and p.suffix != ".py")


def _parts_or_problem(read, data) -> list:
    """Every item a reader gives, or the one FileProblem it raises; any other exception fails the test."""
    try:
        items = list(read(data))
    except FileProblem as e:
        items = [e]
    for item in items:
        assert isinstance(item, (Part, FileProblem)), item
        if isinstance(item, FileProblem):
            assert isinstance(item.reason, str) and item.reason
        else:
            assert item.paragraphs and item.number >= 1
    return items


@settings(max_examples=200, deadline=None)
@given(text=junk_lines, reader=st.sampled_from(TEXT_READERS))
def test_junk_text_to_each_text_reader_gives_parts_or_problems(text, reader):
    _parts_or_problem(reader, text)


@settings(max_examples=100, deadline=None)
@given(data=st.one_of(st.binary(max_size=600), junk_lines.map(lambda t: ("{\\rtf1 " + t).encode("utf-8", "replace"))),
       reader=st.sampled_from([docx_parts, rtf_parts]))
def test_junk_bytes_to_the_word_and_rtf_readers_give_parts_or_problems(data, reader):
    _parts_or_problem(reader, data)


def _damaged(data: bytes, cut: int, at: int, insert: bytes) -> bytes:
    cut_at, put_at = cut % (len(data) + 1), at % (len(data) + 1)
    return (data[:put_at] + insert + data[put_at:])[:max(cut_at, 1)]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fixture=st.sampled_from(FIXTURES), cut=st.integers(0, 10**6), at=st.integers(0, 10**6),
       insert=st.one_of(st.binary(max_size=40), st.sampled_from(MARKERS).map(str.encode)),
       suffix=st.sampled_from([".docx", ".rtf", ".txt", ".html", ""]))
def test_damaged_exports_load_or_are_reported(tmp_path, fixture, cut, at, insert, suffix):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(_damaged(fixture.read_bytes(), cut, at, insert))
    frame = load_articles(path)
    report = frame.attrs["load_report"]
    assert list(frame.columns) == ARTICLE_COLUMNS and len(frame) == report.loaded
    assert report.loaded > 0 or report.skipped, "a file that loads nothing must say why"
    assert all(isinstance(p.reason, str) and p.reason for p in report.skipped)
    assert frame["published"].isna().sum() <= len(report.warnings)


def _copy(data: bytes, name: str, folder):
    (folder / name).write_bytes(data)
    return folder / name


def test_a_corrected_re_export_is_a_new_version_in_the_store_not_a_clash(tmp_path):
    """The same ProQuest document id from a later download, its text corrected: the store keeps the
    corrected version, as it would for a changed page under one URL."""
    from analysis.store import Store

    store = Store(tmp_path / "store")
    store.ingest([DATA / "proquest.txt"])
    report = store.ingest([DATA / "proquest_again.txt"])
    assert (report.new, report.changed, report.clashes) == (1, 1, 0)
    stored = store.articles()
    corrected = read_export(DATA / "proquest_again.txt").set_index("document_id").loc["3068402291"]
    (text,) = stored.loc[stored["title"] == corrected["title"], "text"]
    assert text == corrected["text"] and len(stored) == 4
