#!/usr/bin/env bash
# The engine under loadgen on a two-node loopback cluster, in one command (docs/performance.md):
#   bench/cluster-load.sh [extra Maven -D options, e.g. -Dbench.load.clients=100 -Dbench.jfr=true]
# Builds the shaded jar (frontend/target/tandem.jar) unless it is newer than every source file, then runs the
# ClusterLoadBenchmark of the bench profile: two nodes from the jar, demo data, an unrecorded warm-up, then
# loadgen with 50 and 100 clients on one board at 5 edits/s each for 30 s over both nodes. Results:
# backend/target/bench/cluster-load.json (and cluster-load-<clients>.json). Loopback only; about 4 minutes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jar=frontend/target/tandem.jar
if [ ! -f "$jar" ] || [ -n "$(find backend/src/main frontend/src/main pom.xml backend/pom.xml frontend/pom.xml -newer "$jar" -type f -print -quit)" ]; then
    echo "cluster-load: building $jar ..." >&2
    mvn -o -q package -DskipTests
fi
exec mvn -o -q -pl backend test -Pbench -Dtest=ClusterLoadBenchmark -Dsurefire.failIfNoSpecifiedTests=false "$@"
