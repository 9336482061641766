#!/usr/bin/env python3
"""A synthetic corpus shaped like googleapis' google/cloud tree, for compiler scaling benchmarks.

googleapis itself is not on this machine's registries; this writes N files with the same shape:
packages of a few files each (resources, a service, requests), importing google/api annotations
(http, field_behavior, resource, client) from PyPI googleapis-common-protos and the well-known
types, with comments, nested messages, enums, maps, oneofs and custom options on every level.
Files are named `bench/pNNNN/v1/*.proto` and import only files of earlier packages or earlier
kinds, so any prefix of the list (with its imports) compiles.

  corpus.py OUT_DIR --files N [--messages M] [--big-fields F]
"""
import argparse
import os

FILES_PER_PACKAGE = 4
KINDS = ["resources", "service", "requests", "types"]


def message(name, index, fields, depth=0):
    pad = "  " * depth
    lines = [f"{pad}// {name} describes one resource of the benchmark corpus.",
             f"{pad}// It is the {index}th message of its file.",
             f"{pad}message {name} {{"]
    if depth == 0:
        lines += [f"{pad}  option (google.api.resource) = {{",
                  f"{pad}    type: \"bench.example.com/{name}\"",
                  f"{pad}    pattern: \"projects/{{project}}/locations/{{location}}/{name.lower()}s/{{id}}\"",
                  f"{pad}  }};"]
    lines += [f"{pad}  // The state of the {name}.",
              f"{pad}  enum State {{",
              f"{pad}    STATE_UNSPECIFIED = 0;",
              f"{pad}    ACTIVE = 1;",
              f"{pad}    DELETING = 2;",
              f"{pad}  }}"]
    if depth == 0:
        lines += message(f"Detail", index, 4, depth + 1)
    number = 1
    lines.append(f"{pad}  // The resource name.")
    lines.append(f"{pad}  string name = {number} [(google.api.field_behavior) = IDENTIFIER];")
    number += 1
    for f in range(fields):
        kind = f % 7
        if kind == 0:
            lines.append(f"{pad}  string display_name_{f} = {number} [(google.api.field_behavior) = OPTIONAL];")
        elif kind == 1:
            lines.append(f"{pad}  google.protobuf.Timestamp create_time_{f} = {number} [(google.api.field_behavior) = OUTPUT_ONLY];")
        elif kind == 2:
            lines.append(f"{pad}  map<string, string> labels_{f} = {number};")
        elif kind == 3:
            lines.append(f"{pad}  repeated int64 sizes_{f} = {number};")
        elif kind == 4:
            lines.append(f"{pad}  State state_{f} = {number};")
        elif kind == 5:
            lines.append(f"{pad}  oneof source_{f} {{")
            lines.append(f"{pad}    string uri_{f} = {number};")
            number += 1
            lines.append(f"{pad}    bytes data_{f} = {number};")
            lines.append(f"{pad}  }}")
        else:
            lines.append(f"{pad}  optional double ratio_{f} = {number} [deprecated = true];")
        number += 1
    if depth == 0:
        lines.append(f"{pad}  Detail detail = {number};")
    lines.append(f"{pad}}}")
    return lines


def write_file(root, package_index, kind_index, messages, big_fields):
    package = f"bench.p{package_index:04d}.v1"
    directory = f"bench/p{package_index:04d}/v1"
    kind = KINDS[kind_index]
    imports = ["google/api/annotations.proto", "google/api/field_behavior.proto",
               "google/api/resource.proto", "google/api/client.proto",
               "google/protobuf/timestamp.proto", "google/protobuf/field_mask.proto",
               "google/protobuf/empty.proto"]
    imports += [f"{directory}/{KINDS[k]}.proto" for k in range(kind_index)]
    if package_index > 0 and kind_index == 0:
        imports.append(f"bench/p{package_index - 1:04d}/v1/resources.proto")
    lines = ["// Copyright 2026 The grpcall benchmark corpus (synthetic).", "",
             "syntax = \"proto3\";", "", f"package {package};", ""]
    lines += [f"import \"{i}\";" for i in imports]
    lines += ["", f"option go_package = \"example.com/bench/p{package_index:04d}/v1;v1\";",
              f"option java_package = \"com.example.bench.p{package_index:04d}.v1\";",
              "option java_multiple_files = true;", ""]
    prefix = kind.capitalize()
    for m in range(messages):
        fields = big_fields if (big_fields and m == 0) else 12
        lines += message(f"{prefix}{m}", m, fields)
        lines.append("")
    if kind == "service":
        lines += [f"// Serves the resources of package {package}.",
                  f"service Service{package_index:04d} {{",
                  "  option (google.api.default_host) = \"bench.example.com\";"]
        for m in range(messages):
            name = f"Resources{m}"
            lines += [f"  // Gets one {name}.",
                      f"  rpc Get{name}({name}) returns ({name}) {{",
                      "    option (google.api.http) = {",
                      f"      get: \"/v1/{{name=projects/*/locations/*/r{m}/*}}\"",
                      "      additional_bindings { post: \"/v1/{name=projects/*}:get\" body: \"*\" }",
                      "    };",
                      "    option (google.api.method_signature) = \"name\";",
                      "  }"]
        lines += ["}", ""]
    path = os.path.join(root, directory, f"{kind}.proto")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as out:
        out.write("\n".join(lines))
    return f"{directory}/{kind}.proto"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("out")
    p.add_argument("--files", type=int, required=True)
    p.add_argument("--messages", type=int, default=5)
    p.add_argument("--big-fields", type=int, default=0, help="fields in the first message of each file")
    args = p.parse_args()
    names = []
    for i in range(args.files):
        names.append(write_file(args.out, i // FILES_PER_PACKAGE, i % FILES_PER_PACKAGE,
                                args.messages, args.big_fields))
    print("\n".join(sorted(names)))


if __name__ == "__main__":
    main()
