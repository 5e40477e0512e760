"""Bring articles in from the web: feeds and URL lists collected politely and resumably into a store
(`collect`), and one scheduled run of collect, ingest and report (`update`)."""
from .client import Client, FetchFailed, Politeness
from .run import COLLECTED, CollectReport, SourceReport, collect, collection_folder, re_extract
from .sources import CollectSource, SourcesError, read_sources, read_sources_file

__all__ = ["COLLECTED", "Client", "CollectReport", "CollectSource", "FetchFailed", "Politeness", "SourceReport",
           "SourcesError", "collect", "collection_folder", "re_extract", "read_sources", "read_sources_file"]
