"""Write the Word and RTF fixtures of tests/test_load_exports.py in the layouts the databases produce:
a Nexis Uni DOCX and RTF, a Factiva RTF, and the broken ones. The articles are the project's own,
invented around the dated facts of the design document. The generated files are committed; run this
only to change them: `.venv/bin/python tests/data/exports/make_fixtures.py`.
"""
from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = Path(__file__).resolve().parent
LINK = "https://advance.lexis.com/api/document?collection=news&id=urn:contentItem:{}&context=1516831"
SEARCH = "ceasefire AND (talks OR negotiations OR summit)"


def words(paragraphs: list[str]) -> int:
    return sum(len(re.findall(r"\w+(?:['’\-]\w+)*", p)) for p in paragraphs)


# Nexis Uni articles: (document id, title, source, date line, copyright, labels, body, trailing labels)
RIYADH = {
    "id": "6F3R-2KX1-JBN5-X0C7-00000-00",
    "title": "Envoys meet in Riyadh as Washington and Moscow reopen channels",
    "source": "Gulf Ledger",
    "date": "February 18, 2025 Tuesday 6:40 PM GMT",
    "copyright": "Copyright 2025 Gulf Ledger Media Ltd. All Rights Reserved",
    "labels": [("Section", "WORLD; Version:2"), ("Byline", "Mira Hollis and Omar Farouk"),
               ("Dateline", "RIYADH, Saudi Arabia")],
    "body": [
        "Senior American and Russian officials sat down in the Saudi capital on Tuesday for their first "
        "formal talks in three years, a meeting both sides described as a first step towards ending the war "
        "in Ukraine.",
        "Secretary of State Marco Rubio and Foreign Minister Sergei Lavrov spent more than four hours at "
        "Diriyah Palace, joined by the national security adviser Mike Waltz, the envoy Steve Witkoff and the "
        "Kremlin aide Yuri Ushakov.",
        "No Ukrainian official was in the room. In Kyiv, President Volodymyr Zelenskiy said his government "
        "would not accept any agreement reached without it.",
        "Both delegations agreed to restore staff at their embassies and to set up teams that would work on a "
        "settlement. A Kremlin spokesman called the conversation “useful” but warned that a summit between "
        "the two presidents was not yet on the calendar.",
    ],
    "trailer": [("Load-Date", "February 19, 2025")],
}
JEDDAH = {
    "id": "6F5M-9TD1-JBN5-X2Y8-00000-00",
    "title": "Kyiv backs 30-day ceasefire proposal after Jeddah talks",
    "source": "The Meridian Times",
    "date": "March 11, 2025 Tuesday",
    "copyright": "Copyright 2025 The Meridian Times Company",
    "labels": [("Section", "NEWS; Pg. 1"), ("Byline", "Anna Reyes"),
               ("Highlight", "Washington lifts its pause on intelligence sharing as Ukraine accepts an "
                             "immediate truce, leaving the next move to Moscow.")],
    "body": [
        "JEDDAH, Saudi Arabia — Ukraine said on Tuesday that it was ready to accept an American proposal for "
        "an immediate 30-day ceasefire, after more than eight hours of talks with a United States delegation "
        "in this Red Sea city.",
        "In a joint statement, the two governments said the truce could be extended by mutual agreement and "
        "would take effect once Russia agreed to it. Washington said it would resume sharing intelligence "
        "with Kyiv and restart deliveries of security assistance.",
        "“The ball is now in their court,” Secretary of State Marco Rubio told reporters after the meeting, "
        "referring to Moscow.",
        "Ukrainian officials described the talks as constructive. Andriy Yermak, the head of the presidential "
        "office, said the delegation had also raised the return of prisoners of war and of children taken to "
        "Russia.",
        "The Kremlin said it would wait to be briefed by American officials before responding.",
    ],
    "classification": [("Language", "ENGLISH"), ("Publication-Type", "Newspaper"),
                       ("Subject", "PEACE PROCESS (92%); CEASEFIRES (90%); DIPLOMACY (88%)"),
                       ("Geographic", "JEDDAH, SAUDI ARABIA (79%); UKRAINE (95%)"),
                       ("Load-Date", "March 12, 2025")],
}
ENERGY = {
    "id": "6F6B-4WM1-JBN5-X3H2-00000-00",
    "title": "Energy strikes to pause after second Trump-Putin call, Kremlin says",
    "source": "Black Sea Herald",
    "date": "March 18, 2025 Tuesday 9:15 PM EET",
    "copyright": "Copyright 2025 Black Sea Herald",
    "labels": [("Section", "POLITICS"), ("Byline", "Petro Savchuk")],
    "body": [
        "President Vladimir Putin agreed on Tuesday to stop attacks on Ukraine's energy infrastructure for 30 "
        "days, the Kremlin said after a telephone call with President Donald Trump that lasted more than two "
        "hours.",
        "The Russian leader did not accept the broader truce that Washington and Kyiv had proposed a week "
        "earlier. Moscow said a full ceasefire would require an end to foreign military aid and to Ukrainian "
        "mobilisation.",
        "The White House said the two leaders had also agreed to begin technical talks on a maritime "
        "ceasefire in the Black Sea, to be held in Saudi Arabia within days.",
    ],
    "trailer": [("Load-Date", "March 19, 2025")],
}
ISTANBUL = {
    "id": "6FJ0-7PS1-JBN5-X1KD-00000-00",
    "title": "Russian and Ukrainian negotiators meet in Istanbul for first direct talks since 2022",
    "source": "Danube Wire",
    "date": "May 16, 2025 Friday 4:05 PM EEST",
    "copyright": "Copyright 2025 Danube Wire",
    "labels": [("Section", "EUROPE"), ("Byline", "Lena Ortiz in Istanbul")],
    "body": [
        "Delegations from Russia and Ukraine met face to face in Istanbul on Friday for the first time since "
        "the spring of 2022, but the session at the Dolmabahçe Palace lasted less than two hours.",
        "The two sides agreed to exchange 1,000 prisoners of war each, the largest swap of the war, and to "
        "set out their conditions for a ceasefire in writing, the heads of both delegations said.",
        "Vladimir Medinsky, an aide to President Putin, led the Russian team. Ukraine sent its defence "
        "minister, Rustem Umerov. Turkey's foreign minister, Hakan Fidan, opened the meeting.",
        "Ukrainian officials said Moscow had demanded that Kyiv withdraw its troops from the four regions "
        "Russia claims as its own, a condition they called unacceptable.",
    ],
    "trailer": [("Load-Date", "May 17, 2025")],
}
BLACK_SEA = {
    "id": "6F6V-1RC1-JBN5-X0N4-00000-00",
    "title": "Black Sea talks in Riyadh end without a shipping deal",
    "source": "Gulf Ledger",
    "date": "March 25, 2025 Tuesday 8:30 PM GMT",
    "copyright": "Copyright 2025 Gulf Ledger Media Ltd. All Rights Reserved",
    "labels": [("Section", "WORLD; Version:1"), ("Byline", "Omar Farouk"), ("Dateline", "RIYADH")],
    "body": [
        "Three days of technical talks in Riyadh ended on Tuesday with separate statements from Washington "
        "rather than a joint text, as Russia tied a pause in naval attacks to the easing of sanctions on its "
        "farm exports.",
        "The White House said both Moscow and Kyiv had agreed to ensure safe navigation in the Black Sea and "
        "to develop measures for implementing the ban on strikes against energy facilities.",
        "The Kremlin said the maritime arrangement would take effect only after Western restrictions on the "
        "Russian Agricultural Bank were lifted. Ukrainian officials said any such condition would have to be "
        "discussed with Europe.",
    ],
    "trailer": [("Load-Date", "March 26, 2025")],
}
MINERALS = {
    "id": "6FH1-3NB1-JBN5-X4T9-00000-00",
    "title": "Minerals agreement signed in Washington after weeks of wrangling",
    "source": "The Atlantic Daily Post",
    "date": "April 30, 2025 Wednesday 11:50 PM EDT",
    "copyright": "Copyright 2025 Atlantic Daily Post Inc.",
    "labels": [("Section", "BUSINESS; Pg. B1"), ("Byline", "Sam Whitcombe")],
    "body": [
        "The United States and Ukraine signed an agreement on Wednesday that creates a joint investment fund "
        "for the development of Ukrainian minerals, oil and gas, ending weeks of sometimes bitter negotiation.",
        "Treasury Secretary Scott Bessent said the deal signalled to Moscow that Washington was committed to "
        "a free and sovereign Ukraine. Ukraine's first deputy prime minister, Yulia Svyrydenko, signed for "
        "Kyiv.",
        "Under the terms, the two countries will share in future revenues from new projects. The text "
        "contains no explicit security guarantee, which Ukrainian officials had sought from the start.",
    ],
    "trailer": [("Load-Date", "May 1, 2025")],
}


def _labels(article: dict) -> list[tuple[str, str]]:
    """The labels after the copyright line: Section, Length (counted), then the others."""
    labels = list(article["labels"])
    labels.insert(1, ("Length", f"{words(article['body'])} words"))
    return labels


# ---- Nexis Uni DOCX -------------------------------------------------------------------------------

def _hyperlink(paragraph, url: str, text: str, bold: bool = False, size: int | None = None) -> None:
    r_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    props = OxmlElement("w:rPr")
    for tag in (["w:b"] if bold else []):
        props.append(OxmlElement(tag))
    if size:
        sz = OxmlElement("w:sz")
        sz.set(qn("w:val"), str(size * 2))
        props.append(sz)
    run.append(props)
    t = OxmlElement("w:t")
    t.text = text
    run.append(t)
    link.append(run)
    paragraph._p.append(link)


def _label(document, label: str, value: str) -> None:
    paragraph = document.add_paragraph()
    paragraph.add_run(f"{label}:").bold = True
    paragraph.add_run(f"\u00a0{value}")


def _broken_line(document, text: str, bold: bool = False) -> None:
    """A paragraph that starts with a line break, as Nexis writes 'End of Document' and the copyright."""
    paragraph = document.add_paragraph()
    paragraph.add_run().add_break()
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(8)


def _cover(document, articles: list[dict]) -> None:
    document.add_paragraph("Date and Time: Monday, August 25, 2025 10:12:00 AM CEST")
    document.add_paragraph("Job Number: 241190377")
    document.add_paragraph(f"Documents ({len(articles)})")
    for number, article in enumerate(articles, start=1):
        _hyperlink(document.add_paragraph(), LINK.format(article["id"]), f"{number}. {article['title']}")
        document.add_paragraph("Client/Matter: -None-")
        document.add_paragraph(f"Search Terms: {SEARCH}")
        document.add_paragraph("Search Type: Terms and Connectors")
        document.add_paragraph("Narrowed by: ")
        table = document.add_table(rows=2, cols=2)
        for cell, text in zip(table._cells, ("Content Type", "Narrowed by", "News",
                                             "Timeline: Feb 01, 2025 to May 31, 2025")):
            cell.text = text
    for _ in range(3):
        document.add_paragraph()


def _docx_article(document, article: dict) -> None:
    _hyperlink(document.add_paragraph(), LINK.format(article["id"]), article["title"], bold=True, size=14)
    document.add_paragraph(article["source"])
    document.add_paragraph(article["date"])
    _broken_line(document, article["copyright"])
    for label, value in _labels(article):
        _label(document, label, value)
    document.add_paragraph().add_run("Body").bold = True
    for text in article["body"]:
        document.add_paragraph(text)
    if "classification" in article:
        document.add_paragraph().add_run("Classification").bold = True
        for label, value in article["classification"]:
            _label(document, label, value)
    for label, value in article.get("trailer", []):
        _label(document, label, value)
    _broken_line(document, "End of Document", bold=True)
    document.add_page_break()


def nexis_docx(articles: list[dict]) -> bytes:
    document = Document()
    _cover(document, articles)
    for article in articles:
        _docx_article(document, article)
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_times(buffer.getvalue())


def _fixed_times(data: bytes) -> bytes:
    """The same zip with every member dated 2025-08-25, so that running this again changes nothing."""
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2025, 8, 25, 10, 12, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(fixed, source.read(info))
    return out.getvalue()


# ---- RTF -----------------------------------------------------------------------------------------

def rtf_text(text: str) -> str:
    """Text escaped for RTF: braces and backslashes, the no-break space as \\~, the rest as \\uN?."""
    out = []
    for ch in text:
        if ch in "\\{}":
            out.append("\\" + ch)
        elif ch == "\u00a0":
            out.append("\\~")
        elif ord(ch) > 127:
            code = ord(ch)
            out.append(f"\\u{code if code < 32768 else code - 65536}?")
        else:
            out.append(ch)
    return "".join(out)


RTF_HEAD = ("{\\rtf1\\ansi\\ansicpg1252\\deff0\\nouicompat{\\fonttbl{\\f0\\fswiss\\fcharset0 Arial;}}\n"
            "{\\colortbl ;\\red0\\green0\\blue255;\\red118\\green118\\blue118;}\n"
            "{\\*\\generator Riched20 10.0.19041}\\viewkind4\\uc1\n")


def _rtf_par(text: str, style: str = "\\sa0\\fs20") -> str:
    return f"\\pard{style} {rtf_text(text)}\\par\n"


def _rtf_link(url: str, text: str, style: str = "\\sa0\\fs20") -> str:
    return (f"\\pard{style} {{\\field{{\\*\\fldinst{{HYPERLINK \"{url}\"}}}}{{\\fldrslt{{\\ul\\cf1 "
            f"{rtf_text(text)}}}}}}}\\par\n")


def _rtf_label(label: str, value: str) -> str:
    return f"\\pard\\sa0\\fs20 {{\\b {rtf_text(label)}:}}\\~{rtf_text(value)}\\par\n"


def nexis_rtf(articles: list[dict]) -> str:
    parts = [RTF_HEAD, _rtf_par("Date and Time: Monday, August 25, 2025 10:31:00 AM CEST"),
             _rtf_par("Job Number: 241190412"), _rtf_par(f"Documents ({len(articles)})")]
    for number, article in enumerate(articles, start=1):
        parts.append(_rtf_link(LINK.format(article["id"]), f"{number}. {article['title']}"))
        parts += [_rtf_par("Client/Matter: -None-"), _rtf_par(f"Search Terms: {SEARCH}"),
                  _rtf_par("Search Type: Terms and Connectors")]
    parts.append("\\page\n")
    for article in articles:
        parts.append(_rtf_link(LINK.format(article["id"]), article["title"], "\\sb240\\sa120\\b\\fs28"))
        parts += [_rtf_par(article["source"]), _rtf_par(article["date"]),
                  _rtf_par(article["copyright"], "\\sb120\\sa120\\fs16\\cf2")]
        parts += [_rtf_label(label, value) for label, value in _labels(article)]
        parts.append(_rtf_par("Body", "\\sb240\\sa120\\b\\fs24"))
        parts += [_rtf_par(text, "\\sa160\\fs20") for text in article["body"]]
        parts += [_rtf_label(label, value) for label, value in article.get("trailer", [])]
        parts.append("\\pard\\sb240\\fs16\\cf2\\line{\\b End of Document}\\par\n\\page\n")
    parts.append("}\n")
    return "".join(parts)


# ---- Factiva RTF ---------------------------------------------------------------------------------

SUMMIT = [
    ("SE", "World"), ("HD", "Trump and Putin end Alaska summit without a truce"), ("BY", "By Omar Farouk"),
    ("WC", None), ("PD", "16 August 2025"), ("ET", "06:15"), ("SN", "Gulf Ledger"), ("SC", "GULFLD"),
    ("LA", "English"), ("CY", "Copyright 2025 Gulf Ledger Media Ltd. All Rights Reserved."),
    ("LP", ["ANCHORAGE — Donald Trump and Vladimir Putin ended their first summit in six years on Friday "
            "without agreeing on a ceasefire in Ukraine, though both men said the meeting had gone well.",
            "The two leaders spoke for about three hours at Joint Base Elmendorf-Richardson, accompanied by "
            "small teams of advisers, before making brief statements and leaving without taking questions."]),
    ("TD", ["Mr Putin said an understanding had been reached that could open the way to peace, but gave no "
            "details. Mr Trump said several points remained open and that he would brief President Volodymyr "
            "Zelenskiy and European leaders.",
            "Ukraine had not been invited. In Kyiv, officials said they would not give up territory in "
            "exchange for a pause in the fighting.",
            "The Kremlin aide Yuri Ushakov said a possible three-way meeting with Mr Zelenskiy had not been "
            "discussed."]),
    ("NS", "gpir : Politics/International Relations | gdip : International Relations | gcat : "
           "Political/General News"),
    ("RE", "usa : United States | russ : Russia | ukrn : Ukraine | usak : Alaska"),
    ("IPD", "Diplomacy"), ("PUB", "Gulf Ledger Media Ltd"), ("AN", "Document GULFLD0020250816el8g0000b"),
]
WASHINGTON = [
    ("SE", "Europe"), ("HD", "European leaders join Zelenskiy in Washington"), ("BY", "By Ilse Kaur"),
    ("WC", None), ("PD", "19 August 2025"), ("ET", "05:30"), ("SN", "The Baltic Courier"), ("SC", "BALTCR"),
    ("LA", "English"), ("CY", "(c) 2025 The Baltic Courier"),
    ("LP", ["WASHINGTON — Seven European leaders flew to Washington on Monday to stand beside Volodymyr "
            "Zelenskiy at the White House, determined to avoid a repeat of February's Oval Office clash."]),
    ("TD", ["Britain's prime minister, France's president, Germany's chancellor, Italy's prime minister and "
            "Finland's president were joined by NATO's secretary-general and the president of the European "
            "Commission.",
            "The meeting centred on security guarantees for Ukraine once the fighting stops. Mr Trump said "
            "Washington would be involved, without saying how.",
            "Mr Zelenskiy thanked the American president several times and called the talks the best "
            "conversation the two men had had."]),
    ("NS", "gdip : International Relations | gpol : Domestic Politics"),
    ("RE", "usa : United States | ukrn : Ukraine | eurz : Europe"),
    ("PUB", "Baltic Courier AS"), ("AN", "Document BALTCR0020250819el8j00015"),
]
THIRD_ROUND = [
    ("SE", "Europe"), ("HD", "Third Istanbul meeting ends after less than an hour"), ("BY", "By Lena Ortiz"),
    ("WC", None), ("PD", "23 July 2025"), ("ET", "19:40"), ("SN", "Danube Wire"), ("SC", "DANUBW"),
    ("LA", "English"), ("CY", "Copyright 2025 Danube Wire"),
    ("LP", ["ISTANBUL — The third round of direct talks between Russia and Ukraine ended on Wednesday evening "
            "after less than an hour, with the two sides agreeing to another exchange of prisoners but "
            "remaining far apart on a ceasefire."]),
    ("TD", ["Ukraine's delegation, led by the former defence minister Rustem Umerov, proposed a meeting between "
            "the two presidents before the end of August. Russia's chief negotiator, Vladimir Medinsky, said "
            "such a meeting should conclude a deal rather than start one.",
            "Both sides discussed creating working groups on political, humanitarian and military questions."]),
    ("NS", "gdip : International Relations | gvio : Military Action"),
    ("RE", "turk : Turkey | russ : Russia | ukrn : Ukraine"),
    ("PUB", "Danube Wire GmbH"), ("AN", "Document DANUBW0020250723el7n0002z"),
]


def _factiva_row(code: str, value: str | list[str], bold: bool = True) -> str:
    """One field as Factiva writes it: a table row, the code in bold in the first cell, the text in the
    second (paragraphs separated by an empty one)."""
    cell = "\\par\\par ".join(rtf_text(v) for v in value) if isinstance(value, list) else rtf_text(value)
    if code == "HD":
        cell = f"{{\\b {cell}}}"
    label = f"{{\\b {code}}}" if bold else rtf_text(code)
    return (f"\\trowd\\trgaph60\\trleft0\\cellx1100\\cellx9400\n\\pard\\intbl\\qr\\fs16{label}\\cell\n"
            f"\\pard\\intbl\\ql\\fs20 {cell}\\cell\\row\n")


def _counted(fields: list) -> list:
    body = [p for code, value in fields if code in ("LP", "TD") for p in value]
    return [(code, f"{words(body):,} words" if code == "WC" else value) for code, value in fields]


def factiva_rtf(articles: list[list]) -> str:
    parts = [RTF_HEAD.replace("\\uc1", "\\uc1\\pard\\f0\\fs20")]
    for fields in articles:
        parts += [_factiva_row(code, value) for code, value in _counted(fields)]
        parts.append("\\pard\\par\n\\page\n")
    summary = [("Text", SEARCH), ("Date", "01/07/2025 to 31/08/2025"), ("Source", "All Sources"),
               ("Author", "All Authors"), ("Language", "English"), ("Results Found", str(len(articles))),
               ("Timestamp", "25 August 2025 10:40")]
    parts.append(_rtf_par("Search Summary", "\\sa120\\b\\fs24"))
    parts += [_factiva_row(label, value, bold=False) for label, value in summary]
    parts.append("}\n")
    return "".join(parts)


def main() -> None:
    broken = HERE / "broken"
    broken.mkdir(exist_ok=True)
    docx = nexis_docx([RIYADH, JEDDAH, ENERGY, ISTANBUL])
    (HERE / "nexis_uni.docx").write_bytes(docx)
    (broken / "nexis_uni_truncated.docx").write_bytes(docx[: len(docx) * 3 // 5])
    (HERE / "nexis_uni.rtf").write_text(nexis_rtf([JEDDAH, BLACK_SEA, MINERALS]), encoding="ascii", newline="\r\n")
    factiva = factiva_rtf([SUMMIT, WASHINGTON, THIRD_ROUND])
    (HERE / "factiva.rtf").write_text(factiva, encoding="ascii", newline="\r\n")
    no_an = factiva_rtf([THIRD_ROUND, [f for f in WASHINGTON if f[0] != "AN"], SUMMIT])
    (broken / "factiva_missing_an.rtf").write_text(no_an, encoding="ascii", newline="\r\n")
    cut = factiva.index("The meeting centred on security guarantees")
    (broken / "factiva_truncated.rtf").write_text(factiva[:cut + 40], encoding="ascii", newline="\r\n")


if __name__ == "__main__":
    main()
