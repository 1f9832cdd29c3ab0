#!/bin/bash
# Idle cost of the real window (docs/performance.md «Idle CPU and memory»).
#
# Under Xvfb it starts, one after the other:
#   (a) Otklik's window on a data folder seeded with N open cases (proofs/seed): measured first on its login
#       screen, then logged in by typing the login and password with xdotool;
#   (b) the same on a folder of N closed cases (answered or rejected: the queue's default filter shows none);
#   (c) a bare Fyne window of the same size showing a static list (proofs/barewindow), the yardstick; and the same
#       with a focused text entry, for comparison.
# Each is left alone for SECONDS and measured from /proc/PID/stat (utime + stime) and /proc/PID/status (VmRSS,
# split into RssAnon — the process's own memory — and RssFile — mostly bbolt's memory-mapped file, which the
# kernel may drop at will).
# Budget: the real window idles within 0.5 percentage points of one core of the bare window. The figures go to
# $OUT/idle-cpu.txt, screenshots to $OUT/idle-*.png.
#
# usage: proofs/idle-cpu.sh [SECONDS]        env: OTKLIK_IDLE_CASES (100000), OUT (proofs/results)
# needs: Xvfb, xdotool, ImageMagick's import (Debian: xvfb xdotool imagemagick), Go with cgo for Fyne.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_IDLE=${1:-60}
N=${OTKLIK_IDLE_CASES:-100000}
OUT=${OUT:-proofs/results}
BUDGET_PP=0.5
export LANGUAGE=ru GOTOOLCHAIN=local

for tool in Xvfb xdotool import; do
	command -v "$tool" >/dev/null || { echo "idle-cpu: $tool is missing (apt-get install xvfb xdotool imagemagick)"; exit 1; }
done
mkdir -p "$OUT"
WORK=$(mktemp -d)
PIDS=()
cleanup() {
	for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$WORK"
}
trap cleanup EXIT

echo "idle-cpu: building (the first cgo build of Fyne takes minutes)"
go build -o "$WORK/otklik" ./cmd/otklik
go build -o "$WORK/barewindow" ./proofs/barewindow
go build -o "$WORK/seed" ./proofs/seed

for variant in open closed; do
	dir="$WORK/data-$variant"
	"$WORK/otklik" setup --config proofs/idle-settings.toml --data "$dir" >/dev/null
	flag=""
	[ "$variant" = closed ] && flag="-closed"
	echo "idle-cpu: seeding $N $variant cases"
	"$WORK/seed" -data "$dir" -n "$N" $flag 2>/dev/null
done

DISPLAY_NUM=$((90 + RANDOM % 100))
Xvfb ":$DISPLAY_NUM" -screen 0 1366x800x24 -nolisten tcp >/dev/null 2>&1 &
PIDS+=($!)
export DISPLAY=":$DISPLAY_NUM"
for _ in $(seq 50); do xdotool getdisplaygeometry >/dev/null 2>&1 && break; sleep 0.1; done

HZ=$(getconf CLK_TCK)
# cpu_ticks PID: utime + stime of the process (fields 14 and 15 of /proc/PID/stat, after the command name).
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }
rss_kib() { awk -v k="${2:-VmRSS}" '$1 == k":" { print $2 }' "/proc/$1/status"; }

# measure NAME PID: idle CPU over SECONDS_IDLE as percent of one core, and the RSS at the end.
measure() {
	local name=$1 pid=$2
	local t0 t1 w0 w1
	t0=$(cpu_ticks "$pid"); w0=$(date +%s.%N)
	sleep "$SECONDS_IDLE"
	t1=$(cpu_ticks "$pid"); w1=$(date +%s.%N)
	local pct rss anon file
	pct=$(awk -v a="$t0" -v b="$t1" -v hz="$HZ" -v w0="$w0" -v w1="$w1" 'BEGIN { printf "%.2f", (b - a) / hz / (w1 - w0) * 100 }')
	rss=$(rss_kib "$pid"); anon=$(rss_kib "$pid" RssAnon); file=$(rss_kib "$pid" RssFile)
	import -window root "$OUT/idle-$name.png" 2>/dev/null || true
	printf '%-20s cpu %6s %% of one core over %ss   rss %7.1f MiB (anon %7.1f, file %7.1f)\n' "$name" "$pct" "$SECONDS_IDLE" \
		"$(awk -v k="$rss" 'BEGIN{print k/1024}')" "$(awk -v k="$anon" 'BEGIN{print k/1024}')" "$(awk -v k="$file" 'BEGIN{print k/1024}')" \
		| tee -a "$OUT/idle-cpu.txt"
	eval "CPU_${name//-/_}=$pct"
	eval "ANON_${name//-/_}=$anon"
}

# window VARIANT: start the real window on that folder, log in as the coordinator, wait for the queue.
window() {
	local variant=$1
	"$WORK/otklik" --data "$WORK/data-$variant" >"$WORK/window-$variant.log" 2>&1 &
	local pid=$!
	PIDS+=($pid)
	local wid
	wid=$(timeout 60 xdotool search --sync --name '^Отклик$' | head -1)
	if [ "$variant" = open ]; then
		sleep 5
		measure "login-screen" "$pid"
	fi
	xdotool windowfocus --sync "$wid" 2>/dev/null || xdotool windowfocus "$wid"
	sleep 1
	xdotool type --delay 20 'koordinator'
	xdotool key Return
	xdotool type --delay 20 'Kozh-2026-ab!Coord'
	xdotool key Return
	if ! timeout 120 xdotool search --sync --name 'Бирюкова' >/dev/null; then
		echo "idle-cpu: the login did not go through (see $OUT/idle-login-failed.png)"
		import -window root "$OUT/idle-login-failed.png" || true
		exit 1
	fi
	sleep 15 # the queue loads N cases after the login; then the window is left alone
	measure "window-$variant" "$pid"
	kill "$pid"; wait "$pid" 2>/dev/null || true
}

: >"$OUT/idle-cpu.txt"
echo "# $(date -u +%FT%TZ) $(nproc) cores, $N cases, ${SECONDS_IDLE}s each; Xvfb + Mesa software GL" | tee -a "$OUT/idle-cpu.txt"
window open
window closed
# The yardstick, and beside it the same window with a focused text entry: what one blinking cursor (a repaint of
# the window twice a second) costs on this renderer.
for bare in bare bare-entry; do
	flag=""
	[ "$bare" = bare-entry ] && flag="-entry"
	"$WORK/barewindow" $flag >/dev/null 2>&1 &
	BARE=$!
	PIDS+=($BARE)
	timeout 60 xdotool search --sync --name '^Bare Fyne window$' >/dev/null
	sleep 5
	measure "$bare" "$BARE"
	kill "$BARE"; wait "$BARE" 2>/dev/null || true
done

over=$(awk -v r="$CPU_window_open" -v b="$CPU_bare" 'BEGIN { printf "%.2f", r - b }')
growth=$(awk -v c="$ANON_window_closed" -v b="$ANON_bare" 'BEGIN { printf "%.1f", (c - b) / 1024 }')
echo "window (open) − bare: ${over} percentage points of one core (budget ${BUDGET_PP}); window with $N closed cases (none shown) − bare: ${growth} MiB of anonymous memory" | tee -a "$OUT/idle-cpu.txt"
if awk -v o="$over" -v m="$BUDGET_PP" 'BEGIN { exit !(o > m) }'; then
	echo "idle-cpu: over budget" | tee -a "$OUT/idle-cpu.txt"
	exit 1
fi
