"""Where a request's time goes under gunicorn (bench only, off unless asked).

`BENCH_PROBE=path.jsonl` puts `ProbeMiddleware` first in the middleware of bench.settings:
each request appends one line to the file (one file per worker: `path.<pid>.jsonl`) with its
wall time, the CPU time of the worker process during the request, the time spent waiting in
SQL (split by kind of statement), the number of queries and the PostgreSQL backend that
served them (to see whether connections are reused). `BENCH_PROFILE=path.prof` also runs
each request under cProfile and dumps the worker's accumulated profile to `path.<pid>.prof`
every 20 requests. Nothing here is product code; the line written holds no personal data
(the path is reduced to its route name).
"""

import cProfile
import json
import os
import time

from django.db import connection
from django.urls import Resolver404, resolve


def _kind(sql: str) -> str:
    word = sql.lstrip().split(None, 1)[0].upper() if sql.strip() else "?"
    return word if word in {"SELECT", "INSERT", "UPDATE", "DELETE"} else "OTHER"


class ProbeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.path = os.environ.get("BENCH_PROBE", "")
        self.profile_path = os.environ.get("BENCH_PROFILE", "")
        self.profiler = cProfile.Profile() if self.profile_path else None
        self.requests = 0

    def __call__(self, request):
        if not self.path:
            return self.get_response(request)
        queries = []

        def wrapper(execute, sql, params, many, context):
            start = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                queries.append((_kind(sql), time.perf_counter() - start))

        wall, cpu = time.perf_counter(), time.process_time()
        with connection.execute_wrapper(wrapper):
            if self.profiler:
                self.profiler.enable()
            response = self.get_response(request)
            if hasattr(response, "render") and callable(response.render):
                response = response.render()
            if self.profiler:
                self.profiler.disable()
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        try:
            route = resolve(request.path_info).url_name or "?"
        except Resolver404:
            route = "404"
        by_kind = {}
        for kind, seconds in queries:
            by_kind[kind] = by_kind.get(kind, 0) + seconds * 1000
        backend = None
        if connection.connection is not None:
            backend = connection.connection.info.backend_pid
        record = {
            "route": route,
            "status": response.status_code,
            "wall_ms": round(wall * 1000, 3),
            "cpu_ms": round(cpu * 1000, 3),
            "sql_ms": round(sum(s for _, s in queries) * 1000, 3),
            "sql_by_kind_ms": {k: round(v, 3) for k, v in by_kind.items()},
            "queries": len(queries),
            "backend_pid": backend,
        }
        with open(f"{self.path}.{os.getpid()}.jsonl", "a") as out:
            out.write(json.dumps(record) + "\n")
        self.requests += 1
        if self.profiler and self.requests % 20 == 0:
            self.profiler.dump_stats(f"{self.profile_path}.{os.getpid()}.prof")
        return response
