"""The real NYT export (cp1252, 4,972 rows): every row read, curly quotes and dates right."""
import pandas as pd
import pytest

from analysis import load_articles

from conftest import shared_file

pytestmark = [pytest.mark.shared, pytest.mark.slow]


@pytest.fixture(scope="module")
def nyt_path():
    return shared_file("nyt_ukraine", "NYT_Ukraine_full_data.csv")


def test_all_rows_load_with_curly_quotes_and_dates(nyt_path):
    frame = load_articles(nyt_path, base_url="https://www.nytimes.com", dedupe=False)
    report = frame.attrs["load_report"]
    assert len(frame) == 4972 and report.skipped == [] and report.warnings == []
    assert frame["published"].min() == pd.Timestamp("2022-01-05", tz="UTC")
    assert frame["published"].max() == pd.Timestamp("2025-03-18", tz="UTC")
    first = frame.iloc[0]
    assert first["title"] == "In Kazakhstan, Putin Again Seizes on Unrest to Try to Expand Influence"
    assert first["author"] == "Andrew Higgins"
    assert first["published"] == pd.Timestamp("2022-01-06", tz="UTC")
    assert first["url"] == "https://www.nytimes.com/2022/01/06/world/asia/kazakhstan-putin-russia.html"
    assert first["standfirst"].startswith("But a series of revolts against a pro-Russian strongman")
    second = frame.iloc[1]
    assert second["title"] == "The Biden administration is closely monitoring — but not criticizing — Moscow’s intervention."
    assert second["standfirst"] == ""  # "NA" in the file
    text = " ".join(frame["title"]) + " ".join(frame["standfirst"])
    assert "’" in text and "—" in text
    for mojibake in ("â€", "Ã", "\x92", "\x97"):
        assert mojibake not in text
    assert frame["url"].str.startswith("https://www.nytimes.com/").all()
    assert not frame["url"].str.contains("searchResultPosition").any()


def test_duplicates_in_the_export_are_dropped_and_counted(nyt_path):
    frame = load_articles(nyt_path)
    report = frame.attrs["load_report"]
    assert len(frame) + len(report.duplicates) == 4972
    # The same story listed twice (search positions 1 and 3) has one URL once tracking is removed.
    same_url = [d for d in report.duplicates if "same URL" in d.reason]
    assert len(same_url) == 1 and frame["article_id"].is_unique
