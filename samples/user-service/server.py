#!/usr/bin/env python3
"""users.UserService sample server for grpcall.

An in-memory user store with unary, server-streaming, client-streaming and
bidi methods, server reflection, the standard health service, an optional
Bearer-token check, optional TLS and an optional unix socket.

    python server.py --port 0            # prints "listening on 127.0.0.1:PORT"
    python server.py --token secret      # require "authorization: Bearer secret"
    python server.py --tls-cert c.pem --tls-key k.pem
    python server.py --unix /tmp/users.sock
    python server.py --expire-after 5     # users created through the API are deleted after 5 s
    python server.py --reflection v1      # serve reflection as v1 only (v1alpha, both: default)
    python server.py --compression gzip   # compress every response (gzip or deflate)
    python server.py --big-user 5000000   # user "big" has a name of that many bytes

CreateUser with the email of an existing user updates that user. WatchUsers streams
"created", "updated" and "deleted" events as they happen.
"""

import argparse
import itertools
import logging
import os
import queue
import sys
import tempfile
import threading
import time
from concurrent import futures

import grpc
from grpc_health.v1 import health, health_pb2, health_pb2_grpc
from grpc_reflection.v1alpha import reflection

HERE = os.path.dirname(os.path.abspath(__file__))


def load_stubs():
    """Generates the Python stubs from user_service.proto into a temp dir and imports them."""
    from grpc_tools import protoc

    out = tempfile.mkdtemp(prefix="grpcall-sample-")
    include = os.path.join(os.path.dirname(protoc.__file__), "_proto")
    rc = protoc.main([
        "protoc", f"-I{HERE}", f"-I{include}",
        f"--python_out={out}", f"--grpc_python_out={out}",
        os.path.join(HERE, "user_service.proto"),
    ])
    if rc != 0:
        sys.exit(f"protoc failed with exit code {rc}")
    sys.path.insert(0, out)
    import user_service_pb2
    import user_service_pb2_grpc
    return user_service_pb2, user_service_pb2_grpc


pb, pb_grpc = load_stubs()
log = logging.getLogger("users")


class EventBus:
    """Fans published UserEvents out to every subscriber queue."""

    def __init__(self):
        self._lock = threading.Lock()
        self._subscribers = set()

    def subscribe(self):
        q = queue.Queue()
        with self._lock:
            self._subscribers.add(q)
        return q

    def unsubscribe(self, q):
        with self._lock:
            self._subscribers.discard(q)

    def publish(self, event):
        with self._lock:
            subscribers = list(self._subscribers)
        for q in subscribers:
            q.put(event)


class ChatRoom:
    """Relays each chat message to every other participant."""

    def __init__(self):
        self._lock = threading.Lock()
        self._members = set()

    def join(self):
        q = queue.Queue()
        with self._lock:
            self._members.add(q)
        return q

    def leave(self, q):
        with self._lock:
            self._members.discard(q)

    def broadcast(self, sender_queue, message):
        with self._lock:
            others = [q for q in self._members if q is not sender_queue]
        for q in others:
            q.put(message)


class UserService(pb_grpc.UserServiceServicer):
    def __init__(self, synthetic_events=0, expire_after=0.0):
        self._expire_after = expire_after
        self._lock = threading.Lock()
        self._users = {}
        self._by_email = {}  # email -> user id, so CreateUser stays O(1) for bulk uploads
        self._ids = itertools.count(1)
        self._bus = EventBus()
        self._chat = ChatRoom()
        self._synthetic_events = synthetic_events

    # -- helpers -----------------------------------------------------------

    def _create(self, request, expires=False):
        """Creates a user, or updates the one with the same (non-empty) email."""
        if not request.name:
            return None, "name must not be empty"
        with self._lock:
            existing_id = self._by_email.get(request.email) if request.email else None
            existing = self._users.get(existing_id) if existing_id else None
            if existing is not None:
                existing.name, existing.age, existing.department = request.name, request.age, request.department
                del existing.roles[:]
                existing.roles.extend(request.roles)
                user, event = pb.User(), "updated"
                user.CopyFrom(existing)
            else:
                user = pb.User(
                    id=f"u{next(self._ids)}", name=request.name, email=request.email,
                    age=request.age, department=request.department, roles=list(request.roles),
                )
                user.created_at.GetCurrentTime()
                self._users[user.id] = user
                if user.email:
                    self._by_email[user.email] = user.id
                event = "created"
        self._bus.publish(pb.UserEvent(event_type=event, user=user))
        if expires and self._expire_after > 0 and event == "created":
            threading.Timer(self._expire_after, self._delete, args=(user.id,)).start()
        return user, None

    def _delete(self, user_id):
        with self._lock:
            user = self._users.pop(user_id, None)
            if user is not None and self._by_email.get(user.email) == user_id:
                del self._by_email[user.email]
        if user is not None:
            self._bus.publish(pb.UserEvent(event_type="deleted", user=user))

    def add_big_user(self, size):
        user = pb.User(id="big", name="x" * size, department=pb.ENGINEERING)
        with self._lock:
            self._users[user.id] = user

    def seed(self):
        for name, email, age, dept, roles in [
            ("Ada Lovelace", "ada@example.com", 36, pb.ENGINEERING, ["admin", "dev"]),
            ("Grace Hopper", "grace@example.com", 45, pb.ENGINEERING, ["dev"]),
            ("Don Draper", "don@example.com", 40, pb.MARKETING, []),
            ("Joan Holloway", "joan@example.com", 35, pb.SALES, ["lead"]),
            ("Steve Jobs", "steve@example.com", 50, pb.PRODUCT, ["owner"]),
        ]:
            self._create(pb.CreateUserRequest(name=name, email=email, age=age,
                                              department=dept, roles=roles))

    # -- unary ---------------------------------------------------------------

    def GetUser(self, request, context):
        # Echo the client's user-agent, so a client can see what it sent.
        agent = dict(context.invocation_metadata()).get("user-agent")
        if agent:
            context.send_initial_metadata((("x-seen-user-agent", agent),))
        if not request.id:
            # A status with google.rpc error details (grpc-status-details-bin).
            from google.protobuf import any_pb2
            from google.rpc import code_pb2, error_details_pb2, status_pb2
            bad_request = error_details_pb2.BadRequest(field_violations=[
                error_details_pb2.BadRequest.FieldViolation(field="id", description="must not be empty")])
            info = error_details_pb2.ErrorInfo(reason="EMPTY_ID", domain="users.example.com")
            details = []
            for detail in (bad_request, info):
                packed = any_pb2.Any()
                packed.Pack(detail)
                details.append(packed)
            status = status_pb2.Status(code=code_pb2.INVALID_ARGUMENT, message="id must not be empty", details=details)
            context.set_trailing_metadata((("grpc-status-details-bin", status.SerializeToString()),))
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, "id must not be empty")
        with self._lock:
            user = self._users.get(request.id)
        if user is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"User {request.id} not found")
        return user

    def CreateUser(self, request, context):
        user, error = self._create(request, expires=True)
        if error:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, error)
        return user

    def ListUsers(self, request, context):
        department = None
        if request.filter:
            key, _, value = request.filter.partition("=")
            if key.strip() != "department" or not value:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT,
                              f"unsupported filter {request.filter!r}; use department=NAME")
            try:
                department = pb.Department.Value(value.strip())
            except ValueError:
                context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"unknown department {value.strip()!r}")
        with self._lock:
            users = sorted(self._users.values(), key=lambda u: int(u.id[1:]))
        if department is not None:
            users = [u for u in users if u.department == department]
        try:
            start = int(request.page_token) if request.page_token else 0
        except ValueError:
            context.abort(grpc.StatusCode.INVALID_ARGUMENT, f"invalid page_token {request.page_token!r}")
        size = request.page_size if request.page_size > 0 else 50
        page = users[start:start + size]
        next_token = str(start + size) if start + size < len(users) else ""
        return pb.ListUsersResponse(users=page, next_page_token=next_token, total_count=len(users))

    # -- server streaming ------------------------------------------------------

    def WatchUsers(self, request, context):
        # Headers go out at once, so a client knows the watch is live before any event.
        context.send_initial_metadata(())
        wanted = set(request.departments)
        if self._synthetic_events:
            for i in range(self._synthetic_events):
                user = pb.User(id=f"s{i}", name=f"Synthetic {i}", department=pb.ENGINEERING)
                yield pb.UserEvent(event_type="created", user=user)
            return
        q = self._bus.subscribe()
        try:
            while context.is_active():
                try:
                    event = q.get(timeout=0.1)
                except queue.Empty:
                    continue
                if not wanted or event.user.department in wanted:
                    yield event
        finally:
            self._bus.unsubscribe(q)

    # -- client streaming ------------------------------------------------------

    def UploadUsers(self, request_iterator, context):
        created = failed = 0
        for request in request_iterator:
            _, error = self._create(request, expires=True)
            if error:
                failed += 1
            else:
                created += 1
        return pb.UploadSummary(created=created, failed=failed)

    # -- bidi ----------------------------------------------------------------

    def Chat(self, request_iterator, context):
        inbox = self._chat.join()
        context.send_initial_metadata(())
        done = threading.Event()

        def pump():
            try:
                for message in request_iterator:
                    inbox.put(pb.ChatMessage(sender=message.sender, content=message.content))
                    self._chat.broadcast(inbox, message)
            finally:
                done.set()

        threading.Thread(target=pump, daemon=True).start()
        try:
            while context.is_active():
                try:
                    yield inbox.get(timeout=0.05)
                except queue.Empty:
                    if done.is_set() and inbox.empty():
                        return
        finally:
            self._chat.leave(inbox)


class AuthInterceptor(grpc.ServerInterceptor):
    """Rejects calls without `authorization: Bearer <token>` (health and reflection are open)."""

    OPEN = ("/grpc.health.v1.Health/", "/grpc.reflection.")

    def __init__(self, token):
        self._expected = f"Bearer {token}"

        def deny(request, context):
            context.abort(grpc.StatusCode.UNAUTHENTICATED, "missing or invalid bearer token")

        self._deny = deny

    def intercept_service(self, continuation, details):
        if details.method.startswith(self.OPEN):
            return continuation(details)
        metadata = dict(details.invocation_metadata)
        if metadata.get("authorization") == self._expected:
            return continuation(details)
        handler = continuation(details)
        if handler is None:
            return None
        if handler.request_streaming and handler.response_streaming:
            return grpc.stream_stream_rpc_method_handler(lambda it, ctx: self._deny(None, ctx))
        if handler.request_streaming:
            return grpc.stream_unary_rpc_method_handler(lambda it, ctx: self._deny(None, ctx))
        if handler.response_streaming:
            return grpc.unary_stream_rpc_method_handler(self._deny)
        return grpc.unary_unary_rpc_method_handler(self._deny)


class LoggingInterceptor(grpc.ServerInterceptor):
    """Logs each call's method and metadata keys."""

    def intercept_service(self, continuation, details):
        keys = sorted(k for k, _ in details.invocation_metadata)
        log.info("call %s metadata=%s", details.method, keys)
        return continuation(details)


V1_REFLECTION = "grpc.reflection.v1.ServerReflection"


def register_v1_reflection_descriptor():
    """Adds grpc/reflection/v1/reflection.proto to the default pool (grpcio ships only v1alpha's),
    so reflection can describe the v1 service too: v1alpha's file, renamed."""
    from google.protobuf import descriptor_pb2, descriptor_pool
    from grpc_reflection.v1alpha import reflection_pb2
    pool = descriptor_pool.Default()
    try:
        pool.FindFileByName("grpc/reflection/v1/reflection.proto")
        return
    except KeyError:
        pass
    file = descriptor_pb2.FileDescriptorProto()
    reflection_pb2.DESCRIPTOR.CopyToProto(file)
    file.name = "grpc/reflection/v1/reflection.proto"
    file.package = "grpc.reflection.v1"
    for message in file.message_type:
        for field in (f for f in message.field if f.HasField("type_name")):
            field.type_name = field.type_name.replace(".grpc.reflection.v1alpha.", ".grpc.reflection.v1.")
    for service in file.service:
        for method in service.method:
            method.input_type = method.input_type.replace(".grpc.reflection.v1alpha.", ".grpc.reflection.v1.")
            method.output_type = method.output_type.replace(".grpc.reflection.v1alpha.", ".grpc.reflection.v1.")
    pool.AddSerializedFile(file.SerializeToString())


def enable_reflection(server, protocols, services):
    """Serves reflection as v1, v1alpha or both. grpcio ships only the v1alpha servicer; v1's
    messages are identical on the wire, so the same servicer is registered under v1's name."""
    if protocols == "none":
        return
    names = list(services)
    if protocols in ("v1alpha", "both"):
        names.append(reflection.SERVICE_NAME)
    if protocols in ("v1", "both"):
        names.append(V1_REFLECTION)
        register_v1_reflection_descriptor()
    servicer = reflection.ReflectionServicer(names)
    handlers = {}
    if protocols in ("v1alpha", "both"):
        handlers[reflection.SERVICE_NAME] = servicer
    if protocols in ("v1", "both"):
        handlers[V1_REFLECTION] = servicer
    from grpc_reflection.v1alpha import reflection_pb2
    for service_name, impl in handlers.items():
        handler = grpc.method_handlers_generic_handler(service_name, {
            "ServerReflectionInfo": grpc.stream_stream_rpc_method_handler(
                impl.ServerReflectionInfo,
                request_deserializer=reflection_pb2.ServerReflectionRequest.FromString,
                response_serializer=reflection_pb2.ServerReflectionResponse.SerializeToString),
        })
        server.add_generic_rpc_handlers((handler,))


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=50051, help="port; 0 picks a free one and prints it")
    p.add_argument("--unix", help="listen on this unix socket path instead of TCP")
    p.add_argument("--token", help="require 'authorization: Bearer TOKEN' on UserService calls")
    p.add_argument("--tls-cert", help="PEM certificate chain for TLS")
    p.add_argument("--tls-key", help="PEM private key for TLS")
    p.add_argument("--synthetic-events", type=int, default=0,
                   help="WatchUsers streams this many synthetic events at once and ends (benchmarks)")
    p.add_argument("--expire-after", type=float, default=0,
                   help="delete users created through the API after this many seconds ('deleted' events)")
    p.add_argument("--no-seed", action="store_true", help="start with an empty store")
    p.add_argument("--quiet", action="store_true", help="no per-call log lines")
    p.add_argument("--exit-after", type=float, default=0,
                   help="stop by itself after this many seconds (tests)")
    p.add_argument("--reflection", choices=["v1", "v1alpha", "both", "none"], default="both",
                   help="which server reflection protocols to serve (default both)")
    p.add_argument("--compression", choices=["none", "gzip", "deflate"], default="none",
                   help="compress every response with this algorithm")
    p.add_argument("--big-user", type=int, default=0,
                   help="add a user with id 'big' whose name has this many bytes (large responses)")
    p.add_argument("--health-status", action="append", default=[], metavar="SERVICE=STATUS",
                   help="health status of a service (SERVING, NOT_SERVING; '' is the server); repeatable")
    p.add_argument("--max-send", type=int, default=64 * 1024 * 1024,
                   help="largest message the server sends, in bytes")
    return p.parse_args(argv)


def main(argv=None):
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING if args.quiet else logging.INFO,
                        format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    interceptors = [LoggingInterceptor()]
    if args.token:
        interceptors.append(AuthInterceptor(args.token))
    compression = {"none": grpc.Compression.NoCompression, "gzip": grpc.Compression.Gzip,
                   "deflate": grpc.Compression.Deflate}[args.compression]
    server = grpc.server(
        futures.ThreadPoolExecutor(max_workers=32), interceptors=interceptors,
        compression=compression,
        options=[("grpc.max_send_message_length", args.max_send),
                 ("grpc.max_receive_message_length", 64 * 1024 * 1024)])

    service = UserService(synthetic_events=args.synthetic_events, expire_after=args.expire_after)
    if not args.no_seed:
        service.seed()
    if args.big_user > 0:
        service.add_big_user(args.big_user)
    pb_grpc.add_UserServiceServicer_to_server(service, server)

    health_servicer = health.HealthServicer()
    health_servicer.set("", health_pb2.HealthCheckResponse.SERVING)
    health_servicer.set("users.UserService", health_pb2.HealthCheckResponse.SERVING)
    for setting in args.health_status:
        name, _, status = setting.partition("=")
        health_servicer.set(name, health_pb2.HealthCheckResponse.ServingStatus.Value(status))
    health_pb2_grpc.add_HealthServicer_to_server(health_servicer, server)

    enable_reflection(server, args.reflection, [
        pb.DESCRIPTOR.services_by_name["UserService"].full_name,
        health_pb2.DESCRIPTOR.services_by_name["Health"].full_name,
    ])

    if args.unix:
        address = f"unix:{args.unix}"
    else:
        host = f"[{args.host}]" if ":" in args.host else args.host
        address = f"{host}:{args.port}"
    if args.tls_cert:
        with open(args.tls_cert, "rb") as f:
            cert = f.read()
        with open(args.tls_key, "rb") as f:
            key = f.read()
        port = server.add_secure_port(address, grpc.ssl_server_credentials([(key, cert)]))
    else:
        port = server.add_insecure_port(address)
    if not args.unix and port == 0:
        sys.exit(f"could not bind {address}")
    server.start()
    where = args.unix if args.unix else f"{args.host}:{port}"
    print(f"listening on {where}", flush=True)

    stop = threading.Event()
    if args.exit_after > 0:
        threading.Timer(args.exit_after, stop.set).start()
    try:
        # Also stop when the parent closes our stdin (tests), so no server outlives its test.
        def watch_stdin():
            if not sys.stdin.isatty():
                sys.stdin.read()
                if os.environ.get("GRPCALL_SAMPLE_STOP_ON_EOF"):
                    stop.set()
        threading.Thread(target=watch_stdin, daemon=True).start()
        parent = os.getppid()
        while not stop.wait(0.2):
            # A server started by a test stops when that test process goes away.
            if os.environ.get("GRPCALL_SAMPLE_STOP_ON_EOF") and os.getppid() != parent:
                break
    except KeyboardInterrupt:
        pass
    server.stop(grace=0.5).wait()


if __name__ == "__main__":
    main()
