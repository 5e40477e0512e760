"""Benchmark corpora built from the real text beside the project (never copied into it)."""
from __future__ import annotations

import random
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from analysis import load_articles  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"
NYT = SHARED / "nyt_ukraine" / "NYT_Ukraine_full_data.csv"


def require(path: Path) -> bool:
    if path.exists():
        return True
    print(f"skipped: {path} is not available (the development corpora live beside the project)",
          file=sys.stderr)
    return False


def nyt_leads() -> pd.DataFrame:
    """Headline and lead of every NYT item, with its publication date."""
    frame = load_articles(NYT, dedupe=False)
    lead = frame["title"] + ". " + frame["standfirst"]
    return pd.DataFrame({"text": lead.str.rstrip(". ") + ".", "published": frame["published"]})


def news_corpus(megabytes: float, seed: int = 7, leads_per_article: int = 40) -> pd.DataFrame:
    """Articles of `leads_per_article` shuffled NYT leads (one per paragraph) up to `megabytes` of UTF-8.

    Each article takes the publication date of its first lead, so titles resolve to the officials
    of that day, as they would in the real articles.
    """
    leads = nyt_leads()
    texts, dates = leads["text"].tolist(), leads["published"].tolist()
    rng = random.Random(seed)
    order = list(range(len(texts)))
    rows, size = [], 0
    while size < megabytes * 1e6:
        rng.shuffle(order)
        for start in range(0, len(order) - leads_per_article, leads_per_article):
            picked = order[start:start + leads_per_article]
            body = "\n\n".join(texts[i] for i in picked)
            rows.append((f"b{len(rows):06d}", body, dates[picked[0]]))
            size += len(body.encode("utf-8"))
            if size >= megabytes * 1e6:
                break
    frame = pd.DataFrame(rows, columns=["article_id", "text", "published"])
    frame["title"] = ""
    frame["standfirst"] = ""
    return frame


def utf8_megabytes(texts) -> float:
    return sum(len(t.encode("utf-8")) for t in texts) / 1e6
