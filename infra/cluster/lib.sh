# Shared by infra/cluster/{up,down,node}: ports, paths and process helpers. Sourced, not run.
# shellcheck shell=bash
INFRA_DIR="$(cd "$CLUSTER_DIR/.." && pwd)"
IFS=, read -r -a ES_HTTP <<< "${ES_CLUSTER_HTTP_PORTS:-9200,9201,9202}"
IFS=, read -r -a ES_TRANSPORT <<< "${ES_CLUSTER_TRANSPORT_PORTS:-9300,9301,9302}"
IFS=, read -r -a REDIS_PORTS <<< "${REDIS_CLUSTER_PORTS:-7000,7001,7002,7003,7004,7005}"
if (( ${#ES_HTTP[@]} != ${#ES_TRANSPORT[@]} )); then
  echo "ES_CLUSTER_HTTP_PORTS and ES_CLUSTER_TRANSPORT_PORTS must list as many ports" >&2
  exit 2
fi
if (( ${#REDIS_PORTS[@]} < 6 || ${#REDIS_PORTS[@]} % 2 != 0 )); then
  echo "REDIS_CLUSTER_PORTS must list at least six ports, an even number (one replica per primary)" >&2
  exit 2
fi
ES_HEAP="${ES_HEAP:-512m}"
CLUSTER_NAME="${CLUSTER_NAME:-fugong-${ES_HTTP[0]}}"
CLUSTER_DATA="${CLUSTER_DATA_DIR:-$INFRA_DIR/.data/cluster-${ES_HTTP[0]}}"

# pid_alive PIDFILE: the recorded process exists, is not a zombie and is one of ours (guards against pid reuse)
pid_alive() {
  local pid state
  [[ -f "$1" ]] || return 1
  pid="$(cat "$1")"
  [[ -n "$pid" ]] && kill -0 "$pid" 2>/dev/null || return 1
  state="$(ps -o stat= -p "$pid" 2>/dev/null)" || return 1
  [[ "$state" != Z* ]] || return 1
  tr '\0' ' ' < "/proc/$pid/cmdline" 2>/dev/null | grep -qE 'EmbeddedElasticsearch|elasticsearch/run|redis-server|haproxy'
}

# start_bg PIDFILE LOGFILE CMD...: in a new session (so a stop signals the whole group); the pid file holds
# the session leader, which execs into the service itself.
start_bg() {
  local pidfile="$1" logfile="$2" _
  shift 2
  rm -f "$pidfile"
  # shellcheck disable=SC2016  # $$/$0/$@ are for the inner shell
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" >"$logfile" 2>&1 </dev/null &
  disown || true
  for _ in $(seq 1 50); do [[ -s "$pidfile" ]] && break; sleep 0.1; done
}

# stop_pid PIDFILE SIGNAL GRACE: signal the process group, wait up to GRACE seconds, then SIGKILL.
stop_pid() {
  local pidfile="$1" signal="$2" grace="$3" pid _
  pid_alive "$pidfile" || { rm -f "$pidfile"; return 0; }
  pid="$(cat "$pidfile")"
  kill "-$signal" -- "-$pid" 2>/dev/null || kill "-$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 $((grace * 5))); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.2
  done
  if kill -0 "$pid" 2>/dev/null; then
    kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
    sleep 0.3
  fi
  rm -f "$pidfile"
}
