"""Hostile and real-life broken input: one bad file, member or record is skipped with its reason and
never sinks the load, nothing hangs or blows up, and every article id is unique."""
import csv
import hashlib
import json
import os
import random
import resource
import signal
import socket
import struct
import subprocess
import sys
import time
import zipfile
from contextlib import contextmanager

import pandas as pd
import pytest

from analysis import load_articles
from analysis.load import LoadReport, Problem
from analysis.load.dates import parse_date
from conftest import PROJECT_ROOT, shared_file

GOOD = "A good article\n\nIt loads.\n"


def loaded(path, **options):
    frame = load_articles(path, **options)
    return frame, frame.attrs["load_report"]


def reasons(report: LoadReport) -> dict[str, str]:
    """{file name (or name:line): reason} of every skipped file or record."""
    return {p.where.rsplit("/", 1)[-1]: p.reason for p in report.skipped}


class Hung(Exception):
    """Not an OSError, which the loader would take for an unreadable file and go on."""


@contextmanager
def deadline(seconds: int):
    """Fail instead of hanging: SIGALRM interrupts a blocking open() or read(), every second after."""
    def expired(*_):
        raise Hung(f"still running after {seconds} s")
    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


# --- article ids -----------------------------------------------------------------------------------

def test_articles_without_url_same_title_same_day_get_different_ids(tmp_path, write):
    # Two different CNN stories, both with only the 'CNN —' line where a headline should be.
    write("20230727T141500Z_a.txt", "CNN —\n\nA summit with African leaders began in St. Petersburg.\n")
    write("20230727T164500Z_b.txt", "CNN —\n\nThe grain corridor stayed shut on Thursday.\n")
    write("20230727T164500Z_c.txt", "CNN —\n\nThe grain corridor stayed shut on Thursday, officials said.\n")
    frame, _ = loaded(tmp_path)
    assert frame["title"].tolist() == ["CNN —"] * 3
    assert frame["article_id"].nunique() == 3  # same time, same title (b and c): the body tells them apart


def test_an_edit_deep_in_a_long_article_keeps_its_id(write):
    opening = "Negotiators met in Geneva on Tuesday. " * 30  # 1,140 characters
    first = write("one/a.txt", f"Geneva round\n\n{opening}\n\nThe talks went on untill late.\n")
    fixed = write("two/a.txt", f"Geneva round\n\n{opening}\n\nThe talks went on until late.\n")
    other = write("three/a.txt", f"Geneva round\n\nA different story.\n\n{opening}\n")
    ids = [load_articles(p).iloc[0]["article_id"] for p in (first, fixed, other)]
    assert ids[0] == ids[1] != ids[2]


def test_ids_from_urls_are_unchanged(write):
    path = write("a.jsonl", json.dumps({"title": "T", "text": "x", "url": "https://x.example/1?utm_source=s"}))
    expected = hashlib.sha1("url\x1fhttps://x.example/1".encode()).hexdigest()[:16]
    assert load_articles(path).iloc[0]["article_id"] == expected


def _same_story_files(tmp_path):
    record = {"title": "Talks", "text": "They met.", "date": "2025-02-18"}
    lines = "\n".join(json.dumps(record) for _ in range(2))
    (tmp_path / "a.jsonl").write_text(lines + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(record) + "\n")


def test_no_two_rows_share_an_id_even_without_dedupe(tmp_path):
    _same_story_files(tmp_path)
    frame = load_articles(tmp_path, dedupe=False)
    assert len(frame) == 3 and frame["article_id"].is_unique
    assert frame["article_id"].tolist() == load_articles(tmp_path, dedupe=False)["article_id"].tolist()
    assert frame.iloc[0]["article_id"] == load_articles(tmp_path)["article_id"].iloc[0]  # the first keeps its id


class _InlineClient:
    """The two calls of a Dask client load_sharded makes, run here one after the other."""

    def map(self, func, items, **kwargs):
        kwargs.pop("pure", None)
        return [func(item, **kwargs) for item in items]

    def gather(self, futures):
        return futures


@pytest.mark.parametrize("dedupe", [True, False])
def test_a_load_in_shards_gives_the_ids_of_one_load(tmp_path, dedupe):
    from analysis.scale import load_sharded

    _same_story_files(tmp_path)
    opening = "Negotiators met in Geneva on Tuesday. " * 30
    for name, ending in (("c.txt", "It ended late."), ("d.txt", "It ended early.")):
        (tmp_path / name).write_text(f"Geneva round\n\n{opening}\n\n{ending}\n")  # one id, two texts
    (tmp_path / "e.jsonl").write_text(json.dumps({"title": "U", "text": "y", "url": "https://x.example/u"}))
    (tmp_path / "f.jsonl").write_text(json.dumps({"title": "U2", "text": "y2", "url": "https://x.example/u"}))
    whole = load_articles(tmp_path, dedupe=dedupe)
    sharded = load_sharded(_InlineClient(), tmp_path, files_per_shard=1, dedupe=dedupe)
    assert sharded["article_id"].is_unique
    assert sharded["article_id"].tolist() == whole["article_id"].tolist()
    assert len(sharded) == (4 if dedupe else 7)
    if dedupe:  # b.jsonl repeats a.jsonl's story; f.jsonl has e.jsonl's URL: both named, neither silent
        dropped = {p.path.rsplit("/", 1)[-1]: p.reason for p in sharded.attrs["load_report"].duplicates}
        assert "same title and text" in dropped["b.jsonl"] and "same URL" in dropped["f.jsonl"]


@pytest.mark.shared
def test_real_corpus_ids_are_unique():
    folder = shared_file("news_fulltext")
    frame = load_articles(folder, dedupe=False)
    assert len(frame) == 224 and frame["article_id"].is_unique
    cnn = frame[frame["path"].str.contains("20230727T")]
    assert cnn["title"].eq("CNN —").sum() == 2 and cnn["article_id"].nunique() == len(cnn)


# --- one bad file never sinks the load -------------------------------------------------------------

def test_nesting_too_deep_is_skipped_with_its_reason(tmp_path, write):
    write("good.txt", GOOD)
    write("deep.json", "[" * 100_000)
    write("deep.jsonl", '{"title": "Line one", "text": "Fine."}\n' + "[" * 100_000 + "\n"
                        '{"title": "Line three", "text": "Fine too."}\n')
    write("wrapped.json", '{"data": ' * 900 + '{"title": "Wrapped", "text": "Deep inside."}' + "}" * 900)
    write("ld.html", "<html><head><title>Page</title><script type='application/ld+json'>" + "[" * 100_000
          + "</script></head><body><article><p>The page's own text.</p></article></body></html>")
    frame, report = loaded(tmp_path)
    assert sorted(frame["title"]) == ["A good article", "Line one", "Line three", "Page", "Wrapped"]
    assert set(reasons(report)) == {"deep.json", "deep.jsonl:2"}
    assert all("nesting too deep" in r for r in reasons(report).values())
    (warning,) = [w for w in report.warnings if w.path.endswith("ld.html") and "JSON-LD" in w.reason]
    assert "nesting too deep" in warning.reason


def test_a_file_name_that_is_not_utf8_loads_and_prints(tmp_path):
    folder = os.fsencode(tmp_path)
    with open(os.path.join(folder, b"caf\xe9.txt"), "wb") as out:
        out.write("Caf\u00e9 talks\n\nThey met.\n".encode())
    with open(os.path.join(folder, b"empty\xff.txt"), "wb"):
        pass
    for given in (tmp_path, folder, os.path.join(folder, b"caf\xe9.txt")):
        frame, report = loaded(given)
        assert frame["title"].tolist() == ["Caf\u00e9 talks"]
        assert frame.iloc[0]["path"].endswith("caf\\xe9.txt")
    frame, report = loaded(tmp_path)
    assert report.skipped[0].path.endswith("empty\\xff.txt") and report.summary().encode("utf-8")
    frame.drop(columns="published").to_json(tmp_path / "out.json")  # no surrogates left to refuse
    result = _cli("articles", tmp_path, "-o", tmp_path / "out.jsonl")
    assert result.returncode == 0, result.stderr
    assert "empty\\xff.txt: empty file" in result.stderr
    assert json.loads((tmp_path / "out.jsonl").read_text())["path"].endswith("caf\\xe9.txt")


def _cli(*args):
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    return subprocess.run([sys.executable, "-m", "analysis", *map(str, args)], capture_output=True, text=True,
                          cwd=PROJECT_ROOT, env=env, stdin=subprocess.DEVNULL, timeout=120)


def _data_offset(raw: bytes, info: zipfile.ZipInfo) -> int:
    name_length, extra_length = struct.unpack("<HH", raw[info.header_offset + 26: info.header_offset + 30])
    return info.header_offset + 30 + name_length + extra_length


def _damaged_zip(path):
    """good.txt and four damaged members: bad CRC, corrupt deflate data, encrypted flag, bad method."""
    text = "Member title\n\nMember text that is long enough to compress a little, a little.\n"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("good.txt", GOOD)
        archive.writestr("crc.txt", text, compress_type=zipfile.ZIP_STORED)
        archive.writestr("deflate.txt", text * 20, compress_type=zipfile.ZIP_DEFLATED)
        archive.writestr("locked.txt", text, compress_type=zipfile.ZIP_STORED)
        archive.writestr("method.txt", text, compress_type=zipfile.ZIP_STORED)
    raw = bytearray(path.read_bytes())
    infos = {i.filename: i for i in zipfile.ZipFile(path).infolist()}
    raw[_data_offset(raw, infos["crc.txt"]) + 3] ^= 0x20  # one changed letter: the CRC no longer matches
    start = _data_offset(raw, infos["deflate.txt"])
    raw[start: start + infos["deflate.txt"].compress_size] = b"\xff" * infos["deflate.txt"].compress_size
    central = raw.index(b"PK\x01\x02")
    for name, offset_local, offset_central, value in (("locked.txt", 6, 8, 0x1), ("method.txt", 8, 10, 77)):
        local = infos[name].header_offset
        entry = raw.index(b"PK\x01\x02" + raw[central + 4: central + 6], central)
        while raw[entry + 46: entry + 46 + len(name)] != name.encode():
            entry = raw.index(b"PK\x01\x02", entry + 4)
        raw[local + offset_local: local + offset_local + 2] = struct.pack("<H", value)
        raw[entry + offset_central: entry + offset_central + 2] = struct.pack("<H", value)
    path.write_bytes(bytes(raw))


def test_damaged_zip_members_are_skipped_and_the_rest_loads(tmp_path, write):
    _damaged_zip(tmp_path / "bundle.zip")
    write("other.txt", "Another article\n\nIt loads too.\n")
    frame, report = loaded(tmp_path)
    assert sorted(frame["title"]) == ["A good article", "Another article"]
    found = {k.split("!")[-1]: v for k, v in reasons(report).items()}
    assert set(found) == {"crc.txt", "deflate.txt", "locked.txt", "method.txt"}
    assert "damaged zip member" in found["crc.txt"] and "CRC" in found["crc.txt"]
    assert "damaged zip member" in found["deflate.txt"]
    assert "encrypted" in found["locked.txt"] and "password" in found["locked.txt"]
    assert "damaged zip member" in found["method.txt"]


def test_an_impossible_front_matter_date_is_a_warning(tmp_path, write):
    write("talks.md", "---\ntitle: Geneva round\ndate: 2025-02-30\nauthor: Ana Diaz\n---\nThey met.\n")
    write("fine.md", "---\ntitle: Jeddah round\ndate: 2025-03-11 15:00:00+03:00\n---\nThey met again.\n")
    frame, report = loaded(tmp_path)
    assert sorted(frame["title"]) == ["Geneva round", "Jeddah round"]
    dates = dict(zip(frame["title"], frame["published"]))
    assert pd.isna(dates["Geneva round"]) and dates["Jeddah round"] == pd.Timestamp("2025-03-11 12:00", tz="UTC")
    assert any(w.path.endswith("talks.md") and w.reason == "unrecognised date '2025-02-30'"
               for w in report.warnings)


def test_a_yaml_alias_bomb_is_refused_quickly(tmp_path, write):
    levels = ["a: &a [" + ", ".join(['"lol"'] * 9) + "]"]
    for name, previous in zip("bcde", "abcd"):
        levels.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    text = "---\n" + "\n".join(levels) + "\ntitle: [" + ", ".join(["*e"] * 9) + "]\n---\nBody.\n"
    assert len(text) < 400  # 531,441 'lol's, a title of 3.7 MB, once the aliases are expanded
    write("bomb.md", text)
    write("good.txt", GOOD)
    started = time.perf_counter()
    frame, report = loaded(tmp_path)
    assert time.perf_counter() - started < 5
    assert frame["title"].tolist() == ["A good article"]
    assert "aliases" in reasons(report)["bomb.md:3"]


def test_a_zip_member_that_expands_too_far_is_refused_unread(tmp_path):
    with zipfile.ZipFile(tmp_path / "z.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good.txt", GOOD)
        archive.writestr("zeros.txt", b"Talks. " * 400_000)  # 2.8 MB that compresses 1,000-fold
    frame, report = loaded(tmp_path / "z.zip")
    assert frame["title"].tolist() == ["A good article"]
    assert "zip bomb" in reasons(report)["z.zip!zeros.txt"]


# The peak resident set of this process's own address space (VmHWM): getrusage's ru_maxrss would
# carry over the high-water mark of the test process that forked it.
_MEASURE = """
import re, sys, time
from analysis import load_articles
started = time.perf_counter()
frame = load_articles(sys.argv[1])
peak = re.search(r"VmHWM:\\s+(\\d+) kB", open("/proc/self/status").read()).group(1)
print(time.perf_counter() - started, peak, frame["title"].tolist(),
      [str(p) for p in frame.attrs["load_report"].skipped])
"""


@pytest.mark.slow
def test_a_gigabyte_zip_member_is_refused_in_bounded_time_and_memory(tmp_path):
    with zipfile.ZipFile(tmp_path / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("good.txt", GOOD)
        with archive.open("bomb.txt", "w", force_zip64=True) as member:
            chunk = b"Talks went on. " * 65_536
            for _ in range(2**30 // len(chunk)):
                member.write(chunk)
    assert (tmp_path / "bomb.zip").stat().st_size < 4_000_000
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    out = subprocess.run([sys.executable, "-c", _MEASURE, str(tmp_path / "bomb.zip")], capture_output=True,
                         text=True, env=env, timeout=120, check=True).stdout
    seconds, max_kb, rest = out.split(" ", 2)
    assert float(seconds) < 10 and int(max_kb) < 600_000  # pandas and friends alone take about 180 MB
    assert "['A good article']" in rest and "too large: 1,024 MB" in rest


# --- hangs -----------------------------------------------------------------------------------------

def test_fifos_sockets_and_devices_are_skipped_unopened(tmp_path, write):
    write("good.txt", GOOD)
    os.mkfifo(tmp_path / "pipe.txt")
    os.mkfifo(tmp_path / "pipe.zip")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(tmp_path / "sock.jsonl"))
    try:
        with deadline(30):
            frame, report = loaded(tmp_path)
            named, named_report = loaded([tmp_path / "pipe.txt", "/dev/null", tmp_path / "good.txt"])
    finally:
        server.close()
    assert frame["title"].tolist() == ["A good article"] == named["title"].tolist()
    assert reasons(report) == {"pipe.txt": "not a regular file (a FIFO)", "pipe.zip": "not a regular file (a FIFO)",
                               "sock.jsonl": "not a regular file (a socket)"}
    assert reasons(named_report) == {"pipe.txt": "not a regular file (a FIFO)",
                                     "null": "not a regular file (a character device)"}


def _many_members(path, count):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            archive.writestr(f"m{i:05d}.txt", f"Article {i}\n\nTalks resumed on day {i}.\n")


def test_a_zip_archive_is_opened_once_however_many_members(tmp_path, monkeypatch):
    _many_members(tmp_path / "many.zip", 300)
    opened = []
    original = zipfile.ZipFile.__init__

    def counting(self, *args, **kwargs):
        opened.append(args[0] if args else kwargs.get("file"))
        original(self, *args, **kwargs)
    monkeypatch.setattr(zipfile.ZipFile, "__init__", counting)
    frame = load_articles(tmp_path / "many.zip")
    assert len(frame) == 300 and len(opened) == 1


@pytest.mark.slow
def test_twenty_thousand_zip_members_load_in_seconds(tmp_path):
    _many_members(tmp_path / "many.zip", 20_000)
    started = time.perf_counter()
    frame = load_articles(tmp_path / "many.zip")
    assert len(frame) == 20_000 and frame["article_id"].is_unique
    assert time.perf_counter() - started < 30  # about 2 s; reopening the archive per member took > 300 s


# --- dates -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw, expected", [
    (1e30, None), (-1e30, None), (10**40, None), (float("inf"), None), ("99999999999999999", None),
    ("2025-01-01T00:00:00+25:00", None), ("2025-01-01 10:00 +25:00", None), ("Tue, 18 Feb 2025 09:15:00 +2500", None),
    ("2025-01-01T00:00:00+15:00", None),
    ("2025-01-01T00:00:00+14:00", "2024-12-31T10:00"), ("2025-01-01T00:00:00-12:00", "2025-01-01T12:00"),
    (253402214400, None),                      # 9999-12-31 in seconds: implausible, not 1978 in milliseconds
    (4133980799, "2100-12-31T23:59:59"),      # the last plausible second
    (1739871300, "2025-02-18T09:35"), (1739871300000, "2025-02-18T09:35"),
    (1739871300000000, "2025-02-18T09:35"), (1739871300000000000, "2025-02-18T09:35"),
    (-86400, "1969-12-31T00:00"),
])
def test_epochs_and_offsets(raw, expected):
    assert parse_date(raw) == (None if expected is None else pd.Timestamp(expected, tz="UTC"))


def test_a_bad_epoch_or_offset_keeps_the_record_with_a_warning(write):
    lines = [{"title": "E", "text": "x", "date": 1e30}, {"title": "F", "text": "y", "date": "2025-01-01T00:00+25:00"},
             {"title": "G", "text": "z", "date": 253402214400}]
    frame, report = loaded(write("e.jsonl", "\n".join(json.dumps(r) for r in lines)))
    assert frame["title"].tolist() == ["E", "F", "G"] and frame["published"].isna().all()
    assert not report.skipped
    assert [w.line for w in report.warnings if w.reason.startswith("unrecognised date")] == [1, 2, 3]


# --- CSV -------------------------------------------------------------------------------------------

def test_an_unterminated_csv_quote_costs_only_its_own_record(write):
    content = 'title,text\nA,one\n"B,two\nC,three\nD,four\n'
    frame, report = loaded(write("q.csv", content))
    assert frame["title"].tolist() == ["A", "C", "D"]
    (problem,) = report.skipped
    assert problem.line == 3 and "quote" in problem.reason and "line 5" in problem.reason


def test_a_quote_closed_rows_later_is_caught_where_it_opens(write):
    content = 'title,text\nA,one\n"B,two\nC,three\nD,"four, five"\nE,six\n'
    frame, report = loaded(write("q.csv", content))
    assert frame["title"].tolist() == ["A", "C", "D", "E"]
    assert frame.set_index("title").loc["D", "text"] == "four, five"
    (problem,) = report.skipped
    assert problem.line == 3 and "quote" in problem.reason


def test_good_multiline_fields_still_load(write):
    content = 'title,text\nA,"Para one.\n\nPara ""two""."\nB,"Short body"\n'
    frame, report = loaded(write("m.csv", content))
    assert frame["text"].tolist() == ['Para one.\n\nPara "two".', "Short body"] and not report.skipped


def test_long_fields_load_and_the_csv_field_limit_is_put_back(write):
    before = csv.field_size_limit()
    body = "Talks went on. " * 20_000  # 300 KB, more than the csv module's default limit
    frame, report = loaded(write("long.csv", f'title,text\nLong,"{body}"\nShort,two words\n'))
    assert frame["n_words"].tolist() == [60_000, 2] and not report.skipped
    assert csv.field_size_limit() == before


def test_importing_the_loader_leaves_the_csv_module_alone():
    env = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT)}
    out = subprocess.run([sys.executable, "-c", "import csv; before = csv.field_size_limit(); import analysis; "
                          "import analysis.load.tables; print(before == csv.field_size_limit())"],
                         capture_output=True, text=True, env=env, check=True, timeout=120).stdout
    assert out.strip() == "True"


# --- HTML ------------------------------------------------------------------------------------------

def test_a_page_too_deep_for_the_parser_keeps_its_text_with_a_warning(write):
    page = ("<html><head><title>Deep page</title></head>" + "<div>" * 100_000
            + "<p>The lost text &amp; more.</p><p>Second paragraph.</p>" + "</div>" * 100_000 + "</html>")
    frame, report = loaded(write("deep.html", page))
    assert frame.iloc[0]["title"] == "Deep page"
    assert frame.iloc[0]["text"] == "The lost text & more.\n\nSecond paragraph."
    assert any("nested too deeply" in w.reason for w in report.warnings)


def test_a_page_without_text_is_named_in_the_warnings(write):
    frame, report = loaded(write("empty.html", "<html><head><title>Only a title</title></head><body></body></html>"))
    assert frame["title"].tolist() == ["Only a title"] and frame.iloc[0]["n_words"] == 0
    assert any(w.reason == "no article text found in the page" for w in report.warnings)


# --- clippings -------------------------------------------------------------------------------------

def test_a_first_line_that_is_a_paragraph_is_body_text(write):
    lead = ("Negotiators from both delegations met in Geneva on Tuesday to discuss a ceasefire along the whole "
            "front line, officials said. ") * 12  # 1,500 characters, 12 sentences
    frame, _ = loaded(write("lead.txt", lead.strip() + "\n\nA second paragraph.\n"))
    row = frame.iloc[0]
    assert row["text"].startswith("Negotiators from both") and row["text"].endswith("A second paragraph.")
    assert row["n_words"] == 12 * 20 + 3
    assert len(row["title"]) <= 121 and row["title"].endswith("…")
    assert row["title"].startswith("Negotiators from both delegations met in Geneva")


def test_a_lead_sentence_gives_the_title_and_headlines_stay_titles(write):
    lead = write("a.txt", "U.S. envoy Keith Kellogg said on Friday that the talks in Geneva had been useful. "
                          "He left for Kyiv.\n\nSecond paragraph.\n")
    headline = write("b.txt", "Will the talks in Istanbul bring Russia and Ukraine any closer to a ceasefire "
                              "this summer?\n\nBody.\n")
    row = load_articles(lead).iloc[0]
    assert row["title"] == "U.S. envoy Keith Kellogg said on Friday that the talks in Geneva had been useful"
    assert row["text"].startswith("U.S. envoy") and row["n_words"] == 16 + 4 + 2  # U.S. counts as two words
    row = load_articles(headline).iloc[0]
    assert row["title"].startswith("Will the talks") and row["text"] == "Body."


@pytest.mark.slow
def test_a_five_megabyte_line_loads_in_linear_time(write):
    times = {}
    for size in (500_000, 5_000_000):
        path = write(f"line{size}.txt", "Talks in Geneva went on, the envoys said. " * (size // 42) + "\n")
        started = time.perf_counter()
        row = load_articles(path).iloc[0]
        times[size] = time.perf_counter() - started
        assert row["title"] == "Talks in Geneva went on, the envoys said" and row["n_words"] == 8 * (size // 42)
    assert times[5_000_000] < 30 and times[5_000_000] < 25 * times[500_000] + 1


@pytest.mark.shared
def test_real_clippings_that_start_with_their_lead():
    frame = load_articles(shared_file("news_fulltext"), dedupe=False)
    assert frame["title"].str.len().max() <= 160
    assert (frame["n_words"] == 0).sum() <= 4  # files of one short line; before, 13 had their body in the title
    macron = frame[frame["path"].str.endswith("20220125T090000Z_GB_en_7d015e6984.txt")].iloc[0]
    assert macron["text"].startswith("Emmanuel Macron has told a press conference in Berlin")


# --- binary files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("data", [
    random.Random(4096).randbytes(4096),                                  # random bytes, NULs and all
    bytes(1 + b % 255 for b in random.Random(1).randbytes(4096)),          # random bytes without a NUL
    bytes(1 + b % 31 for b in random.Random(2).randbytes(4096)),           # control characters
    b"\xc4" * 4096, b"\xe2" * 4096, b"\xf1" * 4096,                        # one byte repeated (EBCDIC 'D', 'S', '1')
    bytes(random.Random(3).choice(b"\xc1\xc2\xc3\xc4\xc5\x40") for _ in range(4096)),  # EBCDIC letters
], ids=["random", "no-nul", "controls", "c4", "e2", "f1", "ebcdic"])
def test_random_and_binary_bytes_are_not_articles(tmp_path, write, data):
    write("binary.txt", data)
    write("good.txt", GOOD)
    frame, report = loaded(tmp_path)
    assert frame["title"].tolist() == ["A good article"]
    (reason,) = [p.reason for p in report.skipped if p.path.endswith("binary.txt")]
    assert reason.startswith(("binary file", "not text", "undecodable bytes")), reason


# --- the summary and the list of problems ---------------------------------------------------------

def test_the_summary_stays_short_however_many_files_are_skipped(tmp_path, write):
    write("good.txt", GOOD)
    for i in range(300):
        write(f"empty{i:03d}.txt", b"")
    for i in range(40):
        write(f"image{i:02d}.png", b"\x89PNG....")
    frame, report = loaded(tmp_path)
    summary = report.summary()
    assert len(summary) < 600
    assert summary.startswith("loaded 1 article from 341 files; skipped 340 (300 empty file, "
                              "40 unsupported file type '.png'): ")
    assert "empty000.txt, " in summary and "and 337 more" in summary
    assert summary.endswith("0 duplicates dropped; 1 warning")
    assert report.summary("/tmp/p.csv").endswith("; every problem listed in /tmp/p.csv")


def test_a_few_skipped_files_are_each_named_as_before():
    report = LoadReport(files=3, loaded=1, skipped=[Problem("a.txt", "empty file"), Problem("b.jsonl", "bad", line=2)])
    assert report.summary() == "loaded 1 article from 3 files; skipped 2: a.txt: empty file; b.jsonl:2: bad; " \
                               "0 duplicates dropped"


def test_write_problems_lists_every_problem(tmp_path):
    report = LoadReport(skipped=[Problem("a.txt", "empty file"), Problem("b.jsonl", "bad, really", line=2)],
                        duplicates=[Problem("c.json", "duplicate of d.json (same URL)", item=3)],
                        warnings=[Problem("caf\udce9.txt", "no publication date found")], ignored=["README.md"])
    path = report.write_problems(tmp_path / "problems.csv")
    with open(path, newline="", encoding="utf-8") as table:
        rows = list(csv.reader(table))
    assert rows == [["kind", "path", "line", "item", "reason"], ["skipped", "a.txt", "", "", "empty file"],
                    ["skipped", "b.jsonl", "2", "", "bad, really"],
                    ["duplicate", "c.json", "", "3", "duplicate of d.json (same URL)"],
                    ["warning", "caf\\xe9.txt", "", "", "no publication date found"],
                    ["ignored", "README.md", "", "", "README, licence or hidden file"]]
    assert [p.name for p in tmp_path.iterdir()] == ["problems.csv"]  # no partial file left behind


def test_the_command_line_writes_the_full_list_beside_its_output(tmp_path, write):
    write("in/good.txt", GOOD)
    for i in range(8):
        write(f"in/empty{i}.txt", b"")
    result = _cli("articles", tmp_path / "in", "-o", tmp_path / "new" / "out.jsonl")  # a folder not there yet
    assert result.returncode == 0, result.stderr
    listing = tmp_path / "new" / "out.jsonl.problems.csv"
    summary = result.stderr.strip().splitlines()[-1]
    assert summary.startswith("loaded 1 article from 9 files; skipped 8 (8 empty file): ")
    assert summary.endswith(f"every problem listed in {listing}")
    assert len(listing.read_text().splitlines()) == 1 + 8 + 1  # header, 8 skipped, the undated good.txt
    result = _cli("articles", tmp_path / "in")
    named = result.stderr.strip().splitlines()[-1].rsplit("every problem listed in ", 1)[1]
    assert os.path.dirname(named) == os.path.realpath(__import__("tempfile").gettempdir()) or \
        os.path.dirname(named) == __import__("tempfile").gettempdir()
    assert len(open(named, encoding="utf-8").read().splitlines()) == 10
    os.unlink(named)
