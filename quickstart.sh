#!/usr/bin/env bash
# The main job in one command: builds what it needs, then runs the whole pipeline on 127.0.0.1
# (Kafka broker, Kafka Connect with our connector from its plugin zip, timestream-local, the streams
# app) on the seed document's scenarios, with live progress and a report.
#   ./quickstart.sh --help          all options
#   QUICKSTART_SKIP_BUILD=1 ./quickstart.sh ...   reuse the last build
set -euo pipefail
cd "$(dirname "$0")"

fail() { echo "quickstart: $*" >&2; exit 1; }

command -v java >/dev/null 2>&1 || fail "java not found: install a Java 17 (or newer) JDK and put it on PATH"
version=$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}')
major=${version#1.}      # 1.8 -> 8
major=${major%%.*}
[ -n "$major" ] && [ "$major" -ge 17 ] 2>/dev/null \
  || fail "Java ${version:-?} found, but the quickstart needs Java 17 or newer (set JAVA_HOME and PATH)"

if [ -z "${QUICKSTART_SKIP_BUILD:-}" ]; then
  command -v mvn >/dev/null 2>&1 || fail "mvn not found: install Maven 3.8+ (or set QUICKSTART_SKIP_BUILD=1 after a build)"
  echo "Building (mvn -B -q package -DskipTests -pl quickstart -am; the first build downloads dependencies)..."
  mvn -B -q package -DskipTests -Dspotless.check.skip=true -pl quickstart -am \
    || fail "the build failed (see above)"
fi
[ -f quickstart/target/tskafka-quickstart.jar ] || fail "quickstart/target/tskafka-quickstart.jar is missing: run without QUICKSTART_SKIP_BUILD"
exec java -Xmx3g -jar quickstart/target/tskafka-quickstart.jar "$@"
