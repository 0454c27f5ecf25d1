#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# make check: the OpenWrt feed (openwrt/), as far as it can be checked
# without an OpenWrt SDK:
#   files     the init script parses (sh -n, and busybox's ash as OpenWrt's)
#   version   PKG_VERSION is kmod/version.h's release
#   makefile  the packages and what they are made of
#   settings  the init script's settings and limits are the module's
#             (tcpresetstat help settings, kmod/config.c)
#   lua/*     the collector (lua5.1, as OpenWrt's) on the CLI's fixtures
#             names and values as tcpresetstat --prometheus prints them
#   init/*    the init script with stubs of uci, procd, modprobe and the
#             tool: a good file is applied in one config command, a bad
#             one changes nothing and says which option
#   build     the Makefile's Build/Prepare and Build/Compile (the kernel
#             build left out) run by stubs of OpenWrt's rules.mk,
#             kernel.mk and package.mk: the CLI links libnl-tiny.so;
#             without IPv6 it says the module counts IPv4 only
# Needs tools/tcpresetstat (make -C tools); lua5.1, busybox and the
# libnl-tiny tarball (../shared/third_party) or those parts SKIP.
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 1
pkg=openwrt/tcpresetstat
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0
pass() { echo "PASS: openwrt/$1"; }
fail() { echo "FAIL: openwrt/$1: $2"; failed=1; }
skip() { echo "SKIP: openwrt/$1 ($2)"; }

# files
ok=1
sh -n "$pkg/files/tcpresetstat.init" 2> "$tmp/err" || ok=0
if command -v busybox > /dev/null; then
	busybox sh -n "$pkg/files/tcpresetstat.init" 2>> "$tmp/err" || ok=0
fi
if [ $ok = 1 ]; then pass files; else fail files "$(head -n 3 "$tmp/err")"; fi

# version
release=$(sed -n 's/^#define TRS_RELEASE "\(.*\)"$/\1/p' kmod/version.h)
version=$(sed -n 's/^PKG_VERSION:=//p' "$pkg/Makefile")
if [ -n "$release" ] && [ "$version" = "$release" ]; then
	pass version
else
	fail version "PKG_VERSION '$version', kmod/version.h '$release'"
fi

# makefile
missing=
for want in 'include $(INCLUDE_DIR)/kernel.mk' 'define KernelPackage/tcpresetstat' \
	'AUTOLOAD:=$(call AutoProbe,tcpresetstat)' 'FILES:=$(PKG_BUILD_DIR)/kmod/tcpresetstat.ko' \
	'DEPENDS:=+libnl-tiny +kmod-tcpresetstat' 'PKG_LICENSE:=GPL-2.0-only' 'PKG_MAINTAINER:=' \
	'DEPENDS:=prometheus-node-exporter-lua +kmod-tcpresetstat' \
	'$(KERNEL_MAKE) M="$(PKG_BUILD_DIR)" modules' \
	'/etc/config/tcpresetstat' \
	'$(eval $(call KernelPackage,tcpresetstat))' '$(eval $(call BuildPackage,tcpresetstat))' \
	'$(eval $(call BuildPackage,prometheus-node-exporter-lua-tcpresetstat))'; do
	grep -qF -- "$want" "$pkg/Makefile" || missing="$missing [$want]"
done
if [ -z "$missing" ]; then pass makefile; else fail makefile "missing:$missing"; fi

cli=tools/tcpresetstat
if [ ! -x "$cli" ]; then
	make -s -C tools tcpresetstat > "$tmp/make.log" 2>&1 || { cat "$tmp/make.log"; cli=; }
fi

# settings: the init script's table against the CLI and the module's limits
settings() { # NAME MIN MAX [off] lines of the init script's SETTINGS
	sed -n "/^SETTINGS='/,/^'/p" "$pkg/files/tcpresetstat.init" | grep -v "'"
}
if [ -z "$cli" ]; then
	fail settings "no $cli"
else
	why=
	[ "$(settings | cut -f1 | sort)" = "$("$cli" help settings | sort)" ] ||
		why="names are not those of tcpresetstat help settings"
	while read -r name min max off; do
		# "NAME: what, MIN[ (word)] to MAX" in kmod/config.c
		grep -qE "\"$name: [^\"]*${off:+0 \\(off\\) or }$min( \\([a-z ]*\\))? to $max\"" \
			kmod/config.c || why="$why; $name $min $max${off:+ $off} is not kmod/config.c's"
	done < <(settings | tr -s '\t' ' ')
	if [ -z "$why" ]; then pass settings; else fail settings "${why#; }"; fi
fi

# lua/*: the collector under a stub of the exporter's metric(), its
# samples one a line with sorted labels, as the CLI's are made
cat > "$tmp/exporter.lua" <<'LUA'
local collector, proc, tables = arg[1], arg[2], arg[3]
function metric(name, mtype, labels, value)
	print("# TYPE " .. name .. " " .. mtype)
	local function out(l, v)
		local ks, s = {}, {}
		for k in pairs(l or {}) do ks[#ks + 1] = k end
		table.sort(ks)
		for _, k in ipairs(ks) do s[#s + 1] = k .. '="' .. l[k] .. '"' end
		print(name .. (#s > 0 and "{" .. table.concat(s, ",") .. "}" or "") .. " " .. v)
	end
	if value then out(labels, value) end
	return out
end
local c = dofile(collector)
c.proc = proc
if tables == "all" then c.tables = "all" end
local ok, err = pcall(c.scrape)
if not ok then io.stderr:write(err, "\n") os.exit(1) end
LUA
# Samples with their labels sorted, and the TYPE lines, in order.
normalize() {
	awk '/^# TYPE/ { print; next } /^#/ { next }
	     /\{/ { i = index($0, "{"); j = index($0, "}")
		    n = split(substr($0, i + 1, j - i - 1), l, ",")
		    for (a = 1; a <= n; a++) for (b = a + 1; b <= n; b++)
			    if (l[b] < l[a]) { t = l[a]; l[a] = l[b]; l[b] = t }
		    s = l[1]; for (a = 2; a <= n; a++) s = s "," l[a]
		    print substr($0, 1, i) s substr($0, j); next }
	     { print }' | sort
}
lua=$(command -v lua5.1)
if [ -z "$lua" ] || [ -z "$cli" ]; then
	skip lua "${cli:+no lua5.1: scripts/deps.sh check}${cli:-no $cli}"
else
	for f in full no-tracepoints forwarded; do
		for t in default all; do
			data=tools/tests/data/$f.txt
			"$lua" "$tmp/exporter.lua" "$pkg/files/tcpresetstat.lua" "$data" $t \
				> "$tmp/lua.out" 2> "$tmp/lua.err"
			rc=$?
			TCPRESETSTAT_PROC=$data "$cli" --prometheus \
				$([ $t = all ] && echo --tables all) > "$tmp/cli.out"
			if [ $rc != 0 ]; then
				fail "lua/$f-$t" "$(head -n 3 "$tmp/lua.err")"
			elif ! diff <(normalize < "$tmp/cli.out") <(normalize < "$tmp/lua.out") \
				> "$tmp/diff"; then
				fail "lua/$f-$t" "not as the CLI's (< CLI, > collector): $(head -n 6 "$tmp/diff" | tr '\n' ' ')"
			else
				pass "lua/$f-$t ($(grep -vc '^#' "$tmp/lua.out") samples)"
			fi
		done
	done
	# A malformed file, or none: the scrape fails, nothing printed.
	printf 'version 1\nrst_in 7\ntable ports 2\nport rst_in\n80 1\n' > "$tmp/short.txt"
	printf 'version 2\nrst_in 7\n' > "$tmp/v2.txt"
	for bad in short v2 missing; do
		if "$lua" "$tmp/exporter.lua" "$pkg/files/tcpresetstat.lua" "$tmp/$bad.txt" \
			> "$tmp/lua.out" 2> "$tmp/lua.err" || [ -s "$tmp/lua.out" ]; then
			fail "lua/bad-$bad" "scraped: $(head -n 2 "$tmp/lua.out" | tr '\n' ' ')"
		else
			pass "lua/bad-$bad ($(head -n 1 "$tmp/lua.err"))"
		fi
	done
fi

# init/*: the init script sourced by busybox's ash with stubs of what
# /etc/rc.common, /lib/functions.sh and procd.sh give it.  A UCI file is
# shell (uci export's format): config and option call the callbacks.
mkdir -p "$tmp/params" "$tmp/uci"
while read -r name _; do echo 7 > "$tmp/params/$name"; done < <(settings)
cat > "$tmp/init-driver.sh" <<'SH'
# $1: the init script, $2: the UCI file, $3: start or reload; log in $LOG
log() { echo "$*" >> "$LOG"; }
reset_cb() { config_cb() { :; }; option_cb() { :; }; list_cb() { :; }; }
reset_cb
config() { config_cb "$1" "$2"; }
option() { option_cb "$1" "$2"; }
list() { list_cb "$1" "$2"; }
config_load() { . "$UCI/$1"; }
logger() { log "logger $*"; }
modprobe() { log "modprobe $*"; }
start() { log "start"; start_service; }
procd_open_instance() { log "instance $*"; }
procd_set_param() { log "param $*"; }
procd_close_instance() { :; }
. "$1"
PROG=$STUB
PARAMS=$PARAMS_DIR
cp "$2" "$UCI/tcpresetstat"
if [ "$3" = reload ]; then reload_service; else start_service; fi
SH
cat > "$tmp/tcpresetstat" <<'SH'
#!/bin/sh
echo "tcpresetstat $*" >> "$LOG"
[ -z "$STUB_REFUSES" ] || { echo "Error: config: refused" >&2; exit 2; }
SH
chmod +x "$tmp/tcpresetstat"
shell=$(command -v busybox > /dev/null && echo "busybox sh" || echo sh)
run_init() { # run_init UCI-FILE start|reload: status, log in $tmp/log
	rm -f "$tmp/log"
	LOG=$tmp/log UCI=$tmp/uci STUB=$tmp/tcpresetstat PARAMS_DIR=$tmp/params \
		$shell "$tmp/init-driver.sh" "$pkg/files/tcpresetstat.init" "$1" "$2" \
		> /dev/null 2> "$tmp/stderr"
}
uci() { # uci NAME OPTION-LINES...: a file with one section tcpresetstat
	local f=$tmp/$1.uci; shift
	echo "config tcpresetstat 'settings'" > "$f"
	printf '\t%s\n' "$@" >> "$f"
}
uci good "option ports_max '1024'" "option sample_interval_ms '0'" "option exhaustion_pct '090'" \
	"option alert_peer_rst '1000000'" "option log_alerts '1'"
run_init "$tmp/good.uci" start
rc=$?
want="tcpresetstat config ports_max=1024 sample_interval_ms=0 exhaustion_pct=90 alert_peer_rst=1000000"
want="$want $(settings | cut -f1 | grep -vxE 'ports_max|sample_interval_ms|exhaustion_pct|alert_peer_rst' |
	sed 's/$/=7/' | tr '\n' ' ')"
if [ $rc = 0 ] && grep -qxF "${want% }" "$tmp/log" && grep -qx "param command $tmp/tcpresetstat events" "$tmp/log" &&
   [ "$(grep -c '^tcpresetstat' "$tmp/log")" = 1 ] && grep -qx 'param stdout 1' "$tmp/log"; then
	pass init/good
else
	fail init/good "$(tr '\n' '|' < "$tmp/log") $(cat "$tmp/stderr")"
fi
cp "$pkg/files/tcpresetstat.config" "$tmp/default.uci"
run_init "$tmp/default.uci" start
if [ $? = 0 ] && grep -q "^tcpresetstat config .*ports_max=7" "$tmp/log" && grep -q '^instance events' "$tmp/log"; then
	pass init/default-file
else
	fail init/default-file "$(tr '\n' '|' < "$tmp/log") $(cat "$tmp/stderr")"
fi
uci nolog "option log_alerts 'off'"
run_init "$tmp/nolog.uci" start
if [ $? = 0 ] && grep -q '^tcpresetstat config' "$tmp/log" && ! grep -q '^instance' "$tmp/log"; then
	pass init/no-alerts
else
	fail init/no-alerts "$(tr '\n' '|' < "$tmp/log")"
fi
# A reload the module refuses (tcpresetstat config fails): said, and start
# (which would stop the running instance) never called.
uci refused "option alert_port_open_fail '5'"
STUB_REFUSES=1 run_init "$tmp/refused.uci" reload
rc=$?
if [ $rc != 0 ] && grep -q '^tcpresetstat config' "$tmp/log" && ! grep -qx start "$tmp/log" &&
   grep -q 'logger .*refused' "$tmp/log"; then
	pass init/reload-refused-keeps-instance
else
	fail init/reload-refused-keeps-instance "status $rc: $(tr '\n' '|' < "$tmp/log")"
fi
run_init "$tmp/good.uci" reload
if [ $? = 0 ] && [ "$(grep -c '^tcpresetstat config' "$tmp/log")" = 1 ] && grep -qx start "$tmp/log" &&
   grep -q '^instance events' "$tmp/log"; then
	pass init/reload-applies-once
else
	fail init/reload-applies-once "$(tr '\n' '|' < "$tmp/log")"
fi
# A bad file: refused, naming the option, and nothing run at all.
bad() { # bad NAME WHAT-THE-MESSAGE-NAMES OPTION-LINES...
	local name=$1 what=$2; shift 2
	uci "$name" "option ports_max '1024'" "$@"
	for how in start reload; do
		if run_init "$tmp/$name.uci" $how; then
			fail "init/bad-$name-$how" "accepted"
		elif grep -qE '^(tcpresetstat|modprobe|instance|start)' "$tmp/log" 2> /dev/null; then
			fail "init/bad-$name-$how" "ran: $(tr '\n' '|' < "$tmp/log")"
		elif ! grep -q "$what" "$tmp/stderr" || ! grep -q "logger .*$what" "$tmp/log"; then
			fail "init/bad-$name-$how" "said: $(cat "$tmp/stderr")"
		else
			pass "init/bad-$name-$how ($(head -n 1 "$tmp/stderr"))"
		fi
	done
}
bad nan "exhaustion_pct 'eighty'" "option exhaustion_pct 'eighty'"
bad negative "idle_timeout '-1'" "option idle_timeout '-1'"
bad empty "pressure_top ''" "option pressure_top ''"
bad above "exhaustion_pct '101'" "option exhaustion_pct '101'"
bad below "exhaustion_pct '0'" "option exhaustion_pct '0'"
bad off-range "sample_interval_ms '99'" "option sample_interval_ms '99'"
bad huge "peers_max '99999999999999999999'" "option peers_max '99999999999999999999'"
bad unknown "option port_max: unknown" "option port_max '10'"
bad twice "option ports_max given twice" "option ports_max '2048'"
bad bool "log_alerts 'maybe'" "option log_alerts 'maybe'"
bad list "option alert_peer_rst: a list" "list alert_peer_rst '5'"
bad section "unknown type 'alerts'" "option alert_peer_rst '5'" "" "config alerts 'x'"

# build: the Makefile's own recipes, OpenWrt's include files stubbed
tarball=$(ls ../shared/third_party/libnl-tiny-*.tar.gz 2> /dev/null | head -n 1)
if [ -z "$tarball" ] || ! command -v cc > /dev/null; then
	skip build "no libnl-tiny tarball in ../shared/third_party, or no cc"
else
	sdk=$tmp/sdk staging=$tmp/sdk/staging
	mkdir -p "$sdk/include" "$sdk/nl" "$staging/usr/lib" "$staging/usr/include/libnl-tiny"
	tar -xzf "$tarball" -C "$sdk/nl" --strip-components=1
	cp -r "$sdk/nl/include/." "$staging/usr/include/libnl-tiny/"
	cc -shared -fPIC -O0 -I"$sdk/nl/include" -o "$staging/usr/lib/libnl-tiny.so" "$sdk"/nl/*.c \
		2> "$tmp/nl.log" || cat "$tmp/nl.log"
	cat > "$sdk/include/rules.mk" <<'MK'
INSTALL_DIR:=install -d -m0755
INSTALL_BIN:=install -m0755
INSTALL_DATA:=install -m0644
INSTALL_CONF:=install -m0600
CP:=cp -fpR
TARGET_CFLAGS:=-O0
TARGET_CPPFLAGS:=-I$(STAGING_DIR)/usr/include
TARGET_LDFLAGS:=-L$(STAGING_DIR)/usr/lib -Wl,-rpath,$(STAGING_DIR)/usr/lib
TARGET_CONFIGURE_OPTS:=CC=cc
PKG_JOBS:=-j4
MK
	echo 'KERNEL_MAKE:=@echo kernel build:' > "$sdk/include/kernel.mk"
	cat > "$sdk/include/package.mk" <<'MK'
PKG_BUILD_DIR:=$(BUILD_DIR)/$(PKG_NAME)-$(PKG_VERSION)
prepare: ; $(Build/Prepare)
compile: prepare ; $(Build/Compile)
install-%: compile ; $(call Package/$*/install,$(IDIR)/$*)
MK
	sdk_make() {
		make -s -C "$pkg" TOPDIR="$sdk/include" INCLUDE_DIR="$sdk/include" \
			STAGING_DIR="$staging" BUILD_DIR="$sdk/build" IDIR="$sdk/root" "$@"
	}
	bin=$sdk/root/tcpresetstat/usr/sbin/tcpresetstat
	why=
	sdk_make install-tcpresetstat install-prometheus-node-exporter-lua-tcpresetstat \
		> "$tmp/build.log" 2>&1 || why="make failed: $(tail -n 5 "$tmp/build.log")"
	[ -n "$why" ] || readelf -d "$bin" 2> /dev/null | grep -q 'NEEDED.*libnl-tiny.so' ||
		why="$bin does not link libnl-tiny.so"
	[ -n "$why" ] || "$bin" help settings > /dev/null || why="$bin does not run"
	for f in etc/init.d/tcpresetstat etc/config/tcpresetstat; do
		[ -f "$sdk/root/tcpresetstat/$f" ] || why="$why; no $f"
	done
	[ -f "$sdk/root/prometheus-node-exporter-lua-tcpresetstat/usr/lib/lua/prometheus-collectors/tcpresetstat.lua" ] ||
		why="$why; no collector"
	ls "$sdk/build"/tcpresetstat-*/kmod/*.o > /dev/null 2>&1 && why="$why; objects copied into the build"
	grep -q 'counts IPv4 only' "$tmp/build.log" || why="$why; no word of IPv4 only without IPv6"
	if [ -z "$why" ]; then pass build; else fail build "${why#; }"; fi
	sdk_make compile CONFIG_IPV6=y > "$tmp/build6.log" 2>&1
	if grep -q 'IPv4 only' "$tmp/build6.log"; then
		fail build-ipv6 "says IPv4 only with CONFIG_IPV6=y"
	else
		pass build-ipv6
	fi
fi
exit $failed
