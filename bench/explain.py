"""EXPLAIN ANALYZE of every query of every public page type, at one scale.

    .venv/bin/python bench/explain.py [--scale 100] [--limit-ms 5] [--plans]

Renders each page of `meetings.corpus.page_urls()` once with the page cache off, captures
its queries, and runs each again under `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON)` (twice:
the second run, with warm buffers, is reported). Prints, per page, its slowest queries and
every query over `--limit-ms` (search is allowed more: it ranks text), with the top of the
plan when `--plans` is given. Writes bench/results/explain.json. Not a test.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import RESULTS, build, setup_django

#: Pages whose queries may take longer than the limit: full-text ranking.
EXEMPT = {"search"}


def explain(sql: str) -> tuple[float, dict]:
    from django.db import connection

    with connection.cursor() as cursor:
        for _ in range(2):
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) {sql}")
            (plan,) = cursor.fetchone()
    plan = plan[0] if isinstance(plan, list) else json.loads(plan)[0]
    return plan["Execution Time"] + plan["Planning Time"], plan["Plan"]


def outline(node: dict, depth: int = 0) -> list[str]:
    """The plan's nodes, one line each, as EXPLAIN prints them without ANALYZE's detail."""
    name = node["Node Type"]
    if "Relation Name" in node:
        name += f" on {node['Relation Name']}"
    if "Index Name" in node:
        name += f" using {node['Index Name']}"
    line = f"{'  ' * depth}{name} (rows={node.get('Actual Rows')}, {node['Actual Total Time']} ms)"
    return [line] + [
        child_line for child in node.get("Plans", []) for child_line in outline(child, depth + 1)
    ]


def measure(limit_ms: float) -> dict[str, list[dict]]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from meetings.corpus import page_urls

    client = Client()
    report = {}
    for name, url in page_urls().items():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200, url
        queries = []
        for query in captured.captured_queries:
            # A choice list is read through a server-side cursor: DECLARE ... FOR SELECT.
            sql = re.sub(r"^DECLARE .*? CURSOR WITH HOLD FOR ", "", query["sql"])
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            milliseconds, plan = explain(sql)
            queries.append({"ms": round(milliseconds, 2), "sql": sql, "plan": outline(plan)})
        report[name] = {"url": url, "limit_ms": None if name in EXEMPT else limit_ms}
        report[name]["queries"] = queries
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--limit-ms", type=float, default=5.0)
    parser.add_argument("--plans", action="store_true")
    options = parser.parse_args()
    build(options.scale)
    setup_django(options.scale)
    report = measure(options.limit_ms)
    over_all = 0
    print(f"\n{'page':24}{'queries':>8}{'slowest':>10}{'over limit':>12}")
    for name, page in report.items():
        times = [query["ms"] for query in page["queries"]]
        limit = page["limit_ms"]
        over = [query for query in page["queries"] if limit is not None and query["ms"] > limit]
        over_all += len(over)
        print(f"{name:24}{len(times):>8}{max(times, default=0):>8.2f}ms{len(over):>12}")
        for query in over:
            print(f"    {query['ms']:.2f} ms  {query['sql'][:160]}")
            if options.plans:
                print("\n".join("      " + line for line in query["plan"][:12]))
    print(f"\n{over_all} queries over {options.limit_ms} ms (search exempt)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "explain.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"Written to {RESULTS / 'explain.json'}")


if __name__ == "__main__":
    main()
