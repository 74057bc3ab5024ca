"""The benchmark suite: `python -m bench.run --scale small` (`make bench SCALE=…`).

Runs every registered benchmark against one bench database (filled by bench.generate) on
the local PostgreSQL server, in one run, and prints one table: each row a figure, its goal
and whether the goal is met. A capability that does not exist yet prints "not built".

Server times are measured in process through Django's test client (the whole request:
middleware, session, views, templates, SQL), with DEBUG off as in production; query counts
with CaptureQueriesContext. P4 serves the application with gunicorn on loopback and loads
it with wrk (or a small Python load generator when wrk is missing).
"""

import argparse
import importlib.util
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from bench import db

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Row:
    key: str
    label: str
    figure: str
    goal: str = ""
    met: bool | None = None  # None: no goal, or not built

    @property
    def status(self) -> str:
        if self.figure == "not built":
            return "—"
        if self.met is None:
            return ""
        return "met" if self.met else "MISSED"


@dataclass
class Bench:
    scale: str
    database: str
    user: object = None
    client: object = None
    session_cookie: str = ""
    caseload_ids: list = field(default_factory=list)
    rng: random.Random = field(default_factory=lambda: random.Random(7))
    quick: bool = False


BENCHMARKS: list[tuple[str, callable]] = []


def benchmark(key: str):
    def register(function):
        BENCHMARKS.append((key, function))
        return function

    return register


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def timed(function, runs: int, warmup: int = 3) -> list[float]:
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        samples.append((time.perf_counter() - start) * 1000)
    return samples


def count_queries(function) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        function()
    return len(captured.captured_queries)


def module_exists(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except ModuleNotFoundError:
        return False


# --- set-up ----------------------------------------------------------------------------------


def login(bench: Bench) -> None:
    """The bench counselor, logged in with a verified second factor, in a test client."""
    from django.contrib.auth import get_user_model
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from bench.generate import BENCH_COUNSELOR_EMAIL
    from tremplin.people.models import Follow

    user = get_user_model().objects.get(email=BENCH_COUNSELOR_EMAIL)
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, name="bench", defaults={"confirmed": True}
    )
    client = Client()
    client.force_login(user)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    bench.user = user
    bench.client = client
    bench.session_cookie = client.cookies["sessionid"].value
    bench.caseload_ids = list(
        Follow.objects.filter(referent=user, ended_on__isnull=True)
        .order_by("person_id")
        .values_list("person_id", flat=True)
    )
    response = client.get("/personnes/")
    if response.status_code != 200:
        raise SystemExit(f"the bench counselor cannot open the caseload ({response.status_code})")


def acting_user(bench: Bench):
    """The user object as a view sees it (with its active membership)."""
    from tremplin.accounts.models import Membership

    user = bench.user
    user.active_membership = (
        Membership.objects.select_related("structure").filter(user=user).first()
    )
    return user


# --- benchmarks ------------------------------------------------------------------------------


def typo(word: str, rng: random.Random) -> str:
    """One substituted letter inside the word (not the first)."""
    position = rng.randrange(1, len(word) - 1)
    letters = "abcdefghijklmnopqrstuvwxyz".replace(word[position], "")
    return word[:position] + rng.choice(letters) + word[position + 1 :]


def search_queries(bench: Bench, count: int) -> list[tuple[str, int]]:
    """(query, person id) pairs: a name without its accents, one typo when the name is
    long enough to tolerate one (6 letters, as the search rules say), and the first
    letters of the first name."""
    from tremplin.core.text import normalize
    from tremplin.people.models import Person

    structure_id = acting_user(bench).active_membership.structure_id
    rng = random.Random(11)
    people = list(
        Person.objects.followed_by_structure(structure_id)
        .order_by("?")
        .values_list("pk", "last_name", "first_name")[: count * 3]
    )
    rng.shuffle(people)
    queries = []
    for pk, last, first in people:
        words = normalize(last).split()
        longest = max(words, key=len)
        if len(longest) < 6:
            continue
        first_word = normalize(first).split()[0]
        queries.append((f"{typo(longest, rng)} {first_word[:3]}", pk))
        if len(queries) == count:
            break
    return queries


def structure_search(user, query: str):
    """The search of « Mon portefeuille » over the whole structure, as the view builds it
    (tremplin.people.views.caseload, perimetre=structure): filter, rank, first page."""
    from django.db.models import F, Prefetch

    from tremplin.people.models import Follow, Person
    from tremplin.people.pagination import ShortListPaginator
    from tremplin.people.views import PAGE_SIZE

    structure_id = user.active_membership.structure_id
    people = (
        Person.objects.visible_to(user)
        .followed_by_structure(structure_id, active=True)
        .search(query)
        .select_related("commune")
        .prefetch_related(
            Prefetch(
                "follows",
                queryset=Follow.objects.filter(structure_id=structure_id)
                .select_related("referent")
                .order_by(F("ended_on").desc(nulls_first=True)),
                to_attr="structure_follows",
            )
        )
    )
    page = ShortListPaginator(people, PAGE_SIZE).get_page(1)
    return list(page.object_list)


@benchmark("P1")
def p1_search(bench: Bench) -> list[Row]:
    user = acting_user(bench)
    queries = search_queries(bench, 40 if bench.quick else 200)
    samples, found = [], 0
    structure_search(user, queries[0][0])
    for query, pk in queries:
        start = time.perf_counter()
        results = structure_search(user, query)
        samples.append((time.perf_counter() - start) * 1000)
        found += any(p.pk == pk for p in results)
    p95 = percentile(samples, 95)
    rows = [
        Row(
            "P1",
            f"person search, no accents + 1 typo, whole structure ({len(queries)} queries)",
            f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
            "p95 ≤ 30 ms",
            p95 <= 30,
        ),
        Row(
            "P1",
            "  searched person on the first page of results",
            f"{100 * found / len(queries):.0f} %",
        ),
    ]
    # The same search through the page (htmx partial of « Mon portefeuille »).
    client = bench.client
    partial = []
    for query, _ in queries[: 40 if bench.quick else 100]:
        start = time.perf_counter()
        response = client.post(
            "/personnes/", {"q": query, "perimetre": "structure"}, headers={"HX-Request": "true"}
        )
        partial.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    rows.append(
        Row(
            "P1",
            "  the same search as a results page (server time)",
            f"p50 {statistics.median(partial):.1f} ms, p95 {percentile(partial, 95):.1f} ms",
        )
    )
    return rows


@benchmark("P2")
def p2_caseload(bench: Bench) -> list[Row]:
    client = bench.client
    n = len(bench.caseload_ids)

    def get():
        response = client.get("/personnes/")
        assert response.status_code == 200

    samples = timed(get, 30 if bench.quick else 100)
    queries = count_queries(get)
    p50, p95 = statistics.median(samples), percentile(samples, 95)
    return [
        Row(
            "P2",
            f"caseload page, counselor following {n} people (server time)",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            "≤ 50 ms",
            p50 <= 50,
        ),
        Row("P2", "  queries for the caseload page", str(queries), "≤ 12", queries <= 12),
    ]


@benchmark("P3")
def p3_file(bench: Bench) -> list[Row]:
    client = bench.client
    ids = bench.caseload_ids
    cycle = iter(ids * 10)

    def get():
        response = client.get(f"/personnes/{next(cycle)}/")
        assert response.status_code == 200

    samples = timed(get, 30 if bench.quick else 150)
    queries = count_queries(get)
    p50, p95 = statistics.median(samples), percentile(samples, 95)
    return [
        Row(
            "P3",
            "person file page (server time)",
            f"p50 {p50:.1f} ms, p95 {p95:.1f} ms",
            "≤ 80 ms",
            p50 <= 80,
        ),
        Row("P3", "  queries for the file page", str(queries), "≤ 20", queries <= 20),
    ]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(url: str, timeout: float = 30) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2).read()
            return
        except Exception:
            time.sleep(0.3)
    raise SystemExit(f"the server did not answer on {url}")


WRK_SCRIPT = """
local ids = {%(ids)s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", "/personnes/" .. ids[(i %% #ids) + 1] .. "/")
end
"""


TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a process has used so far; 0 once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS


def process_group(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid:
                pids.append(int(entry.name))
    return pids


def machine_cpu() -> tuple[float, float]:
    """(busy, total) CPU seconds of the whole machine since boot, from /proc/stat."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    idle = values[3] + values[4]  # idle + iowait
    return (sum(values[:8]) - idle) / TICKS, sum(values[:8]) / TICKS


class CpuMeter:
    """CPU used by the gunicorn workers and by their PostgreSQL backends during a load, and
    how busy the whole machine was (other users included)."""

    def __init__(self, server_pgid: int, database: str):
        self.server_pgid = server_pgid
        self.database = database

    def backends(self) -> tuple[list[int], int]:
        """The database's backends now, and how many sessions it has opened so far."""
        import psycopg

        with psycopg.connect(db.database_url(self.database), autocommit=True) as conn:
            rows = conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid()",
                (self.database,),
            ).fetchall()
            sessions = conn.execute(
                "SELECT sessions FROM pg_stat_database WHERE datname = %s", (self.database,)
            ).fetchone()[0]
        return [pid for (pid,) in rows], sessions

    def __enter__(self):
        self.workers = process_group(self.server_pgid)
        self.pg, self.sessions = self.backends()
        self.start = {pid: process_cpu(pid) for pid in self.workers + self.pg}
        self.machine = machine_cpu()
        self.wall = time.perf_counter()
        return self

    def used(self, pids: list[int]) -> float:
        # A process gone before the end (a backend closed) counts for nothing, not less.
        return sum(max(0.0, process_cpu(pid) - self.start[pid]) for pid in pids)

    def __exit__(self, *exc):
        wall = time.perf_counter() - self.wall
        self.workers_s, self.pg_s = self.used(self.workers), self.used(self.pg)
        busy, total = machine_cpu()
        # Connections opened during the load, this meter's own included (one or two).
        self.new_sessions = self.backends()[1] - self.sessions
        self.machine_busy = (busy - self.machine[0]) / max(total - self.machine[1], 1e-9)
        # CPU used by everything else (wrk, the kernel, other users of the machine), in cores.
        self.others = max(0.0, busy - self.machine[0] - self.workers_s - self.pg_s) / wall

    def per_request(self, requests: float) -> str:
        return (
            f"gunicorn {1000 * self.workers_s / requests:.1f} ms + "
            f"PostgreSQL {1000 * self.pg_s / requests:.1f} ms CPU per request; "
            f"machine {100 * self.machine_busy:.0f} % busy, "
            f"{self.others:.1f} of {os.cpu_count()} cores used by other processes (wrk included)"
        )


def load_with_wrk(url: str, seconds: int, connections: int, headers: dict, script=None) -> float:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency"]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    if script:
        command += ["-s", script]
    output = subprocess.run(command + [url], capture_output=True, text=True, check=True).stdout
    non_2xx = 0
    for line in output.splitlines():
        if "Non-2xx" in line:
            non_2xx = int(line.split(":")[1])
        if line.startswith("Requests/sec:"):
            rate = float(line.split(":")[1])
    if non_2xx:
        raise SystemExit(f"wrk: {non_2xx} answers were not 2xx on {url}")
    return rate


def load_with_python(urls: list[str], seconds: int, connections: int, headers: dict) -> float:
    """Fallback load generator: `connections` threads, each looping for `seconds`."""
    done = []
    stop = time.time() + seconds

    def worker(offset):
        count, i = 0, offset
        while time.time() < stop:
            request = urllib.request.Request(urls[i % len(urls)], headers=headers)
            with urllib.request.urlopen(request, timeout=10) as response:
                response.read()
                if response.status != 200:
                    raise SystemExit(f"status {response.status}")
            count += 1
            i += 1
        done.append(count)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / seconds


def _has_control_socket(gunicorn: str) -> bool:
    help_text = subprocess.run([gunicorn, "--help"], capture_output=True, text=True).stdout
    return "--no-control-socket" in help_text


@benchmark("P4")
def p4_throughput(bench: Bench) -> list[Row]:
    gunicorn = shutil.which("gunicorn") or str(Path(sys.executable).parent / "gunicorn")
    if not Path(gunicorn).exists():
        return [
            Row(
                "P4",
                "throughput of the file page (gunicorn missing: pip install .[bench])",
                "not measured",
                "≥ 50 % of bare view",
                False,
            )
        ]
    port = free_port()
    workers = int(os.environ.get("BENCH_WORKERS", "3"))
    env = dict(os.environ)
    (ROOT / "data").mkdir(exist_ok=True)
    log = (ROOT / "data" / "bench-gunicorn.log").open("w")
    server = subprocess.Popen(
        [
            gunicorn,
            "bench.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={workers}",
            "--worker-class=sync",
            "--log-level=warning",
            # Newer gunicorns open a control socket unless told not to; the 21.x that
            # openfisca-core (the `rights` extra) allows has none and refuses the flag.
            *(["--no-control-socket"] if _has_control_socket(gunicorn) else []),
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log,
        start_new_session=True,
    )
    seconds = 5 if bench.quick else 15
    connections = int(os.environ.get("BENCH_CONNECTIONS", "6"))
    base = f"http://127.0.0.1:{port}"
    cookie = {"Cookie": f"sessionid={bench.session_cookie}"}
    try:
        wait_for(f"{base}/bench/bare/")
        if shutil.which("wrk"):
            tool = "wrk"
            ids = ", ".join(map(str, bench.caseload_ids))
            script = ROOT / "data" / "bench-file-page.lua"
            script.parent.mkdir(exist_ok=True)
            script.write_text(WRK_SCRIPT % {"ids": ids})
            load_with_wrk(f"{base}/bench/bare/", 2, connections, {})  # warm-up
            with CpuMeter(server.pid, bench.database) as bare_cpu:
                bare = load_with_wrk(f"{base}/bench/bare/", seconds, connections, {})
            load_with_wrk(f"{base}/bench/bare/", 2, connections, cookie)
            with CpuMeter(server.pid, bench.database) as logged_cpu:
                logged = load_with_wrk(f"{base}/bench/bare/", seconds, connections, cookie)
            load_with_wrk(base, 2, connections, cookie, str(script))
            with CpuMeter(server.pid, bench.database) as page_cpu:
                page = load_with_wrk(base, seconds, connections, cookie, str(script))
        else:
            tool = "python threads"
            urls = [f"{base}/personnes/{pk}/" for pk in bench.caseload_ids]
            with CpuMeter(server.pid, bench.database) as bare_cpu:
                bare = load_with_python([f"{base}/bench/bare/"], seconds, connections, {})
            with CpuMeter(server.pid, bench.database) as logged_cpu:
                logged = load_with_python([f"{base}/bench/bare/"], seconds, connections, cookie)
            with CpuMeter(server.pid, bench.database) as page_cpu:
                page = load_with_python(urls, seconds, connections, cookie)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()
    ratio = 100 * page / bare
    setting = f"{tool}, {connections} connections, {seconds} s, gunicorn {workers} sync workers"
    return [
        Row("P4", f"file page throughput under load ({setting})", f"{page:.0f} req/s"),
        Row("P4", "  bare Django view, same server, same run", f"{bare:.0f} req/s"),
        Row("P4", "  ratio file page / bare view", f"{ratio:.1f} %", "≥ 50 %", ratio >= 50),
        Row(
            "P4",
            "  the bare view for the logged-in counselor (session, user, 2FA, membership)",
            f"{logged:.0f} req/s",
        ),
        Row("P4", "  ratio file page / logged-in bare view", f"{100 * page / logged:.1f} %"),
        Row("P4", "  file page: CPU per request", page_cpu.per_request(page * seconds)),
        Row("P4", "  bare view: CPU per request", bare_cpu.per_request(bare * seconds)),
        Row(
            "P4", "  logged-in bare view: CPU per request", logged_cpu.per_request(logged * seconds)
        ),
        Row(
            "P4",
            "  PostgreSQL connections opened during the file page load",
            f"{page_cpu.new_sessions} (the meter's own included)",
        ),
    ]


@benchmark("P5")
def p5_partner_search(bench: Bench) -> list[Row]:
    if not module_exists("tremplin.network.search"):
        return [Row("P5", "partner search by need within 30 km", "not built", "")]
    from tremplin.network.models import PartnerService
    from tremplin.network.search import search_services
    from tremplin.referentials.models import Commune, Thematique

    user = acting_user(bench)
    total = PartnerService.objects.count()
    rng = random.Random(5)
    communes = list(
        Commune.objects.filter(latitude__isnull=False, population__gte=3000)
        .select_related("department")
        .order_by("code")
    )
    thematiques = list(Thematique.objects.order_by("code").values_list("code", flat=True))
    cases = [
        (rng.choice(communes), rng.choice(thematiques)) for _ in range(30 if bench.quick else 150)
    ]
    samples, hits = [], 0
    search_services(user, thematiques=[cases[0][1]], commune=cases[0][0], radius_km=30)
    for commune, code in cases:
        start = time.perf_counter()
        found = search_services(user, thematiques=[code], commune=commune, radius_km=30)
        samples.append((time.perf_counter() - start) * 1000)
        hits += len(found)
    p95 = percentile(samples, 95)
    return [
        Row(
            "P5",
            f"partner search by need within 30 km ({total:,} services, {len(cases)} searches)",
            f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms",
            "p95 ≤ 50 ms",  # the goal of the partner-directory issue
            p95 <= 50,
        ),
        Row("P5", "  services found per search (mean)", f"{hits / len(cases):.1f}"),
    ]


@benchmark("P6")
def p6_matching(bench: Bench) -> list[Row]:
    if not module_exists("tremplin.matching.engine"):
        return [Row("P6", "matching people and job offers", "not built")]
    from bench import matching

    people, consented, offers, timings = matching.build()
    rng = random.Random(6)
    runs = 20 if bench.quick else 100
    offer_cases = [matching.offer_query(offers, rng.randrange(len(offers))) for _ in range(runs)]
    person_cases = [matching.person_query(people, rng.randrange(len(people))) for _ in range(runs)]
    found = []
    next_offer, next_person = iter(offer_cases * 2), iter(person_cases * 2)

    def rank_people():
        found.append(len(people.rank(next(next_offer), limit=50, allowed=consented)))

    def rank_offers():
        found.append(len(offers.rank(next(next_person), limit=50)))

    for_offer = timed(rank_people, runs, warmup=2)
    for_person = timed(rank_offers, runs, warmup=2)
    built = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in timings.items())
    return [
        Row(
            "P6",
            f"top-50 people for one offer among {len(people):,} people ({runs} offers)",
            f"p50 {statistics.median(for_offer):.0f} ms, p95 {percentile(for_offer, 95):.0f} ms",
            "p95 ≤ 200 ms",
            percentile(for_offer, 95) <= 200,
        ),
        Row(
            "P6",
            f"top-50 offers for one person among {len(offers):,} offers ({runs} people)",
            f"p50 {statistics.median(for_person):.0f} ms, p95 {percentile(for_person, 95):.0f} ms",
            "p95 ≤ 200 ms",
            percentile(for_person, 95) <= 200,
        ),
        Row("P6", "  results per query (mean)", f"{statistics.mean(found):.1f}"),
        Row("P6", "  index built in memory", built),
    ]


def _largest_structure() -> dict:
    """{structure, n}: the structure that follows the most people (the generator's
    `largest_structure`)."""
    from django.db.models import Count

    from tremplin.people.models import Follow

    return (
        Follow.objects.filter(ended_on__isnull=True)
        .values("structure")
        .annotate(n=Count("pk"))
        .order_by("-n")
        .first()
    )


@benchmark("P7")
def p7_report(bench: Bench) -> list[Row]:
    if not module_exists("tremplin.reporting"):
        return [Row("P7", "monthly activity report, largest structure", "not built")]
    from django.db.models import Max

    from tremplin.accounts.models import Structure
    from tremplin.reception.models import Contact
    from tremplin.reporting.activity import Month, build_report

    largest = _largest_structure()
    structure = Structure.objects.get(pk=largest["structure"])
    # The last month with activity in the generated data: a full year to date behind it.
    last = Contact.objects.filter(structure=structure).aggregate(at=Max("received_at"))["at"]
    month = Month.of(last.date()) if last else Month(2025, 6)
    runs = 3 if bench.quick else 10
    samples = timed(lambda: build_report(structure, month), runs, warmup=1)
    queries = count_queries(lambda: build_report(structure, month))
    p95 = percentile(samples, 95)
    return [
        Row(
            "P7",
            f"monthly activity report, structure of {largest['n']:,} people "
            f"({month.key} and year to date, {runs} runs)",
            f"p50 {statistics.median(samples):.0f} ms, p95 {p95:.0f} ms",
            "p95 ≤ 2 s",
            p95 <= 2000,
        ),
        Row("P7", "  queries per report", str(queries), "fixed, ≤ 50", queries <= 50),
    ]


@benchmark("P9")
def p9_dashboard(bench: Bench) -> list[Row]:
    """The manager's landing page: what waits, the team's week, the month so far."""
    if not module_exists("tremplin.reporting.dashboard"):
        return [Row("P9", "manager's dashboard, largest structure", "not built")]
    from django.core.cache import cache
    from django.db.models import Max

    from tremplin.accounts.models import Membership
    from tremplin.reception.models import Contact
    from tremplin.reporting.dashboard import build_dashboard

    largest = _largest_structure()
    membership = (
        Membership.objects.filter(structure_id=largest["structure"], role="manager", is_active=True)
        .select_related("user", "structure")
        .first()
    )
    if membership is None:
        return [Row("P9", "manager's dashboard, largest structure", "no manager generated")]
    user = membership.user
    user.active_membership = membership
    # A day of the generated activity, so that the month has figures.
    last = Contact.objects.filter(structure_id=largest["structure"]).aggregate(
        at=Max("received_at")
    )["at"]
    today = last.date() if last else None
    runs = 5 if bench.quick else 20

    def cold():
        cache.clear()  # the month's figures computed again, as every 5 minutes
        build_dashboard(membership, user, today=today)

    samples = timed(cold, runs, warmup=1)
    queries = count_queries(cold)
    warm = timed(lambda: build_dashboard(membership, user, today=today), runs, warmup=1)
    p95 = percentile(samples, 95)
    return [
        Row(
            "P9",
            f"manager's dashboard, structure of {largest['n']:,} people ({runs} runs)",
            f"p50 {statistics.median(samples):.0f} ms, p95 {p95:.0f} ms",
            "p95 ≤ 500 ms",
            p95 <= 500,
        ),
        Row("P9", "  queries per dashboard", str(queries), "fixed, ≤ 40", queries <= 40),
        Row(
            "P9",
            "  the same with the month's figures cached (the next 5 minutes)",
            f"p50 {statistics.median(warm):.0f} ms, p95 {percentile(warm, 95):.0f} ms",
        ),
    ]


@benchmark("P8")
def p8_import(bench: Bench) -> list[Row]:
    """Check then import a 100,000-row CSV into the largest structure; delete it after."""
    if not module_exists("tremplin.people.imports"):
        return [Row("P8", "import of 100,000 people rows", "not built")]
    import csv
    import io
    import resource

    from django.db import connection
    from django.db.models import Count, Max
    from django.test.utils import CaptureQueriesContext

    from bench.generate import STREETS, person_name, phone_number
    from tremplin.accounts.models import Membership
    from tremplin.core.permissions import Perm, Role, role_can
    from tremplin.people import imports
    from tremplin.people.models import Follow, Person
    from tremplin.referentials.models import Commune

    count = 10_000 if bench.quick else 100_000
    structure_id = (
        Follow.objects.values("structure_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("structure_id", flat=True)
        .first()
    )
    members = Membership.objects.filter(structure_id=structure_id, is_active=True)
    user = members.order_by("-role").select_related("user").first().user
    referents = [
        m.user.email
        for m in members.select_related("user")
        if role_can(m.role, Perm.FOLLOW_MANAGE) and m.role != Role.MANAGER
    ]
    # Real communes: half given by name and postal code (when the name is not shared within
    # the postal code), half by INSEE code.
    communes = list(
        Commune.objects.filter(kind="commune", population__gte=1000)
        .exclude(postal_codes="")
        .values_list("code", "name", "postal_codes")
    )
    rng = random.Random(8)
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(
        [
            "Nom",
            "Prénom",
            "Nom de naissance",
            "Date de naissance",
            "Sexe",
            "Téléphone",
            "Adresse",
            "Code postal",
            "Commune",
            "NIR",
            "RSA",
            "RQTH",
            "Niveau de formation",
            "Référent",
        ]
    )
    seen = set()
    for i in range(count):
        while True:
            sex, first, last, birth = person_name(rng)
            born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1962, 2008)}"
            if (last, first, born) not in seen:
                seen.add((last, first, born))
                break
        code, name, postal_codes = rng.choice(communes)
        postal = postal_codes.split("|")[0]
        nir = ""
        if rng.random() < 0.3:  # a valid NIR, unique by its order numbers
            body = f"{1 if sex == 'M' else 2}{born[-2:]}{born[3:5]}99{i:06d}"
            nir = body + f"{97 - int(body) % 97:02d}"
        writer.writerow(
            [
                last,
                first,
                birth,
                born,
                sex,
                phone_number(rng),
                f"{rng.randint(1, 120)} {rng.choice(STREETS)}",
                postal,
                name if i % 2 else code,
                nir,
                rng.choice(["oui", "non", "non"]),
                rng.choice(["oui", "non", "non", "non"]),
                rng.choice(["3", "4", "5", "CAP", ""]),
                rng.choice(referents) if referents and rng.random() < 0.7 else "",
            ]
        )
    content = out.getvalue().encode("utf-8")
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    start = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        result = imports.check(content, structure_id=structure_id)
    check_seconds = time.perf_counter() - start
    report = result.report
    if not report.ok:
        first_errors = "; ".join(
            f"{e['line']} {e['column']}: {e['message']}" for e in report.errors[:3]
        )
        return [
            Row("P8", "import of people rows", f"file refused: {report.file_error or first_errors}")
        ]
    last_pk = Person.objects.aggregate(m=Max("pk"))["m"] or 0
    start = time.perf_counter()
    created = imports.write(result.rows, structure_id=structure_id, user=user)
    write_seconds = time.perf_counter() - start
    start = time.perf_counter()
    again = imports.check(content, structure_id=structure_id).report
    recheck_seconds = time.perf_counter() - start
    rss_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    # Leave the database as it was: the files, follows and history rows created above.
    start = time.perf_counter()
    with connection.cursor() as cursor:
        for sql in (
            "DELETE FROM people_historicalfollow WHERE person_id > %s",
            "DELETE FROM people_follow WHERE person_id > %s",
            "DELETE FROM people_historicalperson WHERE id > %s",
            "DELETE FROM people_person WHERE id > %s",
        ):
            cursor.execute(sql, [last_pk])
        # The deleted rows stay as dead tuples until autovacuum comes by: left there, they
        # slowed the next run's search (P1 p50 23.8 ms once vacuumed, 44.0 ms before).
        for table in ("people_person", "people_follow"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    cleanup_seconds = time.perf_counter() - start
    total = check_seconds + write_seconds
    return [
        Row(
            "P8",
            f"import of {count:,} people rows ({len(content) / 1e6:.1f} MB) into a structure "
            f"of {Follow.objects.filter(structure_id=structure_id).count():,} follows",
            f"{total:.1f} s in all, {count / total:,.0f} rows/s",
            "≤ 120 s",
            total <= 120,
        ),
        Row(
            "P8",
            "  check of every row (nothing written)",
            f"{check_seconds:.1f} s, {count / check_seconds:,.0f} rows/s, "
            f"{len(captured.captured_queries)} queries; "
            f"{report.to_create:,} to create, {report.already_present:,} already present, "
            f"{report.warning_count:,} warnings",
        ),
        Row(
            "P8",
            "  write (files, follows, history rows, one transaction)",
            f"{write_seconds:.1f} s, {created / write_seconds:,.0f} rows/s",
        ),
        Row(
            "P8",
            "  same file checked again (idempotent re-import)",
            f"{recheck_seconds:.1f} s; {again.already_present:,} already present, "
            f"{again.to_create:,} to create",
        ),
        Row(
            "P8",
            "  peak memory of the process (max RSS)",
            f"{rss_peak:.0f} MB (before P8: {rss_before:.0f} MB)",
        ),
        Row(
            "P8", "  deletion of what was created, then VACUUM ANALYZE", f"{cleanup_seconds:.1f} s"
        ),
    ]


# --- driver ----------------------------------------------------------------------------------


def render(rows: list[Row], header: str) -> str:
    widths = [
        max(len(r.key) for r in rows),
        max(len(r.label) for r in rows),
        max(len(r.figure) for r in rows),
        max(max(len(r.goal) for r in rows), 4),
    ]
    line = "-" * (sum(widths) + 3 * 4 + 8)
    out = [header, line]
    out.append(
        f"{'row':<{widths[0]}} | {'measure':<{widths[1]}} | {'figure':<{widths[2]}} | "
        f"{'goal':<{widths[3]}} | status"
    )
    out.append(line)
    for r in rows:
        out.append(
            f"{r.key:<{widths[0]}} | {r.label:<{widths[1]}} | {r.figure:<{widths[2]}} | "
            f"{r.goal:<{widths[3]}} | {r.status}"
        )
    out.append(line)
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", default="small")
    parser.add_argument("--database", help="database name (default bench_<scale>)")
    parser.add_argument("--only", help="comma-separated rows to run, e.g. P1,P2")
    parser.add_argument("--quick", action="store_true", help="fewer samples")
    parser.add_argument("--json", help="also write the rows to this file")
    args = parser.parse_args(argv)
    name = args.database or db.database_name(args.scale)
    db.check_bench_name(name)
    if not db.database_exists(name):
        print(
            f"no database {name}: run `make bench-data SCALE={args.scale}` first", file=sys.stderr
        )
        return 2
    db.use_database(name)
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    # A database generated by an older checkout lacks the tables of newer apps: bring its
    # schema up to date (the name check above guarantees it is a bench database).
    call_command("migrate", verbosity=0, interactive=False)
    bench = Bench(scale=args.scale, database=name, quick=args.quick)
    login(bench)
    with connection.cursor() as cursor:
        people = cursor.execute("SELECT count(*) FROM people_person").fetchone()[0]
        version = cursor.execute("SHOW server_version").fetchone()[0]
    only = set(args.only.split(",")) if args.only else None
    rows: list[Row] = []
    started = time.perf_counter()
    for key, function in BENCHMARKS:
        if only and key not in only:
            continue
        rows.extend(function(bench))
    header = (
        f"Tremplin benchmarks — database {name} ({people:,} people), PostgreSQL {version}, "
        f"DEBUG={settings.DEBUG}, {os.cpu_count()} CPUs, {time.strftime('%Y-%m-%d %H:%M')}, "
        f"{time.perf_counter() - started:.0f} s"
    )
    print(render(rows, header))
    if args.json:
        Path(args.json).write_text(
            json.dumps([r.__dict__ | {"status": r.status} for r in rows], indent=2)
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
