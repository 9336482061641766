#!/usr/bin/env python3
"""A misbehaving gRPC server for grpcall's tests: raw HTTP/2 frames over a socket (PyPI h2 for the
framing and HPACK), one fault per run.

  fault_server.py --mode MODE [--port 0]

Prints `listening on 127.0.0.1:PORT`, serves until stdin closes (the test process ends) or 120 s
pass. Every request on the connection gets the same faulty answer; what the request asked for is
ignored. Modes:

  silent                accept TCP, never send a byte
  garbage               send bytes that are not HTTP/2
  http1                 answer like an HTTP/1.1 server
  rst-mid-stream        headers, one message, then RST_STREAM (INTERNAL_ERROR)
  goaway-mid-stream     headers, one message, then GOAWAY and close
  close-mid-stream      headers, one message, then close the socket
  no-status             headers, one message, trailers without grpc-status
  bad-status            headers, one message, trailers with grpc-status: abc
  two-messages          headers, two messages, grpc-status 0 (a unary call must fail)
  no-messages           headers, no message, grpc-status 0 (a unary call must fail)
  huge-headers          a 20 KB response header, then one message and grpc-status 0
  many-headers          50 response headers of 300 bytes, then one message and grpc-status 0
  giant-headers         a 150 KB response header (more than NIO takes in 16 KB frames), then one message and grpc-status 0
  big-details           grpc-status 3 with a 200 KB grpc-status-details-bin (a google.rpc.Status)
  goaway-before-response  GOAWAY (last stream 0: nothing processed) on the first request, close
  huge-length           a message whose length prefix says 4 GB
  compressed-unannounced  a message with the compressed flag but no grpc-encoding
  escapes               grpc-status 3 whose grpc-message and a header carry terminal escapes
  bad-percent           grpc-status 3 with grpc-message from --message (default `100%`), sent
                        as is: broken percent-encodings
  trickle-settings      send the server's first SETTINGS frame one byte every 2 s
  charset-content-type  content-type: application/grpc; charset=utf-8, then a normal answer
  json-content-type     content-type: application/grpc+json, then a JSON body
  duplicate-status      trailers with grpc-status 0, then grpc-status 5
  window-update-zero    a WINDOW_UPDATE of 0 on the connection before the answer
  gzip-bomb             grpc-encoding gzip, a message that inflates to 8 MB (past 4 MB)
  gzip-empty            grpc-encoding gzip, a compressed message of zero bytes
  reflection-broken     server reflection answering with a file whose field p.O.a links to
                        oneof index 5 (service p.S, method M)
"""
import argparse
import base64
import gzip
import os
import socket
import sys
import threading
import time

import h2.config
import h2.connection
import h2.events

MESSAGE = "100%"
USER = bytes([0x0A, 0x02]) + b"u1" + bytes([0x12, 0x03]) + b"Ada"  # users.User{id, name}
# users.UserEvent{event_type: "created", user: USER} for the streaming method.
EVENT = bytes([0x0A, 0x07]) + b"created" + bytes([0x12, len(USER)]) + USER


def varint(value):
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def broken_reflection_response():
    """A ServerReflectionResponse whose file_descriptor_response holds a broken file."""
    from google.protobuf import descriptor_pb2
    file = descriptor_pb2.FileDescriptorProto(name="p.proto", package="p", syntax="proto3")
    message = file.message_type.add(name="O")
    message.field.add(name="a", number=1, type=9, label=1, oneof_index=5)
    method = file.service.add(name="S").method.add(name="M")
    method.input_type = ".p.O"
    method.output_type = ".p.O"
    data = file.SerializeToString()
    inner = b"\x0a" + varint(len(data)) + data
    return b"\x22" + varint(len(inner)) + inner


def frame(payload, compressed=False, length=None):
    size = len(payload) if length is None else length
    return bytes([1 if compressed else 0]) + size.to_bytes(4, "big") + payload


def respond(conn, sock, stream_id, mode, path):
    message = EVENT if path.endswith("/WatchUsers") else USER
    def send(data=b""):
        if data:
            sock.sendall(data)
        out = conn.data_to_send()
        if out:
            sock.sendall(out)

    if mode == "goaway-before-response":
        conn.close_connection(error_code=0, last_stream_id=0)
        send()
        sock.close()
        return
    content_type = "application/grpc; charset=utf-8" if mode == "charset-content-type" else "application/grpc"
    headers = [(":status", "200"), ("content-type", content_type)]
    if mode == "huge-headers":
        headers.append(("x-big", "b" * 20000))
    if mode == "many-headers":
        headers += [(f"x-many-{i}", "m" * 300) for i in range(50)]
    if mode == "giant-headers":
        headers.append(("x-giant", "g" * 150000))
    if mode == "big-details":
        text = b"d" * 200000
        length = len(text)
        varint = bytearray()
        while True:
            byte = length & 0x7F
            length >>= 7
            varint.append(byte | (0x80 if length else 0))
            if not length:
                break
        status = bytes([0x08, 0x03, 0x12]) + bytes(varint) + text
        details = base64.b64encode(status).decode().rstrip("=")
        conn.send_headers(stream_id, headers)
        conn.send_headers(stream_id, [("grpc-status", "3"), ("grpc-message", "big details"),
                                      ("grpc-status-details-bin", details)], end_stream=True)
        send()
        return
    if mode == "reflection-broken":
        conn.send_headers(stream_id, headers)
        if path.endswith("/ServerReflectionInfo"):
            conn.send_data(stream_id, frame(broken_reflection_response()))
            conn.send_headers(stream_id, [("grpc-status", "0")], end_stream=True)
        else:
            conn.send_headers(stream_id, [("grpc-status", "12")], end_stream=True)
        send()
        return
    if mode == "bad-percent":
        conn.send_headers(stream_id, headers)
        conn.send_headers(stream_id, [("grpc-status", "3"), ("grpc-message", MESSAGE)],
                          end_stream=True)
        send()
        return
    if mode == "json-content-type":
        conn.send_headers(stream_id, [(":status", "200"), ("content-type", "application/grpc+json")])
        conn.send_data(stream_id, frame(b'{"id":"u1","name":"Ada"}'))
        conn.send_headers(stream_id, [("grpc-status", "0")], end_stream=True)
        send()
        return
    if mode == "duplicate-status":
        conn.send_headers(stream_id, headers)
        conn.send_data(stream_id, frame(message))
        conn.send_headers(stream_id, [("grpc-status", "0"), ("grpc-status", "5"),
                                      ("grpc-message", "second status wins")], end_stream=True)
        send()
        return
    if mode in ("gzip-bomb", "gzip-empty"):
        body = gzip.compress(b"\x00" * (8 * 1024 * 1024)) if mode == "gzip-bomb" else b""
        conn.send_headers(stream_id, headers + [("grpc-encoding", "gzip")])
        conn.send_data(stream_id, frame(body, compressed=True))
        conn.send_headers(stream_id, [("grpc-status", "0")], end_stream=True)
        send()
        return
    if mode == "escapes":
        headers.append(("x-evil", "\x1b]0;pwned\x07\x1b[31mred"))
    conn.send_headers(stream_id, headers)
    if mode == "escapes":
        conn.send_headers(stream_id, [("grpc-status", "3"),
                                      ("grpc-message", "bad \x1b[31mred\x1b[0m \x1b]0;title\x07 done")],
                          end_stream=True)
        send()
        return
    if mode == "no-messages":
        conn.send_headers(stream_id, [("grpc-status", "0")], end_stream=True)
        send()
        return
    if mode == "huge-length":
        conn.send_data(stream_id, frame(message, length=0xFFFFFFFF))
        send()
        time.sleep(5)
        return
    conn.send_data(stream_id, frame(message, compressed=(mode == "compressed-unannounced")))
    if mode == "two-messages":
        conn.send_data(stream_id, frame(message))
    send()
    if mode == "rst-mid-stream":
        conn.reset_stream(stream_id, error_code=2)
        send()
        time.sleep(2)
        return
    if mode == "goaway-mid-stream":
        conn.close_connection(error_code=0)
        send()
        sock.close()
        return
    if mode == "close-mid-stream":
        sock.close()
        return
    trailers = {"no-status": [("x-note", "no status")], "bad-status": [("grpc-status", "abc")]}
    conn.send_headers(stream_id, trailers.get(mode, [("grpc-status", "0")]), end_stream=True)
    send()


def without_huffman_for_big_values(conn):
    """The hpack package Huffman-codes in pure Python, super-linearly: a 270 KB value took 9.4 s
    of CPU (near the tests' -max-time). Header lists holding a value over 4 KB are sent as plain
    literals; small ones stay Huffman-coded, as real servers send them."""
    encode = conn.encoder.encode

    def encode_plain_if_big(headers, huffman=True):
        headers = list(headers)
        big = any(len(value) > 4096 for _, value in headers)
        return encode(headers, huffman=huffman and not big)

    conn.encoder.encode = encode_plain_if_big


def serve_connection(sock, mode):
    try:
        if mode == "silent":
            while sock.recv(65536):
                pass
            return
        if mode == "garbage":
            sock.sendall(b"\x00\x01garbage, not a frame\xff" * 64)
            time.sleep(2)
            return
        if mode == "http1":
            sock.recv(65536)
            sock.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\nok")
            time.sleep(2)
            return
        config = h2.config.H2Configuration(client_side=False, header_encoding="utf-8",
                                           validate_outbound_headers=False,
                                           normalize_outbound_headers=False)
        conn = h2.connection.H2Connection(config=config)
        without_huffman_for_big_values(conn)
        conn.initiate_connection()
        if mode == "trickle-settings":
            for byte in conn.data_to_send():
                sock.sendall(bytes([byte]))
                time.sleep(2)
        else:
            sock.sendall(conn.data_to_send())
        if mode == "window-update-zero":
            # A WINDOW_UPDATE frame on stream 0 with an increment of 0 (h2 will not build one).
            sock.sendall(bytes([0, 0, 4, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0]))
        while True:
            data = sock.recv(65536)
            if not data:
                return
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.RequestReceived):
                    path = dict(event.headers).get(":path", "")
                    respond(conn, sock, event.stream_id, mode, path)
                elif isinstance(event, h2.events.DataReceived):
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
            out = conn.data_to_send()
            if out:
                sock.sendall(out)
    except (OSError, h2.exceptions.ProtocolError):
        pass
    finally:
        try:
            sock.close()
        except OSError:
            pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--mode", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--message", default="100%")
    args = parser.parse_args()
    global MESSAGE
    MESSAGE = args.message
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", args.port))
    listener.listen(16)
    print(f"listening on 127.0.0.1:{listener.getsockname()[1]}", flush=True)
    # Stops when the test that started it goes away (stdin closes), or after two minutes.
    threading.Thread(target=lambda: (sys.stdin.read(), os._exit(0)), daemon=True).start()
    deadline = threading.Timer(120, lambda: os._exit(0))
    deadline.daemon = True
    deadline.start()
    while True:
        try:
            sock, _ = listener.accept()
        except OSError:
            return
        threading.Thread(target=serve_connection, args=(sock, args.mode), daemon=True).start()


if __name__ == "__main__":
    main()
