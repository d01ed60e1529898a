#!/usr/bin/env bash
# Starts the streams app on a copy of $STREAMS_APP_CONFIG with container-specific overrides
# appended (java.util.Properties keeps the last value of a repeated key):
#   BOOTSTRAP_SERVERS  replaces bootstrap.servers (config/ says 127.0.0.1:9092, the host's view)
#   STATE_DIR          replaces state.dir (config/ says /tmp/..., lost with the container)
# Unset or empty variables leave the file's value. JAVA_OPTS is passed to the JVM.
set -euo pipefail

config=${STREAMS_APP_CONFIG:?set STREAMS_APP_CONFIG to a streams-app properties file}
effective=$(mktemp /tmp/streams-app-XXXXXX.properties)
cp "$config" "$effective"
echo >>"$effective"
echo "# Overrides from the container environment (docker/streams-app/entrypoint.sh)" >>"$effective"
if [[ -n ${BOOTSTRAP_SERVERS:-} ]]; then
  echo "bootstrap.servers=${BOOTSTRAP_SERVERS}" >>"$effective"
fi
if [[ -n ${STATE_DIR:-} ]]; then
  echo "state.dir=${STATE_DIR}" >>"$effective"
fi

echo "streams-app: ${config} with bootstrap.servers=${BOOTSTRAP_SERVERS:-<from file>} state.dir=${STATE_DIR:-<from file>}"
# shellcheck disable=SC2086  # JAVA_OPTS is a list of options
exec java ${JAVA_OPTS:-} -jar /opt/streams-app/timestream-streams-app.jar "$effective"
