#!/usr/bin/env bash
# Server streaming: WatchUsers prints events as they happen (here for 2 seconds, while another
# call creates users), then is stopped as Ctrl-C would stop it (a watch never ends by itself).
set -u
PROTO="-proto $(dirname "$0")/user_service.proto"
( sleep 0.7
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"name":"Margaret","department":"ENGINEERING"}' "$ADDRESS" users.UserService/CreateUser >/dev/null
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"name":"Peggy","department":"MARKETING"}' "$ADDRESS" users.UserService/CreateUser >/dev/null ) &
set -x
timeout -s INT 2 "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"departments":["ENGINEERING"]}' "$ADDRESS" users.UserService/WatchUsers || true
{ set +x; } 2>/dev/null
wait
