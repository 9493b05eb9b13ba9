#!/usr/bin/env bash
# Instructions per call of the SDK and of raw reqwest, counted by callgrind
# (valgrind) in the sdk_overhead bench's profiling loop. Counts do not move
# with machine load, so a change's cost can be measured on a busy machine;
# the bench's timed ratios stay the figures of record (BENCHMARKS.md).
#
#   bash scripts/bench-instructions.sh            # both sides, 1 caller
#   bash scripts/bench-instructions.sh --diff     # also the functions whose
#                                                 # cost differs most
# Needs valgrind (callgrind_annotate) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${TMPDIR:-/tmp}/sdk-instructions
mkdir -p "$out"
bench=$(cargo bench -p e2e-tests --bench sdk_overhead --no-run --message-format=json 2>/dev/null \
  | python3 -c 'import json,sys
for l in sys.stdin:
    m=json.loads(l)
    if m.get("reason")=="compiler-artifact" and m["target"]["name"]=="sdk_overhead" and m.get("executable"): print(m["executable"])')
cd tests
for side in sdk raw; do
  # Both sides run interleaved in one process; only one side's polls count.
  SDK_OVERHEAD_PROFILE=both SDK_OVERHEAD_CONCURRENCY=1 \
    valgrind --tool=callgrind --toggle-collect="sdk_overhead::profile::poll_$side" \
    --callgrind-out-file="$out/$side.out" "$bench" --bench 2>/dev/null \
    | awk '/calls of each/ {print $1}' > "$out/$side.calls" &
done
wait
python3 - "$out" "${1:-}" <<'PY'
import re, subprocess, sys
out, mode = sys.argv[1], sys.argv[2]
def load(side):
    calls = int(open(f"{out}/{side}.calls").read())
    text = subprocess.run(["callgrind_annotate", "--threshold=100", f"{out}/{side}.out"],
                          capture_output=True, text=True, check=True).stdout
    cost = {}
    for line in text.splitlines():
        m = re.match(r"^\s*([0-9,]+) \(\s*[0-9.]+%\)\s+(.*)$", line)
        if m:
            name = re.sub(r" \[[^]]*\]$", "", m.group(2)).replace("???:", "")
            cost[name] = cost.get(name, 0) + int(m.group(1).replace(",", "")) / calls
    return calls, cost
(ns, sdk), (nr, raw) = load("sdk"), load("raw")
total = "PROGRAM TOTALS"
print(f"instructions per call: sdk {sdk[total]:.0f} ({ns} calls), raw {raw[total]:.0f} ({nr} calls), "
      f"sdk adds {sdk[total] - raw[total]:.0f}")
if mode == "--diff":
    rows = sorted(((sdk.get(k, 0) - raw.get(k, 0), k) for k in set(sdk) | set(raw)), reverse=True)
    for d, k in rows[1:21]:
        print(f"{d:8.0f}  {k[:120]}")
PY
