#!/usr/bin/env bash
# Creates or updates every connector in config/connector-*.json through config/deploy-connector.sh,
# the same script a user runs by hand, after rewriting timestream.endpoint for this network.
# Run by the one-shot deploy-connectors service of docker/docker-compose.yml.
#
#   CONFIG_DIR           the mounted config/ directory            (default /etc/tskafka/config)
#   CONNECT_URL          the Connect REST API                     (default http://connect:8083)
#   TIMESTREAM_ENDPOINT  written into every timestream.endpoint   (default http://timestream-local:8000);
#                        set it to an empty value for real Amazon Timestream (endpoint discovery)
#   CONNECTORS           file names to deploy, space-separated    (default: every connector-*.json)
#
# The connector name is the last word of the file's "// Deploy: ..." comment line, e.g.
# iot-sensors-timestream, or the file name without "connector-" and ".json" plus "-timestream".
set -euo pipefail

config_dir=${CONFIG_DIR:-/etc/tskafka/config}
connect_url=${CONNECT_URL:-http://connect:8083}
# ${VAR-default}, not ${VAR:-default}: an empty TIMESTREAM_ENDPOINT is meaningful (real AWS).
endpoint=${TIMESTREAM_ENDPOINT-http://timestream-local:8000}

echo "Waiting for Kafka Connect at ${connect_url} ..."
for _ in $(seq 1 90); do
  if curl -fsS "${connect_url}/connectors" >/dev/null 2>&1; then
    break
  fi
  sleep 2
done
curl -fsS "${connect_url}/connectors" >/dev/null

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [[ -n ${CONNECTORS:-} ]]; then
  files=()
  for f in ${CONNECTORS}; do files+=("${config_dir}/${f}"); done
else
  files=("${config_dir}"/connector-*.json)
fi

for file in "${files[@]}"; do
  base=$(basename "$file")
  name=$(sed -n 's#^[[:space:]]*//[[:space:]]*Deploy:.*[[:space:]]\([^[:space:]]\{1,\}\)[[:space:]]*$#\1#p' "$file" | head -n 1)
  if [[ -z $name ]]; then
    name="${base#connector-}"
    name="${name%.json}-timestream"
  fi
  sed "s#\"timestream.endpoint\"[[:space:]]*:[[:space:]]*\"[^\"]*\"#\"timestream.endpoint\": \"${endpoint}\"#" \
    "$file" >"${work}/${base}"
  echo "Deploying ${base} as ${name} (timestream.endpoint=${endpoint:-<AWS>})"
  bash "${config_dir}/deploy-connector.sh" "${work}/${base}" "$name" "$connect_url"
done
