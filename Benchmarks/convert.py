#!/usr/bin/env python3
"""Conversion throughput (not a test: figures vary with the machine): `grpcall convert` next to
`buf convert` (PyPI buf-bin) and Python protobuf (upb), JSON -> binary and binary -> JSON.

* Large: one users.ListUsersResponse with N users (default 100 000, ~15 MB of JSON).
* Small: one users.User (~150 bytes) per process, many times: start-up dominates.

Every tool reads the same binary FileDescriptorSet, so schema parsing is not measured. Each
figure is the median wall time of whole processes; upb's in-process time is shown too.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PY = os.path.join(ROOT, ".venv", "bin", "python")
BUF = os.path.join(ROOT, ".venv", "bin", "buf")

UPB = r"""
import sys, time
from google.protobuf import descriptor_pb2, descriptor_pool, json_format, message_factory
fds = descriptor_pb2.FileDescriptorSet(); fds.ParseFromString(open(sys.argv[1], 'rb').read())
pool = descriptor_pool.DescriptorPool()
for f in fds.file: pool.Add(f)
cls = message_factory.GetMessageClass(pool.FindMessageTypeByName(sys.argv[2]))
data = open(sys.argv[5], 'rb').read()
start = time.perf_counter()
if sys.argv[3] == 'json':
    out = json_format.Parse(data, cls(), descriptor_pool=pool).SerializeToString()
else:
    m = cls(); m.ParseFromString(data)
    out = json_format.MessageToJson(m, descriptor_pool=pool, indent=None).encode()
sys.stderr.write('%f\n' % (time.perf_counter() - start))
sys.stdout.buffer.write(out)
"""


def run(argv, runs):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        times.append(time.perf_counter() - start)
        if result.returncode != 0:
            sys.exit(f"failed: {' '.join(argv[:4])} ...\n{result.stderr[:500].decode(errors='replace')}")
    helper = [sys.executable, "-c",
              "import resource,subprocess,sys;subprocess.run(sys.argv[1:],stdout=subprocess.DEVNULL,stderr=subprocess.DEVNULL);"
              "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"] + argv
    rss = int(subprocess.run(helper, capture_output=True, text=True).stdout.strip())
    return statistics.median(times), rss, result


def tools(grpcall, protoset, type_name, source, target, path):
    fmt = {"json": "json", "binary": "binpb"}
    return {
        "grpcall": [grpcall, "convert", "-protoset", protoset, "--type", type_name,
                    "--from", source, "--to", target, "--compact", path],
        "buf convert": [BUF, "convert", protoset + "#format=binpb", "--type", type_name,
                        "--from", f"{path}#format={fmt[source]}", "--to", f"-#format={fmt[target]}"],
        "python upb": [PY, "-c", UPB, protoset, type_name, source, target, path],
    }


def make_inputs(directory, users):
    protoset = os.path.join(directory, "users.pb")
    subprocess.run([PY, "-m", "grpc_tools.protoc", "-I", os.path.join(ROOT, "samples/user-service"),
                    "--include_imports", "-o", protoset, "user_service.proto"], check=True)
    departments = ["ENGINEERING", "MARKETING", "SALES", "PRODUCT"]
    def user(i):
        return {"id": f"u{i}", "name": f"User Number {i}", "email": f"user{i}@example.com",
                "age": 20 + i % 50, "department": departments[i % 4], "roles": ["reader", f"team-{i % 7}"],
                "createdAt": "2024-01-02T03:04:05.123Z"}
    large = {"users": [user(i) for i in range(users)], "nextPageToken": "next", "totalCount": users}
    paths = {"large.json": json.dumps(large), "small.json": json.dumps(user(1))}
    for name, text in paths.items():
        with open(os.path.join(directory, name), "w") as f:
            f.write(text)
    for name, type_name in [("large", "users.ListUsersResponse"), ("small", "users.User")]:
        out = subprocess.run([PY, "-c", UPB, protoset, type_name, "json", "binary",
                              os.path.join(directory, name + ".json")], capture_output=True, check=True).stdout
        with open(os.path.join(directory, name + ".bin"), "wb") as f:
            f.write(out)
    return protoset


def same_message(protoset, type_name, kind, outputs):
    """Checks every tool's output means the same message (through upb)."""
    script = ("import sys,json;from google.protobuf import descriptor_pb2,descriptor_pool,json_format,message_factory\n"
              "fds=descriptor_pb2.FileDescriptorSet();fds.ParseFromString(open(sys.argv[1],'rb').read())\n"
              "pool=descriptor_pool.DescriptorPool()\n[pool.Add(f) for f in fds.file]\n"
              "cls=message_factory.GetMessageClass(pool.FindMessageTypeByName(sys.argv[2]))\nseen=set()\n"
              "for p in sys.argv[4:]:\n d=open(p,'rb').read();m=cls()\n"
              " (m.ParseFromString(d) if sys.argv[3]=='binary' else json_format.Parse(d,m,descriptor_pool=pool))\n"
              " seen.add(m.SerializeToString(deterministic=True))\nprint(len(seen))")
    return subprocess.run([PY, "-c", script, protoset, type_name, kind] + outputs,
                          capture_output=True, text=True, check=True).stdout.strip() == "1"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpcall", default=os.path.join(ROOT, ".build/release/grpcall"))
    p.add_argument("--users", type=int, default=100_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--small-runs", type=int, default=30)
    args = p.parse_args()
    directory = tempfile.mkdtemp()
    protoset = make_inputs(directory, args.users)
    for size, type_name, runs in [("large", "users.ListUsersResponse", args.runs),
                                  ("small", "users.User", args.small_runs)]:
        for source, target in [("json", "binary"), ("binary", "json")]:
            path = os.path.join(directory, f"{size}.{'json' if source == 'json' else 'bin'}")
            megabytes = os.path.getsize(path) / 1e6
            print(f"\n{size}: {source} -> {target}, input {megabytes:.3f} MB, median of {runs}")
            outputs = []
            for name, argv in tools(args.grpcall, protoset, type_name, source, target, path).items():
                seconds, rss, result = run(argv, runs)
                out = os.path.join(directory, f"out-{name.replace(' ', '-')}")
                with open(out, "wb") as f:
                    f.write(result.stdout)
                outputs.append(out)
                extra = ""
                if name == "python upb":
                    inner = float(result.stderr.decode().strip().splitlines()[-1])
                    extra = f"  (in-process {megabytes / inner:8.1f} MB/s)"
                rate = f"{megabytes / seconds:8.1f} MB/s" if size == "large" else f"{1 / seconds:8.1f} msg/s"
                print(f"  {name:12} {seconds * 1000:9.1f} ms  {rate}  {rss / 1024:7.1f} MiB{extra}")
            agree = same_message(protoset, type_name, target, outputs)
            print(f"  outputs mean the same message: {agree}")


if __name__ == "__main__":
    main()
