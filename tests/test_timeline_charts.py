"""The milestone charts as a reader sees them: at most top_n events of the period, an axis inside the
period, labels (measured by matplotlib's renderer) that never overlap and never leave the figure, on
the sample and on the real corpora; months without articles marked; coming-up events precise or coarse."""
import pandas as pd
import pytest
from matplotlib.patches import Rectangle
from matplotlib.text import Text

from analysis import Resources, charts, load_articles, run
from analysis.timeline_charts import coverage_gaps, in_period, most_salient

from conftest import SAMPLE, shared_file


def _timeline_of(source, **load):
    articles = load_articles(source, **load)
    return articles, run(articles, Resources.load(), want=("timeline",)).timeline


@pytest.fixture(scope="module")
def sample():
    return _timeline_of(SAMPLE)


def texts_of(fig):
    """Every piece of text drawn, with its rendered box: titles, labels, ticks, legend entries."""
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    found = {}
    for text in fig.findobj(Text):
        if text.get_visible() and text.get_text().strip():
            found[id(text)] = (text.get_text(), text.get_window_extent(renderer))
    return list(found.values())


def assert_readable(fig):
    """No two texts overlap, and every text lies inside the figure."""
    boxes = texts_of(fig)
    width, height = fig.bbox.width, fig.bbox.height
    for label, box in boxes:
        assert box.x0 >= -1 and box.y0 >= -1 and box.x1 <= width + 1 and box.y1 <= height + 1, f"{label!r} leaves the figure"
    overlapping = [(a, b) for i, (a, box_a) in enumerate(boxes) for b, box_b in boxes[i + 1:]
                   if box_a.overlaps(box_b) and box_a.intersection(box_a, box_b).width > 1
                   and box_a.intersection(box_a, box_b).height > 1]
    assert overlapping == [], overlapping[:5]


def check_timeline(articles, events, top_n):
    fig = charts.milestone_timeline(events, as_of=articles["published"].max().tz_localize(None), top_n=top_n,
                                    articles=articles)
    first, last = fig.period
    published = articles["published"].dt.tz_localize(None)
    assert first == published.min().normalize() and last == published.max().normalize()
    plotted = fig.chart_data
    news = in_period(events, first, last)
    assert len(plotted) == min(top_n, len(news))
    assert set(plotted["title"]) <= set(most_salient(news, top_n)["title"])
    assert not (plotted["end"] < first).any() and not (plotted["start"] > last).any()
    low, high = (pd.Timestamp(x, unit="D") for x in fig.axes[0].get_xlim())
    span = last - first
    assert first - span * 0.05 <= low <= first and last <= high <= last + span * 0.05 + pd.Timedelta(days=2)
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert labels == plotted["label"].tolist() and all(len(x) <= 49 for x in labels)
    assert_readable(fig)
    assert fig.alt_text.startswith("Negotiation milestones: a timeline of the") and str(len(news)) in fig.alt_text
    return fig


@pytest.mark.parametrize("top_n", [5, 25, 60])
def test_the_sample_timeline_at_any_number_of_events(sample, top_n):
    check_timeline(*sample, top_n)


@pytest.mark.slow
@pytest.mark.shared
@pytest.mark.parametrize("top_n", [25, 100])
def test_the_real_full_text_timeline(top_n):
    articles, events = _timeline_of(shared_file("news_fulltext"))
    fig = check_timeline(articles, events, top_n)
    assert (events["background"]).sum() > 0  # history is there, and left off the axis
    assert fig.period[0].year == 2022 and fig.period[1].year == 2024


@pytest.mark.slow
@pytest.mark.shared
def test_the_nyt_timeline():
    articles, events = _timeline_of(shared_file("nyt_ukraine", "NYT_Ukraine_full_data.csv"),
                                    base_url="https://www.nytimes.com")
    check_timeline(articles, events, 25)


def _articles(days):
    return pd.DataFrame({"published": pd.to_datetime(days).tz_localize("UTC")})


def test_months_without_articles_are_coverage_gaps():
    articles = _articles(["2024-01-10", "2024-02-03", "2024-05-20", "2024-06-01"])
    gaps = coverage_gaps(articles, pd.Timestamp("2024-01-10"), pd.Timestamp("2024-06-01"), "month")
    assert gaps == [(pd.Timestamp("2024-03-01"), pd.Timestamp("2024-05-01"))]  # March and April, joined
    assert coverage_gaps(articles, pd.Timestamp("2024-01-10"), pd.Timestamp("2024-02-03"), "month") == []
    weekly = coverage_gaps(_articles(["2024-01-01", "2024-01-22"]), pd.Timestamp("2024-01-01"),
                           pd.Timestamp("2024-01-22"), "week")
    assert weekly == [(pd.Timestamp("2024-01-08"), pd.Timestamp("2024-01-22"))]


def _event(start, end, precision, title, status="upcoming", salience=1.0, background=False, kind="talks"):
    return {"event_id": title, "kind": kind, "status": status, "start": pd.Timestamp(start), "end": pd.Timestamp(end),
            "precision": precision, "place": "", "title": title, "salience": salience, "n_articles": int(salience),
            "background": background, "last_report": pd.Timestamp("2024-03-01", tz="UTC")}


def test_gaps_are_shaded_and_background_is_left_off():
    events = pd.DataFrame([_event("2024-01-15", "2024-01-15", "day", "Talks in Geneva", "past", 3),
                           _event("2024-05-22", "2024-05-22", "day", "Summit in Vilnius", "past", 2),
                           _event("1991-12-01", "1991-12-31", "month", "Budapest memorandum", "past", 9, True)])
    articles = _articles(["2024-01-10", "2024-02-03", "2024-05-20", "2024-06-01"])
    fig = charts.milestone_timeline(events, articles=articles)
    assert fig.chart_data["title"].tolist() == ["Talks in Geneva", "Summit in Vilnius"]
    shaded = [p for p in fig.axes[0].patches if isinstance(p, Rectangle) and p.get_facecolor()[:3] != (1, 1, 1)]
    # under half a year: by week, so the two empty weeks of January are a gap as well as February to May
    assert fig.coverage_gaps == [(pd.Timestamp("2024-01-15"), pd.Timestamp("2024-01-29")),
                                 (pd.Timestamp("2024-02-05"), pd.Timestamp("2024-05-20"))]
    assert len(shaded) == 2 and "2 stretches of the period had no articles" in fig.alt_text
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "no articles" in legend


def test_a_period_with_only_history_says_so():
    events = pd.DataFrame([_event("1991-12-01", "1991-12-31", "month", "Budapest memorandum", "past", 9, True)])
    fig = charts.milestone_timeline(events, start="2024-01-01", end="2024-02-01")
    assert fig.chart_data.empty and "No events between 01 Jan 2024 and 01 Feb 2024" in fig.alt_text


def test_coming_up_marks_precise_days_bands_coarse_dates_and_says_what_it_leaves_out():
    rows = [_event("2024-03-05", "2024-03-05", "day", "Talks in Riyadh", salience=3),
            _event("2024-03-01", "2024-03-31", "month", "Ceasefire deadline", salience=2),
            _event("2024-03-20", "2024-03-22", "day", "Summit in Brussels", salience=1),
            _event("2024-06-01", "2024-06-01", "day", "Vote in Kyiv")]  # after the window
    rows += [_event("2024-03-10", "2024-03-10", "day", f"Call {i}", salience=0.5) for i in range(3)]
    fig = charts.calendar_strip(pd.DataFrame(rows), as_of="2024-03-02", top_n=4)
    shown = fig.chart_data
    assert shown["title"].tolist() == ["Ceasefire deadline", "Talks in Riyadh", "Call 0", "Summit in Brussels"]
    ax = fig.axes[0]
    bands = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_width() > 0]
    assert len(bands) == 1  # only the coarse date is a band
    diamonds = [line for line in ax.lines if line.get_marker() == "D"]
    assert len(diamonds) == 3
    labels = [t.get_text() for t in ax.texts]
    assert "Ceasefire deadline (March 2024)" in labels and "Talks in Riyadh (05 Mar)" in labels
    note = fig._supxlabel.get_text()
    assert note == "Not shown: 2 less reported events in the window and 1 event due after 13 Apr 2024."
    assert_readable(fig)
    for text in ax.texts:  # inside the axes, not only the figure
        box = text.get_window_extent(fig.canvas.get_renderer())
        assert ax.bbox.x0 - 1 <= box.x0 and box.x1 <= ax.bbox.x1 + 1, text.get_text()
    assert "3 with a precise date and 1 known only to the week, month or season" in fig.alt_text


def test_every_chart_has_alternative_text_title_and_axis_labels(sample):
    articles, events = sample
    tables = run(articles, Resources.load(), want=("mentions", "quotes"))
    figures = [charts.articles_over_time(articles), charts.top_actors(tables.mentions),
               charts.mentions_over_time(tables.mentions, articles), charts.share_of_voice_chart(tables.mentions, articles),
               charts.cooccurrence_heatmap(tables.mentions), charts.top_quoted(tables.quotes),
               charts.milestone_timeline(events, articles=articles), charts.calendar_strip(events, as_of="2025-02-10"),
               charts.milestone_timeline(events.iloc[0:0])]
    for fig in figures:
        assert len(fig.alt_text) > 40 and fig.alt_text.endswith("."), fig.alt_text
        titles = [ax.get_title(loc) for ax in fig.axes for loc in ("left", "center")]
        titles.append(fig._suptitle.get_text() if fig._suptitle else "")
        assert any(titles), fig.alt_text
        if fig.chart_data.empty:
            continue
        drawn = [ax for ax in fig.axes if ax.get_visible() and ax.get_label() != "<colorbar>"]
        labelled = [ax for ax in drawn if ax.get_xlabel() or ax.get_ylabel()]
        assert labelled or (fig._supxlabel and fig._supylabel), fig.alt_text
