"""Benchmark of the search page (/sok/) on PostgreSQL at the scale of DESIGN.md.

Builds, once, a synthetic corpus of 100,000 paragraphs (6,000 meetings of 20 bodies) in
Swedish-like text made from the demo protocols' words, in its own database `svom_bench`
(created here, next to the database of DATABASE_URL or on 127.0.0.1:5432). Then runs a
fixed set of queries and prints p50 and p95 latency of the search page through Django's
test client and of its bare SQL (the count and the first page of paragraphs), for the
indexed search and for a naive icontains search on the same data.

    .venv/bin/python bench/search.py [--paragraphs 100000] [--runs 5] [--rebuild]

Not a test: nothing here is asserted. See bench/README.md.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
import os
import random
import re
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

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
BODIES, MEETINGS_PER_BODY = 20, 300
BATCH = 2_000


def bench_database_url() -> str:
    """The URL of svom_bench on the server of DATABASE_URL (default 127.0.0.1:5432)."""
    url = urlsplit(os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/svom"))
    if url.scheme not in ("postgres", "postgresql", "pgsql"):
        url = urlsplit("postgres://postgres@127.0.0.1:5432/svom")
    return urlunsplit(url._replace(path="/svom_bench"))


def create_database(url: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(
        host=parts.hostname,
        port=parts.port or 5432,
        user=parts.username,
        password=parts.password,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = 'svom_bench'")
        if not exists.fetchone():
            connection.execute("CREATE DATABASE svom_bench")


class Corpus:
    """Swedish-like text: runs of the demo protocols' words.

    The demo's three protocols have some 800 different words; 100,000 paragraphs made of
    them alone would put every word in a third of all paragraphs. So most longer words
    are replaced by compounds of two of them (vårdplanen, avtalsnutrition), drawn from a
    vocabulary of 50,000 with Zipf's law, as words are in real text: a topic word such as
    hemsjukvård is then in a few percent of the paragraphs, a name in a fraction of one.
    """

    def __init__(self, rng: random.Random) -> None:
        rows = json.loads((BASE_DIR / "fixtures" / "demo.json").read_text(encoding="utf-8"))
        texts = [
            row["fields"][key]
            for row in rows
            for key in ("title", "text")
            if row["model"].startswith(("meetings.agendaitem", "decisions."))
            and key in row["fields"]
        ]
        self.tokens = re.findall(r"[^\W\d_]+|[.,]", " ".join(texts))
        self.titles = [
            row["fields"]["title"] for row in rows if row["model"] == "meetings.agendaitem"
        ]
        nouns = sorted({token.lower() for token in self.tokens if len(token) > 5})
        self.vocabulary = [rng.choice(nouns) + rng.choice(nouns) for _ in range(50_000)]
        self.weights = list(itertools.accumulate(1 / rank for rank in range(1, 50_001)))
        self.rng = rng

    def run(self, low: int, high: int) -> list[str]:
        start = self.rng.randrange(len(self.tokens) - high)
        words = self.tokens[start : start + self.rng.randint(low, high)]
        made_up = iter(self.rng.choices(self.vocabulary, cum_weights=self.weights, k=len(words)))
        return [
            next(made_up) if len(word) > 5 and self.rng.random() < 0.95 else word for word in words
        ]

    def text(self) -> str:
        words = [word for _ in range(self.rng.randint(3, 10)) for word in self.run(6, 20)]
        return re.sub(r" ([.,])", r"\1", " ".join(words)).strip(" .,") + "."

    def title(self) -> str:
        if self.rng.random() < 0.2:
            return self.rng.choice(self.titles)
        return " ".join(self.run(2, 6)).strip(" .,").capitalize()[:300] or "Övriga frågor"


def build(paragraphs: int, rng: random.Random) -> None:
    from django.db import connection

    from decisions.models import DecisionPoint, Motion
    from meetings.models import AgendaItem, Body, Meeting, Person

    print(f"Building {paragraphs:,} paragraphs ...", flush=True)
    started = time.perf_counter()
    corpus = Corpus(rng)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE meetings_body, meetings_meeting, meetings_agendaitem CASCADE")
    bodies = Body.objects.bulk_create(
        Body(name=f"Organ {number}", short_name=f"O{number}", slug=f"organ-{number}")
        for number in range(BODIES)
    )
    meetings = Meeting.objects.bulk_create(
        (
            Meeting(
                body=body,
                date=datetime.date(1996, 1, 5) + datetime.timedelta(days=36 * number),
                status=Meeting.Status.HELD,
            )
            for body in bodies
            for number in range(MEETINGS_PER_BODY)
        ),
        batch_size=BATCH,
    )
    person = Person.objects.get_or_create(name="Bengt Bänk", slug="bengt-bank")[0]
    adjusted_at = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    per_meeting = -(-paragraphs // len(meetings))
    batch = []
    for number in range(paragraphs):
        meeting = meetings[number // per_meeting]
        draft = rng.random() < 0.05
        batch.append(
            AgendaItem(
                meeting=meeting,
                body_id=meeting.body_id,
                year=meeting.date.year,
                position=number % per_meeting + 1,
                title=corpus.title(),
                text=corpus.text(),
                state=AgendaItem.State.DRAFT if draft else AgendaItem.State.ADJUSTED,
                adjusted_at=None if draft else adjusted_at,
                confidential=rng.random() < 0.01,
            )
        )
        if len(batch) == BATCH or number == paragraphs - 1:
            items = AgendaItem.objects.bulk_create(batch)
            # Decision points and motions fire the trigger that re-indexes their paragraph.
            DecisionPoint.objects.bulk_create(
                DecisionPoint(agenda_item=item, position=1, text=" ".join(corpus.run(10, 30)))
                for item in items
                if rng.random() < 0.25
            )
            Motion.objects.bulk_create(
                Motion(agenda_item=item, position=1, mover=person, text=" ".join(corpus.run(5, 15)))
                for item in items
                if rng.random() < 0.05
            )
            batch = []
            print(f"  {number + 1:>7,} paragraphs", end="\r", flush=True)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"\nBuilt in {time.perf_counter() - started:.0f} s.", flush=True)


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
    parser.add_argument("--paragraphs", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each query")
    parser.add_argument("--rebuild", action="store_true", help="build the corpus anew")
    options = parser.parse_args()

    url = bench_database_url()
    create_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SECRET_KEY", "benchmark-only")
    os.environ["DJANGO_ALLOWED_HOSTS"] = "testserver"
    os.environ["DJANGO_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "svom.settings")
    import django

    django.setup()
    # Production settings except for static files, which need no collectstatic here.
    from django.conf import settings
    from django.core.management import call_command
    from django.test.utils import override_settings

    from meetings import filters
    from meetings.models import AgendaItem

    override_settings(
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    call_command("migrate", verbosity=0)
    if options.rebuild or AgendaItem.objects.count() != options.paragraphs:
        build(options.paragraphs, random.Random(6))
    print(f"{AgendaItem.objects.count():,} paragraphs in {url.rsplit('@', 1)[-1]}\n")

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
