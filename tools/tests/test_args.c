// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "args.h"
#include "tcpresetstat.h"
#include "test.h"

#define ARGV_MAX 8

/* A command line, split on spaces, and what trs_parse_args() makes of it. */
struct parse {
	const char *line;
	int ret;
	const char *pos;	/* positionals joined by spaces */
	unsigned int seen;
	const char *err;	/* "what: reason" when ret != 0 */
};

static int split(char *line, char **argv)
{
	int argc = 0;
	char *save = NULL, *a;

	argv[argc++] = "tcpresetstat";
	for (a = strtok_r(line, " ", &save); a && argc < ARGV_MAX; a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	argv[argc] = NULL;
	return argc;
}

static void test_parse(const void *arg)
{
	const struct parse *p = arg;
	char line[256], joined[256] = "", *argv[ARGV_MAX + 1], *pos[ARGV_MAX + 1], got_err[800];
	struct trs_error err;
	struct trs_opts o;
	int argc, npos, i, ret;

	snprintf(line, sizeof(line), "%s", p->line);
	argc = split(line, argv);
	trs_opts_init(&o);
	ret = trs_parse_args(argc, argv, &o, pos, &npos, &err);
	CHECK_INT(ret, p->ret);
	if (ret) {
		snprintf(got_err, sizeof(got_err), "%s: %s", err.what, err.reason);
		CHECK_STR(got_err, p->err);
		return;
	}
	for (i = 0; i < npos; i++)
		snprintf(joined + strlen(joined), sizeof(joined) - strlen(joined), "%s%s",
			 i ? " " : "", pos[i]);
	CHECK(pos[npos] == NULL);
	CHECK_STR(joined, p->pos);
	CHECK_INT(o.seen, p->seen);
}

/* Values the options leave in struct trs_opts. */
static void test_values(const void *arg)
{
	char line[] = "-j watch -i 0.25 -c 3 --top=5 --sort rst_in -n ns1 -z -t 2";
	char *argv[ARGV_MAX * 2], *pos[ARGV_MAX * 2];
	struct trs_error err;
	struct trs_opts o;
	int argc = 0, npos;
	char *save = NULL, *a;

	(void)arg;
	argv[argc++] = "tcpresetstat";
	for (a = strtok_r(line, " ", &save); a; a = strtok_r(NULL, " ", &save))
		argv[argc++] = a;
	trs_opts_init(&o);
	CHECK_INT(trs_parse_args(argc, argv, &o, pos, &npos, &err), 0);
	CHECK_INT(o.fmt, TRS_FMT_JSON);
	CHECK(o.interval == 0.25);
	CHECK_INT(o.count, 3);
	CHECK_INT(o.top, 5);
	CHECK_STR(o.sort, "rst_in");
	CHECK_STR(o.netns, "ns1");
	CHECK(o.zeros);
	CHECK(o.timeout == 2.0);
	CHECK_STR(o.given[TRS_OPT_TOP], "--top");
	CHECK_STR(o.given[TRS_OPT_INTERVAL], "-i");
}

static void test_defaults(const void *arg)
{
	struct trs_opts o;

	(void)arg;
	trs_opts_init(&o);
	CHECK_INT(o.fmt, TRS_FMT_TEXT);
	CHECK(o.interval == 1.0);
	CHECK_INT(o.count, 0);
	CHECK(o.timeout == 0);
	CHECK(!o.netns && !o.sort);
}

struct seconds {
	const char *in;
	bool ok;
	double want;
};

static void test_seconds(const void *arg)
{
	const struct seconds *s = arg;
	double v = -1;

	CHECK_INT(trs_parse_seconds(s->in, &v), s->ok);
	if (s->ok)
		CHECK(v > s->want - 1e-9 && v < s->want + 1e-9);
}

struct config {
	const char *line;
	int ret;
	const char *err;
	int id;			/* a setting that must be set ... */
	uint32_t want;		/* ... to this */
};

static void test_config(const void *arg)
{
	const struct config *c = arg;
	char line[256], *argv[ARGV_MAX + 1], got_err[800];
	uint32_t vals[TRS_CFG_MAX];
	bool set[TRS_CFG_MAX];
	struct trs_error err;
	int argc, ret, id, nset = 0;

	snprintf(line, sizeof(line), "%s", c->line);
	argc = split(line, argv);
	argv[0] = "config";
	ret = trs_parse_config_args(argc, argv, vals, set, &err);
	CHECK_INT(ret, c->ret);
	if (ret) {
		snprintf(got_err, sizeof(got_err), "%s: %s", err.what, err.reason);
		CHECK_STR(got_err, c->err);
		return;
	}
	for (id = 0; id < TRS_CFG_MAX; id++)
		nset += set[id];
	CHECK_INT(nset, c->id < 0 ? 0 : argc - 1);
	if (c->id >= 0) {
		CHECK(set[c->id]);
		CHECK_INT(vals[c->id], c->want);
	}
}

#define HELP "; see: tcpresetstat help"
#define PARSE(name, line, ret, pos, seen, err) \
	{ "args_" name, test_parse, &(const struct parse){ line, ret, pos, seen, err } }
#define SECONDS(name, in, ok, want) \
	{ "args_seconds_" name, test_seconds, &(const struct seconds){ in, ok, want } }
#define CONFIG(name, line, ret, err, id, want) \
	{ "args_config_" name, test_config, &(const struct config){ line, ret, err, id, want } }

const struct test args_tests[] = {
	PARSE("empty", "", 0, "", 0, NULL),
	PARSE("options_anywhere", "-j ports -z", 0, "ports", TRS_OPT(JSON) | TRS_OPT(ZEROS), NULL),
	PARSE("positionals_in_order", "config a=1 -j b=2", 0, "config a=1 b=2", TRS_OPT(JSON), NULL),
	PARSE("double_dash", "-- -j", 0, "-j", 0, NULL),
	PARSE("dash_alone", "-", 0, "-", 0, NULL),
	PARSE("long_equals", "--top=3 --sort=rst_in", 0, "", TRS_OPT(TOP) | TRS_OPT(SORT), NULL),
	PARSE("watch_options", "watch -i 2 -c 1", 0, "watch",
	      TRS_OPT(INTERVAL) | TRS_OPT(COUNT), NULL),
	PARSE("unknown", "--bogus", 2, NULL, 0, "--bogus: unknown option" HELP),
	PARSE("first_error_wins", "--bogus --other", 2, NULL, 0, "--bogus: unknown option" HELP),
	PARSE("missing_value", "watch -i", 2, NULL, 0, "-i: missing value" HELP),
	PARSE("flag_with_value", "--json=1", 2, NULL, 0, "--json: takes no value" HELP),
	PARSE("top_not_number", "--top x", 2, NULL, 0,
	      "--top: expects a number of rows, not \"x\"" HELP),
	PARSE("top_negative", "--top -1", 2, NULL, 0,
	      "--top: expects a number of rows, not \"-1\"" HELP),
	PARSE("top_overflow", "--top 18446744073709551616", 2, NULL, 0,
	      "--top: expects a number of rows, not \"18446744073709551616\"" HELP),
	PARSE("count_zero", "-c 0", 2, NULL, 0,
	      "-c: expects a count of at least 1, not \"0\"" HELP),
	PARSE("interval_zero", "-i 0", 2, NULL, 0,
	      "-i: expects seconds, from 0.001 to 1000000, not \"0\"" HELP),
	PARSE("timeout_word", "--timeout=soon", 2, NULL, 0,
	      "--timeout: expects seconds, from 0.001 to 1000000, not \"soon\"" HELP),
	PARSE("sort_odd", "--sort Rst-In", 2, NULL, 0,
	      "--sort: expects a column name, not \"Rst-In\"" HELP),
	PARSE("netns_slash", "-n a/b", 2, NULL, 0,
	      "-n: expects a network namespace name, path or pid, not \"a/b\"" HELP),
	PARSE("netns_dotdot", "--netns ..", 2, NULL, 0,
	      "--netns: expects a network namespace name, path or pid, not \"..\"" HELP),
	PARSE("prometheus_json", "--prometheus -j", 2, NULL, 0,
	      "--prometheus: cannot be combined with JSON output" HELP),
	PARSE("long_value_cut",
	      "--top 12345678901234567890123456789012345678901234567890123456789012345678901234567890",
	      2, NULL, 0, "--top: expects a number of rows, not \"12345678901234567890123456789012"
	      "34567890123456789012345678901234...\"" HELP),
	{ "args_values", test_values, NULL },
	{ "args_defaults", test_defaults, NULL },
	SECONDS("integer", "2", true, 2),
	SECONDS("fraction", "0.25", true, 0.25),
	SECONDS("smallest", "0.001", true, 0.001),
	SECONDS("largest", "1000000", true, 1000000),
	SECONDS("zero", "0", false, 0),
	SECONDS("too_small", "0.0009", false, 0),
	SECONDS("too_large", "1000000.5", false, 0),
	SECONDS("digits_overflow", "99999999999999999999", false, 0),
	SECONDS("negative", "-1", false, 0),
	SECONDS("exponent", "1e3", false, 0),
	SECONDS("hex", "0x10", false, 0),
	SECONDS("inf", "inf", false, 0),
	SECONDS("bare_point", "1.", false, 0),
	SECONDS("leading_point", ".5", false, 0),
	SECONDS("empty", "", false, 0),
	SECONDS("trailing", "1s", false, 0),
	CONFIG("none", "", 0, NULL, -1, 0),
	CONFIG("one", "alert_dest_open_fail=5", 0, NULL, TRS_CFG_ALERT_DEST_OPEN_FAIL, 5),
	CONFIG("max_u32", "ports_max=4294967295", 0, NULL, TRS_CFG_PORTS_MAX, 4294967295u),
	CONFIG("two", "peers_max=0 idle_timeout=60", 0, NULL, TRS_CFG_IDLE_TIMEOUT, 60),
	CONFIG("no_equals", "ports_max", 2, "ports_max: expected NAME=VALUE" HELP, -1, 0),
	CONFIG("no_name", "=5", 2, "=5: expected NAME=VALUE" HELP, -1, 0),
	CONFIG("unknown", "ports_maxx=5", 2,
	       "ports_maxx=5: unknown setting (tcpresetstat config lists them)" HELP, -1, 0),
	CONFIG("twice", "ports_max=1 ports_max=2", 2, "ports_max=2: setting given twice" HELP,
	       -1, 0),
	CONFIG("not_number", "ports_max=abc", 2,
	       "ports_max=abc: the value is not a decimal from 0 to 4294967295" HELP, -1, 0),
	CONFIG("empty_value", "ports_max=", 2,
	       "ports_max=: the value is not a decimal from 0 to 4294967295" HELP, -1, 0),
	CONFIG("negative", "ports_max=-1", 2,
	       "ports_max=-1: the value is not a decimal from 0 to 4294967295" HELP, -1, 0),
	CONFIG("above_u32", "ports_max=4294967296", 2,
	       "ports_max=4294967296: the value is not a decimal from 0 to 4294967295" HELP, -1, 0),
	CONFIG("leading_zero", "ports_max=010", 2,
	       "ports_max=010: the value is not a decimal from 0 to 4294967295" HELP, -1, 0),
	{ NULL, NULL, NULL },
};
