#!/usr/bin/env bash
# Submits a distributed cleave run to Slurm: an array of N extract tasks (one
# shard each), then a merge that starts only when every task succeeded.
#
#   scripts/slurm/submit.sh BUILD_DIR FACTS_DIR OUT_DIR N [--wait] [extract options...] [-- merge options...]
#
#   BUILD_DIR  holds compile_commands.json; it must be readable from the compute nodes
#   FACTS_DIR  shared directory for shard-K-of-N.facts; created, and must not hold
#              .facts files already (shards of another run would mix with these)
#   OUT_DIR    where the merge writes what `cleave analyze -o OUT_DIR` would write
#   N          number of shards (array tasks)
#   --wait     block until the merge ends; exit with its status (non-zero too when
#              an extract task failed and the merge was therefore cancelled)
#   options before `--` go to `cleave extract` (--root, --include, --exclude,
#   --no-cache, -j); options after `--` go to `cleave merge` (--format, --config).
#
# Prints the array job id and the merge job id, one per line ("extract ID",
# "merge ID"). Logs go to FACTS_DIR/logs/.
#
# Environment:
#   CLEAVE                      the cleave binary (default: `cleave` on PATH); exported to the jobs
#   CLEAVE_EXTRACT_SBATCH_ARGS  extra sbatch options for the array, e.g. "--partition=short --cpus-per-task=4"
#   CLEAVE_MERGE_SBATCH_ARGS    extra sbatch options for the merge, e.g. "--mem=8G"
#   SBATCH_PARTITION, SBATCH_ACCOUNT, ...  read by sbatch itself for both jobs
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"

usage() {
  echo "usage: $(sed -n '5s/^# *//p' "$0")" >&2
  exit 2
}
[ "$#" -ge 4 ] || usage
build_dir="$(realpath -m "$1")"
facts_dir="$(realpath -m "$2")"
out_dir="$(realpath -m "$3")"
shards="$4"
shift 4
case "$shards" in '' | *[!0-9]* | 0) echo "submit.sh: N must be a positive integer, got '$shards'" >&2; exit 2 ;; esac

wait_for_merge=0
extract_args=()
merge_args=()
while [ "$#" -gt 0 ]; do
  case "$1" in
    --wait) wait_for_merge=1 ;;
    --) shift; merge_args=("$@"); break ;;
    *) extract_args+=("$1") ;;
  esac
  shift
done

if [ ! -f "$build_dir/compile_commands.json" ]; then
  echo "submit.sh: $build_dir/compile_commands.json not found" >&2
  exit 2
fi
mkdir -p "$facts_dir/logs"
if compgen -G "$facts_dir/*.facts" >/dev/null; then
  echo "submit.sh: $facts_dir already holds .facts files; empty it or choose another FACTS_DIR" >&2
  exit 2
fi
# The jobs run a copy of the script, so they get the binary by absolute path.
cleave_bin="${CLEAVE:-cleave}"
if [[ "$cleave_bin" == */* ]]; then cleave_bin="$(realpath -m "$cleave_bin")"; fi
export CLEAVE="$cleave_bin"
# N for the tasks (extract.sbatch reads it before SLURM_ARRAY_TASK_COUNT); set here so a
# CLEAVE_SHARDS left in the environment cannot disagree with N.
export CLEAVE_SHARDS="$shards"

read -r -a extract_sbatch <<<"${CLEAVE_EXTRACT_SBATCH_ARGS:-}"
read -r -a merge_sbatch <<<"${CLEAVE_MERGE_SBATCH_ARGS:-}"

# Our --output first: the user's options come later on the line and win.
array_id="$(sbatch --parsable --array="1-$shards" --output="$facts_dir/logs/extract-%A_%a.out" \
  "${extract_sbatch[@]}" "$here/extract.sbatch" "$build_dir" "$facts_dir" "${extract_args[@]}")"
array_id="${array_id%%;*}"  # --parsable prints "id;cluster" on federated setups
# afterok: the merge runs only if every array task exited 0; otherwise Slurm
# cancels it instead of leaving it pending forever.
merge_id="$(sbatch --parsable --dependency="afterok:$array_id" --kill-on-invalid-dep=yes \
  --output="$facts_dir/logs/merge-%j.out" \
  "${merge_sbatch[@]}" "$here/merge.sbatch" "$facts_dir" "$out_dir" "${merge_args[@]}")"
merge_id="${merge_id%%;*}"
echo "extract $array_id"
echo "merge $merge_id"

[ "$wait_for_merge" = 1 ] || exit 0

# scontrol keeps a finished job for MinJobAge (300 s by default); poll well within it.
job_field() { scontrol show job -o "$merge_id" 2>/dev/null | tr ' ' '\n' | sed -n "s/^$1=//p"; }
unknown=0
while :; do
  state="$(job_field JobState)"
  case "$state" in
    PENDING | CONFIGURING | RUNNING | COMPLETING | SUSPENDED | REQUEUED | RESIZING) unknown=0 ;;
    '')
      unknown=$((unknown + 1))
      if [ "$unknown" -ge 30 ]; then
        echo "submit.sh: scontrol no longer knows job $merge_id; its state is unknown" >&2
        exit 1
      fi
      ;;
    *) break ;;
  esac
  sleep 2
done
exit_code="$(job_field ExitCode)"
exit_code="${exit_code%%:*}"
echo "merge $merge_id: $state (exit ${exit_code:-?}); logs in $facts_dir/logs"
case "$state" in
  COMPLETED) exit 0 ;;
  CANCELLED) echo "submit.sh: the merge was cancelled; an extract task failed? see $facts_dir/logs/extract-*.out" >&2 ;;
esac
if [ -n "$exit_code" ] && [ "$exit_code" != 0 ]; then exit "$exit_code"; fi
exit 1
