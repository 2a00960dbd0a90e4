"""Soak run: minutes of mixed load on gunicorn as in production, watching for errors and
for workers that grow.

    .venv/bin/python bench/soak.py [--scale 10] [--minutes 3] [--connections 16]

gunicorn runs with gunicorn.conf.py (2 workers here, recycling off so that growth would
show) on the archive of `--scale` with the page cache on (Redis when REDIS_URL is set).
wrk sends a mix of public pages and searches (400 of them, the n-th most asked-for 1/n
as often as the first, so the long tail is rendered while the head is cached); meanwhile
a member logs in again and again and reads protocols and drafts. Every 10 s the workers'
memory is read. Prints errors (by kind), requests/s, latency and memory at the start,
after a minute and at the end, and writes bench/results/soak.json.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import random
import re
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import BASE_DIR, RESULTS, build, environment, manage, setup_django
from bench.load import PORT, workers_rss_mb

MEMBER, PASSWORD = "soak-ledamot", "soak-lösenord-för-mätning"


def mixed_paths(count: int = 5000, pool: int = 400) -> list[str]:
    """Public pages of every kind and searches, as visitors ask for them: a few pages very
    often and a long tail seldom (the n-th most asked-for page 1/n as often)."""
    from meetings.corpus import page_urls
    from meetings.models import AgendaItem, Meeting

    rng = random.Random(7)
    pages = list(page_urls().values())
    meetings = [m.get_absolute_url() for m in Meeting.objects.filter(status="adjusted")[:150]]
    items = [
        item.get_absolute_url()
        for item in AgendaItem.objects.filter(
            state="adjusted", confidential=False, withdrawn_at=None
        )
        .select_related("meeting__body")
        .exclude(number=None)[:150]
    ]
    words = ["avtal", "hemsjukvård", "budget", "uppföljning", "samverkan", "rapport", "vård"]
    searches = [f"/sok/?q={urllib.parse.quote(f'{a} {b}')}" for a in words for b in words]
    candidates = pages + meetings + items + searches + [f"/moten/?page={n}" for n in (2, 3)]
    rng.shuffle(candidates)
    chosen = pages + candidates[: pool - len(pages)]
    weights = [1 / rank for rank in range(1, len(chosen) + 1)]
    paths = rng.choices(chosen, weights=weights, k=count)
    return [urllib.parse.quote(path, safe="/?=&%") for path in paths]


def member_visits(base: str, stop: threading.Event, tally: dict) -> None:
    """Log in, read a few pages as a member, log out; again and again."""
    while not stop.is_set():
        jar = http.cookiejar.CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        try:
            page = opener.open(base + "/logga-in/").read().decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
            data = urllib.parse.urlencode(
                {"username": MEMBER, "password": PASSWORD, "csrfmiddlewaretoken": token}
            ).encode()
            request = urllib.request.Request(base + "/logga-in/", data, {"Referer": base})
            opener.open(request).read()
            for path in ("/moten/", "/sok/?q=avtal", "/beslut/"):
                opener.open(base + path).read()
            tally["member_rounds"] += 1
        except Exception as error:
            tally["member_errors"] += 1
            tally["last_error"] = repr(error)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--minutes", type=float, default=3)
    parser.add_argument("--connections", type=int, default=16)
    options = parser.parse_args()
    build(options.scale)
    manage(
        options.scale,
        "shell",
        "-c",
        "from django.contrib.auth.models import Group, User\n"
        f"user, _ = User.objects.get_or_create(username={MEMBER!r})\n"
        f"user.set_password({PASSWORD!r}); user.save()\n"
        "user.groups.add(Group.objects.get(name='Ledamöter'))",
    )
    static_root = BASE_DIR / "bench" / "results" / "static"
    manage(options.scale, "collectstatic", "--noinput", "-v0")
    setup_django(options.scale)
    mix = RESULTS / "mix.txt"
    RESULTS.mkdir(parents=True, exist_ok=True)
    mix.write_text("\n".join(mixed_paths()) + "\n")

    env = environment(
        options.scale,
        DJANGO_STATIC_ROOT=str(static_root),
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        WEB_CONCURRENCY="2",
        GUNICORN_MAX_REQUESTS="0",
        GUNICORN_ACCESS_LOG="/dev/null",
    )
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py", "svom.wsgi"],
        cwd=BASE_DIR,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{PORT}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz").read()
                break
            except OSError:
                time.sleep(0.2)
        memory = [workers_rss_mb(server)]
        tally = {"member_rounds": 0, "member_errors": 0}
        stop = threading.Event()
        member = threading.Thread(target=member_visits, args=(base, stop, tally), daemon=True)
        member.start()
        seconds = int(options.minutes * 60)
        load = subprocess.Popen(
            [
                "wrk",
                "-t2",
                f"-c{options.connections}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                str(BASE_DIR / "bench" / "mix.lua"),
                base,
            ],
            env={"MIX": str(mix), "PATH": "/usr/bin:/bin"},
            stdout=subprocess.PIPE,
            text=True,
        )
        while load.poll() is None:
            time.sleep(10)
            memory.append(workers_rss_mb(server))
        stop.set()
        member.join(timeout=30)
        output = load.stdout.read()
    finally:
        subprocess.run(["pkill", "-TERM", "-g", str(server.pid)], check=False)
        server.wait(timeout=30)
    line = next(line for line in output.splitlines() if line.startswith("RESULT"))
    numbers = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    report = {
        "scale": options.scale,
        "minutes": options.minutes,
        "requests": int(numbers["requests"]),
        "requests_per_s": round(numbers["requests"] / numbers["seconds"], 1),
        "errors": int(numbers["errors"] + numbers["non2xx"]),
        "errors_by_kind": {
            kind: int(numbers[kind]) for kind in ("non2xx", "connect", "read", "write", "timeout")
        },
        "p50_ms": numbers["p50"] / 1000,
        "p99_ms": numbers["p99"] / 1000,
        **tally,
        "worker_rss_mb": {
            "start": memory[0],
            "after_1_min": memory[min(6, len(memory) - 1)],
            "end": memory[-1],
        },
    }
    print(json.dumps(report, indent=2, ensure_ascii=False))
    (RESULTS / "soak.json").write_text(json.dumps(report, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
