"""Benchmark of the search page (/sok/) on PostgreSQL at the scale of DESIGN.md.

Uses the archive of `generate_corpus` at `--scale` (100: 100,000 paragraphs in 6,000
meetings), built once in its own database (bench/common.py). Then runs a fixed set of
queries and prints p50 and p95 latency of the search page through Django's test client
and of its bare SQL (the count and the first page of paragraphs), for the indexed search
and for a naive icontains search on the same data.

    .venv/bin/python bench/search.py [--scale 100] [--runs 3] [--rebuild]

Not a test: nothing here is asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import build, database_url, setup_django

QUERIES = [
    "hemsjukvård",
    "avtalet hemsjukvård",
    "utredning",
    "psykisk hälsa",
    '"god och nära vård"',
    "patientsäkerhet -nutrition",
    "remiss OR remissvar",
    "Fredagsgruppen",
    "ledarskapsutbildningen",
    "kompetensförsörjning",
    "Storsjögläntan",
    "blåbärssoppa",  # no hit: the page also runs the "did you mean" query
]


def naive_search(self, query):
    """The search as icontains would do it: every word somewhere in the title, the text, a
    decision point or a motion. What the meeting list's free-text filter does, and more."""
    from django.db.models import F, Q

    from decisions.models import DecisionPoint, Motion
    from meetings.search import SearchTerms

    terms = query if isinstance(query, SearchTerms) else SearchTerms(query)
    if not terms:
        return self.none()
    for word in terms.words:
        self = self.filter(
            Q(title__icontains=word)
            | Q(text__icontains=word)
            | Q(pk__in=DecisionPoint.objects.filter(text__icontains=word).values("agenda_item"))
            | Q(pk__in=Motion.objects.filter(text__icontains=word).values("agenda_item"))
        )
    return self.annotate(search_document=F("text")).order_by("-meeting__date", "position")


def percentiles(samples: list[float]) -> str:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return f"p50 {statistics.median(samples) * 1000:8.1f} ms   p95 {cuts[18] * 1000:8.1f} ms"


def measure(runs: int, search) -> dict[str, list[float]]:
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.test import Client

    from meetings.models import AgendaItem

    client, samples = Client(), {"page": [], "sql": []}
    for query in QUERIES:
        found = AgendaItem.objects.visible_to(AnonymousUser()).select_related("meeting__body")
        found = search(found, query)
        page_sql = found[:20].query.sql_with_params()
        count_sql = found.order_by().values("pk").query.sql_with_params()
        for run in range(runs + 1):  # the first run warms the caches and is not counted
            started = time.perf_counter()
            response = client.get("/sok/", {"q": query})
            page = time.perf_counter() - started
            assert response.status_code == 200, response.status_code
            started = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT count(*) FROM ({count_sql[0]}) AS hits", count_sql[1])
                hits = cursor.fetchone()[0]
                cursor.execute(*page_sql)
                cursor.fetchall()
            sql = time.perf_counter() - started
            if run:
                samples["page"].append(page)
                samples["sql"].append(sql)
        print(
            f"  {query!r:32} {hits:>7,} hits  page {page * 1000:7.1f} ms  sql {sql * 1000:7.1f} ms"
        )
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100, help="archive size (generate_corpus)")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--rebuild", action="store_true", help="build the archive anew")
    options = parser.parse_args()

    build(options.scale, options.rebuild)
    setup_django(options.scale)
    from meetings import filters
    from meetings.models import AgendaItem

    print(f"{AgendaItem.objects.count():,} paragraphs in {database_url(options.scale)}\n")
    print("Indexed search (tsvector, GIN):")
    indexed_search = filters.search
    indexed = measure(options.runs, indexed_search)
    # The search page's filter calls meetings.filters.search; the naive one stands in.
    filters.search = naive_search
    try:
        print("\nNaive search (icontains on title, text, decision points, motions):")
        naive = measure(options.runs, naive_search)
    finally:
        filters.search = indexed_search

    print(f"\nOver {len(QUERIES)} queries x {options.runs} runs:")
    for label, samples in (("indexed", indexed), ("icontains", naive)):
        print(f"  {label:10} page  {percentiles(samples['page'])}")
        print(f"  {label:10} SQL   {percentiles(samples['sql'])}")


if __name__ == "__main__":
    main()
