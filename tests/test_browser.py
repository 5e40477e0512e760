"""The exported reports opened in a real headless Chromium, as a reader would open them."""
import shutil

import pytest

from analysis.reports import DEFAULT_NOTEBOOKS, run_report

from test_report_html import hostile_corpus

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = [pytest.mark.slow, pytest.mark.skipif(CHROMIUM is None, reason=(
    "Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it"))]
sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory):
    corpus = hostile_corpus(tmp_path_factory.mktemp("corpus"))
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
    """The page loaded with every request that is not for a local file (or inline data) refused and
    recorded, like console errors, page errors and dialogs, in the returned list of problems."""
    page = browser.new_page()
    problems = []

    def only_local(route):
        if route.request.url.startswith(("file:", "data:")):
            route.continue_()
        else:
            problems.append(f"request: {route.request.url}")
            route.abort()
    page.route("**/*", only_local)
    page.on("request", lambda r: None if r.url.startswith(("file:", "data:")) else problems.append(f"request: {r.url}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: (problems.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.goto(url)
    page.wait_for_load_state("networkidle")
    return page, problems


#: elements the hostile corpus would create if its text were not escaped, and any script but the tables' own
_INJECTED = """() => [...document.querySelectorAll('*')].filter(e =>
    (e.tagName === 'SCRIPT' && !e.hasAttribute('data-nt-tables')) || e.getAttribute('src') === 'x' ||
    [...e.attributes].some(a => a.name.startsWith('on'))).map(e => e.outerHTML.slice(0, 80))"""


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


def _all_text(page) -> str:
    """The page's text as a reader sees it with every folded table opened."""
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    return page.inner_text("body")


def test_article_text_is_text_not_markup_in_every_page(browser, report_dir):
    (run_dir,) = [p for p in report_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    pages = [report_dir / "index.html", run_dir / "index.html", *sorted(run_dir.glob("*.html"))]
    assert len(pages) == 3 + len(DEFAULT_NOTEBOOKS)
    for path in pages:
        page, problems = open_page(browser, path.as_uri())
        assert page.evaluate(_INJECTED) == [], path.name
        assert problems == [], (path.name, problems)
    texts = {path.name: _all_text(open_page(browser, path.as_uri())[0]) for path in pages[1:]}
    assert "<script>alert('x')</script> Talks in Geneva" in texts["corpus_overview.html"]
    assert "<b onmouseover=alert(2)>Ann</b>" in texts["corpus_overview.html"]
    assert "<img src=x onerror=alert(3)> the talks" in texts["actor_mentions.html"]
    assert "c<img src=x onerror=alert(4)>" in texts["index.html"]  # the corpus folder, on the run page
