#!/usr/bin/env python3
"""Parse time and peak memory: grpcall's .proto compiler next to protoc on googleapis' common
protos (PyPI googleapis-common-protos). Not a test: figures vary with the machine.

grpcall:  grpcall -import-path ROOT -proto F... -protoset-out OUT list
protoc:   protoc -I ROOT --include_imports --include_source_info --descriptor_set_out OUT F...   (Debian protoc 3.21 and
          grpcio-tools' libprotoc 35 when available)
"""
import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = os.path.join(ROOT, ".venv", "bin", "python")


def measure(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(argv[:6])} ...\n{result.stderr[:500]}")
    helper = [sys.executable, "-c",
              "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"] + argv
    rss = int(subprocess.run(helper, capture_output=True, text=True).stdout.strip())
    return statistics.median(times), rss


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpcall", default=os.path.join(ROOT, ".build/release/grpcall"))
    p.add_argument("--runs", type=int, default=10)
    args = p.parse_args()
    site = subprocess.run([PY, "-c", "import google.api.annotations_pb2 as m, os;"
                           "print(os.path.dirname(os.path.dirname(os.path.dirname(m.__file__))))"],
                          capture_output=True, text=True, check=True).stdout.strip()
    files = sorted(os.path.relpath(os.path.join(d, f), site)
                   for d, _, fs in os.walk(os.path.join(site, "google")) for f in fs if f.endswith(".proto"))
    out = os.path.join(tempfile.mkdtemp(), "out.pb")
    include = subprocess.run([PY, "-c", "import grpc_tools, os; print(os.path.join(os.path.dirname(grpc_tools.__file__), '_proto'))"],
                             capture_output=True, text=True, check=True).stdout.strip()
    tools = {
        "grpcall": [args.grpcall, "-import-path", site] + sum((["-proto", f] for f in files), []) + ["-protoset-out", out, "list"],
        "protoc 3.21": ["protoc", "-I", site, "--include_imports", "--include_source_info", "--descriptor_set_out", out] + files,
        # grpc_tools.protoc runs inside Python: its figures include the interpreter's start-up.
        "protoc 35 (python -m grpc_tools.protoc)": [PY, "-m", "grpc_tools.protoc", "-I", site, "-I", include,
                                                    "--include_imports", "--include_source_info", "--descriptor_set_out", out] + files,
    }
    results = {name: measure(argv, args.runs) for name, argv in tools.items()}
    print(f"{len(files)} files from googleapis-common-protos\n")
    for name, (t, rss) in results.items():
        print(f"{name:40} {t*1000:8.1f} ms {rss/1024:8.1f} MiB")
    base = results["grpcall"]
    print("\nratios (other / grpcall; > 1 means grpcall is faster or smaller)")
    for name, (t, rss) in results.items():
        if name != "grpcall":
            print(f"{name:40} time {t/base[0]:.2f}x  RSS {rss/base[1]:.2f}x")


if __name__ == "__main__":
    main()
