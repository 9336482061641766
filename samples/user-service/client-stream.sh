#!/usr/bin/env bash
# Client streaming: UploadUsers takes several concatenated JSON messages (here from stdin).
set -u
PROTO="-proto $(dirname "$0")/user_service.proto"
set -x
printf '%s\n' '{"name":"Ann","department":"SALES"}' '{"name":""}' '{"name":"Bob","department":"PRODUCT"}' |
  "$GRPCALL" -plaintext $PROTO -H "$AUTH" -d @ "$ADDRESS" users.UserService/UploadUsers
