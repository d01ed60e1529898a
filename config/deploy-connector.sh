#!/usr/bin/env bash
# Creates or updates a connector from one of the commented JSON files in this directory.
# Usage: config/deploy-connector.sh FILE NAME [CONNECT_URL]   (CONNECT_URL defaults to http://127.0.0.1:8083)
# The files carry // comment lines, which Connect's REST API does not accept: they are stripped here.
set -euo pipefail
file=${1:?usage: $0 FILE NAME [CONNECT_URL]}
name=${2:?usage: $0 FILE NAME [CONNECT_URL]}
url=${3:-http://127.0.0.1:8083}
grep -v '^[[:space:]]*//' "$file" |
  curl -sS --fail-with-body -X PUT -H 'Content-Type: application/json' --data-binary @- \
    "$url/connectors/$name/config"
echo
