#!/usr/bin/env bash
# Server streaming: WatchUsers prints events as they happen (here for 2 seconds, while another
# call creates users), then ends with DEADLINE_EXCEEDED (exit 68) because of -max-time.
set -u
PROTO="-proto $(dirname "$0")/user_service.proto"
( sleep 0.7
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"name":"Margaret","department":"ENGINEERING"}' "$ADDRESS" users.UserService/CreateUser >/dev/null
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d '{"name":"Peggy","department":"MARKETING"}' "$ADDRESS" users.UserService/CreateUser >/dev/null ) &
set -x
"$GRPCALL" -plaintext $PROTO -H "$AUTH" -max-time 2 -d '{"departments":["ENGINEERING"]}' "$ADDRESS" users.UserService/WatchUsers
{ set +x; } 2>/dev/null
wait
