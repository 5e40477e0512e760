"""HTML pages: metadata from JSON-LD, OpenGraph and meta tags; main text only, via trafilatura."""
from __future__ import annotations

import html
import json
import re
from urllib.parse import urljoin, urlsplit

import lxml.html
from lxml import etree

from .fields import one_line, split_paragraphs
from .problems import TOO_DEEP, FileProblem
from .records import Record

_ARTICLE_TYPES = {"newsarticle", "article", "reportagenewsarticle", "analysisnewsarticle",
                  "blogposting", "opinionnewsarticle", "backgroundnewsarticle", "report",
                  "liveblogposting", "webpage"}
_BLOCKS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "blockquote", "pre", "figcaption", "dd", "dt"}
_DATE_META = ("article:published_time", "og:article:published_time", "datepublished", "date",
              "pubdate", "publishdate", "publish-date", "dc.date", "dc.date.issued", "dcterms.date",
              "parsely-pub-date", "sailthru.date", "article.published", "published_time")
_SITE_SUFFIX = re.compile(r"\s\|\s([^|]{2,60})$")  # "Headline | Site Name"
_TITLE_SUFFIX = re.compile(r"\s+[|–—\-:»]\s+[^|–—\-:»]{2,60}$")
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9]*)[^<>]*>")  # no '<' inside: one pass, however broken the page
_SKIPPED = {"script", "style", "head", "title", "noscript", "template", "svg", "nav", "footer"}
_BREAKS = _BLOCKS | {"div", "br", "section", "article", "tr", "ul", "ol", "table", "header", "main"}


def _check_complete(text: str) -> None:
    lower = text.lower()
    if ("<html" in lower or "<body" in lower) and "</body>" not in lower and "</html>" not in lower:
        raise FileProblem("truncated HTML: the page ends before </body></html>",
                          line=text.count("\n") + 1)


def _unescape_values(obj: dict) -> dict:
    """Some sites HTML-escape their JSON-LD strings ('&amp;'); undo that."""
    return {k: html.unescape(v) if isinstance(v, str) else v for k, v in obj.items()}


def _json_ld(doc, warnings: list[str]) -> dict:
    """The first Article-like object in the page's JSON-LD blocks (tolerant of broken blocks)."""
    for script in doc.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content(), object_hook=_unescape_values)
        except ValueError:
            continue
        except RecursionError:
            warnings.append(f"a JSON-LD block was ignored: {TOO_DEEP}")
            continue
        stack = [data]
        while stack:
            item = stack.pop(0)
            if isinstance(item, list):
                stack.extend(item)
            elif isinstance(item, dict):
                types = item.get("@type", [])
                types = [types] if isinstance(types, str) else types
                if any(str(t).lower() in _ARTICLE_TYPES for t in types) and (
                        item.get("headline") or item.get("name")):
                    return item
                stack.extend(v for k, v in item.items() if k == "@graph")
    return {}


def _meta(doc) -> dict[str, str]:
    found: dict[str, str] = {}
    for el in doc.xpath("//meta[@content]"):
        key = (el.get("property") or el.get("name") or el.get("itemprop") or "").strip().lower()
        if key and key not in found and el.get("content", "").strip():
            found[key] = el.get("content").strip()
    return found


def page_metadata(doc, warnings: list[str] | None = None) -> tuple[dict, str | None]:
    """(title, standfirst, author, source, published, url, dateline from the page's own metadata;
    the body its JSON-LD gives, if any)."""
    ld, meta = _json_ld(doc, [] if warnings is None else warnings), _meta(doc)
    record: dict = {}

    def first(*values):
        return next((v for v in values if v), None)

    publisher = ld.get("publisher")
    author_meta = meta.get("author") or meta.get("article:author") or meta.get("byl") or ""
    if author_meta.startswith("http"):
        author_meta = ""
    time_el = doc.xpath("//article//time[@datetime] | //time[@datetime]")
    canonical = doc.xpath('//link[@rel="canonical"]/@href')
    title_tag = one_line(doc.findtext(".//title") or "")
    record["title"] = first(ld.get("headline"), meta.get("og:title"), meta.get("twitter:title"),
                            _TITLE_SUFFIX.sub("", title_tag) if title_tag else None)
    record["standfirst"] = first(ld.get("description"), meta.get("og:description"),
                                 meta.get("description"), meta.get("twitter:description"))
    record["author"] = first(ld.get("author") or ld.get("creator"), author_meta)
    site_in_title = _SITE_SUFFIX.search(title_tag)
    record["source"] = first(publisher.get("name") if isinstance(publisher, dict) else publisher,
                             meta.get("og:site_name"), meta.get("application-name"),
                             site_in_title.group(1) if site_in_title else None)
    record["published"] = first(ld.get("datePublished"), ld.get("dateCreated"),
                                *(meta.get(k) for k in _DATE_META),
                                time_el[0].get("datetime") if time_el else None,
                                ld.get("dateModified"), meta.get("article:modified_time"))
    page_url = first(meta.get("og:url"), ld.get("url"))
    url = first(canonical[0].strip() if canonical else None, page_url,
                ld.get("mainEntityOfPage") if isinstance(ld.get("mainEntityOfPage"), str) else None)
    if url and page_url and not urlsplit(url).scheme and urlsplit(page_url).scheme:
        url = urljoin(page_url, url)
    record["url"] = url
    record["dateline"] = ld.get("dateline") or meta.get("dateline")
    return {k: v for k, v in record.items() if v}, ld.get("articleBody") or None


def fragment_paragraphs(markup: str) -> list[str]:
    """Paragraph texts of an HTML fragment (feed content, article bodies); block tags split paragraphs."""
    if not markup or "<" not in markup:
        return split_paragraphs(markup)
    try:
        root = lxml.html.fragment_fromstring(markup, create_parent="div")
    except (etree.ParserError, ValueError):
        return split_paragraphs(re.sub(r"<[^>]+>", " ", markup))
    for br in root.iter("br"):
        br.tail = "\n" + (br.tail or "")
    for bad in root.xpath(".//script | .//style"):
        bad.drop_tree()
    blocks = [el for el in root.iter() if el.tag in _BLOCKS and not any(
        d.tag in _BLOCKS for d in el.iterdescendants())]
    if not blocks:
        return split_paragraphs(root.text_content())
    return [p for p in (one_line(el.text_content()) for el in blocks) if p]


def _main_text(text: str, doc) -> list[str]:
    # imported here, not at the top: importing trafilatura silences urllib3's warnings process-wide
    import trafilatura

    extracted = trafilatura.extract(text, output_format="txt", include_comments=False,
                                    include_tables=False, include_images=False, favor_precision=True,
                                    deduplicate=False, with_metadata=False)
    if extracted:
        return split_paragraphs(extracted.replace("\n", "\n\n"))
    article = doc.xpath("//article")
    scope = article[0] if article else doc
    return [p for p in (one_line(el.text_content()) for el in scope.iter("p")) if p]


def _too_deep(parser) -> bool:
    """True when libxml2 stopped building the tree at its depth limit (the rest of the page is lost)."""
    return any(e.type_name == "ERR_RESOURCE_LIMIT" or "Excessive depth" in e.message for e in parser.error_log)


def plain_paragraphs(markup: str) -> list[str]:
    """Paragraphs of a page without building a tree: tags stripped in one linear pass, scripts, styles
    and the head dropped, block tags splitting paragraphs. For pages too deep for the parser."""
    pieces, skip_until, pos = [], None, 0
    for tag in _TAG.finditer(markup):
        if skip_until is None:
            pieces.append(markup[pos:tag.start()])
        name = tag.group(2).lower()
        closing = bool(tag.group(1))
        if skip_until == "head" and not closing and (name == "body" or name in _BREAKS):
            skip_until = None  # the head's end tag may be left out
        if skip_until is None and not closing and name in _SKIPPED:
            skip_until = name
        elif skip_until == name and closing:
            skip_until = None
        elif skip_until is None and name in _BREAKS:
            pieces.append("\n\n")
        pos = tag.end()
    if skip_until is None:
        pieces.append(markup[pos:])
    return split_paragraphs(html.unescape("".join(pieces)))


def read_html(text: str) -> Record:
    """One article from a saved web page, or FileProblem when the page is truncated or has no article."""
    _check_complete(text)
    parser = lxml.html.HTMLParser()
    try:
        # lxml refuses str input that carries an XML encoding declaration; the text is decoded already.
        doc = lxml.html.document_fromstring(re.sub(r"^\s*<\?xml[^>]*\?>", "", text), parser=parser)
    except (etree.ParserError, ValueError) as e:
        raise FileProblem(f"not parseable as HTML: {e}") from None
    warnings: list[str] = []
    record, body = page_metadata(doc, warnings)
    if _too_deep(parser):
        warnings.append("page nested too deeply for the HTML parser: its text was taken with the tags stripped")
        paragraphs = split_paragraphs(body) or plain_paragraphs(text)
    else:
        paragraphs = _main_text(text, doc) or split_paragraphs(body)
    headings = {one_line(h.text_content()).casefold() for h in doc.iter("h1")}
    headings.add(one_line(record.get("title", "")).casefold())
    if paragraphs and one_line(paragraphs[0]).casefold() in headings:
        paragraphs = paragraphs[1:]
    if not paragraphs:
        warnings.append("no article text found in the page")
    return Record(record, paragraphs=paragraphs, warnings=warnings)
