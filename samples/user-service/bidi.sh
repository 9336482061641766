#!/usr/bin/env bash
# Bidirectional streaming: Chat echoes each message as it is sent (and relays it to other clients).
set -u
PROTO="-proto $(dirname "$0")/user_service.proto"
set -x
{ echo '{"sender":"demo","content":"hello"}'; sleep 0.3; echo '{"sender":"demo","content":"still here?"}'; } |
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d @ "$ADDRESS" users.UserService/Chat
