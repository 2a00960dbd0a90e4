"""Load run: every public page type under 16 clients, against the framework's ceiling.

    .venv/bin/python bench/load.py [--scale 100] [--seconds 10] [--connections 16]

Starts gunicorn as in production (2 workers, DEBUG off, PostgreSQL, Redis when REDIS_URL
is set, static files by WhiteNoise after collectstatic) on the archive of `--scale`, once
with the page cache on and once off, and runs wrk against each page type and the two
ceilings: a trivial view through the same middleware, answering as many bytes as the page
(bench/urls.py, a URLconf only this script uses), and a static file. Prints requests/s,
p50/p95/p99, errors and the share of the ceiling, the workers' memory after the run, and
writes bench/results/load.json. Not a test: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BASE_DIR, RESULTS, build, environment, setup_django

PORT = 8123


def wrk(url: str, seconds: int, connections: int) -> dict:
    output = subprocess.run(
        [
            "wrk",
            f"-t{min(2, connections)}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--timeout",
            "5s",
            "-s",
            str(BASE_DIR / "bench" / "report.lua"),
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    numbers = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    return {
        "requests_per_s": round(numbers["requests"] / numbers["seconds"], 1),
        "p50_ms": round(numbers["p50"] / 1000, 1),
        "p95_ms": round(numbers["p95"] / 1000, 1),
        "p99_ms": round(numbers["p99"] / 1000, 1),
        "errors": int(numbers["errors"] + numbers["non2xx"]),
    }


def start_gunicorn(scale: int, page_cache: bool) -> subprocess.Popen:
    env = environment(
        scale,
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_PAGE_CACHE="1" if page_cache else "0",
        DJANGO_STATIC_ROOT=str(BASE_DIR / "bench" / "results" / "static"),
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "svom.wsgi",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--workers",
            "2",
            "--access-logfile",
            "/dev/null",
        ],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            with socket.create_connection(("127.0.0.1", PORT), timeout=0.2):
                return server
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("gunicorn did not start")


def workers_rss_mb(server: subprocess.Popen) -> list[float]:
    children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
    sizes = []
    for pid in children:
        status = Path(f"/proc/{pid}/status").read_text()
        sizes.append(round(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024, 1))
    return sizes


def run(scale: int, page_cache: bool, urls: dict, static: str, options) -> dict:
    """Each page, then the trivial view at the page's own size: its share of the ceiling."""
    server = start_gunicorn(scale, page_cache)
    try:
        base = f"http://127.0.0.1:{PORT}"
        static_result = wrk(base + static, options.seconds, options.connections)
        results = {"ceiling: static file": static_result}
        print(f"  {'ceiling: static file':32} {static_result['requests_per_s']:>8.1f}/s")
        for name, url in urls.items():
            url = urllib.parse.quote(url, safe="/?=&")
            # Warm up (and fill the cache); the size is the ceiling's.
            size = len(urllib.request.urlopen(base + url).read())
            result = wrk(base + url, options.seconds, options.connections)
            ceiling = wrk(f"{base}/bench/ceiling/{size}/", options.seconds, options.connections)
            results[name] = {**result, "bytes": size, "ceiling": ceiling}
            print(
                f"  {name:32} {result['requests_per_s']:>8.1f}/s"
                f"  (ceiling at {size:,} bytes: {ceiling['requests_per_s']:.1f}/s)",
                flush=True,
            )
        return {"pages": results, "worker_rss_mb": workers_rss_mb(server)}
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        sys.exit("wrk is missing: apt-get install wrk")
    build(options.scale)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=BASE_DIR,
        env=environment(
            options.scale, DJANGO_STATIC_ROOT=str(BASE_DIR / "bench" / "results" / "static")
        ),
        check=True,
    )
    setup_django(options.scale)
    from django.contrib.staticfiles.storage import ManifestStaticFilesStorage

    from meetings.corpus import page_urls

    manifest = ManifestStaticFilesStorage(location=BASE_DIR / "bench" / "results" / "static")
    static = "/static/" + manifest.stored_name("css/portal.css")
    urls = page_urls()
    report = {"scale": options.scale, "connections": options.connections, "runs": {}}
    for page_cache in (True, False):
        label = "page cache on" if page_cache else "page cache off"
        print(f"\n{label}, scale {options.scale}, {options.connections} clients:", flush=True)
        report["runs"][label] = run(options.scale, page_cache, urls, static, options)
    print_table(report)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "load.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"\nWritten to {RESULTS / 'load.json'}")


def print_table(report: dict) -> None:
    for label, run_ in report["runs"].items():
        print(f"\n{label} (worker RSS after the run: {run_['worker_rss_mb']} MB)")
        print(
            f"{'page':28}{'bytes':>8}{'req/s':>9}{'ceiling':>9}{'share':>8}"
            f"{'p50':>9}{'p95':>9}{'p99':>9}{'errors':>7}"
        )
        for name, result in run_["pages"].items():
            ceiling = result.get("ceiling", result)["requests_per_s"]
            share = 100 * result["requests_per_s"] / ceiling
            print(
                f"{name:28}{result.get('bytes', 0):>8}{result['requests_per_s']:>9.1f}"
                f"{ceiling:>9.1f}{share:>7.1f}%{result['p50_ms']:>7.1f}ms"
                f"{result['p95_ms']:>7.1f}ms{result['p99_ms']:>7.1f}ms{result['errors']:>7}"
            )


if __name__ == "__main__":
    main()
