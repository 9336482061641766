#!/usr/bin/env bash
# Unary calls: GetUser, CreateUser, ListUsers, and a NOT_FOUND (exit 69).
# Needs GRPCALL (the binary), ADDRESS (host:port of server.py) and AUTH (the header) set.
set -u
PROTO="-proto $(dirname "$0")/user_service.proto"
set -x
"$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"id":"u1"}' "$ADDRESS" users.UserService/GetUser
"$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"name":"Linus","email":"linus@example.com","age":28,"department":"ENGINEERING","roles":["dev"]}' "$ADDRESS" users.UserService/CreateUser
"$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"page_size":2,"filter":"department=ENGINEERING"}' "$ADDRESS" users.UserService/ListUsers
"$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"id":"u404"}' "$ADDRESS" users.UserService/GetUser
status=$?
{ set +x; } 2>/dev/null
echo "(exit code $status = 64 + NOT_FOUND(5))"
