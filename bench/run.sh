#!/usr/bin/env bash
# Whole-process benchmarks (issue 8): one sheet and generated counties of
# 200 and 500 sheets, rendered to every available format by the release
# binary. Prints medians (hyperfine when installed, else repeated runs),
# peak memory (/usr/bin/time -v) and output sizes. Budgets are in README.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --release -q
BIN="$PWD/target/release/zongjie"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
FORMATS="${FORMATS:-all}"
# Fall back to the formats this build supports.
if ! "$BIN" render data/青石镇.toml -f "$FORMATS" -o "$WORK/probe" -q 2>/dev/null; then FORMATS=txt; fi

county() { # county N DIR: N village sheets made from the example sheets
  mkdir -p "$2"
  cp data/*.csv "$2/"   # the ledger 白鹭镇 names, shared by its copies
  local i=0
  while [ "$i" -lt "$1" ]; do
    for s in data/*.toml; do
      [ "$i" -ge "$1" ] && break
      local area; area="$(basename "$s" .toml)"
      sed "s/^area = \"$area\"/area = \"${area}$i\"/" "$s" > "$2/${area}$i.toml"
      i=$((i + 1))
    done
  done
}
county 200 "$WORK/c200"
county 500 "$WORK/c500"
ledgers() { # ledgers N DIR: N townships like 白鹭镇, each with its own 40-row ledger
  mkdir -p "$2"
  local i=0
  while [ "$i" -lt "$1" ]; do
    sed -e "s/^area = \"白鹭镇\"/area = \"白鹭镇$i\"/" -e "s/白鹭镇台账.csv/台账$i.csv/" data/白鹭镇.toml > "$2/白鹭镇$i.toml"
    { cat data/白鹭镇台账.csv; sed -n 2,5p data/白鹭镇台账.csv; } > "$2/台账$i.csv"
    i=$((i + 1))
  done
}
ledgers 500 "$WORK/l500"

median() { # median CMD...: median wall seconds of 7 runs
  if command -v hyperfine >/dev/null; then
    hyperfine -N -w 2 -r 7 --export-json "$WORK/h.json" "$*" >/dev/null 2>&1
    python3 -c "import json;print('%.3f' % json.load(open('$WORK/h.json'))['results'][0]['median'])"
  else
    local ts=()
    for _ in 1 2 3 4 5 6 7; do
      local a b; a=$(date +%s%N); "$@" >/dev/null 2>&1 || true; b=$(date +%s%N)
      ts+=("$(( (b - a) / 1000 ))")
    done
    printf '%s\n' "${ts[@]}" | sort -n | sed -n 4p | awk '{printf "%.3f\n", $1/1e6}'
  fi
}
peak() { /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F: '/Maximum resident/ {printf "%.1f", $2/1024}'; }

printf '%-30s %9s %9s %9s %8s  %s\n' "case (formats: $FORMATS)" "median s" "budget s" "peak MB" "output" "within"
run_case() { # name budget-seconds out-dir args...
  local name="$1" budget="$2" out="$3"; shift 3
  local m p size ok
  m=$(median "$BIN" render "$@" -f "$FORMATS" -o "$out" -q)
  rm -rf "$out"; p=$(peak "$BIN" render "$@" -f "$FORMATS" -o "$out" -q)
  size=$(du -sh "$out" | cut -f1)
  ok=$(awk -v m="$m" -v b="$budget" -v p="$p" -v pb="$PEAK_BUDGET" 'BEGIN { print (m <= b && p <= pb) ? "yes" : "NO" }')
  printf '%-30s %9s %9s %9s %8s  %s\n' "$name" "$m" "$budget" "$p" "$size" "$ok"
}
PEAK_BUDGET=60 run_case "1 sheet, both periods"   0.040 "$WORK/o1"   data/青石镇.toml
PEAK_BUDGET=60 run_case "1 sheet, full year"      0.040 "$WORK/o1y"  data/青石镇.toml -p year
PEAK_BUDGET=120 run_case "200 sheets, both periods" 3     "$WORK/o200" "$WORK/c200"
PEAK_BUDGET=120 run_case "500 sheets, both periods" 7     "$WORK/o500" "$WORK/c500"
PEAK_BUDGET=120 run_case "500 sheets with 40-row ledgers" 5 "$WORK/ol500" "$WORK/l500"
if [ -d "$WORK/o1y" ] || "$BIN" render data/青石镇.toml -p year -f "$FORMATS" -o "$WORK/o1y" -q; then
  for f in "$WORK"/o1y/*; do printf '  %-40s %8d bytes\n' "$(basename "$f")" "$(stat -c %s "$f")"; done
fi
# The size budget: a five-page report's PDF <= 150 KB.
if "$BIN" render tests/fixtures/five-pages.toml -p year -f pdf -o "$WORK/o5" -q 2>/dev/null; then
  for f in "$WORK"/o5/*.pdf; do
    pages=$(pdfinfo "$f" 2>/dev/null | awk '/^Pages:/ {print $2}')
    bytes=$(stat -c %s "$f")
    printf '  five-page fixture PDF (%s pages): %d bytes = %.1f KiB (budget 150 KB)\n' "${pages:-?}" "$bytes" "$(awk -v b="$bytes" 'BEGIN { print b / 1024 }')"
  done
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GB", $2/1048576}' /proc/meminfo), $(uname -m)"
