// SPDX-License-Identifier: GPL-2.0
/*
 * snmp as snmpd runs it: the tool on the other end of two pipes, asked a
 * request at a time and each answer awaited (bounded) before the next, so
 * that an answer left unflushed fails instead of passing.  And the MIB
 * (../snmp/TCPRESETSTAT-MIB.txt) against the objects the tool serves.
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "names.h"
#include "subcommands.h"
#include "test.h"

#define MIB		"../snmp/TCPRESETSTAT-MIB.txt"
#define B		TRS_SNMP_BASE
#define ANSWER_MS	5000

struct agent {
	pid_t pid;
	int in, out;		/* its stdin, its stdout */
	char buf[65536];
	size_t len;
	char err[64];		/* the file of its stderr */
};

/* Starts "[ENV] tcpresetstat snmp ARGS" with TCPRESETSTAT_PROC=@proc. */
static bool agent_start(struct agent *a, const char *env, const char *proc, const char *args)
{
	int to[2], from[2], fd;
	char cmd[1024];

	snprintf(a->err, sizeof(a->err), "/tmp/trs-snmp-err.XXXXXX");
	fd = mkstemp(a->err);
	if (fd < 0 || pipe(to) || pipe(from))
		return false;
	close(fd);
	snprintf(cmd, sizeof(cmd), "%s TCPRESETSTAT_PROC=%s exec %s snmp %s 2>%s", env, proc,
		 TEST_BIN, args, a->err);
	a->len = 0;
	a->pid = fork();
	if (a->pid == 0) {
		dup2(to[0], 0);
		dup2(from[1], 1);
		close(to[0]);
		close(to[1]);
		close(from[0]);
		close(from[1]);
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	close(to[0]);
	close(from[1]);
	a->in = to[1];
	a->out = from[0];
	signal(SIGPIPE, SIG_IGN);
	return a->pid > 0;
}

static bool agent_send(struct agent *a, const char *s, size_t len)
{
	ssize_t n;

	for (; len; s += n, len -= n) {
		n = write(a->in, s, len);
		if (n <= 0)
			return false;
	}
	return true;
}

/* The next line it prints, without its newline, or NULL (none within ANSWER_MS). */
static const char *agent_line(struct agent *a, char *line, size_t size)
{
	struct pollfd p = { .fd = a->out, .events = POLLIN };
	char *nl;
	ssize_t n;

	while (!(nl = memchr(a->buf, '\n', a->len))) {
		if (a->len == sizeof(a->buf) || poll(&p, 1, ANSWER_MS) != 1)
			return NULL;
		n = read(a->out, a->buf + a->len, sizeof(a->buf) - a->len);
		if (n <= 0)
			return NULL;
		a->len += n;
	}
	*nl = '\0';
	snprintf(line, size, "%.*s", (int)(size - 1), a->buf);
	a->len -= nl + 1 - a->buf;
	memmove(a->buf, nl + 1, a->len);
	return line;
}

/*
 * Sends @req and reads the answer: three lines joined by spaces after a
 * get or getnext that finds an instance, else one.
 */
static const char *ask(struct agent *a, const char *req, char *ans, size_t size)
{
	char l1[256], l2[64], l3[64];

	if (!agent_send(a, req, strlen(req)) || !agent_line(a, l1, sizeof(l1)))
		return NULL;
	if (l1[0] != '.') {
		snprintf(ans, size, "%s", l1);
		return ans;
	}
	if (!agent_line(a, l2, sizeof(l2)) || !agent_line(a, l3, sizeof(l3)))
		return NULL;
	snprintf(ans, size, "%s %s %s", l1, l2, l3);
	return ans;
}

/* Closes its stdin and waits: its exit status (-1: killed), its stderr in @err. */
static int agent_end(struct agent *a, char *err, size_t size)
{
	int status = -1, i;
	FILE *f;
	size_t n = 0;

	close(a->in);
	for (i = 0; i < ANSWER_MS / 10 && waitpid(a->pid, &status, WNOHANG) == 0; i++)
		nanosleep(&(struct timespec){ .tv_nsec = 10000000 }, NULL);
	if (i == ANSWER_MS / 10) {
		kill(a->pid, SIGKILL);
		waitpid(a->pid, &status, 0);
	}
	close(a->out);
	f = fopen(a->err, "r");
	if (f) {
		n = fread(err, 1, size - 1, f);
		fclose(f);
	}
	err[n] = '\0';
	unlink(a->err);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

struct exchange {
	const char *proc, *args;
	const char *const *steps;	/* request, answer, request, answer..., NULL */
	const char *err;		/* all it says on stderr */
};

static void test_exchange(const void *arg)
{
	const struct exchange *x = arg;
	char ans[512], err[4096];
	struct agent a;
	size_t i;

	CHECK(agent_start(&a, "", x->proc, x->args ? x->args : ""));
	for (i = 0; x->steps[i]; i += 2) {
		const char *got = ask(&a, x->steps[i], ans, sizeof(ans));

		if (!got || strcmp(got, x->steps[i + 1])) {
			test_fail(__FILE__, __LINE__, "asked [%s], answered [%s], want [%s]",
				  x->steps[i], got ? got : "(nothing)", x->steps[i + 1]);
			agent_end(&a, err, sizeof(err));
			return;
		}
	}
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	CHECK_STR(err, x->err);
}

#define EXCHANGE(name, proc, args, err, ...) \
	{ "snmp_" name, test_exchange, &(const struct exchange){ proc, args, \
	  (const char *const[]){ __VA_ARGS__, NULL }, err } }

/* Every instance of NO_TRACEPOINTS, in walk order: what it has, nothing it lacks. */
static const char *const walk_no_tracepoints[] = {
	B ".1.1.1.0 counter64 9",		/* rst_in */
	B ".1.1.2.0 counter64 4",		/* rst_in_refused */
	B ".1.1.5.0 counter64 12",		/* rst_out */
	B ".1.1.6.0 counter64 7",
	B ".1.1.7.0 counter64 3",
	B ".1.1.8.0 counter64 2",
	B ".1.1.9.0 counter64 0",		/* rst_fwd */
	B ".1.1.11.0 counter64 4",		/* open_fail_active_refused */
	B ".1.1.13.0 counter64 1",		/* open_fail_active_unreach */
	B ".1.1.21.0 counter64 5",		/* sampler_runs */
	B ".1.1.22.0 counter64 2500000",
	B ".1.1.23.0 counter64 40",
	B ".1.1.24.0 counter64 0",
	B ".1.1.25.0 counter64 0",		/* alerts_suppressed */
	B ".1.2.1.0 gauge 240",			/* tw_total */
	B ".1.2.2.0 gauge 200",
	B ".1.2.3.0 gauge 1024",
	B ".1.2.4.0 gauge 65535",
	B ".1.2.5.0 gauge 64512",
	B ".1.2.6.0 gauge 0",
	B ".1.2.7.0 gauge 4096",		/* max_tw_buckets */
	B ".1.3.1.2.7211 integer 1",		/* kind: port */
	B ".1.3.1.2.65537 integer 3",		/* kind: ephemeral */
	B ".1.3.1.3.7211 counter64 0",		/* rst_in */
	B ".1.3.1.3.65537 counter64 9",
	B ".1.3.1.4.7211 counter64 0",		/* rst_in_refused */
	B ".1.3.1.4.65537 counter64 4",
	B ".1.3.1.7.7211 counter64 7",		/* rst_out */
	B ".1.3.1.7.65537 counter64 5",
	B ".1.3.1.8.7211 counter64 7",		/* rst_out_refused */
	B ".1.3.1.8.65537 counter64 0",
	B ".1.3.1.9.7211 counter64 0",		/* rst_out_abort */
	B ".1.3.1.9.65537 counter64 3",
	B ".1.3.1.10.7211 counter64 0",		/* rst_out_other */
	B ".1.3.1.10.65537 counter64 2",
	B ".1.3.1.15.7211 gauge 1",		/* listen_backlog */
	B ".1.3.1.15.65537 gauge 0",
	B ".1.3.1.16.7211 gauge 128",		/* listen_max */
	B ".1.3.1.16.65537 gauge 0",
	NULL
};

/* getnext from below the subtree to its end, as snmpwalk does through snmpd. */
static void test_walk(const void *arg)
{
	const char *const *want = arg;
	char oid[256] = ".1.3", ans[512], err[4096], req[300];
	struct agent a;
	size_t i;

	CHECK(agent_start(&a, "", NO_TRACEPOINTS, ""));
	for (i = 0;; i++) {
		snprintf(req, sizeof(req), "getnext\n%s\n", oid);
		CHECK(ask(&a, req, ans, sizeof(ans)));
		if (strcmp(ans, want[i] ? want[i] : "NONE")) {
			test_fail(__FILE__, __LINE__, "instance %zu is [%s], want [%s]", i, ans,
				  want[i] ? want[i] : "NONE");
			agent_end(&a, err, sizeof(err));
			return;
		}
		if (!strcmp(ans, "NONE"))
			break;
		snprintf(oid, sizeof(oid), "%.*s", (int)strcspn(ans, " "), ans);
		/* Each instance found by get as well. */
		snprintf(req, sizeof(req), "get\n%s\n", oid);
		CHECK(ask(&a, req, ans, sizeof(ans)));
		CHECK_STR(ans, want[i]);
	}
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	CHECK_STR(err, "");
}

/* A line of @n bytes of @c, a newline after it. */
static char *line_of(char c, size_t n)
{
	char *s = malloc(n + 2);

	if (s) {
		memset(s, c, n);
		strcpy(s + n, "\n");
	}
	return s;
}

/* Sends @n bytes of @data and reads the one line answering them. */
static const char *ask_bytes(struct agent *a, const char *data, size_t n, char *ans, size_t size)
{
	return agent_send(a, data, n) ? agent_line(a, ans, size) : NULL;
}

/* Over-long lines and NUL bytes: NONE each, the next line a command again. */
static void test_long_lines(const void *arg)
{
	char *big = line_of('x', 5000), *oid = line_of('1', 4095), ans[512], err[4096];
	struct agent a;

	(void)arg;
	CHECK(big && oid);
	CHECK(agent_start(&a, "", SAMPLE_PORTS, ""));
	CHECK_STR(ask_bytes(&a, big, strlen(big), ans, sizeof(ans)), "NONE");
	CHECK_STR(ask(&a, "PING\n", ans, sizeof(ans)), "PONG");
	CHECK(agent_send(&a, "get\n", 4));
	CHECK_STR(ask_bytes(&a, big, strlen(big), ans, sizeof(ans)), "NONE");
	CHECK_STR(ask(&a, "PING\n", ans, sizeof(ans)), "PONG");
	/* 4095 bytes fit (and are no OID: too large a number). */
	CHECK(agent_send(&a, "getnext\n", 8));
	CHECK_STR(ask_bytes(&a, oid, strlen(oid), ans, sizeof(ans)), "NONE");
	CHECK_STR(ask_bytes(&a, "PI\0NG\n", 6, ans, sizeof(ans)), "NONE");
	CHECK_STR(ask(&a, "get\n" B ".1.1.1.0\n", ans, sizeof(ans)), B ".1.1.1.0 counter64 12");
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	CHECK_STR(err, "Error: snmp: a line longer than 4095 bytes, or with a NUL byte: not a"
		       " pass_persist command (PING, get, getnext, set)\n"
		       "Error: snmp: a line longer than 4095 bytes, or with a NUL byte: not an OID\n"
		       "Error: snmp: \"1111111111111111111111111111111111111111111111111111111111111111"
		       "...\": not an OID\n"
		       "Error: snmp: a line longer than 4095 bytes, or with a NUL byte: not a"
		       " pass_persist command (PING, get, getnext, set)\n");
	free(big);
	free(oid);
}

/* An empty line ends it, status 0, whatever follows. */
static void test_empty_line(const void *arg)
{
	char ans[512], err[4096];
	struct agent a;

	(void)arg;
	CHECK(agent_start(&a, "", SAMPLE_PORTS, ""));
	CHECK_STR(ask(&a, "PING\n", ans, sizeof(ans)), "PONG");
	CHECK(agent_send(&a, "\nPING\n", 6));
	CHECK(!agent_line(&a, ans, sizeof(ans)));
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	CHECK_STR(err, "");
}

/* 128 sub-identifiers are an OID, 129 are not. */
static void test_oid_length(const void *arg)
{
	char req[1024] = "getnext\n", ans[512], err[4096];
	struct agent a;
	int i;

	(void)arg;
	for (i = 0; i < 128; i++)
		strcat(req, ".1");
	strcat(req, "\n");
	CHECK(agent_start(&a, "", SAMPLE_PORTS, ""));
	/* .1.1.1... is before the subtree: its first instance. */
	CHECK_STR(ask(&a, req, ans, sizeof(ans)), B ".1.1.1.0 counter64 12");
	strcpy(req + strlen(req) - 1, ".1\n");
	CHECK_STR(ask(&a, req, ans, sizeof(ans)), "NONE");
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	CHECK(!strncmp(err, "Error: snmp: \".1.1.1.1", 22) && strstr(err, "...\": not an OID\n"));
}

/* The counters read once a second at most: a reading serves a whole walk. */
static void test_cache(const void *arg)
{
	char path[] = "/tmp/trs-snmp-proc.XXXXXX", ans[512], err[4096], cmd[256];
	const char *env = arg;
	struct agent a;
	int fd = mkstemp(path);

	CHECK(fd >= 0);
	close(fd);
	snprintf(cmd, sizeof(cmd), "cp " SAMPLE_PORTS " %s", path);
	CHECK_INT(system(cmd), 0);
	CHECK(agent_start(&a, env, path, ""));
	CHECK_STR(ask(&a, "get\n" B ".1.1.1.0\n", ans, sizeof(ans)), B ".1.1.1.0 counter64 12");
	snprintf(cmd, sizeof(cmd), "sed -i 's/^rst_in 12$/rst_in 13/' %s", path);
	CHECK_INT(system(cmd), 0);
	CHECK_STR(ask(&a, "get\n" B ".1.1.1.0\n", ans, sizeof(ans)),
		  strstr(env, "=0") ? B ".1.1.1.0 counter64 13" : B ".1.1.1.0 counter64 12");
	/* Gone (the module unloaded): NONE, said once; back: answered again. */
	unlink(path);
	if (strstr(env, "=0")) {
		CHECK_STR(ask(&a, "get\n" B ".1.1.1.0\n", ans, sizeof(ans)), "NONE");
		CHECK_STR(ask(&a, "getnext\n" B "\n", ans, sizeof(ans)), "NONE");
		CHECK_STR(ask(&a, "PING\n", ans, sizeof(ans)), "PONG");
		snprintf(cmd, sizeof(cmd), "cp " SAMPLE_PORTS " %s", path);
		CHECK_INT(system(cmd), 0);
		CHECK_STR(ask(&a, "get\n" B ".1.1.1.0\n", ans, sizeof(ans)),
			  B ".1.1.1.0 counter64 12");
		unlink(path);
	}
	CHECK_INT(agent_end(&a, err, sizeof(err)), 0);
	if (strstr(env, "=0"))
		CHECK(strstr(err, "(answering NONE until it can be read)\n") &&
		      !strchr(strchr(err, '\n') + 1, '\n'));
	else
		CHECK_STR(err, "");
}

struct cli_case {
	const char *args, *err;
	int status;
};

/* Bad command lines: no request read. */
static void test_cli(const void *arg)
{
	const struct cli_case *c = arg;
	char err[4096];
	struct agent a;

	CHECK(agent_start(&a, "", SAMPLE_PORTS, c->args));
	CHECK_INT(agent_end(&a, err, sizeof(err)), c->status);
	CHECK_STR(err, c->err);
}

#define CLI_CASE(name, args, status, err) \
	{ "snmp_cli_" name, test_cli, &(const struct cli_case){ args, err, status } }
#define BASE_WHAT	"a numeric OID (.1.3.6.1.4.1.32473)"

/* @s is a whole line of @text. */
static bool has_line(const char *text, const char *s)
{
	const char *p;

	for (p = strstr(text, s); p; p = strstr(p + 1, s))
		if ((p == text || p[-1] == '\n') && p[strlen(s)] == '\n')
			return true;
	return false;
}

/*
 * The MIB against help oids: each object the tool serves defined there
 * under its descriptor, syntax and number, the module's OID the tool's
 * default.  (tests/snmp.sh compares the whole OIDs with smidump.)
 */
static void test_mib(const void *arg)
{
	FILE *f = fopen(MIB, "r"), *p = popen(TEST_BIN " help oids", "r");
	char *mib = NULL, line[256], want[320];
	struct capture c;
	unsigned int n = 0;
	int ch;

	(void)arg;
	CHECK(f && p && capture_begin(&c));
	while ((ch = getc(f)) != EOF)
		putc(ch, c.f);
	fclose(f);
	mib = (char *)capture_end(&c);
	snprintf(want, sizeof(want), "    ::= { enterprises %s }    -- PLACEHOLDER: your"
		 " enterprise OID here", B + strlen(".1.3.6.1.4.1."));
	CHECK(has_line(mib, want));
	while (fgets(line, sizeof(line), p)) {
		char oid[128], name[64], syntax[32], parent[32];
		const char *last, *at;

		CHECK(sscanf(line, "%127s %63s %31s", oid, name, syntax) == 3);
		last = strrchr(oid, '.') + 1;
		strcpy(parent, !strncmp(oid, B ".1.1.", strlen(B) + 5) ? "trsTotals" :
			       !strncmp(oid, B ".1.2.", strlen(B) + 5) ? "trsPressure" :
			       "trsPortEntry");
		snprintf(want, sizeof(want), "\n%s OBJECT-TYPE\n    SYNTAX      %s", name,
			 strcmp(syntax, "INTEGER") ? syntax : "INTEGER {");
		at = strstr(mib, want);
		if (!at) {
			test_fail(__FILE__, __LINE__, "no %s OBJECT-TYPE of %s in " MIB, name,
				  syntax);
			continue;
		}
		snprintf(want, sizeof(want), "    ::= { %s %s }\n", parent, last);
		if (strncmp(strstr(at, "    ::= {"), want, strlen(want)))
			test_fail(__FILE__, __LINE__, "%s is not { %s %s } in " MIB, name,
				  parent, last);
		n++;
	}
	CHECK(n == trs_totals->ncols + trs_pressure->ncols + trs_tables[TRS_TBL_PORTS]->ncols + 1);
	pclose(p);
	free(mib);
}

const struct test snmp_tests[] = {
	EXCHANGE("ping", SAMPLE_PORTS, NULL, "", "PING\n", "PONG", "PING\n", "PONG"),
	EXCHANGE("get_total", SAMPLE_PORTS, NULL, "",
		 "get\n" B ".1.1.6.0\n", B ".1.1.6.0 counter64 10",
		 "get\n1.3.6.1.4.1.32473.1.1.6.0\n", B ".1.1.6.0 counter64 10"),
	EXCHANGE("get_not_an_instance", SAMPLE_PORTS, NULL, "",
		 "get\n" B ".1.1.6\n", "NONE", "get\n" B ".1.1.6.0.0\n", "NONE",
		 "get\n" B ".1.1.99.0\n", "NONE", "get\n" B "\n", "NONE",
		 "get\n.1.3.6.1.2.1.1.1.0\n", "NONE", "get\n" B ".1.3.1.3.7212\n", "NONE"),
	/* SAMPLE_PORTS' "other" row, and pressure it lacks: walked past. */
	EXCHANGE("ports_other", SAMPLE_PORTS, NULL, "",
		 "getnext\n" B ".1.1.9.0\n", B ".1.3.1.2.7211 integer 1",
		 "getnext\n" B ".1.3.1.2.7211\n", B ".1.3.1.2.65536 integer 2",
		 "getnext\n" B ".1.3.1.2.65536\n", B ".1.3.1.3.7211 counter64 0",
		 "get\n" B ".1.3.1.7.65536\n", B ".1.3.1.7.65536 counter64 0",
		 "get\n" B ".1.3.1.3.65536\n", B ".1.3.1.3.65536 counter64 1",
		 "getnext\n" B ".1.3.1.7.65536\n", "NONE",
		 "getnext\n" B ".1.4\n", "NONE", "getnext\n.2\n", "NONE"),
	EXCHANGE("unavailable_no_instance", NO_TRACEPOINTS, NULL, "",
		 "get\n" B ".1.1.3.0\n", "NONE", "getnext\n" B ".1.1.2.0\n",
		 B ".1.1.5.0 counter64 12", "get\n" B ".1.3.1.5.7211\n", "NONE",
		 "getnext\n" B ".1.3.1.4.65537\n", B ".1.3.1.7.7211 counter64 7"),
	{ "snmp_walk", test_walk, walk_no_tracepoints },
	EXCHANGE("set_not_writable", SAMPLE_PORTS, NULL, "",
		 "set\n" B ".1.1.1.0\ncounter64 0\n", "not-writable",
		 "set\n.1.2\n\n", "not-writable",
		 "get\n" B ".1.1.1.0\n", B ".1.1.1.0 counter64 12"),
	EXCHANGE("garbage", SAMPLE_PORTS, NULL,
		 "Error: snmp: \"GET\": not a pass_persist command (PING, get, getnext, set)\n"
		 "Error: snmp: \" get\": not a pass_persist command (PING, get, getnext, set)\n"
		 "Error: snmp: \"x.1\": not an OID\n"
		 "Error: snmp: \"\": not an OID\n"
		 "Error: snmp: \".\": not an OID\n"
		 "Error: snmp: \"1..3\": not an OID\n"
		 "Error: snmp: \"1.3.\": not an OID\n"
		 "Error: snmp: \"01.3\": not an OID\n"
		 "Error: snmp: \"-1.3\": not an OID\n"
		 "Error: snmp: \" 1.3\": not an OID\n"
		 "Error: snmp: \"1.4294967296\": not an OID\n"
		 "Error: snmp: \"1.3?[A\": not an OID\n",
		 "GET\n", "NONE", " get\n", "NONE", "get\nx.1\n", "NONE", "getnext\n\n", "NONE",
		 "get\n.\n", "NONE", "get\n1..3\n", "NONE", "get\n1.3.\n", "NONE",
		 "get\n01.3\n", "NONE", "get\n-1.3\n", "NONE", "getnext\n 1.3\n", "NONE",
		 "get\n1.4294967296\n", "NONE", "get\n1.3\033[A\n", "NONE",
		 "getnext\n1.4294967295\n", "NONE", "getnext\r\n.1.3\r\n", B ".1.1.1.0 counter64 12",
		 "PING\n", "PONG"),
	{ "snmp_empty_line_ends", test_empty_line, NULL },
	EXCHANGE("base_oid", SAMPLE_PORTS, "--base-oid .1.3.6.1.4.1.99999.42", "",
		 "getnext\n.1\n", ".1.3.6.1.4.1.99999.42.1.1.1.0 counter64 12",
		 "get\n" B ".1.1.1.0\n", "NONE"),
	{ "snmp_long_lines", test_long_lines, NULL },
	{ "snmp_oid_length", test_oid_length, NULL },
	{ "snmp_cache_kept", test_cache, "TCPRESETSTAT_SNMP_CACHE_MS=60000" },
	{ "snmp_cache_off_and_unloaded", test_cache, "TCPRESETSTAT_SNMP_CACHE_MS=0" },
	CLI_CASE("base_oid_short", "--base-oid 1", 2,
		 "Error: --base-oid: expects " BASE_WHAT ", not \"1\"; see: tcpresetstat help\n"),
	CLI_CASE("base_oid_name", "--base-oid=enterprises.1", 2,
		 "Error: --base-oid: expects " BASE_WHAT ", not \"enterprises.1\"; see: tcpresetstat"
		 " help\n"),
	CLI_CASE("base_oid_big", "--base-oid .1.3.4294967296", 2,
		 "Error: --base-oid: expects " BASE_WHAT ", not \".1.3.4294967296\"; see:"
		 " tcpresetstat help\n"),
	CLI_CASE("no_arguments", "x", 2, "Error: x: unexpected argument; see: tcpresetstat help\n"),
	CLI_CASE("netns_missing", "-n trs-no-such-ns", 1,
		 "Error: netns trs-no-such-ns: No such file or directory"
		 " (ip netns list shows the names)\n"),
	{ "snmp_mib_matches_the_tool", test_mib, NULL },
	{ NULL, NULL, NULL },
};
