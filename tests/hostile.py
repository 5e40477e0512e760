"""Hostile input folders: the files that go wrong in real collections, generated at test time.

Each `Case` is one file (or zip member) with what a load must do with it: `skip` names a file that
must be skipped with its reason given; `load` one whose article must still come through. The good
articles are the project's own sample clippings, so something always loads beside the hostile ones.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CLIPPINGS = PROJECT_ROOT / "data" / "sample" / "clippings"

XSS_TITLE = "Truce talk <script>alert('owned')</script> in Geneva"
XSS_BODY = 'Envoys met on 18 February 2025 in Geneva for talks. <img src=x onerror="alert(1)"> They left.'
#: Strings that must never reach a report's HTML as markup.
UNESCAPED = ("<script>alert('owned')</script>", '<img src=x onerror="alert(1)">')


@dataclass(frozen=True)
class Case:
    name: str    # path under the folder, or archive.zip!member
    expect: str  # "skip": skipped with a reason; "load": its article is loaded


def _clipping(title: str, body: str, date: str = "2025-02-18") -> str:
    return f"{title}\n\nBy Test Desk in Geneva {date}\n\n{body}\n"


def _bad_crc_zip(path: Path, member: str, good: dict[str, str]) -> None:
    """A zip whose `member` has a wrong CRC-32 in both headers; the `good` members are intact."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(member, _clipping("Checksum case", "The body of a damaged member."))
        for name, text in good.items():
            archive.writestr(name, text)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 14), (b"PK\x01\x02", 16)):
        at = data.find(signature)
        data[at + offset:at + offset + 4] = struct.pack("<I", 0xDEADBEEF)
    path.write_bytes(bytes(data))


def _corrupt_deflate_zip(path: Path, member: str, good: dict[str, str]) -> None:
    """A zip whose first member's deflate stream is garbage after its first bytes."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(member, _clipping("Deflate case", "Words " * 400))
        for name, text in good.items():
            archive.writestr(name, text)
    data = bytearray(path.read_bytes())
    start = 30 + len(member.encode())  # local header is 30 bytes + name (no extra field written)
    for i in range(start + 4, start + 60):
        data[i] = 0xFF
    path.write_bytes(bytes(data))


def _encrypted_flag_zip(path: Path, member: str, good: dict[str, str]) -> None:
    """A zip whose member claims to be encrypted (general-purpose flag bit 0)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.writestr(member, _clipping("Encrypted case", "Secret body."))
        for name, text in good.items():
            archive.writestr(name, text)
    data = bytearray(path.read_bytes())
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = data.find(signature)
        flags = struct.unpack("<H", data[at + offset:at + offset + 2])[0] | 1
        data[at + offset:at + offset + 2] = struct.pack("<H", flags)
    path.write_bytes(bytes(data))


def _zip_bomb(path: Path, member: str, size: int) -> None:
    """One highly compressible member of `size` bytes, written without holding it in memory."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        with archive.open(member, "w", force_zip64=True) as out:
            out.write(b"Ceasefire talks\n\n")
            chunk = b"\0" * (1 << 22)
            for _ in range(size // len(chunk)):
                out.write(chunk)


def _many_members_zip(path: Path, count: int) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(count):
            archive.writestr(f"wire/{i:05d}.txt", _clipping(
                f"Wire item {i}", f"Item {i}: delegations met in Riyadh on Tuesday for talks."))


def _alias_bomb() -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for level in "bcdefghi":
        previous = chr(ord(level) - 1)
        lines.append(f"{level}: &{level} [" + ",".join([f"*{previous}"] * 9) + "]")
    return "---\ntitle: *i\n" + "\n".join(lines) + "\n---\nBody of the bomb.\n"


def _long_one_line(size: int) -> str:
    """One paragraph of `size` characters, no line break, few sentence ends: the hostile shape."""
    words = ("envoys met in Riyadh on Tuesday and talks on a ceasefire resumed while the Kremlin "
             "said Putin and Zelenskiy could meet in Istanbul next week under a plan by Turkey ").split()
    rng = random.Random(7)
    out, length = [], 0
    while length < size:
        word = rng.choice(words)
        out.append(word)
        length += len(word) + 1
    return " ".join(out)[:size]


def build(folder: Path, *, bomb_size: int = 1 << 30, members: int = 2000, long_line: int = 1 << 20) -> list[Case]:
    """Write the hostile folder; returns its cases. Takes a few seconds (the bomb is compressed)."""
    folder.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def put(name: str, content: str | bytes, expect: str) -> None:
        target = folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
        cases.append(Case(name, expect))

    for clipping in sorted(SAMPLE_CLIPPINGS.glob("*.txt"))[:6]:
        shutil.copy(clipping, folder / clipping.name)
        cases.append(Case(clipping.name, "load"))

    # Nesting deep enough to exhaust Python's recursion in any recursive parser.
    put("deep.json", "[" * 100_000, "skip")
    good_line = json.dumps({"title": "Jeddah line", "text": "Talks in Jeddah on 11 March 2025.",
                            "date": "2025-03-11"})
    put("deep.jsonl", good_line + "\n" + "[" * 100_000 + "\n" + good_line.replace("Jeddah line", "Third line") + "\n",
        "load")
    put("jsonld.html", "<!DOCTYPE html><html><head><title>Page with deep JSON-LD</title>"
        "<script type=\"application/ld+json\">" + "[" * 100_000 + "</script></head><body><article>"
        "<h1>Page with deep JSON-LD</h1>" + "<p>Negotiators met in Vienna on 3 March 2025 to discuss a truce "
        "and the exchange of prisoners. They agreed to meet again.</p>" * 6 + "</article></body></html>", "load")
    name = os.fsdecode(b"caf\xe9.txt")
    (folder / name).write_bytes(_clipping("Cafe talks", "Talks in a cafe in Minsk on 28 February 2022.").encode())
    cases.append(Case(name, "load"))
    good = {"good_member.txt": _clipping("Intact member", "The intact member of a damaged archive.")}
    _bad_crc_zip(folder / "badcrc.zip", "damaged.txt", good)
    cases += [Case("badcrc.zip!damaged.txt", "skip"), Case("badcrc.zip!good_member.txt", "load")]
    _corrupt_deflate_zip(folder / "deflate.zip", "garbled.txt",
                         {"other.txt": _clipping("Other member", "Another intact member here.")})
    cases += [Case("deflate.zip!garbled.txt", "skip"), Case("deflate.zip!other.txt", "load")]
    _encrypted_flag_zip(folder / "locked.zip", "secret.txt",
                        {"open.txt": _clipping("Open member", "An unencrypted member beside it.")})
    cases += [Case("locked.zip!secret.txt", "skip"), Case("locked.zip!open.txt", "load")]
    put("baddate.md", "---\ntitle: A day that does not exist\ndate: 2025-02-30\n---\nTalks were held.\n", "load")
    _zip_bomb(folder / "bomb.zip", "huge.txt", bomb_size)
    cases.append(Case("bomb.zip!huge.txt", "skip"))
    os.mkfifo(folder / "pipe.txt")
    cases.append(Case("pipe.txt", "skip"))
    _many_members_zip(folder / "many.zip", members)
    cases.append(Case("many.zip!wire/00000.txt", "load"))
    put("aliasbomb.md", _alias_bomb(), "skip")
    put("epochs.json", json.dumps([
        {"title": "Far epoch", "text": "Talks resumed in Geneva.", "date": 10 ** 20},
        {"title": "Last second", "text": "Talks in Geneva again.", "date": 253402214400},
        {"title": "Bad offset", "text": "Talks in Geneva once more.", "date": "2025-02-18T10:00:00+25:00"},
    ]), "load")
    put("unterminated.csv", "title,text,date\nFirst row,Talks in Doha.,2025-02-01\n"
        "\"Open quote,Talks in Cairo.,2025-02-02\nThird row,Talks in Oslo.,2025-02-03\n", "load")
    put("deepdiv.html", "<html><head><title>Lost body</title></head>" + "<div>" * 100_000 + "Text" +
        "</div>" * 100_000 + "</html>", "load")
    put("longfirst.txt", ("Ukraine and Russia resumed talks in Istanbul on 16 May 2025 " * 34)[:2000] +
        "\n\nThe second paragraph of a file whose first line is a whole paragraph.\n", "load")
    put("binary.txt", random.Random(3).randbytes(4096), "skip")
    put("xss.txt", _clipping(XSS_TITLE, XSS_BODY), "load")
    traversal = folder / "traversal.zip"
    with zipfile.ZipFile(traversal, "w") as archive:
        archive.writestr("../../escaped.txt", _clipping("Escaped member", "Talks in Baku on 1 March 2025."))
    cases.append(Case("traversal.zip!../../escaped.txt", "load"))
    entities = '<!ENTITY a "lollollollollollollollollollol">' + "".join(
        f'<!ENTITY {chr(98 + i)} "' + f"&{chr(97 + i)};" * 10 + '">' for i in range(9))  # 10**10 laughs
    put("laughs.rss", f'<?xml version="1.0"?><!DOCTYPE r [{entities}]><rss version="2.0"><channel>'
        '<title>Laughs</title><item><title>&j;</title><description>Talks.</description>'
        '<pubDate>Tue, 18 Feb 2025 10:00:00 GMT</pubDate></item></channel></rss>', "skip")
    for n in (1, 2):  # no URL, same first line, same day, different stories
        put(f"cnn_{n}.txt", _clipping("CNN —", f"Story number {n}: envoys met in Doha on Monday for talks "
                                              f"about {'grain' if n == 1 else 'prisoners'}."), "load")
    put("oneline.txt", "One long line\n\n" + _long_one_line(long_line) + "\n", "load")
    return cases


def skipped_names(cases: list[Case]) -> list[str]:
    return [c.name for c in cases if c.expect == "skip"]
