#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server and a single-node Slurm cluster on this machine, all in one folder, for trying
# cluster mode and for the tests. No system service is used or changed; `stop` ends every process and deletes the folder.
#
# Usage: scripts/cluster.sh start|stop|status|env [--dir DIR] [--owner-pid PID]
#   start   initdb + start PostgreSQL on a free loopback port (role and database "semsr", trust authentication),
#           munged with its own key, slurmctld and slurmd (node "localhost", 2 CPUs) on free ports; prints the
#           export lines of `env`. With --owner-pid, everything is stopped when that process ends.
#   stop    cancels the cluster's jobs, stops the daemons and deletes DIR
#   status  one line per component; exit 0 when all are running, 1 otherwise
#   env     export lines: SEMSR_TEST_PG (Npgsql connection string), PGHOST/PGPORT/PGUSER/PGDATABASE, SLURM_CONF, PATH
# DIR defaults to $SEMSR_CLUSTER_DIR, else ${TMPDIR:-/tmp}/semsr-cluster-$USER; it must be enterable by the
# postgres and munge users. start and stop need root: as another user the script runs itself again through sudo.
set -euo pipefail

PG_BIN=${SEMSR_PG_BIN:-/usr/lib/postgresql/15/bin}
readonly SBIN=/usr/sbin MARKER=.semsr-cluster WAIT_SECONDS=90 PG_ROLE=semsr
script=$(readlink -f "$0")

die() { echo "cluster: $*" >&2; exit 1; }
note() { echo "cluster: $*" >&2; }

verb=${1:-}; shift || true
dir=${SEMSR_CLUSTER_DIR:-${TMPDIR:-/tmp}/semsr-cluster-$(id -un)}
owner_pid=""
while (($#)); do
  case "$1" in
    --dir) dir=${2:?--dir needs a folder}; shift 2 ;;
    --owner-pid) owner_pid=${2:?--owner-pid needs a process id}; shift 2 ;;
    *) die "unknown option $1 (usage: scripts/cluster.sh start|stop|status|env [--dir DIR] [--owner-pid PID])" ;;
  esac
done
[[ $verb =~ ^(start|stop|status|env)$ ]] || die "usage: scripts/cluster.sh start|stop|status|env [--dir DIR] [--owner-pid PID]"
[[ $dir == /* ]] || dir="$PWD/$dir"

if [[ $(id -u) -ne 0 && $verb =~ ^(start|stop)$ ]]; then
  command -v sudo >/dev/null || die "needs root (slurmd starts jobs as their users; daemons run as the postgres and munge users) and sudo is not installed"
  exec sudo -- env SEMSR_PG_BIN="$PG_BIN" "$script" "$verb" --dir "$dir" ${owner_pid:+--owner-pid "$owner_pid"}
fi

pg_data=$dir/postgres/data pg_socket=$dir/postgres/socket pg_log=$dir/postgres/postgres.log
munge_dir=$dir/munge munge_socket=$dir/munge/munge.socket
slurm_dir=$dir/slurm slurm_conf=$dir/slurm/slurm.conf
export SLURM_CONF=$slurm_conf

# --- small helpers ------------------------------------------------------------------------------------------------

# Polls the command CONDITION until it succeeds; fails after WAIT_SECONDS, or as soon as the optional command GIVE_UP
# succeeds (a daemon logged that it cannot start). The condition is re-checked, never assumed after a sleep.
wait_for() {
  local what=$1 condition=$2 give_up=${3:-false}
  local deadline=$((SECONDS + WAIT_SECONDS))
  until "$condition" >/dev/null 2>&1; do
    "$give_up" && return 1
    ((SECONDS < deadline)) || { note "timed out after ${WAIT_SECONDS}s waiting for $what"; return 1; }
    sleep 0.2
  done
}

# A running process, not a zombie waiting for a parent that does not reap it.
alive() {
  local stat
  [[ -n ${1:-} ]] && stat=$( { cat "/proc/$1/stat"; } 2>/dev/null ) || return 1
  stat=${stat##*) }
  [[ ${stat%% *} != Z ]]
}
pid_in() { if [[ -s $1 ]]; then head -n1 "$1" | tr -dc '0-9'; fi; }

# Ports some socket on this machine already uses (listening or connected), from /proc: no net-tools needed.
used_ports() {
  local file _ local_address _rest
  for file in /proc/net/tcp /proc/net/tcp6; do
    [[ -r $file ]] || continue
    while read -r _ local_address _rest; do
      [[ $local_address == *:* ]] && echo $((16#${local_address##*:}))
    done < <(tail -n +2 "$file")
  done
}

# A loopback TCP port below the kernel's ephemeral range that nothing uses now and that is not in "$@".
free_port() {
  local used port
  used=" $(used_ports | tr '\n' ' ') $* "
  for _ in $(seq 200); do
    port=$((20000 + RANDOM % 12000))
    [[ $used != *" $port "* ]] && { echo "$port"; return; }
  done
  die "no free TCP port found between 20000 and 32000"
}

# Kills and waits (bounded) for a pid; SIGKILL if it ignores SIGTERM.
end_process() {
  local pid=$1
  alive "$pid" || return 0
  kill -TERM "$pid" 2>/dev/null || true
  local deadline=$((SECONDS + 15))
  while alive "$pid" && ((SECONDS < deadline)); do sleep 0.1; done
  if alive "$pid"; then kill -KILL "$pid" 2>/dev/null || true; fi
}

require_binaries() {
  local missing=() b
  for b in "$PG_BIN/initdb" "$PG_BIN/pg_ctl" "$PG_BIN/psql" "$PG_BIN/pg_isready" "$SBIN/munged" "$SBIN/mungekey" \
           "$SBIN/slurmctld" "$SBIN/slurmd" /usr/bin/scontrol /usr/bin/sbatch /usr/bin/scancel /usr/bin/munge; do
    [[ -x $b ]] || missing+=("$b")
  done
  ((${#missing[@]} == 0)) || die "missing ${missing[*]}: install them with scripts/setup.sh --with-cluster (Debian packages postgresql-15, slurm-wlm, munge)"
  id postgres >/dev/null 2>&1 || die "no 'postgres' user (it comes with Debian's postgresql-15 package)"
  id munge >/dev/null 2>&1 || die "no 'munge' user (it comes with Debian's munge package)"
}

# --- PostgreSQL ---------------------------------------------------------------------------------------------------

as_postgres() { runuser -u postgres -- "$@"; }

start_postgres() {
  install -d -o postgres -g postgres -m 0755 "$dir/postgres" "$pg_socket"
  install -d -o postgres -g postgres -m 0700 "$pg_data"
  as_postgres "$PG_BIN/initdb" -D "$pg_data" --auth=trust --username=postgres --encoding=UTF8 --locale=C --no-sync \
    >"$dir/postgres/initdb.log" 2>&1 || { cat "$dir/postgres/initdb.log" >&2; die "initdb failed"; }
  local port
  for _ in 1 2 3; do
    port=$(free_port)
    if as_postgres "$PG_BIN/pg_ctl" -D "$pg_data" -l "$pg_log" -w -t "$WAIT_SECONDS" \
         -o "-p $port -c listen_addresses=127.0.0.1 -k $pg_socket" start >/dev/null 2>&1; then
      echo "$port" >"$dir/postgres/port"
      "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_socket" -p "$port" -U postgres -d postgres \
        -c "CREATE ROLE $PG_ROLE LOGIN CREATEDB" -c "CREATE DATABASE $PG_ROLE OWNER $PG_ROLE" >/dev/null
      return
    fi
    grep -q "Address already in use" "$pg_log" 2>/dev/null || break   # only a port taken meanwhile is worth a retry
  done
  tail -n 20 "$pg_log" >&2 2>/dev/null || true
  die "PostgreSQL did not start (the end of its log is above)"
}

stop_postgres() {
  [[ -d $pg_data ]] || return 0
  as_postgres "$PG_BIN/pg_ctl" -D "$pg_data" -m fast -w -t 30 stop >/dev/null 2>&1 && return
  end_process "$(pid_in "$pg_data/postmaster.pid")"
}

postgres_port() { if [[ -s $dir/postgres/port ]]; then cat "$dir/postgres/port"; fi; }

# --- munge (authentication between the Slurm daemons and commands) --------------------------------------------------

start_munge() {
  install -d -o munge -g munge -m 0755 "$munge_dir"
  runuser -u munge -- "$SBIN/mungekey" --create --keyfile="$munge_dir/munge.key"
  runuser -u munge -- "$SBIN/munged" --socket="$munge_socket" --key-file="$munge_dir/munge.key" \
    --pid-file="$munge_dir/munged.pid" --log-file="$munge_dir/munged.log" --seed-file="$munge_dir/munged.seed" \
    </dev/null >/dev/null 2>"$dir/munged.stderr" || { cat "$dir/munged.stderr" >&2; die "munged did not start"; }
  wait_for "munged" munge_works || die "munged does not answer on $munge_socket"
}

munge_works() { /usr/bin/munge -n --socket="$munge_socket" | /usr/bin/unmunge --socket="$munge_socket"; }

# --- Slurm --------------------------------------------------------------------------------------------------------

write_slurm_conf() {
  local ctld_port=$1 slurmd_port=$2
  cat >"$slurm_conf" <<EOF
# Single-node Slurm written by scripts/cluster.sh; every path lies in $dir.
ClusterName=semsr
SlurmctldHost=localhost(127.0.0.1)
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$munge_socket
StateSaveLocation=$slurm_dir/state
SlurmdSpoolDir=$slurm_dir/spool
SlurmctldPidFile=$slurm_dir/slurmctld.pid
SlurmdPidFile=$slurm_dir/slurmd.pid
SlurmctldLogFile=$slurm_dir/slurmctld.log
SlurmdLogFile=$slurm_dir/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
# CPUs only: with memory counted too, every job would claim the whole node and array tasks would run one at a time.
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
KillWait=5
NodeName=localhost NodeAddr=127.0.0.1 CPUs=2 State=UNKNOWN
PartitionName=debug Nodes=localhost Default=YES MaxTime=INFINITE State=UP
EOF
}

controller_up() { /usr/bin/scontrol ping | grep -q "is UP"; }
node_idle() { /usr/bin/scontrol show node localhost | grep -Eq "State=IDLE"; }
slurm_failed() { grep -Eqs "fatal:|Address already in use" "$slurm_dir/slurmctld.log" "$slurm_dir/slurmd.log"; }

start_slurm() {
  local ctld_port slurmd_port
  for _ in 1 2 3; do
    install -d -m 0755 "$slurm_dir" "$slurm_dir/state" "$slurm_dir/spool"
    ctld_port=$(free_port); slurmd_port=$(free_port "$ctld_port")
    write_slurm_conf "$ctld_port" "$slurmd_port"
    "$SBIN/slurmctld" -i </dev/null >>"$slurm_dir/slurmctld.log" 2>&1 || true
    if wait_for slurmctld controller_up slurm_failed; then
      "$SBIN/slurmd" -N localhost </dev/null >>"$slurm_dir/slurmd.log" 2>&1 || true
      wait_for "node localhost to register" node_idle slurm_failed && return
    fi
    grep -qs "Address already in use" "$slurm_dir/slurmctld.log" "$slurm_dir/slurmd.log" || break
    stop_slurm_daemons
    rm -rf "$slurm_dir"
  done
  tail -n 20 "$slurm_dir/slurmctld.log" "$slurm_dir/slurmd.log" >&2 2>/dev/null || true
  die "Slurm did not start (the ends of its logs are above)"
}

# Job processes outlive slurmd; they are found by the SLURM_CONF of this cluster in their environment (one grep over
# every process, so the user's own shell, which may export it too, is spared: it has no SLURM_JOB_ID).
cluster_job_pids() {
  local environ pid
  while read -r environ; do
    pid=${environ#/proc/}; pid=${pid%/environ}
    [[ $pid == "$$" ]] && continue
    if grep -qz '^SLURM_JOB_ID=' "$environ" 2>/dev/null || [[ $( { cat "/proc/$pid/comm"; } 2>/dev/null) == slurmstepd ]]; then
      echo "$pid"
    fi
  done < <(grep -lzx "SLURM_CONF=$slurm_conf" /proc/[0-9]*/environ 2>/dev/null || true)
}

stop_slurm_daemons() {
  end_process "$(pid_in "$slurm_dir/slurmd.pid")"
  end_process "$(pid_in "$slurm_dir/slurmctld.pid")"
}

stop_slurm() {
  [[ -f $slurm_conf ]] || return 0
  if controller_up 2>/dev/null; then
    local jobs
    mapfile -t jobs < <(/usr/bin/scontrol -o show job 2>/dev/null | grep -Eo '^JobId=[0-9]+' | cut -d= -f2 || true)
    if ((${#jobs[@]})); then /usr/bin/scancel "${jobs[@]}" 2>/dev/null || true; fi
  fi
  stop_slurm_daemons
  local pid
  for pid in $(cluster_job_pids); do kill -KILL "$pid" 2>/dev/null || true; done
}

# --- verbs --------------------------------------------------------------------------------------------------------

env_lines() {
  local port; port=$(postgres_port)
  cat <<EOF
export SEMSR_TEST_PG='Host=127.0.0.1;Port=$port;Database=$PG_ROLE;Username=$PG_ROLE'
export PGHOST=127.0.0.1 PGPORT=$port PGUSER=$PG_ROLE PGDATABASE=$PG_ROLE
export SLURM_CONF='$slurm_conf'
export PATH="$PG_BIN:\$PATH"
EOF
}

status_lines() {
  local ok=0 port; port=$(postgres_port)
  if [[ -n $port ]] && "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$port"; then echo "postgresql running 127.0.0.1:$port"; else echo "postgresql stopped"; ok=1; fi
  if alive "$(pid_in "$munge_dir/munged.pid")"; then echo "munged     running $munge_socket"; else echo "munged     stopped"; ok=1; fi
  if controller_up 2>/dev/null; then echo "slurmctld  running $(grep -o '^SlurmctldPort=.*' "$slurm_conf")"; else echo "slurmctld  stopped"; ok=1; fi
  if alive "$(pid_in "$slurm_dir/slurmd.pid")"; then echo "slurmd     running node localhost"; else echo "slurmd     stopped"; ok=1; fi
  return $ok
}

stop_all() {
  [[ -e $dir ]] || return 0
  [[ -f $dir/$MARKER ]] || die "$dir was not made by scripts/cluster.sh; not touching it"
  local watchdog; watchdog=$(pid_in "$dir/watchdog.pid")
  [[ -n $watchdog && $watchdog != "$$" ]] && end_process "$watchdog"
  stop_slurm
  end_process "$(pid_in "$munge_dir/munged.pid")"
  stop_postgres
  rm -rf -- "$dir"
}

start_watchdog() {
  # Ends the cluster when the process that asked for it ends, even if that process is killed before its clean-up.
  # shellcheck disable=SC2016 # the inner script's own arguments
  setsid bash -c 'while [[ -d /proc/$1 && -d $2 ]]; do sleep 1; done; exec "$3" stop --dir "$2"' \
    watchdog "$owner_pid" "$dir" "$script" </dev/null >>"$dir/watchdog.log" 2>&1 &
  echo $! >"$dir/watchdog.pid"
}

start_all() {
  require_binaries
  if [[ -f $dir/$MARKER ]] && status_lines >/dev/null 2>&1; then
    note "already running in $dir"; env_lines; return
  fi
  [[ -f $dir/$MARKER ]] && stop_all
  if [[ -e $dir && -n $(ls -A "$dir" 2>/dev/null) ]]; then die "$dir exists and is not empty; choose another --dir"; fi
  install -d -m 0755 "$dir"
  touch "$dir/$MARKER"
  trap 'status=$?; if ((status)); then stop_all || true; fi' EXIT
  runuser -u postgres -- test -x "$dir" || die "the postgres user cannot enter $dir; choose a --dir whose parents others may enter (e.g. under /tmp)"
  runuser -u munge -- test -x "$dir" || die "the munge user cannot enter $dir; choose a --dir whose parents others may enter (e.g. under /tmp)"
  [[ -n $owner_pid ]] && { alive "$owner_pid" || die "--owner-pid $owner_pid is not a running process"; start_watchdog; }
  start_postgres
  start_munge
  start_slurm
  env_lines >"$dir/cluster.env"
  chmod 0644 "$dir/cluster.env"
  note "running in $dir: PostgreSQL on 127.0.0.1:$(postgres_port), Slurm node localhost (2 CPUs); 'scripts/cluster.sh stop --dir $dir' ends it"
  cat "$dir/cluster.env"
  trap - EXIT
}

case "$verb" in
  start) start_all ;;
  stop) stop_all ;;
  status) [[ -f $dir/$MARKER ]] || { echo "no cluster in $dir"; exit 1; }; status_lines ;;
  env) [[ -r $dir/cluster.env ]] || die "no running cluster in $dir (scripts/cluster.sh start --dir $dir starts one)"; cat "$dir/cluster.env" ;;
esac
