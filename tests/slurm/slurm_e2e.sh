#!/usr/bin/env bash
# End to end on a real single-node Slurm: starts munged, slurmctld and slurmd
# of its own (sockets, ports, state and logs under a temp dir, nothing of the
# system's), then
#   1. an array job and a job that depends on it (the cluster works),
#   2. scripts/slurm/submit.sh with a stand-in cleave whose shard 2 fails:
#      --wait exits non-zero, the merge never runs, the options reach extract,
#      and shard 2 can then be run again alone,
#   3. scripts/slurm/submit.sh with the real cleave on the vetclinic sample in
#      3 shards: the merged output equals a local `cleave analyze`, byte for byte.
# It fails, naming the daemon and printing its log, when Slurm cannot start;
# it never skips.
#
# Usage: slurm_e2e.sh CLEAVE_BINARY SOURCE_DIR   (run as root: slurmd must be)
set -euo pipefail

if [ "$#" -ne 2 ]; then
  echo "usage: $0 CLEAVE_BINARY SOURCE_DIR" >&2
  exit 2
fi
cleave="$(realpath "$1")"
src="$(realpath "$2")"
submit="$src/scripts/slurm/submit.sh"

fail() {
  echo "FAIL: $*" >&2
  exit 1
}
[ "$(id -u)" = 0 ] || fail "this test starts slurmd, which must run as root; run ctest as root"
for tool in munged munge unmunge slurmctld slurmd sbatch sinfo squeue scontrol scancel python3; do
  command -v "$tool" >/dev/null || fail "$tool not found; run scripts/install-deps.sh --with-slurm"
done

tmp="$(mktemp -d /tmp/cleave-slurm.XXXXXX)"
chmod 700 "$tmp"
pids=()
teardown() {
  local rc=$?
  if [ -n "${SLURM_CONF:-}" ] && [ -f "$SLURM_CONF" ]; then scancel --full --quiet --user=root 2>/dev/null || true; fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[$i]}" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
  done
  if [ "$rc" != 0 ]; then echo "test failed (exit $rc); logs kept in $tmp" >&2; else rm -rf "$tmp"; fi
  exit "$rc"
}
trap teardown EXIT
trap 'exit 130' INT TERM

show_logs() {
  for f in "$tmp"/log/*; do
    [ -f "$f" ] || continue
    echo "---- $f (last 60 lines)" >&2
    tail -n 60 "$f" >&2
  done
}

# Waits up to $1 seconds for the command after it to succeed.
wait_for() {
  local seconds="$1"
  shift
  for _ in $(seq $((seconds * 5))); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 0.2
  done
  return 1
}

mkdir -p "$tmp"/{munge,log,state,spool,run} "$tmp/spool/$(hostname -s)"

# ---- munge: its own key and socket, so no system munged is needed or touched.
dd if=/dev/urandom of="$tmp/munge/munge.key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/munge.key"
socket="$tmp/munge/munge.socket"
munged --foreground --force --socket="$socket" --key-file="$tmp/munge/munge.key" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" --seed-file="$tmp/munge/munged.seed" \
  >>"$tmp/log/munged.log" 2>&1 &
pids+=($!)
munge_roundtrip() { munge -S "$socket" -n | unmunge -S "$socket"; }
if ! wait_for 20 munge_roundtrip; then
  show_logs
  fail "munged did not start (no credential round trip on $socket within 20 s)"
fi
echo "munged up on $socket"

# ---- slurm.conf: one node on the loopback host with this machine's CPUs.
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
node="$(hostname -s)"
cpus="$(nproc)"
mem_mb="$(awk '/MemTotal/ {print int($2 / 1024 * 0.9)}' /proc/meminfo)"
export SLURM_CONF="$tmp/slurm.conf"
cat >"$SLURM_CONF" <<CONF
ClusterName=cleavetest
SlurmctldHost=$node(127.0.0.1)
SlurmctldPort=$(free_port)
SlurmdPort=$(free_port)
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool/%n
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
JobCompType=jobcomp/none
MpiDefault=none
SwitchType=switch/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
ReturnToService=2
MinJobAge=600
MailProg=/bin/true
NodeName=$node NodeAddr=127.0.0.1 NodeHostname=$node CPUs=$cpus RealMemory=$mem_mb State=UNKNOWN
PartitionName=test Nodes=$node Default=YES MaxTime=INFINITE State=UP
CONF

slurmctld -D -i -f "$SLURM_CONF" >>"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
ctld_pid=$!
if ! wait_for 30 scontrol ping; then
  show_logs
  kill -0 "$ctld_pid" 2>/dev/null || fail "slurmctld exited at start (logs above)"
  fail "slurmctld did not answer scontrol ping within 30 s (logs above)"
fi
slurmd -D -N "$node" -f "$SLURM_CONF" >>"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
slurmd_pid=$!
node_idle() { sinfo -h -N -n "$node" -o '%T' | grep -qx idle; }
if ! wait_for 60 node_idle; then
  show_logs
  kill -0 "$slurmd_pid" 2>/dev/null || fail "slurmd exited at start (logs above)"
  fail "node $node not idle within 60 s: $(sinfo -h -N -o '%N %T %E' 2>&1) (logs above)"
fi
echo "slurm up: $(sinfo -h -N -o '%N %T %c CPUs')"

# Waits until job $1 has left the queue, then prints its JobState.
job_end_state() {
  local id="$1"
  for _ in $(seq 300); do
    [ -z "$(squeue -h -j "$id" -o %T 2>/dev/null)" ] && break
    sleep 1
  done
  scontrol show job -o "$id" | tr ' ' '\n' | sed -n 's/^JobState=//p' | sort -u | tr '\n' ' '
}

# ---- 1. the cluster runs an array and a job that waits for it.
smoke="$tmp/smoke"
mkdir -p "$smoke"
# shellcheck disable=SC2016  # the job expands them
array="$(sbatch --parsable --array=1-3 --output="$smoke/array-%a.out" \
  --wrap 'hostname; echo "task $SLURM_ARRAY_TASK_ID of $SLURM_ARRAY_TASK_COUNT"')"
after="$(sbatch --parsable --dependency="afterok:$array" --output="$smoke/after.out" \
  --wrap "ls $smoke/array-*.out | wc -l")"
state="$(job_end_state "$after")"
if [ "$state" != "COMPLETED " ]; then
  show_logs
  fail "dependent job $after ended $state"
fi
for k in 1 2 3; do
  grep -qx "$node" "$smoke/array-$k.out" || fail "array task $k did not run hostname: $(cat "$smoke/array-$k.out" 2>&1)"
  grep -qx "task $k of 3" "$smoke/array-$k.out" || fail "array task $k saw the wrong ids: $(cat "$smoke/array-$k.out")"
done
[ "$(cat "$smoke/after.out")" = 3 ] || fail "the dependent job ran before all 3 array tasks wrote their output"
echo "ok 1: array of 3 and a dependent job"

# ---- 2. submit.sh with a stand-in cleave whose shard 2 fails: no merge;
#         then shard 2 alone again, as docs/scale.md says to.
stand_in="$tmp/stand-in-cleave"
cat >"$stand_in" <<'STANDIN'
#!/usr/bin/env bash
# extract -p B --shard K/N -o F ...: records its arguments in F/shard-K-of-N.facts,
# fails for K=$STANDIN_FAIL_SHARD; merge F -o O ...: records its arguments in O/merged.
case "$1" in
  extract) shard="$5"; out="$7"
    if [ "${shard%/*}" = "${STANDIN_FAIL_SHARD:-}" ]; then echo "stand-in: shard $shard fails" >&2; exit 3; fi
    echo "$*" >"$out/shard-${shard%/*}-of-${shard#*/}.facts" ;;
  merge) mkdir -p "$4"; echo "$*" >"$4/merged" ;;
esac
STANDIN
chmod +x "$stand_in"
build="$tmp/build-vetclinic"
cmake -S "$src/samples/vetclinic" -B "$build" >"$tmp/log/cmake-vetclinic.log" 2>&1 ||
  { cat "$tmp/log/cmake-vetclinic.log" >&2; fail "configuring samples/vetclinic"; }
facts="$tmp/failing-facts"
set +e
CLEAVE="$stand_in" STANDIN_FAIL_SHARD=2 "$submit" "$build" "$facts" "$tmp/failing-out" 3 --wait \
  --exclude 'tests/*' -- --format json >"$tmp/failing.log" 2>&1
rc=$?
set -e
cat "$tmp/failing.log"
[ "$rc" != 0 ] || fail "submit.sh --wait exited 0 although shard 2 failed"
[ ! -e "$tmp/failing-out/merged" ] || fail "the merge ran although shard 2 failed"
for k in 1 3; do
  [ -f "$facts/shard-$k-of-3.facts" ] || fail "shard $k of the failing run is missing: $(ls "$facts")"
done
expected="extract -p $build --shard 1/3 -o $facts -j 2 --exclude tests/*"
[ "$(cat "$facts/shard-1-of-3.facts")" = "$expected" ] ||
  fail "extract.sbatch ran '$(cat "$facts/shard-1-of-3.facts")', expected '$expected'"
echo "ok 2: a failing shard stops the merge and submit.sh --wait exits $rc"

rerun="$(CLEAVE="$stand_in" CLEAVE_SHARDS=3 sbatch --parsable --array=2 --output="$facts/logs/rerun-%a.out" \
  "$src/scripts/slurm/extract.sbatch" "$build" "$facts")"
state="$(job_end_state "$rerun")"
[ "$state" = "COMPLETED " ] || fail "the rerun of shard 2 ended $state: $(cat "$facts"/logs/rerun-*.out)"
[ -f "$facts/shard-2-of-3.facts" ] || fail "the rerun of shard 2 wrote no shard-2-of-3.facts: $(ls "$facts")"
echo "ok 2b: shard 2 of 3 run again alone with CLEAVE_SHARDS=3"

# ---- 3. the real thing: vetclinic in 3 shards equals one local analyze.
"$cleave" extract --help >/dev/null 2>&1 || fail "$cleave has no 'extract' command"
"$cleave" merge --help >/dev/null 2>&1 || fail "$cleave has no 'merge' command"
if ! CLEAVE="$cleave" CLEAVE_EXTRACT_SBATCH_ARGS="--cpus-per-task=1" \
  "$submit" "$build" "$tmp/facts" "$tmp/merged" 3 --wait; then
  for f in "$tmp"/facts/logs/*; do echo "---- $f" >&2; cat "$f" >&2; done
  show_logs
  fail "submit.sh --wait on vetclinic failed"
fi
for k in 1 2 3; do
  [ -s "$tmp/facts/shard-$k-of-3.facts" ] || fail "shard $k of 3 wrote no facts: $(ls "$tmp/facts")"
done
"$cleave" analyze --no-progress --no-cache -p "$build" -o "$tmp/local" >"$tmp/log/local-analyze.log" 2>&1 ||
  { cat "$tmp/log/local-analyze.log" >&2; fail "local cleave analyze failed"; }
if ! diff -r "$tmp/local" "$tmp/merged" >"$tmp/diff.txt"; then
  head -c 20000 "$tmp/diff.txt" >&2
  fail "the merged output of 3 Slurm shards differs from a local cleave analyze (diff above)"
fi
[ -n "$(ls -A "$tmp/local")" ] || fail "cleave analyze wrote nothing, the comparison proves nothing"
echo "ok 3: 3 shards on Slurm merged == local analyze ($(find "$tmp/local" -type f | wc -l) files)"
