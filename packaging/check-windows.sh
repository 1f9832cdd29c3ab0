#!/usr/bin/env bash
# Checks the Windows build: a 64-bit GUI .exe that needs no DLL a clean Windows lacks, carries its icon and version,
# and starts under Wine: --help, then the demo window under Xvfb for a few seconds. Run by
# `make package-windows-check`; needs mingw-w64 (objdump, gcc), wine, wine64, xvfb-run, xauth and xwininfo.
#
#   packaging/check-windows.sh dist/otklik.exe 0.1.0
#
# OTKLIK_CHECK_SECONDS (default 5): how long the window must stay up.
set -euo pipefail

exe=${1:?использование: packaging/check-windows.sh otklik.exe ВЕРСИЯ}
version=${2:?использование: packaging/check-windows.sh otklik.exe ВЕРСИЯ}
seconds=${OTKLIK_CHECK_SECONDS:-5}

fail() {
	echo "check-windows: $*" >&2
	exit 1
}

[ -f "$exe" ] || fail "нет $exe (сначала make package-windows)"
exe=$(cd "$(dirname "$exe")" && pwd)/$(basename "$exe")
work=$(mktemp -d)
trap 'WINEPREFIX="$work/prefix" wineserver -k 2>/dev/null || true; rm -rf "$work"' EXIT

# 1. The headers: PE32+, the GUI subsystem (no console window behind the app).
# objdump's report is translated under LANGUAGE=ru (the Makefile exports it): read it in English.
LC_ALL=C LANGUAGE= x86_64-w64-mingw32-objdump -p "$exe" >"$work/headers"
grep -Eq '^Magic[[:space:]]+020b' "$work/headers" || fail "не PE32+"
grep -Eq '^Subsystem[[:space:]]+00000002' "$work/headers" ||
	fail "не GUI-программа ($(grep '^Subsystem' "$work/headers"))"

# 2. Only DLLs every Windows has: a mingw runtime DLL (libwinpthread-1.dll, libgcc_s_seh-1.dll) would be missing on
# the office's machine although the .exe starts here.
system_dlls=(advapi32 bcrypt comctl32 comdlg32 crypt32 dwmapi gdi32 imm32 kernel32 msvcrt ntdll ole32 oleaut32
	opengl32 powrprof shell32 shlwapi user32 userenv uxtheme version winmm ws2_32)
while read -r dll; do
	lower=$(echo "$dll" | tr '[:upper:]' '[:lower:]')
	[[ " ${system_dlls[*]} " == *" ${lower%.dll} "* ]] || fail "нужна DLL не из Windows: $dll"
done < <(sed -n 's/^[[:space:]]*DLL Name: //p' "$work/headers" | sort -u)
grep -qi 'DLL Name: kernel32.dll' "$work/headers" || fail "objdump не показал таблицу импорта"

# 3. Resources: the icon group (type 14) for Explorer and the version block (type 16) with our version.
types=$(sed -n 's/^0[0-9a-f]*   Entry: ID: 0x0*\([0-9a-f]*\),.*/\1/p' "$work/headers" | tr '\n' ' ')
case " $types " in *" e "*) ;; *) fail "в .exe нет значка (типы ресурсов: $types)" ;; esac
case " $types " in *" 10 "*) ;; *) fail "в .exe нет версии (типы ресурсов: $types)" ;; esac
strings -el "$exe" | grep -qxF "$version" || fail "в ресурсах .exe нет версии $version"
echo "check-windows: PE32+ GUI, только системные DLL, значок и версия $version внутри"

# 4. Wine: Debian's Wine 8 lacks bcryptprimitives.dll (ProcessPrng), which Go's runtime loads from system32 on
# start; Windows 10 and later have it. A shim built with mingw goes into the scratch prefix only.
command -v wine >/dev/null || fail "нет wine (make package-windows-check ставит пакеты wine wine64)"
# A scratch HOME and no winemenubuilder: Wine would otherwise add menu entries and MIME types to the real HOME.
mkdir -p "$work/home"
export HOME=$work/home WINEPREFIX=$work/prefix WINEDEBUG=-all
export WINEDLLOVERRIDES='mscoree,mshtml,winemenubuilder.exe='
wineboot -i >/dev/null 2>&1 || wine wineboot -i >/dev/null 2>&1 || fail "wineboot не создал префикс"
cat >"$work/bcryptprimitives.c" <<'EOF'
#include <windows.h>
#include <ntsecapi.h>
__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!RtlGenRandom(data, n)) return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
EOF
system32=$WINEPREFIX/drive_c/windows/system32
if [ ! -f "$system32/bcryptprimitives.dll" ]; then
	x86_64-w64-mingw32-gcc -shared -O2 -o "$system32/bcryptprimitives.dll" "$work/bcryptprimitives.c" -ladvapi32
fi

wine "$exe" --help >"$work/help" 2>&1 || fail "otklik.exe --help: $(tail -n5 "$work/help")"
grep -q 'Использование' "$work/help" || fail "otklik.exe --help не напечатал справку: $(head -n3 "$work/help")"
echo "check-windows: otklik.exe --help под Wine напечатал справку"

cat >"$work/window.sh" <<'EOF'
#!/usr/bin/env bash
# Runs inside xvfb-run: start the window, wait (60 s at most: Wine starts its own services first) until it is
# mapped, require it alive $2 s later, then stop Wine.
set -uo pipefail
exe=$1 seconds=$2 work=$3
wine "$exe" demo >"$work/demo.out" 2>"$work/demo.err" &
pid=$!
died() {
	wait "$pid"
	echo "check-windows: окно закрылось само (код $?): $(grep -v '^[[:space:]]' "$work/demo.err" | tail -n5)" >&2
	exit 1
}
deadline=$((SECONDS + 60))
until xwininfo -root -tree 2>/dev/null | grep -qF '"Отклик": ('; do
	kill -0 "$pid" 2>/dev/null || died
	if [ "$SECONDS" -ge "$deadline" ]; then
		echo "check-windows: за 60 с не появилось окно «Отклик»: $(xwininfo -root -tree | grep -F '"' | tr -s ' ')" >&2
		wineserver -k
		exit 1
	fi
	sleep 0.5
done
sleep "$seconds"
kill -0 "$pid" 2>/dev/null || died
if command -v import >/dev/null; then import -window root "$work/shot.png" 2>/dev/null || true; fi
wineserver -k
wait "$pid" 2>/dev/null
exit 0
EOF
chmod +x "$work/window.sh"
# The prefix's wineserver and desktop process were started above without a display; a window opened through them
# fails ("Failed to create helper window"). Stop them so the window starts a fresh server inside Xvfb.
wineserver -k 2>/dev/null || true
wineserver -w 2>/dev/null || true
xvfb-run -a -s "-screen 0 1366x768x24" "$work/window.sh" "$exe" "$seconds" "$work" ||
	fail "окно otklik.exe под Wine не проработало $seconds с"
if [ -f "$work/shot.png" ]; then
	cp "$work/shot.png" "$(dirname "$exe")/check-windows.png"
fi
echo "check-windows: окно «Отклик» из otklik.exe под Wine открылось и проработало $seconds с"
