"""The format registry: every built-in format is listed once, and a registered format is read."""
import pytest

from analysis import load_articles
from analysis.load import FORMATS, formats
from analysis.load.problems import FileProblem

BUILT_IN = {
    "text": (".txt", ".text"), "markdown": (".md", ".markdown"), "html": (".html", ".htm", ".xhtml"),
    "json": (".json",), "jsonl": (".jsonl", ".ndjson"), "csv": (".csv",), "tsv": (".tsv", ".tab"),
    "feed": (".rss", ".atom", ".xml"), "parquet": (".parquet", ".pq"),
}


def test_registry_lists_every_built_in_format_with_its_extensions():
    assert FORMATS == tuple(BUILT_IN)
    assert {name: formats.get(name).extensions for name in FORMATS} == BUILT_IN
    assert [n for n in FORMATS if formats.get(n).by_line] == ["jsonl", "csv", "tsv"]
    assert [n for n in FORMATS if not formats.get(n).mapped] == ["text", "html", "feed"]


def _read_wire(source, data, encoding, columns):
    """Toy format: one article per line, `title|text`; a line without '|' is a broken record."""
    for number, line in enumerate(data.decode().splitlines(), start=1):
        if "|" not in line:
            yield FileProblem("no '|' in this line", line=number)
            continue
        title, text = line.split("|", 1)
        yield {"headline": title, "body": text}, number


@pytest.fixture
def wire():
    formats.register("wire", _read_wire, extensions=(".wire",), by_line=True, aliases=("telex",))
    yield
    formats.unregister("wire")


def test_a_registered_format_is_read_by_extension_and_by_name(wire, tmp_path):
    path = tmp_path / "feed.wire"
    path.write_text("Talks resume|Envoys met in Doha on Monday.\nbroken line\n"
                    "Ceasefire holds|No shots were reported overnight.\n")
    frame = load_articles(path)
    assert list(frame["title"]) == ["Talks resume", "Ceasefire holds"]
    assert list(frame["text"]) == ["Envoys met in Doha on Monday.", "No shots were reported overnight."]
    skipped = frame.attrs["load_report"].skipped
    assert [(p.line, p.reason) for p in skipped] == [(2, "no '|' in this line")]
    other = tmp_path / "feed.dat"
    other.write_text("Talks resume|Envoys met in Doha on Monday.\n")
    assert list(load_articles(other, format="telex")["title"]) == ["Talks resume"]


def test_a_taken_extension_or_name_is_refused(wire):
    with pytest.raises(ValueError, match=r"\.csv"):
        formats.register("other", _read_wire, extensions=(".csv",))
    with pytest.raises(ValueError, match="wire"):
        formats.register("wire", _read_wire)
    assert "other" not in formats.names()


def test_an_unknown_format_names_the_registered_ones(wire):
    with pytest.raises(ValueError, match="parquet, wire"):
        load_articles([], format="nope")
