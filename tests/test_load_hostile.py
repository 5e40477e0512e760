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







def _same_story_files(tmp_path):
    record = {"title": "Talks", "text": "They met.", "date": "2025-02-18"}
    lines = "\n".join(json.dumps(record) for _ in range(2))
    (tmp_path / "a.jsonl").write_text(lines + "\n")
    (tmp_path / "b.jsonl").write_text(json.dumps(record) + "\n")




class _InlineClient:
    """The two calls of a Dask client load_sharded makes, run here one after the other."""

    def map(self, func, items, **kwargs):
        kwargs.pop("pure", None)
        return [func(item, **kwargs) for item in items]

    def gather(self, futures):
        return futures






# --- one bad file never sinks the load -------------------------------------------------------------





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




_MEASURE = """
import resource, sys, time
from analysis import load_articles
started = time.perf_counter()
frame = load_articles(sys.argv[1])
print(time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
      frame["title"].tolist(), [str(p) for p in frame.attrs["load_report"].skipped])
"""




# --- hangs -----------------------------------------------------------------------------------------



def _many_members(path, count):
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            archive.writestr(f"m{i:05d}.txt", f"Article {i}\n\nTalks resumed on day {i}.\n")






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











# --- HTML ------------------------------------------------------------------------------------------





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
