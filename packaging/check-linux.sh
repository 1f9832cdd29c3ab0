#!/usr/bin/env bash
# Checks the Linux package the way an office would use it: the archive holds the binary, the desktop file and the
# icon; its own Makefile installs them; the installed binary answers --help and opens its window under Xvfb and
# stays up. Run by `make package-check`; needs xvfb-run, xauth, xwininfo (x11-utils) and desktop-file-validate.
#
#   packaging/check-linux.sh dist/Otklik.tar.xz [assets/otklik.png]
#
# OTKLIK_CHECK_SECONDS (default 5): how long the window must stay up.
set -euo pipefail

tarball=${1:?использование: packaging/check-linux.sh ПАКЕТ.tar.xz [ЗНАЧОК.png]}
icon=${2:-assets/otklik.png}
seconds=${OTKLIK_CHECK_SECONDS:-5}
app_id=ru.kozhevnikovo.otklik

fail() {
	echo "check-linux: $*" >&2
	exit 1
}

[ -f "$tarball" ] || fail "нет пакета $tarball (сначала make package)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# 1. The archive's contents: fyne package lays them out under otklik/ with a Makefile beside usr/.
tar -tJf "$tarball" >"$work/list"
for want in 'otklik/Makefile' \
	'otklik/usr/(local/)?bin/otklik' \
	"otklik/usr/(local/)?share/applications/$app_id\\.desktop" \
	"otklik/usr/(local/)?share/pixmaps/$app_id\\.png"; do
	grep -Eqx "\\.?/?$want" "$work/list" || fail "в пакете нет $want; в нём: $(tr '\n' ' ' <"$work/list")"
done
echo "check-linux: в пакете есть программа, ярлык, значок и Makefile"

# 2. Install with the Makefile inside the archive, as README tells an administrator, into a scratch root.
mkdir -p "$work/x" "$work/root/usr/local"
tar -xJf "$tarball" -C "$work/x"
make -s -C "$work/x/otklik" install DESTDIR="$work/root" >/dev/null
prefix="$work/root/usr/local"
bin="$prefix/bin/otklik"
desktop="$prefix/share/applications/$app_id.desktop"
[ -x "$bin" ] || fail "make install не положил $bin"
[ -f "$desktop" ] || fail "make install не положил $desktop"
cmp -s "$icon" "$prefix/share/pixmaps/$app_id.png" || fail "значок в пакете не совпадает с $icon"
# README's route without make: unpack usr/local straight into /usr/local. It must lay out the same files.
mkdir -p "$work/plain"
tar -xJf "$tarball" -C "$work/plain" --strip-components=3 otklik/usr/local ||
	fail "tar --strip-components=3 otklik/usr/local не сработал"
diff -r "$work/plain" "$prefix" >/dev/null || fail "tar в /usr/local раскладывает не то, что make install"
echo "check-linux: make install и tar в /usr/local раскладывают одно и то же"

# 3. The desktop file starts our binary, shows our icon and names the window class the binary really uses.
entry() { sed -n "s/^$1=//p" "$desktop" | head -n1; }
[ "$(entry Type)" = Application ] || fail "Type в ярлыке: $(entry Type)"
[ "$(entry Exec)" = otklik ] || fail "Exec в ярлыке: $(entry Exec)"
[ "$(entry Icon)" = "$app_id" ] || fail "Icon в ярлыке: $(entry Icon)"
name=$(entry Name)
wm_class=$(entry StartupWMClass)
[ -n "$name" ] || fail "в ярлыке нет Name"
desktop-file-validate "$desktop" || fail "desktop-file-validate отверг ярлык"
echo "check-linux: ярлык «$name» запускает otklik со значком $app_id"
if command -v objdump >/dev/null; then
	glibc=$(LC_ALL=C objdump -T "$bin" | grep -o 'GLIBC_[0-9.]*' | sort -uV | tail -n1)
	echo "check-linux: программе нужна glibc ${glibc#GLIBC_} или новее (на целевой машине: ldd --version)"
fi

# 4. The binary from the package runs: --help, then the demo window under Xvfb for $seconds s.
home="$work/home"
mkdir -p "$home"
HOME=$home XDG_CONFIG_HOME=$home/.config "$bin" --help >"$work/help" 2>&1 || fail "otklik --help: $(cat "$work/help")"
grep -q 'Использование' "$work/help" || fail "otklik --help не напечатал справку: $(head -n3 "$work/help")"

cat >"$work/window.sh" <<'EOF'
#!/usr/bin/env bash
# Runs inside xvfb-run: start the window, wait (30 s at most) until it is mapped with our class, require it alive
# $2 s later, then stop it with SIGTERM and require a clean exit.
set -uo pipefail
bin=$1 seconds=$2 wm_class=$3 work=$4
HOME=$work/home XDG_CONFIG_HOME=$work/home/.config "$bin" demo >"$work/demo.out" 2>"$work/demo.err" &
pid=$!
died() {
	wait "$pid"
	echo "check-linux: окно закрылось само (код $?): $(tail -n5 "$work/demo.err")" >&2
	exit 1
}
deadline=$((SECONDS + 30))
until xwininfo -root -tree 2>/dev/null | grep -qF "(\"$wm_class\" \"$wm_class\")"; do
	kill -0 "$pid" 2>/dev/null || died
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "check-linux: за 30 с не появилось окно класса «$wm_class»:" \
			"$(xwininfo -root -tree | grep -F '"' | tr -s ' ')" >&2
		kill -KILL "$pid"
		exit 1
	fi
	sleep 0.5
done
sleep "$seconds"
kill -0 "$pid" 2>/dev/null || died
if command -v import >/dev/null; then import -window root "$work/shot.png" 2>/dev/null || true; fi
kill -TERM "$pid"
wait "$pid"
code=$?
if [ "$code" != 0 ]; then
	echo "check-linux: после SIGTERM код $code: $(tail -n5 "$work/demo.err")" >&2
	exit 1
fi
EOF
chmod +x "$work/window.sh"
xvfb-run -a -s "-screen 0 1366x768x24" "$work/window.sh" "$bin" "$seconds" "$wm_class" "$work" ||
	fail "окно из пакета не проработало $seconds с"
if [ -f "$work/shot.png" ]; then
	cp "$work/shot.png" "$(dirname "$tarball")/check-linux.png"
fi
echo "check-linux: окно класса «$wm_class» из пакета открылось, проработало $seconds с" \
	"и закрылось по SIGTERM с кодом 0"
