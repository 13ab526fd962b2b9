"""`make bench`: board page and vote throughput on SQLite and PostgreSQL at benchmark scale.

For each database: migrate, seed 100,000 ideas and 1,000,000 votes once (reused
afterwards), collect static files, serve with gunicorn (2 workers), then drive it
with wrk: the biggest board's page at concurrency 1 and 16, and vote writes with
16 concurrent voters (random idea and person, some repeats and removes) through
the portal's vote form and, when it exists, the REST API. Finally one SQL query
checks every idea's vote_count against its vote rows.

With --notifications (also run by `make bench`), on a database of its own per
engine: the time an admin waits for change_status on an idea with 50,000
followers, the worker's fan-out (recipients resolved and deliveries queued) for
100,000 followers, and emails handed to a local aiosmtpd server per second over
one SMTP connection per batch.

Data lives in var/bench/ (git-ignored) and the PostgreSQL databases
groundswell_bench and groundswell_bench_notifications. Options: --only
sqlite|postgresql, --seconds N, --notifications.
"""

import argparse
import functools
import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
BENCH_DIR = ROOT / "var" / "bench"
WORKSPACE = "bench"
IDEAS, VOTES, COMMENTS, PEOPLE = 100_000, 1_000_000, 20_000, 20_000
POSTGRES_SOCKET = "postgres://postgres@%2Fvar%2Frun%2Fpostgresql"
POSTGRES_TCP = "postgres://postgres@127.0.0.1:5432"
DATABASES = {
    "sqlite": {"port": 8141},
    "postgresql": {"port": 8142, "database": "groundswell_bench"},
}
VOTERS = 32  # signed-in people voting in the portal
TARGETS = (
    "board p50 < 15 ms at c=1, >= 500 req/s at c=16; votes >= 500/s at c=16; "
    "0 mismatches; similar ideas p95 < 50 ms"
)
NOTIFY_FOLLOWERS = {"status_change": 50_000, "fan_out": 100_000}
NOTIFY_EMAILS = 5_000  # emails sent through aiosmtpd for the throughput figure
NOTIFY_TARGETS = "change_status < 200 ms; fan-out of 100,000 < 30 s; emails >= 200/s"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=list(DATABASES))
    parser.add_argument("--seconds", type=int, default=8, help="Length of each wrk run.")
    parser.add_argument("--prepare", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--check", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--similarity", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--notifications", action="store_true", help="Only the notification benchmark."
    )
    parser.add_argument("--notify-step", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--smtp-sink", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.smtp_sink:
        run_smtp_sink(args.smtp_sink)
        return
    if args.notify_step:
        print(json.dumps(time_notifications()))
        return
    if args.notifications:
        databases = [args.only] if args.only else list(DATABASES)
        print_notification_table({name: bench_notifications(name) for name in databases})
        return
    if args.prepare:
        print(json.dumps(prepare()))
        return
    if args.check:
        print(json.dumps(check_counters()))
        return
    if args.similarity:
        print(json.dumps(time_similarity()))
        return
    ensure_wrk()
    results = {}
    before = host_reference()
    for name in [args.only] if args.only else list(DATABASES):
        results[name] = bench_database(name, args.seconds)
    print_table(results)
    print(
        f"Host speed: a fixed Python workload took {before:.0f} ms before the run and "
        f"{host_reference():.0f} ms after it (lower is faster). This host's speed varies "
        "by a third from hour to hour; compare runs taken at similar host speeds."
    )


def host_reference() -> float:
    """Milliseconds for a fixed CPU-bound workload, best of 5: how fast the host is now."""
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        sum(number * number for number in range(1_000_000))
        timings.append((time.perf_counter() - started) * 1000)
    return min(timings)


# The parent process: servers and load ---------------------------------------------


@functools.cache
def postgres_server() -> str:
    """PostgreSQL's Unix socket if it lets us in there, as the README advises for a local
    server (every query skips the TCP stack: about 4% more votes here), else TCP."""
    probe = subprocess.run(
        ["psql", f"{POSTGRES_SOCKET}/postgres", "-tAc", "SELECT 1"],
        capture_output=True,
        text=True,
    )
    return POSTGRES_SOCKET if probe.returncode == 0 else POSTGRES_TCP


def ensure_wrk() -> None:
    if shutil.which("wrk"):
        return
    print("Installing wrk…", flush=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True)


def environment(name: str) -> dict:
    data_dir = BENCH_DIR / name
    data_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "GROUNDSWELL_DATA_DIR": str(data_dir),
        "GROUNDSWELL_DEBUG": "false",
        "GROUNDSWELL_TESTING": "false",
        "LOG_LEVEL": "WARNING",
        "DATABASE_URL": "",
    }
    if name == "sqlite":
        env["SQLITE_PATH"] = str(data_dir / "bench.sqlite3")
    else:
        database = DATABASES[name]["database"]
        env["DATABASE_URL"] = f"{postgres_server()}/{database}"
        create_postgres_database(database)
    return env


def create_postgres_database(database: str) -> None:
    query = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"  # noqa: S608 - our constant
    exists = subprocess.run(
        ["psql", f"{postgres_server()}/postgres", "-tAc", query],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not exists:
        maintenance = f"--maintenance-db={postgres_server()}/postgres"
        subprocess.run(["createdb", maintenance, database], check=True)


def groundswell(env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [str(BIN / "groundswell"), *args],
        env=env,
        cwd=ROOT,
        check=True,
        capture_output=capture,
        text=True,
    )
    return result.stdout if capture else ""


def bench_database(name: str, seconds: int) -> dict:
    print(f"\n== {name} ==", flush=True)
    env = environment(name)
    groundswell(env, "migrate", "--noinput", "-v0")
    groundswell(env, "collectstatic", "--noinput", "-v0")
    plan = run_child(env, "--prepare")
    port = DATABASES[name]["port"]
    server = start_server(env, port)
    try:
        board_url = f"http://127.0.0.1:{port}{plan['board_path']}"
        check_board_page(port, plan["board_path"])
        result = {
            "board_c1": run_wrk(board_url, 1, seconds),
            "board_c16": run_wrk(board_url, 16, seconds),
        }
        sessions = [session_with_csrf(port, plan["board_path"], s) for s in plan["sessions"]]
        # Signed-in people share a rendering up to SIGNED_IN_PAGE_CACHE_SECONDS old, the
        # team one copy and everyone else another, with their own votes filled in.
        for who, session in (("customer", sessions[0]["session"]), ("team", plan["team_session"])):
            signed_in = {"Cookie": f"sessionid={session}"}
            result[f"board_{who}_c1"] = run_wrk(board_url, 1, seconds, headers=signed_in)
            result[f"board_{who}_c16"] = run_wrk(board_url, 16, seconds, headers=signed_in)
        # Whoever has just voted gets a page rendered for them alone: the uncached cost.
        fresh = {"Cookie": f"sessionid={sessions[0]['session']}; gs_fresh=1"}
        result["board_fresh_c1"] = run_wrk(board_url, 1, seconds, headers=fresh)
        script = write_vote_script(name, "portal", plan, sessions)
        result["votes_portal"] = run_wrk(f"http://127.0.0.1:{port}/", 16, seconds, script)
        if plan.get("api_key") and api_has_votes(port, plan):
            script = write_vote_script(name, "api", plan, sessions)
            result["votes_api"] = run_wrk(f"http://127.0.0.1:{port}/", 16, seconds, script)
    finally:
        stop_server(server)
    result["counters"] = run_child(env, "--check")
    result["similarity"] = run_child(env, "--similarity")
    result["board_path"] = plan["board_path"]
    result["board_ideas"] = plan["board_ideas"]
    return result


def bench_notifications(name: str) -> dict:
    print(f"\n== notifications on {name} ==", flush=True)
    env = environment(name)
    data_dir = BENCH_DIR / f"notifications-{name}"
    data_dir.mkdir(parents=True, exist_ok=True)
    env["GROUNDSWELL_DATA_DIR"] = str(data_dir)
    if name == "sqlite":
        env["SQLITE_PATH"] = str(data_dir / "bench.sqlite3")
    else:
        env["DATABASE_URL"] = f"{postgres_server()}/groundswell_bench_notifications"
        create_postgres_database("groundswell_bench_notifications")
    groundswell(env, "migrate", "--noinput", "-v0")
    env.update(EMAIL_DELIVERY="smtp", EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(free_port()))
    return run_child(env, "--notify-step")


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def print_notification_table(results: dict) -> None:
    print("\nNotifications: the admin's status change, the worker's fan-out and sending")
    print(f"{'database':<11} {'measure':<46} {'result':>14}")
    for database, r in results.items():
        rows = [
            (
                f"change_status, {r['status_followers']:,} followers (p50 / max)",
                f"{r['status_change_p50_ms']:.1f} / {r['status_change_max_ms']:.1f} ms",
            ),
            (
                f"fan-out, {r['fan_out_followers']:,} followers ({r['fan_out_rows']:,} rows)",
                f"{r['fan_out_seconds']:.2f} s",
            ),
            (
                f"emails to aiosmtpd, {r['emails']:,} in batches of 100",
                f"{r['emails_per_second']:.0f} /s",
            ),
            ("  worker CPU per email", f"{r['cpu_ms_per_email']:.2f} ms"),
        ]
        for label, value in rows:
            print(f"{database:<11} {label:<46} {value:>14}")
        if r["received"] != r["emails"]:
            print(f"{'':<11}   the server received {r['received']:,}, not {r['emails']:,}!")
    print(f"Targets: {NOTIFY_TARGETS}. Load average now: {os.getloadavg()[0]:.1f}.")


def run_child(env: dict, flag: str) -> dict:
    """Run this script's Django-side step against one database; it prints JSON last."""
    output = subprocess.run(
        [sys.executable, __file__, flag],
        env=env,
        cwd=ROOT,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def start_server(env: dict, port: int) -> subprocess.Popen:
    log = open(BENCH_DIR / f"gunicorn-{port}.log", "w")  # noqa: SIM115 - closed with the process
    server = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "groundswell.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            if request(port, "GET", "/health/")[0] == 200:
                return server
        except OSError:
            time.sleep(0.2)
    stop_server(server)
    sys.exit(f"gunicorn did not start on port {port}; see {log.name}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def request(port: int, method: str, path: str, headers: dict | None = None, body: str = ""):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body or None, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        connection.close()


def check_board_page(port: int, path: str) -> None:
    status, _, body = request(port, "GET", path)
    if status != 200 or body.count('class="idea-row"') != 20:
        sys.exit(f"The board page {path} answered {status} without 20 ideas; not benchmarking.")


def session_with_csrf(port: int, board_path: str, session_key: str) -> dict:
    """Fetch a page as the signed-in person, as a browser would, to get the CSRF cookie."""
    status, headers, body = request(port, "GET", board_path, {"Cookie": f"sessionid={session_key}"})
    cookies = dict(
        re.match(r"([^=]+)=([^;]*)", value).groups()
        for key, value in headers
        if key.lower() == "set-cookie"
    )
    if status != 200 or "Sign out" not in body or "csrftoken" not in cookies:
        sys.exit("A benchmark session is not signed in or got no CSRF cookie; not benchmarking.")
    return {"session": session_key, "csrf": cookies["csrftoken"]}


def api_has_votes(port: int, plan: dict) -> bool:
    headers = {"Authorization": f"Bearer {plan['api_key']}"}
    path = f"/api/v1/ideas/{plan['idea_ids'][0]}/votes"
    return request(port, "GET", path, headers)[0] == 200


def write_vote_script(name: str, via: str, plan: dict, sessions: list[dict]) -> Path:
    """A wrk script: each request votes for (70%) or takes back (30%) a random pair."""
    ideas = ",".join(str(pk) for pk in plan["idea_ids"])
    people = ",".join(
        f'{{"{session["session"]}","{session["csrf"]}","{email}"}}'
        for session, email in zip(sessions, plan["emails"], strict=True)
    )
    if via == "portal":
        build = f"""
  local path = "/{WORKSPACE}/ideas/" .. idea .. (remove and "/unvote/" or "/vote/")
  return wrk.format("POST", path, {{
    ["Cookie"] = "sessionid=" .. who[1] .. "; csrftoken=" .. who[2],
    ["X-CSRFToken"] = who[2], ["HX-Request"] = "true",
    ["Content-Type"] = "application/x-www-form-urlencoded"}}, "")"""
    else:
        build = f"""
  local auth = {{["Authorization"] = "Bearer {plan["api_key"]}",
                 ["Content-Type"] = "application/json"}}
  local path = "/api/v1/ideas/" .. idea .. "/votes"
  if remove then return wrk.format("DELETE", path .. "?email=" .. who[3], auth) end
  return wrk.format("POST", path, auth, '{{"email": "' .. who[3] .. '", "source": "api"}}')"""
    script = BENCH_DIR / f"votes-{name}-{via}.lua"
    script.write_text(f"""
local ideas = {{{ideas}}}
local people = {{{people}}}
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("id", threads)
end
function init(args)
  math.randomseed(os.time() * 100 + id)
end
request = function()
  local idea = ideas[math.random(#ideas)]
  local who = people[math.random(#people)]
  local remove = math.random() < 0.3
  {build}
end
""")
    return script


def run_wrk(
    url: str,
    connections: int,
    seconds: int,
    script: Path | None = None,
    headers: dict | None = None,
) -> dict:
    threads = min(connections, 2)
    args = [
        "wrk",
        "--latency",
        f"-t{threads}",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
    ]
    if script:
        args += ["-s", str(script)]
    for name, value in (headers or {}).items():
        args += ["-H", f"{name}: {value}"]
    label = f"wrk c={connections} {script.stem if script else url}"
    if headers:
        label += " (signed in)"
    print(f"  {label}", flush=True)
    # A second's warm-up first, so each worker's first request (URLs, templates and
    # connections loaded, about half a second) is not counted in the latencies.
    warm_up = [arg if not arg.startswith("-d") else "-d1s" for arg in args]
    subprocess.run([*warm_up, url], capture_output=True, check=True)
    output = subprocess.run([*args, url], capture_output=True, text=True, check=True).stdout
    return parse_wrk(output)


def parse_wrk(output: str) -> dict:
    def milliseconds(text: str) -> float:
        value, unit = re.match(r"([\d.]+)(us|ms|s)", text).groups()
        return float(value) * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    percentiles = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, re.MULTILINE))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket = re.search(r"Socket errors: .*", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": milliseconds(percentiles["50"]),
        "p99": milliseconds(percentiles["99"]),
        "requests": int(re.search(r"(\d+) requests in", output).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
        "socket_errors": socket.group(0) if socket else "",
    }


def print_table(results: dict) -> None:
    rows = [
        ("board page, c=1", "board_c1"),
        ("board page, c=16", "board_c16"),
        ("board page, customer, c=1", "board_customer_c1"),
        ("board page, customer, c=16", "board_customer_c16"),
        ("board page, team, c=1", "board_team_c1"),
        ("board page, team, c=16", "board_team_c16"),
        ("board page, fresh render, c=1", "board_fresh_c1"),
        ("votes via portal form, c=16", "votes_portal"),
        ("votes via REST API, c=16", "votes_api"),
    ]
    print(f"\n{IDEAS:,} ideas, {VOTES:,} votes; gunicorn, 2 sync workers; wrk")
    print(f"PostgreSQL at {postgres_server()}")
    print(
        f"{'database':<11} {'measure':<29} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
    )
    for database, result in results.items():
        for label, key in rows:
            if key not in result:
                continue
            r = result[key]
            errors = r["errors"] + (1 if r["socket_errors"] else 0)
            numbers = f"{r['rps']:>8.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} {errors:>7}"
            print(f"{database:<11} {label:<29} {numbers}")
        counters = result["counters"]
        verdict = (
            "OK" if not counters["mismatches"] else f"{len(counters['mismatches'])} MISMATCHES"
        )
        checked = f"({counters['ideas']:,} ideas checked)"
        print(f"{database:<11} {'vote_count = vote rows':<29} {verdict:>8}  {checked}")
        for mismatch in counters["mismatches"][:10]:
            print(f"{'':<11}   idea {mismatch[0]}: vote_count {mismatch[1]}, rows {mismatch[2]}")
        similarity = result["similarity"]
        print(
            f"{database:<11} {'similar ideas, 1 query':<29} {'':>8} "
            f"{similarity['p50']:>8.2f} {'p95':>4} {similarity['p95']:.2f} ms over "
            f"{similarity['ideas']:,} ideas (model: {similarity['model']})"
        )
    print(f"Board page: {next(iter(results.values()))['board_path']}. Targets: {TARGETS}.")
    print(
        "Signed-out visitors share a rendering for up to VISITOR_PAGE_CACHE_SECONDS (2 s), "
        "signed-in people (customers apart from the team) for up to "
        "SIGNED_IN_PAGE_CACHE_SECONDS (2 s); a fresh render is what someone who has just "
        "voted gets."
    )


# The child processes: Django set up against one database ----------------------------


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "groundswell.settings")
    import django

    django.setup()


def prepare() -> dict:
    """Seed once, then sessions, an API key and the ideas to vote on."""
    setup_django()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.core.management import call_command
    from django.db.models import Count

    from groundswell.accounts.models import User
    from groundswell.accounts.sessions import SessionStore
    from groundswell.feedback.models import Board, Idea, StatusMeaning
    from groundswell.workspaces.models import Workspace
    from groundswell.workspaces.services import create_api_key

    if not Workspace.objects.filter(slug=WORKSPACE).exists():
        call_command(
            "seed",
            ideas=IDEAS,
            votes=VOTES,
            comments=COMMENTS,
            people=PEOPLE,
            workspace=WORKSPACE,
            stdout=sys.stderr,
        )
    workspace = Workspace.objects.get(slug=WORKSPACE)
    board = (
        Board.objects.filter(workspace=workspace)
        .annotate(total=Count("ideas"))
        .order_by("-total")
        .first()
    )
    people = list(
        User.objects.filter(email__endswith=f"@{WORKSPACE}.seed.example")
        .exclude(memberships__workspace=workspace)
        .order_by("pk")[:VOTERS]
    )
    owner = workspace.memberships.first().user
    backend = settings.AUTHENTICATION_BACKENDS[0]

    def session_for(person: User) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(person.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = person.get_session_auth_hash()
        session.create()
        return session.session_key

    sessions = [session_for(person) for person in people]
    closed = [StatusMeaning.SHIPPED, StatusMeaning.CLOSED]
    idea_ids = list(
        Idea.objects.filter(board=board)
        .exclude(status__meaning__in=closed)
        .order_by("?")
        .values_list("pk", flat=True)[:500]
    )
    _, api_key = create_api_key(workspace, "bench", owner)
    return {
        "board_path": f"/{WORKSPACE}/boards/{board.slug}/",
        "board_ideas": board.total,
        "sessions": sessions,
        "team_session": session_for(owner),
        "emails": [person.email for person in people],
        "idea_ids": idea_ids,
        "api_key": api_key,
    }


def check_counters() -> dict:
    """Every idea's vote_count against the distinct people whose votes count for it
    (its own and those of ideas merged into it; 0 for a merged idea)."""
    setup_django()
    from django.db import connection

    with connection.cursor() as cursor:
        # Ideas on their own: the count equals their vote rows (one per person).
        cursor.execute(
            """
            SELECT i.id, i.vote_count, COALESCE(v.total, 0) FROM feedback_idea i
            LEFT JOIN (SELECT idea_id, COUNT(*) AS total FROM feedback_vote GROUP BY idea_id) v
              ON v.idea_id = i.id
            WHERE i.merged_into_id IS NULL
              AND NOT EXISTS (SELECT 1 FROM feedback_idea m WHERE m.merged_into_id = i.id)
              AND i.vote_count != COALESCE(v.total, 0)
            """
        )
        mismatches = cursor.fetchall()
        # Merged ideas count 0; survivors count distinct people across their cluster.
        cursor.execute(
            "SELECT id, vote_count, 0 FROM feedback_idea "
            "WHERE merged_into_id IS NOT NULL AND vote_count != 0"
        )
        mismatches += cursor.fetchall()
        cursor.execute(
            """
            SELECT s.id, s.vote_count, COUNT(DISTINCT vote.voter_id) FROM feedback_idea s
            JOIN feedback_idea j ON j.id = s.id OR j.merged_into_id = s.id
            JOIN feedback_vote vote ON vote.idea_id = j.id
            WHERE s.merged_into_id IS NULL
              AND EXISTS (SELECT 1 FROM feedback_idea m WHERE m.merged_into_id = s.id)
            GROUP BY s.id, s.vote_count
            HAVING s.vote_count != COUNT(DISTINCT vote.voter_id)
            """
        )
        mismatches += cursor.fetchall()
        cursor.execute("SELECT COUNT(*) FROM feedback_idea")
        ideas = cursor.fetchone()[0]
    return {"mismatches": mismatches, "ideas": ideas}


def time_similarity() -> dict:
    """p50/p95 of similar_ideas() over the bench workspace, query embedding included.

    Seeded ideas get random unit vectors as stored embeddings (running the model
    over 100,000 ideas would take longer than the rest of the benchmark); the
    query itself goes through the real model, index and database path.
    """
    setup_django()
    import random

    import numpy as np

    from groundswell.duplicates.models import IdeaEmbedding
    from groundswell.duplicates.queries import similar_ideas
    from groundswell.feedback.models import Idea
    from groundswell.workspaces.models import Workspace

    workspace = Workspace.objects.get(slug=WORKSPACE)
    missing = list(
        Idea.objects.filter(workspace=workspace, embedding__isnull=True).values_list(
            "pk", flat=True
        )
    )
    generator = np.random.default_rng(7)
    for start in range(0, len(missing), 5000):
        chunk = missing[start : start + 5000]
        vectors = generator.standard_normal((len(chunk), 384)).astype(np.float32)
        vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
        IdeaEmbedding.objects.bulk_create(
            IdeaEmbedding(idea_id=pk, workspace=workspace, vector=vector.tobytes(), hubness=0.5)
            for pk, vector in zip(chunk, vectors, strict=True)
        )
    titles = list(Idea.objects.filter(workspace=workspace).values_list("title", flat=True)[:500])
    random.seed(7)
    similar_ideas(workspace, "warm up", "load the index")
    samples = []
    for _ in range(200):
        started = time.perf_counter()
        similar_ideas(workspace, random.choice(titles), "")
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    from groundswell.duplicates.embedding import get_encoder

    return {
        "p50": samples[len(samples) // 2],
        "p95": samples[int(len(samples) * 0.95)],
        "ideas": Idea.objects.filter(workspace=workspace).count(),
        "model": "loaded" if get_encoder() is not None else "missing",
    }


def time_notifications() -> dict:
    """Seed 100,000 followers once, then time change_status, fan_out and sending."""
    setup_django()
    from django.contrib.auth.hashers import make_password
    from django.db import transaction

    from groundswell.accounts.models import User
    from groundswell.feedback import services as feedback
    from groundswell.feedback.models import Follow, Idea, Status, StatusMeaning
    from groundswell.notifications.models import Event
    from groundswell.notifications.services import fan_out, send_deliveries
    from groundswell.workspaces.models import Workspace
    from groundswell.workspaces.services import create_workspace

    slug = "notify"
    unusable = make_password(None)  # benchmark people never sign in
    if not Workspace.objects.filter(slug=slug).exists():
        with transaction.atomic():
            owner = User.objects.create_user(f"owner@{slug}.bench.example", None, name="Owner")
            workspace = create_workspace("Notify", slug, owner)
            board = feedback.create_board(workspace, "Requests")
            for key, count in NOTIFY_FOLLOWERS.items():
                idea = feedback.create_idea(board, owner, key, f"Followed by {count:,} people.")
                for start in range(0, count, 10_000):
                    people = User.objects.bulk_create(
                        User(
                            email=f"{key}{i}@{slug}.bench.example", name=f"P{i}", password=unusable
                        )
                        for i in range(start, min(start + 10_000, count))
                    )
                    Follow.objects.bulk_create(Follow(idea=idea, person=p) for p in people)
                print(f"seeded {count:,} followers for {key}", file=sys.stderr, flush=True)
    workspace = Workspace.objects.get(slug=slug)
    owner = workspace.memberships.first().user
    ideas = {idea.title: idea for idea in Idea.objects.filter(workspace=workspace)}
    statuses = list(
        Status.objects.filter(
            workspace=workspace,
            meaning__in=[StatusMeaning.PLANNED, StatusMeaning.IN_PROGRESS, StatusMeaning.SHIPPED],
        )
    )
    Event.objects.filter(workspace=workspace).delete()  # what an earlier run left

    # (a) The admin's wait: the request writes the status and one outbox row.
    samples = []
    for attempt in range(21):
        started = time.perf_counter()
        feedback.change_status(ideas["status_change"], statuses[attempt % len(statuses)], owner)
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    Event.objects.filter(workspace=workspace).delete()

    # (b) The worker's fan-out: everyone resolved, two delivery rows each, written.
    feedback.change_status(ideas["fan_out"], statuses[-1], owner, "It is out.")
    event = Event.objects.get(workspace=workspace, idea=ideas["fan_out"])
    started = time.perf_counter()
    rows = fan_out(event)
    fan_out_seconds = time.perf_counter() - started

    # (c) Sending: emails handed to a local SMTP server (its own process, as a real one
    # would be), one connection per batch of 100. The rows earlier runs deleted are
    # vacuumed first, as autovacuum would have in the meantime on a live database.
    vacuum("notifications_delivery")
    sink = start_smtp_sink(int(os.environ["EMAIL_PORT"]))
    try:
        warm_up = send_deliveries(limit=10)  # templates loaded, connection code imported
        sent, started, cpu = 0, time.perf_counter(), time.process_time()
        while sent < NOTIFY_EMAILS:
            sent += send_deliveries(limit=100)
        send_seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu
    finally:
        received = int(sink.communicate(timeout=30)[0].strip() or 0) - warm_up
    Event.objects.filter(workspace=workspace).delete()
    return {
        "status_followers": NOTIFY_FOLLOWERS["status_change"],
        "status_change_p50_ms": samples[len(samples) // 2],
        "status_change_max_ms": samples[-1],
        "fan_out_followers": NOTIFY_FOLLOWERS["fan_out"],
        "fan_out_rows": rows,
        "fan_out_seconds": fan_out_seconds,
        "emails": sent,
        "received": received,
        "emails_per_second": sent / send_seconds,
        "cpu_ms_per_email": cpu_seconds * 1000 / sent,
    }


def vacuum(table: str) -> None:
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM ANALYZE {table}")


def start_smtp_sink(port: int) -> subprocess.Popen:
    sink = subprocess.Popen(
        [sys.executable, __file__, "--smtp-sink", str(port)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    sink.stdout.readline()  # "ready"
    return sink


def run_smtp_sink(port: int) -> None:
    """An aiosmtpd server that counts messages until its stdin closes, then prints the count."""
    from aiosmtpd.controller import Controller

    received = []

    class Handler:
        async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's name
            received.append(len(envelope.rcpt_tos))
            return "250 OK"

    controller = Controller(Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    sys.stdin.read()
    controller.stop()
    print(len(received), flush=True)


if __name__ == "__main__":
    main()
