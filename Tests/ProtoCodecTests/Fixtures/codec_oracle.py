#!/usr/bin/env python3
"""The codec's oracle: Python protobuf (upb) driven by a FileDescriptorSet.

    codec_oracle.py generate SET TYPE COUNT SEED   -> JSON lines {"binary": b64, "json": text, "text": text}
    codec_oracle.py check SET TYPE                 <- JSON lines {"json": text}; -> {"ok": bool, "binary"|"error"}
    codec_oracle.py check-text SET TYPE            <- JSON lines {"text": text}; -> {"ok": bool, "binary"|"error"}
    codec_oracle.py canonical SET TYPE             <- base64 binary lines; -> {"ok": bool, "binary"|"error"}

Random messages fill fields from the descriptors only, so every field kind is exercised.
"""
import base64
import json
import random
import sys

from google.protobuf import descriptor, descriptor_pb2, descriptor_pool, json_format, message_factory, text_format
from google.protobuf import any_pb2, duration_pb2, field_mask_pb2, struct_pb2, timestamp_pb2, wrappers_pb2

FD = descriptor.FieldDescriptor


def load(set_path, type_name):
    fds = descriptor_pb2.FileDescriptorSet()
    with open(set_path, "rb") as f:
        fds.ParseFromString(f.read())
    pool = descriptor_pool.DescriptorPool()
    for file in fds.file:
        pool.Add(file)
    return pool, message_factory.GetMessageClass(pool.FindMessageTypeByName(type_name))


def rand_string(rng):
    alphabet = "abcXYZ 019_-\"\\/\n\té€😀"
    return "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))


def scalar(field, rng):
    t = field.type
    if t in (FD.TYPE_INT32, FD.TYPE_SINT32, FD.TYPE_SFIXED32):
        return rng.choice([0, 1, -1, 2**31 - 1, -(2**31), rng.randint(-(2**31), 2**31 - 1)])
    if t in (FD.TYPE_INT64, FD.TYPE_SINT64, FD.TYPE_SFIXED64):
        return rng.choice([0, 1, -1, 2**63 - 1, -(2**63), rng.randint(-(2**63), 2**63 - 1)])
    if t in (FD.TYPE_UINT32, FD.TYPE_FIXED32):
        return rng.choice([0, 1, 2**32 - 1, rng.randint(0, 2**32 - 1)])
    if t in (FD.TYPE_UINT64, FD.TYPE_FIXED64):
        return rng.choice([0, 1, 2**64 - 1, rng.randint(0, 2**64 - 1)])
    if t == FD.TYPE_FLOAT:
        return rng.choice([0.0, 1.5, -2.25, 0.1, 3.4028234663852886e38, 1e-7, float("inf"), float("nan"), rng.uniform(-1e6, 1e6)])
    if t == FD.TYPE_DOUBLE:
        return rng.choice([0.0, 1.5, -2.25, 0.1, 1e21, 1e-7, 5e-324, 1.7976931348623157e308, float("-inf"), float("nan"), rng.uniform(-1e12, 1e12)])
    if t == FD.TYPE_BOOL:
        return rng.choice([True, False])
    if t == FD.TYPE_STRING:
        return rand_string(rng)
    if t == FD.TYPE_BYTES:
        return bytes(rng.randint(0, 255) for _ in range(rng.randint(0, 7)))
    if t == FD.TYPE_ENUM:
        return rng.choice(field.enum_type.values).number
    raise ValueError(t)


def fill_wkt(msg, rng, depth):
    name = msg.DESCRIPTOR.full_name
    if name == "google.protobuf.Timestamp":
        msg.seconds = rng.randint(-62135596800, 253402300799)
        msg.nanos = rng.choice([0, 1000000, 1000, 1, rng.randint(0, 999999999)])
    elif name == "google.protobuf.Duration":
        secs = rng.randint(-315576000000, 315576000000)
        nanos = rng.choice([0, 500000000, rng.randint(0, 999999999)])
        msg.seconds = secs
        msg.nanos = -nanos if secs < 0 else nanos
    elif name == "google.protobuf.FieldMask":
        msg.paths.extend(rng.sample(["a", "foo_bar", "foo.bar_baz", "x1"], rng.randint(0, 3)))
    elif name == "google.protobuf.Struct":
        msg.update({"k": rng.randint(0, 100), "s": rand_string(rng), "b": True, "n": None, "l": [1, "x"]})
    elif name == "google.protobuf.Value":
        choice = rng.randint(0, 4)
        if choice == 0:
            msg.null_value = 0
        elif choice == 1:
            msg.number_value = rng.choice([0, 1.5, -3])
        elif choice == 2:
            msg.string_value = rand_string(rng)
        elif choice == 3:
            msg.bool_value = True
        else:
            msg.list_value.extend([1, "two", None])
    elif name == "google.protobuf.ListValue":
        msg.extend([rng.randint(0, 9), rand_string(rng), False])
    elif name == "google.protobuf.Any":
        inner = timestamp_pb2.Timestamp(seconds=rng.randint(0, 2**31)) if rng.random() < 0.5 else \
            wrappers_pb2.StringValue(value=rand_string(rng))
        msg.Pack(inner)
    elif name == "google.protobuf.Empty":
        pass
    elif name.endswith("Value") and name.startswith("google.protobuf."):
        value_field = msg.DESCRIPTOR.fields_by_name["value"]
        msg.value = scalar(value_field, rng)
    else:
        return False
    return True


def fill(msg, rng, depth=0):
    if fill_wkt(msg, rng, depth):
        return
    fill_extensions(msg, rng, depth)
    for field in msg.DESCRIPTOR.fields:
        if rng.random() < 0.45:
            continue
        if field.containing_oneof is not None and msg.WhichOneof(field.containing_oneof.name) is not None:
            continue
        if field.message_type is not None and field.message_type.GetOptions().map_entry:
            key_f, val_f = field.message_type.fields_by_name["key"], field.message_type.fields_by_name["value"]
            target = getattr(msg, field.name)
            for _ in range(rng.randint(1, 3)):
                key = scalar(key_f, rng)
                if val_f.message_type is not None:
                    if depth < 3:
                        fill(target[key], rng, depth + 1)
                else:
                    target[key] = scalar(val_f, rng)
        elif field.is_repeated:
            target = getattr(msg, field.name)
            for _ in range(rng.randint(1, 3)):
                if field.message_type is not None:
                    if depth < 3:
                        fill(target.add(), rng, depth + 1)
                else:
                    target.append(scalar(field, rng))
        elif field.message_type is not None:
            if depth < 3:
                fill(getattr(msg, field.name), rng, depth + 1)
                getattr(msg, field.name).SetInParent()
        else:
            setattr(msg, field.name, scalar(field, rng))


def fill_extensions(msg, rng, depth):
    """proto2 extensions of the message, filled like fields."""
    if not msg.DESCRIPTOR.extension_ranges:
        return
    for ext in msg.DESCRIPTOR.file.pool.FindAllExtensions(msg.DESCRIPTOR):
        if rng.random() < 0.5:
            continue
        if ext.is_repeated:
            for _ in range(rng.randint(1, 3)):
                msg.Extensions[ext].append(scalar(ext, rng))
        elif ext.message_type is not None:
            if depth < 3:
                fill(msg.Extensions[ext], rng, depth + 1)
                msg.Extensions[ext].SetInParent()
        else:
            msg.Extensions[ext] = scalar(ext, rng)


def generate(set_path, type_name, count, seed):
    pool, cls = load(set_path, type_name)
    rng = random.Random(seed)
    for _ in range(count):
        msg = cls()
        fill(msg, rng)
        data = msg.SerializeToString(deterministic=True)
        text = json_format.MessageToJson(msg, indent=None, descriptor_pool=pool)
        text_form = text_format.MessageToString(msg, descriptor_pool=pool)
        print(json.dumps({"binary": base64.b64encode(data).decode(), "json": text, "text": text_form}))


def check(set_path, type_name):
    pool, cls = load(set_path, type_name)
    for line in sys.stdin:
        case = json.loads(line)
        try:
            msg = json_format.Parse(case["json"], cls(), descriptor_pool=pool)
            print(json.dumps({"ok": True, "binary": base64.b64encode(msg.SerializeToString(deterministic=True)).decode()}))
        except Exception as error:  # upb rejects: report why
            print(json.dumps({"ok": False, "error": str(error)}))


def check_text(set_path, type_name):
    pool, cls = load(set_path, type_name)
    for line in sys.stdin:
        case = json.loads(line)
        try:
            msg = text_format.Parse(case["text"], cls(), descriptor_pool=pool)
            print(json.dumps({"ok": True, "binary": base64.b64encode(msg.SerializeToString(deterministic=True)).decode()}))
        except Exception as error:
            print(json.dumps({"ok": False, "error": str(error)}))


def canonical(set_path, type_name):
    """Reads base64 binary lines; writes each message re-serialized deterministically (or an error)."""
    pool, cls = load(set_path, type_name)
    for line in sys.stdin:
        try:
            msg = cls()
            msg.ParseFromString(base64.b64decode(line.strip()))
            print(json.dumps({"ok": True, "binary": base64.b64encode(msg.SerializeToString(deterministic=True)).decode()}))
        except Exception as error:
            print(json.dumps({"ok": False, "error": str(error)}))


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        generate(sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5]))
    elif sys.argv[1] == "check-text":
        check_text(sys.argv[2], sys.argv[3])
    elif sys.argv[1] == "canonical":
        canonical(sys.argv[2], sys.argv[3])
    else:
        check(sys.argv[2], sys.argv[3])
