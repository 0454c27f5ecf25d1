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

static void test_help(const void *arg)
{
	struct result help, opt;

	(void)arg;
	CHECK_INT(run(TEST_BIN " help", &help), 0);
	CHECK_INT(run(TEST_BIN " --help show", &opt), 0);
	CHECK_INT(help.status, 0);
	CHECK_INT(opt.status, 0);
	CHECK_STR(help.err, "");
	CHECK(!strncmp(help.out, "Usage: tcpresetstat [OPTIONS] [SUBCOMMAND]\n", 43));
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

#define CLI(name, proc, args, status, out, err) \
	{ name, test_cli, &(const struct cli){ proc, args, status, out, err } }

#define MISSING "tests/data/missing.txt"
#define HINT "(is the module loaded? try: sudo modprobe tcpresetstat)"

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
	    "\"ports\":[],\"peers\":[],\"destinations\":[]}\n", ""),
	CLI("cli_ports_text", SAMPLE_PORTS, "ports", 0,
	    "ports:\n  port   rst_in  rst_out\n  7211        0        5\n  other       1        0\n", ""),
	CLI("cli_ports_json", SAMPLE_PORTS, "-j ports", 0,
	    "{\"ports\":[{\"port\":7211,\"rst_in\":0,\"rst_out\":5},"
	    "{\"port\":\"other\",\"rst_in\":1,\"rst_out\":0}]}\n", ""),
	CLI("cli_peers_json_absent", SAMPLE_PORTS, "-j peers", 0, "{\"peers\":[]}\n", ""),
	CLI("cli_reset_bad_table", SAMPLE, "reset bogus", 2, "",
	    "Error: bogus: not a table (ports, peers, destinations); see: tcpresetstat help\n"),
	CLI("cli_reset_extra", SAMPLE, "reset ports extra", 2, "",
	    "Error: extra: unexpected argument; see: tcpresetstat help\n"),
	CLI("cli_reset_without_family", SAMPLE, "reset", 3, "",
	    "Error: reset: no generic netlink family \"tcpresetstat\" " HINT "\n"),
	CLI("cli_show_hides_zero_rows", "tests/data/zero-rows.txt", "", 0,
	    "rst_out  3\n\nports:\n  port  rst_in  rst_out\n  7211       0        3\n", ""),
	CLI("cli_write_error", SAMPLE, "show >/dev/full", 1, "",
	    "Error: stdout: No space left on device\n"),
	{ "cli_pretty_matches_json_tool", test_json_tool, NULL },
	{ NULL, NULL, NULL },
};
