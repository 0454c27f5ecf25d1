// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test.h"

struct result {
	int status;		/* exit status, -1 if it did not exit */
	char *out, *err;
};

static char *slurp(int fd)
{
	struct capture c;
	char buf[4096];
	ssize_t n;

	if (!capture_begin(&c))
		return NULL;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		fwrite(buf, 1, n, c.f);
	return (char *)capture_end(&c);
}

/* Runs @cmd with sh, capturing its stdout and stderr. */
static int run(const char *cmd, struct result *r)
{
	char out[] = "/tmp/trs-test-out.XXXXXX", err[] = "/tmp/trs-test-err.XXXXXX";
	int out_fd = mkstemp(out), err_fd = mkstemp(err);
	char *line = NULL;
	size_t len = 0;
	FILE *f;
	int status = -1;

	*r = (struct result){ .status = -1 };
	f = open_memstream(&line, &len);
	if (out_fd >= 0 && err_fd >= 0 && f) {
		fprintf(f, "{ %s; } >%s 2>%s", cmd, out, err);
		fclose(f);
		status = system(line);
		r->out = slurp(out_fd);
		r->err = slurp(err_fd);
	} else if (f) {
		fclose(f);
	}
	free(line);
	if (out_fd >= 0) {
		close(out_fd);
		unlink(out);
	}
	if (err_fd >= 0) {
		close(err_fd);
		unlink(err);
	}
	if (status != -1 && WIFEXITED(status))
		r->status = WEXITSTATUS(status);
	return r->out && r->err ? 0 : -1;
}

static void result_free(struct result *r)
{
	free(r->out);
	free(r->err);
}

/* The tool run with @args (and TCPRESETSTAT_PROC=@proc unless NULL). */
struct cli {
	const char *proc, *args;
	int status;
	const char *out, *err;
};

static void test_cli(const void *arg)
{
	const struct cli *c = arg;
	struct result r;
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "%s%s%s %s", c->proc ? "TCPRESETSTAT_PROC=" : "",
		 c->proc ? c->proc : "", c->proc ? " " TEST_BIN : TEST_BIN, c->args);
	CHECK_INT(run(cmd, &r), 0);
	CHECK_STR(r.out, c->out);
	CHECK_STR(r.err, c->err);
	CHECK_INT(r.status, c->status);
	result_free(&r);
}

/* As test_cli(), for what needs root (setns: CAP_SYS_ADMIN): skipped without. */
static void test_cli_root(const void *arg)
{
	if (geteuid()) {
		test_skip("not root");
		return;
	}
	test_cli(arg);
}

static void test_help(const void *arg)
{
	struct result help, opt;

	(void)arg;
	CHECK_INT(run(TEST_BIN " help", &help), 0);
	CHECK_INT(run(TEST_BIN " --help show", &opt), 0);
	CHECK_INT(help.status, 0);
	CHECK_INT(opt.status, 0);
	CHECK_STR(help.err, "");
	CHECK(!strncmp(help.out, "Usage: tcpresetstat [OPTIONS] [SUBCOMMAND [ARGS]]\n", 50));
	CHECK(strstr(help.out, "\n  show   "));
	CHECK(strstr(help.out, "\n  TCPRESETSTAT_PROC  "));
	CHECK_STR(opt.out, help.out);
	result_free(&help);
	result_free(&opt);
}

/* Our pretty JSON is exactly what python's json.tool makes of the compact one. */
static void test_json_tool(const void *arg)
{
	struct result tool, pretty;

	(void)arg;
	CHECK_INT(run("command -v python3 >/dev/null || exit 77; TCPRESETSTAT_PROC=" SAMPLE_PORTS
		      " " TEST_BIN " -j show | python3 -m json.tool", &tool), 0);
	if (tool.status == 77) {
		test_skip("no python3");
		result_free(&tool);
		return;
	}
	CHECK_INT(run("TCPRESETSTAT_PROC=" SAMPLE_PORTS " " TEST_BIN " -p", &pretty), 0);
	CHECK_INT(tool.status, 0);
	CHECK_STR(tool.err, "");
	CHECK_INT(pretty.status, 0);
	CHECK_STR(pretty.out, tool.out);
	result_free(&tool);
	result_free(&pretty);
}

/* serve against good and hostile HTTP clients (tests/serve_test.py). */
static void test_serve(const void *arg)
{
	struct result r;

	(void)arg;
	CHECK_INT(run("command -v python3 >/dev/null || exit 77; timeout 300 python3 "
		      "tests/serve_test.py " TEST_BIN, &r), 0);
	if (r.status == 77) {
		test_skip("no python3");
		result_free(&r);
		return;
	}
	if (r.status || !strstr(r.out, "\nPASS\n"))
		fprintf(stderr, "%s%s", r.out, r.err);
	CHECK_INT(r.status, 0);
	CHECK(strstr(r.out, "\nPASS\n") != NULL);
	result_free(&r);
}

/* The systemd units, as make install writes them, pass systemd-analyze verify. */
static void test_units(const void *arg)
{
	struct result r;

	(void)arg;
	CHECK_INT(run("command -v systemd-analyze >/dev/null || exit 77; d=$(mktemp -d);"
		      " sed \"s|@SBINDIR@|$(realpath $(dirname " TEST_BIN "))|\""
		      " systemd/tcpresetstat.service.in > $d/tcpresetstat.service &&"
		      " cp systemd/tcpresetstat.socket $d/ && systemd-analyze verify --man=no"
		      " $d/tcpresetstat.service $d/tcpresetstat.socket; rc=$?; rm -rf $d; exit $rc",
		      &r), 0);
	if (r.status == 77) {
		test_skip("no systemd-analyze");
		result_free(&r);
		return;
	}
	CHECK_INT(r.status, 0);
	CHECK_STR(r.out, "");
	CHECK_STR(r.err, "");
	result_free(&r);
}

/* Signals stop watch between intervals, with status 0 (SIGTERM: sh ignores SIGINT in "&"). */
static void test_watch_signal(const void *arg)
{
	struct result r;

	(void)arg;
	CHECK_INT(run("out=$(mktemp); TCPRESETSTAT_PROC=" SAMPLE " " TEST_BIN
		      " watch -i 0.02 >$out & pid=$!; i=0;"
		      " while [ ! -s $out ] && [ $i -lt 500 ]; do sleep 0.01; i=$((i + 1)); done;"
		      " kill -TERM $pid; wait $pid; echo status=$?; rm -f $out", &r), 0);
	CHECK_STR(r.out, "status=0\n");
	CHECK_STR(r.err, "");
	result_free(&r);
}

/*
 * --all-netns, where the namespaces are known: a new pid namespace (its
 * own /proc) and mount namespace (its own /run) with two named network
 * namespaces, the tool in a fresh one of its own, and the one it left
 * (the shell's) unnamed.  Inodes read N.  Root, and unshare(1), only.
 */
static void test_all_netns(const void *arg)
{
	const struct cli *c = arg;
	struct result r;
	char cmd[1024];

	if (geteuid()) {
		test_skip("not root");
		return;
	}
	snprintf(cmd, sizeof(cmd),
		 "command -v unshare >/dev/null && command -v ip >/dev/null || exit 77;"
		 " unshare -m -p -f --mount-proc -n true 2>/dev/null || exit 77;"
		 " unshare -m -p -f --mount-proc -n sh -c 'mount -t tmpfs tmpfs /run &&"
		 " ip netns add b && ip netns add a && TCPRESETSTAT_PROC=%s unshare -n " TEST_BIN
		 " %s; echo status $?' | sed 's/[0-9]\\{6,\\}/N/g'", c->proc, c->args);
	CHECK_INT(run(cmd, &r), 0);
	if (r.status == 77) {
		test_skip("cannot unshare namespaces here");
		result_free(&r);
		return;
	}
	CHECK_STR(r.out, c->out);
	CHECK_STR(r.err, c->err);
	result_free(&r);
}

/* Odd arguments never crash: one error line and exit 2. */
static void test_odd_args(const void *arg)
{
	const char *args = arg;
	struct result r;
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "TCPRESETSTAT_PROC=" SAMPLE " " TEST_BIN " %s", args);
	CHECK_INT(run(cmd, &r), 0);
	CHECK_INT(r.status, 2);
	CHECK_STR(r.out, "");
	CHECK(!strncmp(r.err, "Error: ", 7));
	CHECK(strchr(r.err, '\n') == r.err + strlen(r.err) - 1);
	CHECK(strstr(r.err, "; see: tcpresetstat help\n"));
	result_free(&r);
}

/*
 * --output, in a directory of its own: @cmd runs there with $T the tool
 * and $S the sample fixture (absolute paths), then the directory's files
 * are listed (nothing left behind).
 */
struct output_case {
	const char *cmd;
	int status;
	const char *out, *err;
};

static void test_output(const void *arg)
{
	const struct output_case *c = arg;
	struct result r;
	char cmd[2048];

	snprintf(cmd, sizeof(cmd),
		 "T=$(realpath " TEST_BIN ") S=$(realpath " SAMPLE ") M=$(realpath tests/data)"
		 "/missing.txt d=$(mktemp -d) && cd $d && { %s; }; ls -A; cd / && rm -rf $d",
		 c->cmd);
	CHECK_INT(run(cmd, &r), 0);
	CHECK_STR(r.out, c->out);
	CHECK_STR(r.err, c->err);
	CHECK_INT(r.status, c->status);
	result_free(&r);
}

#define OUTPUT(name, cmd, status, out, err) \
	{ "cli_output_" name, test_output, &(const struct output_case){ cmd, status, out, err } }

#define ODD(name, args) { "cli_odd_" name, test_odd_args, args }
#define LONG "$(head -c 5000 /dev/zero | tr '\\0' x)"

#define CLI(name, proc, args, status, out, err) \
	{ name, test_cli, &(const struct cli){ proc, args, status, out, err } }
#define CLI_ROOT(name, proc, args, status, out, err) \
	{ name, test_cli_root, &(const struct cli){ proc, args, status, out, err } }

/* --sort @col of NO_TRACEPOINTS: the kernel leaves it out of @tables. */
#define UNAVAILABLE(name, args, col, tables) \
	CLI(name, NO_TRACEPOINTS, args, 2, "", \
	    "Error: --sort: " col " is unavailable on this kernel (" tables ")\n")

#define MISSING "tests/data/missing.txt"
#define FULL "tests/data/full.txt"
#define FORWARDED "tests/data/forwarded.txt"
#define TABLES "tests/data/tables.txt"
#define LISTEN_WHAT "[ADDRESS]:PORT ([::1]:9917 for IPv6)"
#define TABLES_WHAT "names of ports, peers, destinations, forwarded, reasons, comma-separated, or all"
#define HINT "(is the module loaded? try: sudo modprobe tcpresetstat)"
/* What FULL's ports table lacks of the schema. */
#define FULL_PORTS_LACKS_TEXT							\
	"ports: rst_in_refused, rst_in_reset, rst_in_other, rst_out_abort, rst_out_other, "	\
	"open_fail_passive_reset, open_fail_passive_timeout, open_fail_passive_listen_drop"
#define FULL_PORTS_LACKS_JSON							\
	"\"ports\":[\"rst_in_refused\",\"rst_in_reset\",\"rst_in_other\",\"rst_out_abort\","	\
	"\"rst_out_other\",\"open_fail_passive_reset\",\"open_fail_passive_timeout\","	\
	"\"open_fail_passive_listen_drop\"]"
/* What watch says SAMPLE_PORTS lacks: not the pressure, which it does not show. */
#define WATCH_LACKS_TEXT	"totals: " OTHER_TOTALS_TEXT "; " SAMPLE_PORTS_LACKS_TEXT

#define PORTS_PROM(ns) \
	"tcpresetstat_ports_rst_in_total{netns=\"" ns "\",port=\"7211\"} 0\n" \
	"tcpresetstat_ports_rst_in_total{netns=\"" ns "\",row=\"other\"} 1\n"
#define PORTS_PROM_OUT(ns) \
	"tcpresetstat_ports_rst_out_total{netns=\"" ns "\",port=\"7211\"} 5\n" \
	"tcpresetstat_ports_rst_out_total{netns=\"" ns "\",row=\"other\"} 0\n"
#define PORTS_TEXT(ns) \
	"netns " ns "\nports:\n  port  rst_in  rst_out\n  7211       0        5\n  ... 1 more\n" \
	"\nunavailable on this kernel: " SAMPLE_PORTS_LACKS_TEXT "\n"
#define ALL_NETNS(name, args, out) \
	{ "cli_all_netns_" name, test_all_netns, &(const struct cli){ SAMPLE_PORTS, args, 0, out, "" } }

const struct test cli_tests[] = {
	CLI("cli_version", NULL, "-V", 0, "tcpresetstat " TRS_VERSION "\n", ""),
	{ "cli_help", test_help, NULL },
	CLI("cli_unknown_subcommand", NULL, "bogus", 2, "",
	    "Error: bogus: unknown subcommand; see: tcpresetstat help\n"),
	CLI("cli_unknown_subcommand_json", NULL, "-j bogus", 2,
	    "{\"error\":{\"what\":\"bogus\",\"reason\":\"unknown subcommand; see: tcpresetstat help\","
	    "\"code\":2}}\n", ""),
	CLI("cli_unknown_option", NULL, "--bogus show", 2, "",
	    "Error: --bogus: unknown option; see: tcpresetstat help\n"),
	CLI("cli_unexpected_argument", SAMPLE, "show extra", 2, "",
	    "Error: extra: unexpected argument; see: tcpresetstat help\n"),
	CLI("cli_not_loaded", MISSING, "", 3, "",
	    "Error: " MISSING ": No such file or directory " HINT "\n"),
	CLI("cli_not_loaded_json", MISSING, "-j show", 3,
	    "{\"error\":{\"what\":\"" MISSING "\",\"reason\":\"No such file or directory " HINT
	    "\",\"code\":3}}\n", ""),
	CLI("cli_bad_version", "tests/data/version-2.txt", "show", 1, "",
	    "Error: tests/data/version-2.txt:1: unsupported format version 2, this tool reads version 1\n"),
	CLI("cli_show_text_zeros", SAMPLE_PORTS, "-z", 0, sample_ports_text, ""),
	CLI("cli_show_text", SAMPLE_PORTS, "", 0, sample_ports_text_nonzero, ""),
	CLI("cli_show_json", SAMPLE_PORTS, "-j show", 0, sample_ports_json, ""),
	CLI("cli_show_json_pressure", "tests/data/pressure.txt", "-j", 0,
	    "{\"totals\":{\"rst_in\":2,\"rst_out\":0},"
	    "\"pressure\":{\"tw_total\":7,\"ephemeral_ports\":28232},"
	    "\"ports\":[],\"peers\":[],\"destinations\":[],\"forwarded\":[],"
	    "\"unavailable\":{\"totals\":[\"rst_in_refused\",\"rst_in_reset\",\"rst_in_other\","
	    "\"rst_out_refused\",\"rst_out_abort\",\"rst_out_other\",\"rst_fwd\"," OTHER_TOTALS_JSON "],"
	    "\"pressure\":[\"tw_ephemeral\",\"port_range_lo\",\"port_range_hi\",\"tw_reuse\","
	    "\"max_tw_buckets\"]}}\n", ""),
	CLI("cli_ports_text", SAMPLE_PORTS, "ports", 0,
	    "ports:\n  port   rst_in  rst_out\n  7211        0        5\n  other       1        0\n"
	    "\nunavailable on this kernel: " SAMPLE_PORTS_LACKS_TEXT "\n", ""),
	CLI("cli_ports_json", SAMPLE_PORTS, "-j ports", 0,
	    "{\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":5},"
	    "{\"port\":\"other\",\"rst_in\":1,\"rst_out\":0}],"
	    "\"unavailable\":{" SAMPLE_PORTS_LACKS_JSON "}}\n", ""),
	CLI("cli_peers_json_absent", SAMPLE_PORTS, "-j peers", 0, "{\"peers\":[]}\n", ""),
	CLI("cli_reset_bad_table", SAMPLE, "reset bogus", 2, "",
	    "Error: bogus: not a table (ports, peers, destinations, forwarded); see: tcpresetstat help\n"),
	CLI("cli_reset_extra", SAMPLE, "reset ports extra", 2, "",
	    "Error: extra: unexpected argument; see: tcpresetstat help\n"),
	CLI("cli_reset_without_family", SAMPLE, "reset", 3, "",
	    "Error: reset: no generic netlink family \"tcpresetstat\" " HINT "\n"),
	CLI("cli_show_hides_zero_rows", "tests/data/zero-rows.txt", "", 0,
	    "rst_out  3\n\nports:\n  port  rst_in  rst_out\n  7211       0        3\n"
	    "\nunavailable on this kernel: totals: rst_in_refused, rst_in_reset, rst_in_other, "
	    "rst_out_refused, rst_out_abort, rst_out_other, rst_fwd, " OTHER_TOTALS_TEXT "; "
	    "pressure: " PRESSURE_TEXT "; " SAMPLE_PORTS_LACKS_TEXT "; peers: rst_out, rst_fwd_sent, "
	    "rst_fwd_rcvd, open_fail_active, open_fail_passive, estab_reset, open_fail_fwd\n", ""),
	CLI("cli_write_error", SAMPLE, "show >/dev/full", 1, "",
	    "Error: stdout: No space left on device\n"),
	{ "cli_pretty_matches_json_tool", test_json_tool, NULL },
	CLI("cli_option_after_subcommand", SAMPLE_PORTS, "ports -j", 0,
	    "{\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":5},"
	    "{\"port\":\"other\",\"rst_in\":1,\"rst_out\":0}],"
	    "\"unavailable\":{" SAMPLE_PORTS_LACKS_JSON "}}\n", ""),
	CLI("cli_option_not_of_subcommand", SAMPLE, "show -i 2", 2, "",
	    "Error: -i: not an option of show; see: tcpresetstat help\n"),
	CLI("cli_option_not_of_subcommand_before", SAMPLE, "--top 3 reset", 2, "",
	    "Error: --top: not an option of reset; see: tcpresetstat help\n"),
	CLI("cli_prometheus_not_for_watch", SAMPLE, "--prometheus watch", 2, "",
	    "Error: --prometheus: not an option of watch; see: tcpresetstat help\n"),
	CLI("cli_prometheus_not_for_config", SAMPLE, "config --prometheus", 2, "",
	    "Error: --prometheus: not an option of config; see: tcpresetstat help\n"),
	CLI("cli_prometheus_and_json", SAMPLE, "--prometheus -j", 2,
	    "{\"error\":{\"what\":\"--prometheus\",\"reason\":\"cannot be combined with JSON output;"
	    " see: tcpresetstat help\",\"code\":2}}\n", ""),
	CLI("cli_prometheus_ports", SAMPLE_PORTS, "ports --prometheus", 0,
	    "# HELP tcpresetstat_ports_rst_in_total RST segments delivered to this host, by local port\n"
	    "# TYPE tcpresetstat_ports_rst_in_total counter\n"
	    "tcpresetstat_ports_rst_in_total{port=\"7211\"} 0\n"
	    "tcpresetstat_ports_rst_in_total{row=\"other\"} 1\n"
	    "# HELP tcpresetstat_ports_rst_out_total RST segments originated by this host, by local port\n"
	    "# TYPE tcpresetstat_ports_rst_out_total counter\n"
	    "tcpresetstat_ports_rst_out_total{port=\"7211\"} 5\n"
	    "tcpresetstat_ports_rst_out_total{row=\"other\"} 0\n"
	    "# tcpresetstat: unavailable on this kernel: " SAMPLE_PORTS_LACKS_TEXT "\n", ""),
	CLI("cli_prometheus_error_on_stderr", MISSING, "--prometheus", 3, "",
	    "Error: " MISSING ": No such file or directory " HINT "\n"),
	CLI("cli_show_text_top_default", "tests/data/many-rows.txt", "", 0,
	    "rst_out  78\n\nports:\n  port  rst_out\n  7012       12\n  7011       11\n"
	    "  7010       10\n  7009        9\n  7008        8\n  7007        7\n  7006        6\n"
	    "  7005        5\n  7004        4\n  7003        3\n  ... 2 more\n"
	    "\nunavailable on this kernel: totals: rst_in, rst_in_refused, rst_in_reset, "
	    "rst_in_other, rst_out_refused, rst_out_abort, rst_out_other, rst_fwd, "
	    OTHER_TOTALS_TEXT "; pressure: " PRESSURE_TEXT "; ports: rst_in, rst_in_refused, "
	    "rst_in_reset, rst_in_other, rst_out_refused, rst_out_abort, rst_out_other, "
	    "open_fail_passive, open_fail_passive_reset, open_fail_passive_timeout, "
	    "open_fail_passive_listen_drop, listen_backlog, listen_max\n", ""),
	CLI("cli_show_top_all", "tests/data/many-rows.txt", "--top 0 | wc -l", 0, "18\n", ""),
	CLI("cli_table_all_rows", "tests/data/many-rows.txt", "ports | wc -l", 0, "16\n", ""),
	CLI("cli_sort_top", FULL, "ports --sort rst_out --top 1", 0,
	    "ports:\n"
	    "  port  rst_in  rst_out  rst_out_refused  open_fail_passive  listen_backlog  listen_max\n"
	    "  7211       0        6                6                  0               0           0\n"
	    "  ... 2 more\n"
	    "\nunavailable on this kernel: " FULL_PORTS_LACKS_TEXT "\n", ""),
	CLI("cli_sort_key_column", FULL, "-j ports --sort port", 0,
	    "{\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":6,\"rst_out_refused\":6,"
	    "\"open_fail_passive\":0,\"listen_backlog\":0,\"listen_max\":0},"
	    "{\"port\":80,\"rst_in\":1,\"rst_out\":2,\"rst_out_refused\":0,\"open_fail_passive\":2,"
	    "\"listen_backlog\":3,\"listen_max\":128},"
	    "{\"port\":\"ephemeral\",\"rst_in\":6,\"rst_out\":1,\"rst_out_refused\":0,"
	    "\"open_fail_passive\":0,\"listen_backlog\":0,\"listen_max\":0}],"
	    "\"unavailable\":{" FULL_PORTS_LACKS_JSON "}}\n", ""),
	/* A router's forwarded opens: text, JSON, Prometheus, --sort. */
	CLI("cli_forwarded_text", FORWARDED, "forwarded --sort open_fail_fwd_timeout", 0,
	    "forwarded:\n"
	    "  addr           remote_port  open_fail_fwd  open_fail_fwd_refused  "
	    "open_fail_fwd_unreach  open_fail_fwd_timeout\n"
	    "  2001:db8:2::1          443              4                      0  "
	    "                    1                      3\n"
	    "  198.51.100.1          7600              3                      3  "
	    "                    0                      0\n", ""),
	CLI("cli_forwarded_json", FORWARDED, "-j forwarded --top 1", 0,
	    "{\"forwarded\":[{\"addr\":\"2001:db8:2::1\",\"remote_port\":443,"
	    "\"open_fail_fwd\":4,\"open_fail_fwd_refused\":0,\"open_fail_fwd_unreach\":1,"
	    "\"open_fail_fwd_timeout\":3}]}\n", ""),
	CLI("cli_forwarded_prometheus", FORWARDED, "--prometheus forwarded --sort addr", 0,
	    "# HELP tcpresetstat_forwarded_open_fail_fwd_total forwarded opens that failed (routed, followed with conntrack), "
	    "forwarded opens, by remote address and port\n"
	    "# TYPE tcpresetstat_forwarded_open_fail_fwd_total counter\n"
	    "tcpresetstat_forwarded_open_fail_fwd_total{addr=\"198.51.100.1\",remote_port=\"7600\"} 3\n"
	    "tcpresetstat_forwarded_open_fail_fwd_total{addr=\"2001:db8:2::1\",remote_port=\"443\"} 4\n"
	    "tcpresetstat_forwarded_open_fail_fwd_total{row=\"other\"} 0\n"
	    "# HELP tcpresetstat_forwarded_open_fail_fwd_refused_total forwarded opens refused by a RST, "
	    "forwarded opens, by remote address and port\n"
	    "# TYPE tcpresetstat_forwarded_open_fail_fwd_refused_total counter\n"
	    "tcpresetstat_forwarded_open_fail_fwd_refused_total{addr=\"198.51.100.1\",remote_port=\"7600\"} 3\n"
	    "tcpresetstat_forwarded_open_fail_fwd_refused_total{addr=\"2001:db8:2::1\",remote_port=\"443\"} 0\n"
	    "tcpresetstat_forwarded_open_fail_fwd_refused_total{row=\"other\"} 0\n"
	    "# HELP tcpresetstat_forwarded_open_fail_fwd_unreach_total forwarded opens failed by an ICMP error, "
	    "forwarded opens, by remote address and port\n"
	    "# TYPE tcpresetstat_forwarded_open_fail_fwd_unreach_total counter\n"
	    "tcpresetstat_forwarded_open_fail_fwd_unreach_total{addr=\"198.51.100.1\",remote_port=\"7600\"} 0\n"
	    "tcpresetstat_forwarded_open_fail_fwd_unreach_total{addr=\"2001:db8:2::1\",remote_port=\"443\"} 1\n"
	    "tcpresetstat_forwarded_open_fail_fwd_unreach_total{row=\"other\"} 0\n"
	    "# HELP tcpresetstat_forwarded_open_fail_fwd_timeout_total forwarded opens unanswered until conntrack gave up, "
	    "forwarded opens, by remote address and port\n"
	    "# TYPE tcpresetstat_forwarded_open_fail_fwd_timeout_total counter\n"
	    "tcpresetstat_forwarded_open_fail_fwd_timeout_total{addr=\"198.51.100.1\",remote_port=\"7600\"} 0\n"
	    "tcpresetstat_forwarded_open_fail_fwd_timeout_total{addr=\"2001:db8:2::1\",remote_port=\"443\"} 3\n"
	    "tcpresetstat_forwarded_open_fail_fwd_timeout_total{row=\"other\"} 0\n",
	    ""),
	CLI("cli_top_json", FULL, "-j peers --top 1", 0,
	    "{\"peers\":[{\"addr\":\"2001:db8::7\",\"rst_in\":4,\"rst_out\":8,\"estab_reset\":0}],"
	    "\"unavailable\":{\"peers\":[\"rst_fwd_sent\",\"rst_fwd_rcvd\",\"open_fail_active\","
	    "\"open_fail_passive\",\"open_fail_fwd\"]}}\n", ""),
	CLI("cli_sort_unknown_column", SAMPLE_PORTS, "ports --sort nope", 2, "",
	    "Error: nope: not a column of any table; see: tcpresetstat help\n"),
	CLI("cli_sort_column_of_newer_module", "tests/data/zero-rows.txt", "-j --sort rst_in peers", 0,
	    "{\"peers\":[{\"addr\":\"other\",\"rst_in\":0}],\"unavailable\":{\"peers\":[\"rst_out\","
	    "\"rst_fwd_sent\",\"rst_fwd_rcvd\",\"open_fail_active\",\"open_fail_passive\","
	    "\"estab_reset\",\"open_fail_fwd\"]}}\n", ""),
	/* Ordering by what the kernel leaves out of a table shown: an error, not another order. */
	UNAVAILABLE("cli_sort_unavailable", "--sort open_fail_active", "open_fail_active",
		    "peers, destinations"),
	CLI("cli_sort_unavailable_json", NO_TRACEPOINTS, "-j destinations --sort eaddrnotavail", 2,
	    "{\"error\":{\"what\":\"--sort\",\"reason\":\"eaddrnotavail is unavailable on this"
	    " kernel (destinations)\",\"code\":2}}\n", ""),
	UNAVAILABLE("cli_sort_unavailable_watch", "watch -c 1 --sort estab_reset", "estab_reset",
		    "peers"),
	CLI("cli_sort_available", NO_TRACEPOINTS, "-j ports --sort rst_in_refused --top 1", 0,
	    "{\"ports\":[{\"port\":\"ephemeral\",\"rst_in\":9,\"rst_in_refused\":4,\"rst_out\":5,"
	    "\"rst_out_refused\":0,\"rst_out_abort\":3,\"rst_out_other\":2,\"listen_backlog\":0,"
	    "\"listen_max\":0}],\"unavailable\":{\"ports\":[\"rst_in_reset\",\"rst_in_other\","
	    "\"open_fail_passive\",\"open_fail_passive_reset\",\"open_fail_passive_timeout\","
	    "\"open_fail_passive_listen_drop\"]}}\n", ""),
	/* timewait lists only what it would show: eaddrnotavail of the destinations. */
	CLI("cli_timewait_unavailable", NO_TRACEPOINTS, "-j timewait", 0,
	    "{\"pressure\":{\"tw_total\":240,\"tw_ephemeral\":200,\"port_range_lo\":1024,"
	    "\"port_range_hi\":65535,\"ephemeral_ports\":64512,\"tw_reuse\":0,"
	    "\"max_tw_buckets\":4096},\"tw_ephemeral_pct\":0.31,\"destinations\":["
	    "{\"local_addr\":\"127.0.0.1\",\"addr\":\"127.0.0.1\",\"remote_port\":7211,\"tw\":2,"
	    "\"estab\":0,\"port_use_pct\":0,\"near_exhaustion\":0},"
	    "{\"local_addr\":\"10.0.0.1\",\"addr\":\"2001:db8::9\",\"remote_port\":80,\"tw\":0,"
	    "\"estab\":1,\"port_use_pct\":0,\"near_exhaustion\":0}],"
	    "\"unavailable\":{\"destinations\":[\"eaddrnotavail\"]}}\n", ""),
	CLI("cli_timewait_text", FULL, "timewait", 0,
	    "tw_total             12\n"
	    "tw_ephemeral         10\n"
	    "port_range_lo     32768\n"
	    "port_range_hi     60999\n"
	    "ephemeral_ports   28232\n"
	    "tw_reuse              2\n"
	    "max_tw_buckets   262144\n"
	    "\n"
	    "0.04% of ephemeral ports in TIME_WAIT (10 of 28232)\n"
	    "\n"
	    "destinations:\n"
	    "  local_addr  addr      remote_port  eaddrnotavail  tw  estab  port_use_pct  near_exhaustion\n"
	    "  10.0.0.1    10.0.0.2          443              1   9     20            82                1\n"
	    "  10.0.0.1    10.0.0.3           80              0   1      2             1                0\n",
	    ""),
	CLI("cli_timewait_json", FULL, "-j timewait", 0,
	    "{\"pressure\":{\"tw_total\":12,\"tw_ephemeral\":10,\"port_range_lo\":32768,"
	    "\"port_range_hi\":60999,\"ephemeral_ports\":28232,\"tw_reuse\":2,\"max_tw_buckets\":262144},"
	    "\"tw_ephemeral_pct\":0.04,\"destinations\":["
	    "{\"local_addr\":\"10.0.0.1\",\"addr\":\"10.0.0.2\",\"remote_port\":443,\"eaddrnotavail\":1,"
	    "\"tw\":9,\"estab\":20,\"port_use_pct\":82,\"near_exhaustion\":1},"
	    "{\"local_addr\":\"10.0.0.1\",\"addr\":\"10.0.0.3\",\"remote_port\":80,\"eaddrnotavail\":0,"
	    "\"tw\":1,\"estab\":2,\"port_use_pct\":1,\"near_exhaustion\":0},"
	    "{\"local_addr\":\"127.0.0.1\",\"addr\":\"127.0.0.1\",\"remote_port\":7211,"
	    "\"eaddrnotavail\":0,\"tw\":0,\"estab\":0,\"port_use_pct\":0,\"near_exhaustion\":0}]}\n",
	    ""),
	CLI("cli_timewait_sort", FULL, "-j timewait --sort tw --top 1 | sed 's/.*,\"destinations/\"destinations/'", 0,
	    "\"destinations\":[{\"local_addr\":\"10.0.0.1\",\"addr\":\"10.0.0.2\","
	    "\"remote_port\":443,\"eaddrnotavail\":1,\"tw\":9,\"estab\":20,\"port_use_pct\":82,"
	    "\"near_exhaustion\":1}]}\n", ""),
	CLI("cli_timewait_unknown_pressure", SAMPLE, "-j timewait", 0,
	    "{\"pressure\":{},\"destinations\":[],\"unavailable\":{\"pressure\":[" PRESSURE_JSON "]}}\n",
	    ""),
	CLI("cli_watch_text", SAMPLE_PORTS,
	    "watch -i 0.01 -c 2 | sed -E 's/^[0-9:]+  per second over [0-9.]+ s$/HEADER/'", 0,
	    "HEADER\nunavailable on this kernel: " WATCH_LACKS_TEXT "\n\n"
	    "HEADER\nunavailable on this kernel: " WATCH_LACKS_TEXT "\n", ""),
	CLI("cli_watch_json", SAMPLE_PORTS,
	    "-j watch -i 0.01 -c 2 | sed -E 's/\"time\":[0-9]+,\"elapsed\":[0-9.]+/T/'", 0,
	    "{T,\"rates\":{\"totals\":{\"rst_in\":0,\"rst_in_refused\":0,\"rst_in_reset\":0,"
	    "\"rst_in_other\":0,\"rst_out\":0,\"rst_out_refused\":0,\"rst_out_abort\":0,"
	    "\"rst_out_other\":0,\"rst_fwd\":0},\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":0},"
	    "{\"port\":\"other\",\"rst_in\":0,\"rst_out\":0}],\"peers\":[],\"destinations\":[],\"forwarded\":[]},"
	    "\"unavailable\":{\"totals\":[" OTHER_TOTALS_JSON "]," SAMPLE_PORTS_LACKS_JSON "}}\n"
	    "{T,\"rates\":{\"totals\":{\"rst_in\":0,\"rst_in_refused\":0,\"rst_in_reset\":0,"
	    "\"rst_in_other\":0,\"rst_out\":0,\"rst_out_refused\":0,\"rst_out_abort\":0,"
	    "\"rst_out_other\":0,\"rst_fwd\":0},\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":0},"
	    "{\"port\":\"other\",\"rst_in\":0,\"rst_out\":0}],\"peers\":[],\"destinations\":[],\"forwarded\":[]},"
	    "\"unavailable\":{\"totals\":[" OTHER_TOTALS_JSON "]," SAMPLE_PORTS_LACKS_JSON "}}\n",
	    ""),
	/* No rate for what the kernel leaves out: listed instead (not the pressure: no rates). */
	CLI("cli_watch_unavailable", NO_TRACEPOINTS,
	    "-j watch -i 0.01 -c 1 | sed -E 's/\"time\":[0-9]+,\"elapsed\":[0-9.]+/T/'", 0,
	    "{T,\"rates\":{\"totals\":{\"rst_in\":0,\"rst_in_refused\":0,\"rst_out\":0,"
	    "\"rst_out_refused\":0,\"rst_out_abort\":0,\"rst_out_other\":0,\"rst_fwd\":0,"
	    "\"open_fail_active_refused\":0,\"open_fail_active_unreach\":0,\"sampler_runs\":0,"
	    "\"sampler_ns_total\":0,\"sampler_sockets\":0,\"alerts_sent\":0,\"alerts_suppressed\":0},"
	    "\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_in_refused\":0,\"rst_out\":0,"
	    "\"rst_out_refused\":0,\"rst_out_abort\":0,\"rst_out_other\":0},"
	    "{\"port\":\"ephemeral\",\"rst_in\":0,\"rst_in_refused\":0,\"rst_out\":0,"
	    "\"rst_out_refused\":0,\"rst_out_abort\":0,\"rst_out_other\":0}],\"peers\":[],"
	    "\"destinations\":[{\"local_addr\":\"127.0.0.1\",\"addr\":\"127.0.0.1\","
	    "\"remote_port\":7211,\"open_fail_active_refused\":0,\"open_fail_active_unreach\":0,"
	    "\"rst_in_refused\":0},{\"local_addr\":\"10.0.0.1\",\"addr\":\"2001:db8::9\","
	    "\"remote_port\":80,\"open_fail_active_refused\":0,\"open_fail_active_unreach\":0,"
	    "\"rst_in_refused\":0}],\"forwarded\":[]}," NO_TRACEPOINTS_LACKS_JSON "}\n", ""),
	/* -i 0.001: the time measured is shown, not rounded to 0. */
	CLI("cli_watch_elapsed_below_10ms", SAMPLE_PORTS,
	    "-j watch -i 0.001 -c 3 | grep -Ec '\"elapsed\":(0\\.[0-9]*[1-9]|[1-9])'", 0,
	    "3\n", ""),
	CLI("cli_watch_not_loaded", MISSING, "watch -c 1", 3, "",
	    "Error: " MISSING ": No such file or directory " HINT "\n"),
	{ "cli_watch_stops_on_signal", test_watch_signal, NULL },
	CLI("cli_watch_interval_zero", SAMPLE, "watch -i 0", 2, "",
	    "Error: -i: expects seconds, from 0.001 to 1000000, not \"0\"; see: tcpresetstat help\n"),
	CLI("cli_watch_interval_word", SAMPLE, "watch --interval=fast", 2, "",
	    "Error: --interval: expects seconds, from 0.001 to 1000000, not \"fast\";"
	    " see: tcpresetstat help\n"),
	CLI("cli_watch_count_missing", SAMPLE, "watch -c", 2, "",
	    "Error: -c: missing value; see: tcpresetstat help\n"),
	CLI("cli_watch_count_zero", SAMPLE, "watch -c 0", 2, "",
	    "Error: -c: expects a count of at least 1, not \"0\"; see: tcpresetstat help\n"),
	CLI("cli_watch_extra", SAMPLE, "watch now", 2, "",
	    "Error: now: unexpected argument; see: tcpresetstat help\n"),
	CLI("cli_events_timeout_negative", SAMPLE, "events -t -1", 2, "",
	    "Error: -t: expects seconds, from 0.001 to 1000000, not \"-1\"; see: tcpresetstat help\n"),
	CLI("cli_events_count_word", SAMPLE, "events --count many", 2, "",
	    "Error: --count: expects a count of at least 1, not \"many\"; see: tcpresetstat help\n"),
	CLI("cli_events_interval", SAMPLE, "events -i 1", 2, "",
	    "Error: -i: not an option of events; see: tcpresetstat help\n"),
	CLI("cli_events_without_family", SAMPLE, "events -t 0.01", 3, "",
	    "Error: events: no generic netlink family \"tcpresetstat\" " HINT "\n"),
	CLI("cli_config_without_family", SAMPLE, "config ports_max=5", 3, "",
	    "Error: config: no generic netlink family \"tcpresetstat\" " HINT "\n"),
	CLI("cli_config_unknown_setting", SAMPLE, "config bogus=1", 2, "",
	    "Error: bogus=1: unknown setting (tcpresetstat config lists them);"
	    " see: tcpresetstat help\n"),
	CLI("cli_config_bad_value_json", SAMPLE, "-j config ports_max=x", 2,
	    "{\"error\":{\"what\":\"ports_max=x\",\"reason\":\"the value is not a decimal from 0 to"
	    " 4294967295; see: tcpresetstat help\",\"code\":2}}\n", ""),
	CLI("cli_config_checked_before_sending", SAMPLE, "config ports_max=1 nope", 2, "",
	    "Error: nope: expected NAME=VALUE; see: tcpresetstat help\n"),
	CLI("cli_config_sort", SAMPLE, "config --sort rst_in", 2, "",
	    "Error: --sort: not an option of config; see: tcpresetstat help\n"),
	CLI("cli_netns_missing", SAMPLE, "-n trs-no-such-namespace", 1, "",
	    "Error: netns trs-no-such-namespace: No such file or directory"
	    " (ip netns list shows the names)\n"),
	/* A path or a pid: here, this namespace itself (setns needs root). */
	CLI_ROOT("cli_netns_path", SAMPLE, "-n /proc/self/ns/net --prometheus | sed -n 3p", 0,
	    "tcpresetstat_rst_in_total{netns=\"/proc/self/ns/net\"} 12\n", ""),
	CLI_ROOT("cli_netns_pid", SAMPLE,
	    "-n $$ --prometheus | sed -n 3p | sed 's/netns=\"[0-9]*\"/netns=PID/'", 0,
	    "tcpresetstat_rst_in_total{netns=PID} 12\n", ""),
	CLI("cli_netns_path_missing", SAMPLE, "-n /nonexistent/ns", 1, "",
	    "Error: netns /nonexistent/ns: No such file or directory\n"),
	CLI("cli_netns_path_not_netns", SAMPLE, "-n /etc/hostname", 1, "",
	    "Error: netns /etc/hostname: not a network namespace\n"),
	CLI("cli_netns_pid_missing", SAMPLE, "-n 99999999999", 1, "",
	    "Error: netns 99999999999: No such file or directory"
	    " (no such namespace name, nor process)\n"),
	CLI("cli_netns_bad_name", SAMPLE, "ports -n ../etc", 2, "",
	    "Error: -n: expects a network namespace name, path or pid, not \"../etc\"; see: tcpresetstat help\n"),
	CLI("cli_netns_empty", SAMPLE, "--netns=", 2, "",
	    "Error: --netns: expects a network namespace name, path or pid, not \"\"; see: tcpresetstat help\n"),
	CLI("cli_help_anywhere", NULL, "watch -h | head -n 1", 0,
	    "Usage: tcpresetstat [OPTIONS] [SUBCOMMAND [ARGS]]\n", ""),
	/* Replaces the file whole, readable by all whatever the umask. */
	OUTPUT("replaces",
	       "echo old > m.prom; umask 077; TCPRESETSTAT_PROC=$S $T --prometheus -o m.prom;"
	       " echo rc=$?; TCPRESETSTAT_PROC=$S $T --prometheus | cmp - m.prom && echo same;"
	       " stat -c %a m.prom", 0,
	       "rc=0\nsame\n644\nm.prom\n", ""),
	OUTPUT("every_format",
	       "TCPRESETSTAT_PROC=$S $T ports -j --output=j; TCPRESETSTAT_PROC=$S $T ports -j | cmp - j"
	       " && TCPRESETSTAT_PROC=$S $T timewait -o t && TCPRESETSTAT_PROC=$S $T timewait | cmp - t"
	       " && echo same", 0, "same\nj\nt\n", ""),
	/* A failed subcommand: the file as it was, the JSON error on stdout as ever. */
	OUTPUT("failed_keeps_file",
	       "echo old > m.prom; TCPRESETSTAT_PROC=$M $T -j -o m.prom > out; echo rc=$?;"
	       " sed 's|\"what\":\"[^\"]*\"|W|' out; rm out; cat m.prom", 0,
	       "rc=3\n{\"error\":{W,\"reason\":\"No such file or directory " HINT "\",\"code\":3}}\n"
	       "old\nm.prom\n", ""),
	OUTPUT("no_directory",
	       "TCPRESETSTAT_PROC=$S $T -o none/m.prom; echo rc=$?", 0, "rc=1\n",
	       "Error: none/m.prom: cannot create a file beside it: No such file or directory\n"),
	OUTPUT("a_directory",
	       "mkdir sub; TCPRESETSTAT_PROC=$S $T -o sub; echo rc=$?; ls -A sub", 0, "rc=1\nsub\n",
	       "Error: sub: cannot replace it: Is a directory\n"),
	/* A write that fails (a 512-byte file size limit): the error, the old file kept. */
	OUTPUT("write_error",
	       "echo old > m.prom; (trap '' XFSZ; ulimit -f 1; TCPRESETSTAT_PROC=$S $T -o m.prom);"
	       " echo rc=$?; cat m.prom", 0, "rc=1\nold\nm.prom\n",
	       "Error: m.prom: cannot write it: File too large\n"),
	/* show --tables: Prometheus' default leaves out the tables keyed by address. */
	CLI("cli_tables_prometheus_default", TABLES,
	    "--prometheus | grep -oE '^tcpresetstat_(ports|peers|destinations|forwarded|reasons)_'"
	    " | uniq", 0, "tcpresetstat_ports_\ntcpresetstat_reasons_\n", ""),
	CLI("cli_tables_prometheus_opt_in", TABLES,
	    "--prometheus --tables destinations,peers | grep -oE "
	    "'^tcpresetstat_(ports|peers|destinations|forwarded|reasons)_' | uniq", 0,
	    "tcpresetstat_peers_\ntcpresetstat_destinations_\n", ""),
	/* What the kernel left out, of the tables printed only. */
	CLI("cli_tables_prometheus_unavailable", TABLES,
	    "--prometheus --tables destinations,peers | grep '^# tcpresetstat:'"
	    " | grep -oE '(: |; )[a-z]+:'", 0,
	    ": totals:\n; pressure:\n; peers:\n; destinations:\n", ""),
	CLI("cli_tables_prometheus_all", FULL,
	    "--prometheus --tables all | cmp - tests/data/full.prom && echo same", 0, "same\n", ""),
	CLI("cli_tables_text", TABLES, "--tables reasons,ports | grep -E '^[a-z]+:$'", 0,
	    "ports:\nreasons:\n", ""),
	CLI("cli_tables_json", TABLES,
	    "-j --tables forwarded | grep -oE '\"(ports|peers|destinations|forwarded|reasons)\":.'",
	    0, "\"forwarded\":[\n\"forwarded\":[\n", ""),
	CLI("cli_tables_unknown", TABLES, "--tables ports,nope", 2, "",
	    "Error: --tables: expects " TABLES_WHAT ", not \"ports,nope\"; see: tcpresetstat help\n"),
	CLI("cli_tables_twice", TABLES, "--tables=ports,ports", 2, "",
	    "Error: --tables: expects " TABLES_WHAT ", not \"ports,ports\"; see: tcpresetstat help\n"),
	CLI("cli_tables_empty_name", TABLES, "--tables ports,", 2, "",
	    "Error: --tables: expects " TABLES_WHAT ", not \"ports,\"; see: tcpresetstat help\n"),
	CLI("cli_tables_all_and_more", TABLES, "--tables all,ports", 2, "",
	    "Error: --tables: expects " TABLES_WHAT ", not \"all,ports\"; see: tcpresetstat help\n"),
	CLI("cli_tables_not_of_ports", TABLES, "ports --tables ports", 2, "",
	    "Error: --tables: not an option of ports; see: tcpresetstat help\n"),
	{ "cli_serve_http_clients", test_serve, NULL },
	CLI("cli_serve_listen_no_port", SAMPLE, "serve -l 127.0.0.1", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \"127.0.0.1\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_port_0", SAMPLE, "serve --listen :0", 2, "",
	    "Error: --listen: expects " LISTEN_WHAT ", not \":0\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_port_big", SAMPLE, "serve --listen=:65536", 2, "",
	    "Error: --listen: expects " LISTEN_WHAT ", not \":65536\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_v6_unbracketed", SAMPLE, "serve -l ::1:9917", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \"::1:9917\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_bracket", SAMPLE, "serve -l '[::1]9917'", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \"[::1]9917\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_sign", SAMPLE, "serve -l :+80", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \":+80\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_name", SAMPLE, "serve -l localhost:9917", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \"localhost:9917\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_v4_in_brackets", SAMPLE, "serve -l '[127.0.0.1]:9917'", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \"[127.0.0.1]:9917\"; see: tcpresetstat help\n"),
	CLI("cli_serve_listen_long_port", SAMPLE, "serve -l :0000000000000000080", 2, "",
	    "Error: -l: expects " LISTEN_WHAT ", not \":0000000000000000080\"; see: tcpresetstat help\n"),
	{ "cli_serve_systemd_units", test_units, NULL },
	CLI("cli_serve_no_output", SAMPLE, "serve -o x", 2, "",
	    "Error: -o: not an option of serve; see: tcpresetstat help\n"),
	CLI("cli_listen_not_show", SAMPLE, "show -l :80", 2, "",
	    "Error: -l: not an option of show; see: tcpresetstat help\n"),
	CLI("cli_output_empty", SAMPLE, "-o ''", 2, "",
	    "Error: -o: expects a file path, not \"\"; see: tcpresetstat help\n"),
	CLI("cli_output_trailing_slash", SAMPLE, "--output=/tmp/", 2, "",
	    "Error: --output: expects a file path, not \"/tmp/\"; see: tcpresetstat help\n"),
	CLI("cli_output_not_watch", SAMPLE, "watch -o x", 2, "",
	    "Error: -o: not an option of watch; see: tcpresetstat help\n"),
	ALL_NETNS("prometheus", "--all-netns ports --prometheus",
		  "# HELP tcpresetstat_ports_rst_in_total RST segments delivered to this host,"
		  " by local port\n# TYPE tcpresetstat_ports_rst_in_total counter\n"
		  PORTS_PROM("net:[N]") PORTS_PROM("a") PORTS_PROM("b") PORTS_PROM("net:[N]")
		  "# HELP tcpresetstat_ports_rst_out_total RST segments originated by this host,"
		  " by local port\n# TYPE tcpresetstat_ports_rst_out_total counter\n"
		  PORTS_PROM_OUT("net:[N]") PORTS_PROM_OUT("a") PORTS_PROM_OUT("b")
		  PORTS_PROM_OUT("net:[N]")
		  "# tcpresetstat: unavailable on this kernel: " SAMPLE_PORTS_LACKS_TEXT "\n"
		  "status 0\n"),
	ALL_NETNS("text", "--all-netns ports --top 1",
		  PORTS_TEXT("net:[N]") "\n" PORTS_TEXT("a") "\n" PORTS_TEXT("b") "\n"
		  PORTS_TEXT("net:[N]") "status 0\n"),
	ALL_NETNS("json_names", "--all-netns -j ports | grep -o \"\\\"netns\\\":\\\"[^\\\"]*\\\"\"",
		  "\"netns\":\"net:[N]\"\n\"netns\":\"a\"\n\"netns\":\"b\"\n"
		  "\"netns\":\"net:[N]\"\nstatus 0\n"),
	CLI("cli_all_netns_with_n", SAMPLE, "--all-netns -n x", 2, "",
	    "Error: --all-netns: cannot be combined with -n; see: tcpresetstat help\n"),
	CLI("cli_all_netns_not_watch", SAMPLE, "watch --all-netns", 2, "",
	    "Error: --all-netns: not an option of watch; see: tcpresetstat help\n"),
	CLI("cli_all_netns_not_timewait", SAMPLE, "timewait --all-netns", 2, "",
	    "Error: --all-netns: not an option of timewait; see: tcpresetstat help\n"),
	ODD("long_subcommand", LONG),
	ODD("long_option", "--" LONG),
	ODD("long_top", "--top 1" LONG),
	ODD("long_config", "config " LONG "=1"),
	ODD("long_config_value", "config ports_max=" LONG),
	ODD("long_netns", "-n " LONG),
	ODD("long_sort", "ports --sort " LONG),
	ODD("control_characters", "\"$(printf 'a\\tb\\001')\""),
	ODD("high_bytes", "\"$(printf '\\377\\376')\""),
	{ NULL, NULL, NULL },
};
