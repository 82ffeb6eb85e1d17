# Shared by loadgen/bench-* scripts (sourced, not run): build loadgen, reuse or start the local
# platform, find server pids, run a benchmark class on JDK 25. Expects $root and `set -euo pipefail`.
# shellcheck shell=bash

home="${ROOMCAST_HOME:-$root/.roomcast}"
classpath_file="loadgen/target/runtime.classpath"

# bench_build: builds loadgen (and schemas) when missing or older than its sources.
bench_build() {
  local stamp="loadgen/target/bench.stamp"
  if [ ! -f "$stamp" ] || [ -n "$(find pom.xml schemas loadgen -newer "$stamp" -type f \( -path '*/src/*' -o -name pom.xml \) -not -path '*/target/*' -print -quit)" ]; then
    echo "bench: building loadgen ..." >&2
    mkdir -p loadgen/target
    if ! ./mvnw -q -B -pl loadgen -am install -Dmaven.test.skip=true > loadgen/target/build.log 2>&1; then
      tail -40 loadgen/target/build.log >&2
      echo "bench: build failed (full log: loadgen/target/build.log)" >&2
      exit 1
    fi
    touch "$stamp"
  fi
}

# bench_build_with <name> <modules> <folders...>: builds the comma-separated Maven modules (and what they need) when
# loadgen/target/bench-<name>.stamp is missing or older than a source or pom.xml in the folders (and pom.xml);
# log loadgen/target/build-<name>.log.
bench_build_with() {
  local name="$1" modules="$2"
  shift 2
  local stamp="loadgen/target/bench-$name.stamp" log="loadgen/target/build-$name.log"
  if [ ! -f "$stamp" ] || [ -n "$(find pom.xml "$@" -newer "$stamp" -type f \( -path '*/src/*' -o -name pom.xml \) -not -path '*/target/*' -print -quit)" ]; then
    echo "bench-$name: building $modules ..." >&2
    mkdir -p loadgen/target
    if ! ./mvnw -q -B -pl "$modules" -am install -Dmaven.test.skip=true > "$log" 2>&1; then
      tail -40 "$log" >&2
      echo "bench-$name: build failed (full log: $log)" >&2
      exit 1
    fi
    touch "$stamp"
  fi
}

# bench_java <heap> <main class> <args...>: runs a loadgen class on JDK 25.
bench_java() {
  local heap="$1" main="$2"
  shift 2
  "$JAVA_HOME/bin/java" -Xms512m "-Xmx$heap" -XX:+UseParallelGC -cp "loadgen/target/classes:$(cat "$classpath_file")" "$main" "$@"
}

# bench_platform <health url> [java tool options]: reuses a running platform, or starts
# ./roomcast up in the background (stopped on exit). Sets started_here=1 when it started one.
started_here=""
bench_stop_platform() {
  if [ -n "$started_here" ]; then
    echo "bench: stopping the platform this script started ..." >&2
    ./roomcast down > /dev/null 2>&1 || true
  fi
}
bench_platform() {
  local health="$1" tool_options="${2:-}" up_log="$home/logs/bench-up.log"
  if curl -sf "$health" > /dev/null; then
    if [ -n "$tool_options" ]; then
      echo "bench: JVM options for the services need a platform started by this script, but one is running already" >&2
      exit 2
    fi
    echo "bench: using the running platform ($health)" >&2
    return
  fi
  echo "bench: starting the platform (./roomcast up, log $up_log) ..." >&2
  mkdir -p "$home/logs"
  started_here=1
  trap bench_stop_platform EXIT
  if [ -n "$tool_options" ]; then
    echo "bench: service JVM options: $tool_options" >&2
    JAVA_TOOL_OPTIONS="$tool_options" nohup ./roomcast up > "$up_log" 2>&1 &
  else
    nohup ./roomcast up > "$up_log" 2>&1 &
  fi
  local up_pid=$!
  for _ in $(seq 1 600); do   # up to 10 minutes: the first run builds and resolves dependencies
    if grep -q "Press Ctrl-C" "$up_log" 2>/dev/null; then
      break
    fi
    if ! kill -0 "$up_pid" 2> /dev/null; then
      tail -20 "$up_log" >&2
      echo "bench: ./roomcast up failed (log $up_log)" >&2
      started_here=""
      exit 1
    fi
    sleep 1
  done
  if ! curl -sf "$health" > /dev/null; then
    tail -20 "$up_log" >&2
    echo "bench: the platform did not come up (log $up_log)" >&2
    exit 1
  fi
}

# pid_of <pid file> <pattern for pgrep -f>: a server's pid from ./roomcast up's pid file, else by command line.
pid_of() {
  local pid=""
  if [ -f "$1" ]; then
    pid="$(head -1 "$1" | tr -d '[:space:]')"
  fi
  if [ -z "$pid" ] || ! kill -0 "$pid" 2> /dev/null; then
    pid="$(pgrep -f -o "$2" 2> /dev/null || true)"
  fi
  echo "$pid"
}

# add_watch <name> <pid>: appends name=pid to $watch (the processes whose CPU a benchmark samples).
watch=""
add_watch() {
  if [ -n "$2" ]; then
    watch="${watch:+$watch,}$1=$2"
  fi
}
