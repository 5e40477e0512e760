"""The exported reports opened in a real headless Chromium, as a reader would open them."""
import json
import shutil

import pytest

from analysis.reports import DEFAULT_NOTEBOOKS, run_report

from conftest import SAMPLE

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason=(
    "Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it"))]
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("corpus")
    for path in SAMPLE.rglob("*"):
        if path.is_file() and "broken" not in path.parts:
            target = corpus / path.relative_to(SAMPLE)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(path.read_bytes())
    (corpus / "hostile.jsonl").write_text(json.dumps({
        "title": "<script>alert('x')</script> Talks in Geneva", "text": "Envoys met in Geneva on Monday.",
        "date": "2025-08-19T10:00:00Z", "source": "Test Wire"}) + "\n")
    out = tmp_path_factory.mktemp("reports")
    page, results = run_report({"corpus": str(corpus)}, out=out, jobs=2)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    return out


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, url):
    page = browser.new_page()
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("load")
    return page, problems


def test_index_links_resolve_and_every_report_reads_cleanly(browser, report_dir, tmp_path):
    index, problems = open_page(browser, (report_dir / "index.html").as_uri())
    run_links = index.eval_on_selector_all("a", "links => links.map(a => a.href)")
    assert len(run_links) == 1
    run_page, run_problems = open_page(browser, run_links[0])
    report_links = run_page.eval_on_selector_all("a", "links => links.map(a => a.href)")
    assert len([link for link in report_links if link.endswith(".html") and "index" not in link]) == len(DEFAULT_NOTEBOOKS)
    for link in report_links:
        if link.endswith("/index.html"):
            continue
        page, page_problems = open_page(browser, link)
        widths = page.eval_on_selector_all("img", "images => images.map(i => i.complete ? i.naturalWidth : 0)")
        assert widths and all(w > 0 for w in widths), (link, widths)
        code = page.eval_on_selector_all(".jp-InputArea-editor, .jp-CodeCell .highlight, .input_prompt",
                                         "nodes => nodes.filter(n => n.offsetParent !== null).length")
        assert code == 0, f"code visible in {link}"
        assert "notebook.start(" not in page.inner_text("body")
        assert page_problems == [], (link, page_problems)
        page.screenshot(path=str(tmp_path / (link.rsplit("/", 1)[-1] + ".png")), full_page=True)
    assert problems == [] and run_problems == []


def test_article_title_with_script_is_text_not_markup(browser, report_dir):
    run_dir = next(p for p in report_dir.iterdir() if p.is_dir() and not p.name.startswith("."))
    page, problems = open_page(browser, (run_dir / "corpus_overview.html").as_uri())
    assert "<script>alert('x')</script> Talks in Geneva" in page.inner_text("body")
    assert not any("dialog" in p for p in problems)
