"""Reports over the real corpora opened in headless Chromium with the network blocked, checked as a
reader sees them: charts with alternative text, at most top_n events on an axis inside the period,
tables cut to their top rows with what is left out said, search and sort that work, no pandas
truncation, no console errors, and no accessibility violations (axe-core). Screenshots of every page
are kept in tests/artifacts/ to look at."""
import json
from pathlib import Path

import pandas as pd
import pytest

from analysis.reports import DEFAULT_NOTEBOOKS, run_report

from conftest import PROJECT_ROOT, shared_file
from test_browser import CHROMIUM, browser, open_page  # noqa: F401 (browser: the fixture)

pytestmark = [pytest.mark.slow, pytest.mark.shared, pytest.mark.skipif(CHROMIUM is None, reason=(
    "Debian's chromium is not installed (apt-get install -y chromium); .ci/run installs it"))]
Axe = pytest.importorskip("axe_playwright_python.sync_playwright").Axe
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
CORPORA = {"news_fulltext": ("news_fulltext",), "nyt": ("nyt_ukraine", "NYT_Ukraine_full_data.csv")}

#: what a reader sees of each page: images and their alt text, headings, tables and their captions
_SEEN = """() => ({
    lang: document.documentElement.lang,
    images: [...document.images].map(i => ({alt: i.alt, width: i.naturalWidth, shown: i.getBoundingClientRect().width})),
    headings: [...document.querySelectorAll('h1, h2, h3')].map(h => Number(h.tagName[1])),
    captions: [...document.querySelectorAll('.nt-caption')].map(p => p.textContent),
    cells: [...document.querySelectorAll('td, th')].map(c => c.textContent.trim()),
    pandas: document.querySelectorAll('table.dataframe').length,
    overflowing: document.documentElement.scrollWidth > window.innerWidth + 2,
})"""


@pytest.fixture(scope="module", params=sorted(CORPORA))
def real_run(request, tmp_path_factory):
    corpus = shared_file(*CORPORA[request.param])
    out = tmp_path_factory.mktemp(f"reports-{request.param}")
    page, results = run_report({"corpus": str(corpus)}, out=out, jobs=2)
    assert all(r.status == "ok" for r in results), [r.error for r in results]
    return request.param, page.parent


def test_every_page_reads_cleanly_offline_and_passes_the_accessibility_check(browser, real_run):
    name, run = real_run
    ARTIFACTS.mkdir(exist_ok=True)
    for notebook in DEFAULT_NOTEBOOKS:
        page, problems = open_page(browser, (run / f"{notebook}.html").as_uri())
        page.set_viewport_size({"width": 1280, "height": 900})
        seen = page.evaluate(_SEEN)
        assert seen["lang"] == "en" and seen["headings"][0] == 1, notebook
        assert all(b - a <= 1 for a, b in zip(seen["headings"], seen["headings"][1:])), (notebook, seen["headings"])
        assert seen["images"] and all(i["width"] > 0 for i in seen["images"]), notebook
        for image in seen["images"]:
            assert len(image["alt"]) > 40 and image["alt"] != "chart", (notebook, image["alt"])
        assert seen["pandas"] == 0, f"a pandas display in {notebook}"  # every table is a report table
        assert "..." not in seen["cells"] and "…" not in seen["cells"], notebook
        assert not seen["overflowing"], f"{notebook} is wider than the window"
        violations = Axe().run(page).response["violations"]
        assert [(v["id"], [n["html"][:80] for n in v["nodes"][:2]]) for v in violations] == [], notebook
        page.screenshot(path=str(ARTIFACTS / f"{name}-{notebook}.png"), full_page=True)
        assert problems == [], (notebook, problems)


def test_the_timeline_shows_at_most_top_n_events_inside_the_period(real_run):
    _, run = real_run
    values = json.loads((run / "milestones" / "values.json").read_text())
    plotted = pd.read_csv(run / "milestones" / "charts" / "timeline.csv", parse_dates=["start", "end"])
    assert 0 < len(plotted) <= 25 and len(plotted) == min(25, values["events_in_period"])
    first, last = pd.Timestamp(values["first_day"]), pd.Timestamp(values["last_day"])
    assert (plotted["end"] >= first).all() and (plotted["start"] <= last).all()
    assert values["background_events"] > 0  # history is listed apart, not on the axis
    events = pd.read_csv(run / "milestones" / "tables" / "events.csv")
    assert len(events) == values["events_in_period"]  # the whole table beside the report


def test_long_tables_search_and_sort_in_the_page(browser, real_run):
    _, run = real_run
    page, problems = open_page(browser, (run / "milestones.html").as_uri())
    box = page.locator(".nt-table:has(details)").first  # the events
    caption = box.locator(".nt-caption").inner_text()
    assert caption.startswith("The top 15 of ") and "events, most reported first" in caption
    box.locator("summary").click()
    rows = box.locator("table.nt-all tbody tr")
    total = rows.count()
    assert total > 15
    search = box.locator("input.nt-search")
    search.fill("Istanbul")
    visible = [rows.nth(i).inner_text() for i in range(total) if rows.nth(i).is_visible()]
    assert 0 < len(visible) < total and all("istanbul" in row.lower() for row in visible)
    assert box.locator(".nt-count").inner_text() == f"{len(visible)} of {total} rows match"
    search.fill("")
    header = box.locator("table.nt-all th").nth(1)  # "when": sorts by the ISO day behind it
    header.locator("button").click()
    assert header.get_attribute("aria-sort") == "ascending"
    keys = box.locator("table.nt-all tbody tr td:nth-child(2)").evaluate_all("cells => cells.map(c => c.dataset.sort)")
    assert keys == sorted(keys)
    header.locator("button").click()
    keys = box.locator("table.nt-all tbody tr td:nth-child(2)").evaluate_all("cells => cells.map(c => c.dataset.sort)")
    assert keys == sorted(keys, reverse=True) and header.get_attribute("aria-sort") == "descending"
    assert problems == []


def test_the_briefing_covers_the_last_week_and_says_so(real_run):
    _, run = real_run
    values = json.loads((run / "briefing" / "values.json").read_text())
    first, last = pd.Timestamp(values["first_day"]), pd.Timestamp(values["last_day"])
    assert (last - first).days == 6
    html = (run / "briefing.html").read_text(encoding="utf-8")
    assert f"{first:%d %b %Y} – {last:%d %b %Y}" in html and "no start or end was given" in html
    assert Path(run / "briefing" / "tables" / "actor_changes.csv").exists()
