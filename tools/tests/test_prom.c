// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>

#include "netns.h"
#include "output.h"
#include "test.h"

#define FULL		"tests/data/full.txt"
#define FULL_PROM	"tests/data/full.prom"
#define NO_TRACEPOINTS_PROM	"tests/data/no-tracepoints.prom"

static char *read_file(const char *path)
{
	struct capture c;
	FILE *f = fopen(path, "r");
	int ch;

	if (!f || !capture_begin(&c)) {
		if (f)
			fclose(f);
		return NULL;
	}
	while ((ch = getc(f)) != EOF)
		putc(ch, c.f);
	fclose(f);
	return (char *)capture_end(&c);
}

static char *render(const struct trs_snapshot *s, const struct trs_view *v, const char *only)
{
	struct capture c;

	if (!capture_begin(&c))
		return NULL;
	trs_print_snapshot(c.f, s, v, only);
	return (char *)capture_end(&c);
}

/* A snapshot (/proc text) and its metrics. */
struct prom_file {
	const char *in, *want;
};

/* Every metric of a snapshot, exactly. */
static void test_full(const void *arg)
{
	const struct prom_file *p = arg;
	const struct trs_view v = { .fmt = TRS_FMT_PROMETHEUS };
	struct trs_snapshot s = { 0 };
	struct trs_error err;
	char *got, *want;

	CHECK_INT(test_parse_file(p->in, &s, &err), 0);
	got = render(&s, &v, NULL);
	want = read_file(p->want);
	CHECK(got && want);
	CHECK_STR(got, want);
	free(got);
	free(want);
	trs_snapshot_free(&s);
}

/*
 * What the kernel leaves out has no series (no zero in its place), and one
 * comment, neither HELP nor TYPE, names it after the samples.
 */
static void test_unavailable(const void *arg)
{
	const struct trs_view v = { .fmt = TRS_FMT_PROMETHEUS };
	const char *comment = "# tcpresetstat: " NO_TRACEPOINTS_LACKS_TEXT "\n";
	struct trs_snapshot s = { 0 };
	struct trs_error err;
	char *got;

	(void)arg;
	CHECK_INT(test_parse_file(NO_TRACEPOINTS, &s, &err), 0);
	got = render(&s, &v, NULL);
	CHECK(got && strlen(got) > strlen(comment));
	CHECK_STR(got + strlen(got) - strlen(comment), comment);
	CHECK(!strstr(got, "tcpresetstat_estab_reset"));
	CHECK(!strstr(got, "tcpresetstat_ports_open_fail_passive"));
	CHECK(!strstr(got, "tcpresetstat_destinations_eaddrnotavail"));
	CHECK(strstr(got, "\ntcpresetstat_open_fail_active_refused_total 4\n"));
	free(got);
	trs_snapshot_free(&s);
}

/*
 * Label values escaped, special rows, a table this tool does not know (its
 * first key a name, its second one known by name: a port).
 */
static void test_labels(const void *arg)
{
	const struct trs_view v = { .fmt = TRS_FMT_PROMETHEUS, .netns = "n\"s" };
	struct trs_snapshot s = { 0 };
	char *got;

	(void)arg;
	CHECK(!test_snapshot(&s, "table peers 2\naddr rst_in tw\n192.0.2.1 3 5\nother 1 2\n"
			     "table sockets 1\nname port count_ns\na\"b\\c 7 2500000000\n"));
	CHECK(!trs_snapshot_add_total(&s, "tw_total", 4));
	got = render(&s, &v, NULL);
	CHECK_STR(got,
		  "# HELP tcpresetstat_tw TIME_WAIT sockets\n"
		  "# TYPE tcpresetstat_tw gauge\n"
		  "tcpresetstat_tw{netns=\"n\\\"s\"} 4\n"
		  "# HELP tcpresetstat_peers_rst_in_total RST segments delivered to this host,"
		  " by remote address\n"
		  "# TYPE tcpresetstat_peers_rst_in_total counter\n"
		  "tcpresetstat_peers_rst_in_total{netns=\"n\\\"s\",addr=\"192.0.2.1\"} 3\n"
		  "tcpresetstat_peers_rst_in_total{netns=\"n\\\"s\",row=\"other\"} 1\n"
		  "# HELP tcpresetstat_peers_tw ephemeral ports in TIME_WAIT (sampled),"
		  " by remote address\n"
		  "# TYPE tcpresetstat_peers_tw gauge\n"
		  "tcpresetstat_peers_tw{netns=\"n\\\"s\",addr=\"192.0.2.1\"} 5\n"
		  "tcpresetstat_peers_tw{netns=\"n\\\"s\",row=\"other\"} 2\n"
		  "# HELP tcpresetstat_sockets_count_seconds_total count_ns, in table sockets\n"
		  "# TYPE tcpresetstat_sockets_count_seconds_total counter\n"
		  "tcpresetstat_sockets_count_seconds_total{netns=\"n\\\"s\","
		  "name=\"a\\\"b\\\\c\",port=\"7\"} 2.5\n"
		  "# tcpresetstat: unavailable on this kernel: totals: " RST_TOTALS_TEXT ", "
		  OTHER_TOTALS_TEXT "; pressure: tw_ephemeral, port_range_lo, port_range_hi, "
		  "ephemeral_ports, tw_reuse, max_tw_buckets; peers: rst_out, rst_fwd_sent, "
		  "rst_fwd_rcvd, open_fail_active, open_fail_passive, estab_reset, open_fail_fwd\n");
	free(got);
	trs_snapshot_free(&s);
}

/*
 * Names from a newer module that would make a metric of the document twice:
 * a total "ports_rst_in" is the ports table's rst_in (known: the table
 * keeps it), "x_seconds" is what "x_ns" became (first come).  Each is left
 * out, with a warning; the rest is printed as usual.
 */
static void test_collisions(const void *arg)
{
	const struct trs_view v = { .fmt = TRS_FMT_PROMETHEUS };
	struct trs_snapshot s = { 0 };
	struct capture e;
	char *got;
	FILE *saved = stderr;

	(void)arg;
	CHECK(!test_snapshot(&s, "ports_rst_in 5\nx_ns 1000000000\nx_seconds 3\n"
			     "table ports 1\nport rst_in\n80 2\n"));
	CHECK(capture_begin(&e));
	stderr = e.f;
	got = render(&s, &v, NULL);
	stderr = saved;
	capture_end(&e);
	CHECK_STR(got,
		  "# HELP tcpresetstat_x_seconds_total x_ns\n"
		  "# TYPE tcpresetstat_x_seconds_total counter\n"
		  "tcpresetstat_x_seconds_total 1\n"
		  "# HELP tcpresetstat_ports_rst_in_total RST segments delivered to this host,"
		  " by local port\n"
		  "# TYPE tcpresetstat_ports_rst_in_total counter\n"
		  "tcpresetstat_ports_rst_in_total{port=\"80\"} 2\n"
		  "# tcpresetstat: unavailable on this kernel: totals: " RST_TOTALS_TEXT ", "
		  OTHER_TOTALS_TEXT "; pressure: " PRESSURE_TEXT "; ports: rst_in_refused, "
		  "rst_in_reset, rst_in_other, rst_out, rst_out_refused, rst_out_abort, "
		  "rst_out_other, open_fail_passive, open_fail_passive_reset, "
		  "open_fail_passive_timeout, open_fail_passive_listen_drop, listen_backlog, "
		  "listen_max\n");
	CHECK_STR(e.buf,
		  "Warning: prometheus: ports_rst_in: left out, tcpresetstat_ports_rst_in_total"
		  " is the metric of ports rst_in\n"
		  "Warning: prometheus: x_seconds: left out, tcpresetstat_x_seconds_total"
		  " is the metric of x_ns\n");
	free(e.buf);
	free(got);
	trs_snapshot_free(&s);
}

/*
 * --all-netns: documents merged, each metric's samples together under the
 * first HELP and TYPE, in the order metrics first come; other comments
 * once each, last.
 */
static void test_merge(const void *arg)
{
	char doc1[] = "# HELP a A\n# TYPE a counter\na{netns=\"1\"} 1\n# tcpresetstat: lacks x\n";
	char doc2[] = "# HELP b B\n# TYPE b gauge\nb{netns=\"2\"} 2\n"
		      "# HELP a A\n# TYPE a counter\na{netns=\"2\"} 3\n"
		      "# tcpresetstat: lacks x\n# tcpresetstat: lacks y\n";
	char *docs[] = { doc1, doc2 };
	struct capture c;
	char *got;

	(void)arg;
	CHECK(capture_begin(&c));
	CHECK(trs_prom_merge(c.f, docs, 2));
	got = (char *)capture_end(&c);
	CHECK_STR(got, "# HELP a A\n# TYPE a counter\na{netns=\"1\"} 1\na{netns=\"2\"} 3\n"
		  "# HELP b B\n# TYPE b gauge\nb{netns=\"2\"} 2\n"
		  "# tcpresetstat: lacks x\n# tcpresetstat: lacks y\n");
	free(got);
	CHECK(capture_begin(&c));
	CHECK(trs_prom_merge(c.f, docs, 0));
	got = (char *)capture_end(&c);
	CHECK_STR(got, "");
	free(got);
}

/* A namespace that could not be read: its error in JSON, its exit code returned. */
static void test_namespace_failed(const void *arg)
{
	struct trs_ns_doc d = { .label = "x\"y", .inode = 7, .failed = true };
	const struct trs_view v = { .fmt = TRS_FMT_JSON };
	struct trs_ns_printer p;
	struct capture c;
	char *got;

	(void)arg;
	trs_error_set(&d.err, TRS_EXIT_PERM, "netns", "Operation not permitted");
	CHECK(capture_begin(&c));
	trs_ns_print_begin(&p, c.f, &v, NULL);
	trs_ns_print_one(&p, &d);
	CHECK_INT(trs_ns_print_end(&p), TRS_EXIT_PERM);
	got = (char *)capture_end(&c);
	CHECK_STR(got, "{\"namespaces\":[{\"netns\":\"x\\\"y\",\"inode\":7,\"error\":"
		  "{\"what\":\"netns\",\"reason\":\"Operation not permitted\",\"code\":4}}]}\n");
	free(got);
	/* None at all: still a document. */
	CHECK(capture_begin(&c));
	trs_ns_print_begin(&p, c.f, &v, NULL);
	CHECK_INT(trs_ns_print_end(&p), 0);
	got = (char *)capture_end(&c);
	CHECK_STR(got, "{\"namespaces\":[]}\n");
	free(got);
}

/* promtool, when installed, agrees that the output is valid and lint-free. */
static void test_promtool(const void *arg)
{
	const char *cmd = (const char *)arg;
	int status;

	if (system("command -v promtool >/dev/null 2>&1")) {
		test_skip("no promtool (Debian package prometheus)");
		return;
	}
	status = system(cmd);
	CHECK_INT(status, 0);
}

#define PROMTOOL(what) "TCPRESETSTAT_PROC=" FULL " " TEST_BIN " --prometheus " what \
	" | promtool check metrics"

const struct test prom_tests[] = {
	{ "prom_full", test_full, &(const struct prom_file){ FULL, FULL_PROM } },
	{ "prom_no_tracepoints", test_full,
	  &(const struct prom_file){ NO_TRACEPOINTS, NO_TRACEPOINTS_PROM } },
	{ "prom_unavailable_without_series", test_unavailable, NULL },
	{ "prom_labels_escaped_and_unknown_tables", test_labels, NULL },
	{ "prom_name_collisions_refused", test_collisions, NULL },
	{ "prom_namespaces_merged", test_merge, NULL },
	{ "prom_namespace_failed_json", test_namespace_failed, NULL },
	{ "prom_promtool_show", test_promtool, PROMTOOL("show") },
	{ "prom_promtool_timewait", test_promtool, PROMTOOL("timewait") },
	{ "prom_promtool_ports", test_promtool, PROMTOOL("ports") },
	/* The comment naming what the kernel leaves out is no HELP or TYPE. */
	{ "prom_promtool_unavailable", test_promtool,
	  "TCPRESETSTAT_PROC=" NO_TRACEPOINTS " " TEST_BIN " --prometheus | promtool check metrics" },
	/* Names of a newer module colliding: still one metric per name. */
	{ "prom_promtool_collisions", test_promtool,
	  "TCPRESETSTAT_PROC=tests/data/collisions.txt " TEST_BIN
	  " --prometheus show 2>/dev/null | promtool check metrics" },
	{ NULL, NULL, NULL },
};
