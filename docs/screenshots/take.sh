#!/usr/bin/env bash
# Takes the README's screenshots of a real window under Xvfb: the demo at a fixed working-day moment (a testclock
# build honours OTKLIK_NOW), logged in as the coordinator with xdotool, then the queue, a case and the composer.
# Needs: xvfb xauth imagemagick xdotool xclip (Debian packages).
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
bin=$(mktemp -d)/otklik
go build -tags testclock -o "$bin" ./cmd/otklik
export LANGUAGE=ru OTKLIK_NOW=${OTKLIK_NOW:-2026-11-30T10:40:00+07:00}
display=:$((90 + RANDOM % 9))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp &
xvfb=$!
trap 'kill $app $xvfb 2>/dev/null || true' EXIT
sleep 1
export DISPLAY=$display
"$bin" demo > /tmp/otklik-shots.log 2>&1 &
app=$!
sleep 4
import -window root "$out/login.png"
xdotool mousemove 700 261 click 1; sleep 0.3; xdotool type --delay 20 koordinator
xdotool mousemove 700 300 click 1; sleep 0.3; xdotool type --delay 20 demo-koord-2026; xdotool key Return
sleep "${WAIT:-90}"   # the simulated Department delivers a notice every 40 s
import -window root "$out/queue.png"
xdotool mousemove 270 188 click 1; sleep 2
import -window root "$out/case.png"
xdotool mousemove 806 305 click 1; sleep 1
xdotool mousemove 900 478 click 1; sleep 0.5   # the composer
# xdotool cannot type Cyrillic into GLFW windows reliably: paste it (xclip).
printf '%s' "Здравствуйте! Специалисты администрации выехали на место, работы по очистке улицы начаты." | xclip -selection clipboard
xdotool key ctrl+v
sleep 1
import -window root "$out/composer.png"
echo "screenshots in $out"
