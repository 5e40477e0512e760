"""Charts: each returns a Figure with its data, draws empty input as a clear message, saves PNG + CSV,
and the milestone timeline's labels never overlap."""
import pandas as pd
import pytest
from matplotlib.figure import Figure

from analysis import Resources, charts, load_articles, run

from conftest import SAMPLE


@pytest.fixture(scope="module")
def tables():
    articles = load_articles(SAMPLE)
    tables = run(articles, Resources.load(), want=("mentions", "quotes", "timeline"))
    return articles, tables.mentions, tables.quotes, tables.timeline


def all_charts(articles, mentions, quoted, events):
    return {
        "articles": charts.articles_over_time(articles),
        "top_actors": charts.top_actors(mentions, n=10),
        "over_time": charts.mentions_over_time(mentions, articles, freq="month"),
        "over_time_two": charts.mentions_over_time(mentions, articles, actors=["Vladimir Putin", "Donald Trump"]),
        "share": charts.share_of_voice_chart(mentions, articles),
        "heatmap": charts.cooccurrence_heatmap(mentions),
        "quoted": charts.top_quoted(quoted),
        "timeline": charts.milestone_timeline(events, as_of="2025-08-20"),
        "calendar": charts.calendar_strip(events, as_of="2025-02-10"),
    }


def test_every_chart_is_a_figure_with_its_data(tables):
    figures = all_charts(*tables)
    for name, fig in figures.items():
        assert isinstance(fig, Figure), name
        assert not fig.chart_data.empty, name
    top = figures["top_actors"].chart_data
    mentions = tables[1]
    assert top["actor"].iloc[0] == mentions["actor"].astype(str).value_counts().index[0]
    assert len(top) == 10 and top["mentions"].is_monotonic_decreasing
    assert set(figures["over_time_two"].chart_data["actor"]) == {"Vladimir Putin", "Donald Trump"}
    share = figures["share"].chart_data
    assert share.groupby("period")["share"].sum().round(6).eq(1).all()


def test_empty_input_draws_a_message_not_a_traceback(tables):
    articles, mentions, quoted, events = tables
    empty = all_charts(articles.iloc[0:0], mentions.iloc[0:0], quoted.iloc[0:0], events.iloc[0:0])
    for name, fig in empty.items():
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert charts.NO_DATA in texts, name
        assert fig.chart_data.empty


def test_save_writes_png_and_csv(tables, tmp_path):
    fig = charts.top_actors(tables[1])
    png, csv = charts.save_chart(fig, tmp_path / "charts", "top_actors")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and png.stat().st_size > 10_000
    saved = pd.read_csv(csv)
    assert list(saved.columns) == ["actor", "side", "mentions", "articles"]
    assert saved["actor"].tolist() == fig.chart_data["actor"].astype(str).tolist()
    assert saved["mentions"].tolist() == fig.chart_data["mentions"].tolist()


def _overlaps(boxes):
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:] if a.overlaps(b)]


def test_timeline_labels_do_not_collide(tables):
    events = tables[3]
    fig = charts.milestone_timeline(events, as_of="2025-08-20")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    boxes = [t.get_window_extent(renderer) for t in ax.texts if t.get_text().strip()]
    news = events[~events["background"]]
    assert len(boxes) == min(25, len(news))  # the 25 most reported of the period's news
    assert _overlaps(boxes) == []
    assert any(line.get_linestyle() == "--" for line in ax.lines)  # the as-of line
    spans = [line for line in ax.lines if len(line.get_xdata()) == 2]
    assert spans, "multi-day events are drawn as spans"


def test_small_multiples_when_many_actors(tables):
    articles, mentions, _, _ = tables
    many = charts.mentions_over_time(mentions, articles, top=6)
    few = charts.mentions_over_time(mentions, articles, top=3)
    assert len([ax for ax in many.axes if ax.get_visible()]) == 6
    assert len(few.axes) == 1


def test_share_of_voice_when_a_side_is_called_other(tables):
    articles, mentions, _, _ = tables
    renamed = mentions.assign(side=mentions["side"].astype(str).replace({"Turkey": "Other"}))
    fig = charts.share_of_voice_chart(renamed, articles, top_sides=3)
    shares = fig.chart_data
    assert shares.groupby("period")["share"].sum().round(6).eq(1).all()
    assert shares["side"].value_counts().max() == shares["period"].nunique()
