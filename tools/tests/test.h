// SPDX-License-Identifier: GPL-2.0
#ifndef TRS_TEST_H
#define TRS_TEST_H

#include <stdio.h>
#include <string.h>

#include "error.h"
#include "snapshot.h"

/* Relative to tools/, where "make test" runs the tests; the tool is in O=DIR if given. */
#ifndef TEST_BIN
#define TEST_BIN		"./tcpresetstat"
#endif
#define SAMPLE			"tests/data/sample.txt"
#define SAMPLE_PORTS		"tests/data/sample-ports.txt"
/* What a kernel without tracepoints or kprobes gives: some values left out. */
#define NO_TRACEPOINTS		"tests/data/no-tracepoints.txt"

/*
 * A test is a function run with its argument; a failed CHECK prints where and
 * why, marks the test failed and returns from it.  Suites are arrays ended
 * by an entry with no name.
 */
struct test {
	const char *name;
	void (*fn)(const void *arg);
	const void *arg;
};

extern const struct test proc_tests[], output_tests[], cli_tests[], args_tests[], prom_tests[],
	rate_tests[], docs_tests[], netlink_tests[], snmp_tests[];

void test_fail(const char *file, int line, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
void test_skip(const char *reason);

/* The renderings of SAMPLE_PORTS. */
extern const char sample_ports_json[], sample_ports_text[], sample_ports_text_nonzero[];
/* The totals of forwarded opens, which no file here has. */
#define FWD_TOTALS_JSON \
	"\"open_fail_fwd\",\"open_fail_fwd_refused\",\"open_fail_fwd_unreach\"," \
	"\"open_fail_fwd_timeout\",\"open_fwd_untracked\""
#define FWD_TOTALS_TEXT \
	"open_fail_fwd, open_fail_fwd_refused, open_fail_fwd_unreach, open_fail_fwd_timeout, " \
	"open_fwd_untracked"

/*
 * The schema's totals, in two parts: those SAMPLE has (rst_*) and the
 * others; its pressure values.  In JSON and in text, as the tool lists
 * what a snapshot lacks ("unavailable").
 */
#define RST_TOTALS_JSON \
	"\"rst_in\",\"rst_in_refused\",\"rst_in_reset\",\"rst_in_other\",\"rst_out\"," \
	"\"rst_out_refused\",\"rst_out_abort\",\"rst_out_other\",\"rst_fwd\""
#define OTHER_TOTALS_JSON \
	"\"open_fail_active\",\"open_fail_active_refused\",\"open_fail_active_timeout\"," \
	"\"open_fail_active_unreach\",\"open_fail_active_other\",\"open_fail_passive\"," \
	"\"open_fail_passive_reset\",\"open_fail_passive_timeout\",\"open_fail_passive_listen_drop\"," \
	"\"estab_reset\",\"eaddrnotavail\",\"sampler_runs\",\"sampler_ns_total\",\"sampler_sockets\"," \
	"\"alerts_sent\",\"alerts_suppressed\"," FWD_TOTALS_JSON
#define PRESSURE_JSON \
	"\"tw_total\",\"tw_ephemeral\",\"port_range_lo\",\"port_range_hi\",\"ephemeral_ports\"," \
	"\"tw_reuse\",\"max_tw_buckets\""
#define RST_TOTALS_TEXT \
	"rst_in, rst_in_refused, rst_in_reset, rst_in_other, rst_out, rst_out_refused, " \
	"rst_out_abort, rst_out_other, rst_fwd"
#define OTHER_TOTALS_TEXT \
	"open_fail_active, open_fail_active_refused, open_fail_active_timeout, " \
	"open_fail_active_unreach, open_fail_active_other, open_fail_passive, " \
	"open_fail_passive_reset, open_fail_passive_timeout, open_fail_passive_listen_drop, " \
	"estab_reset, eaddrnotavail, sampler_runs, sampler_ns_total, sampler_sockets, alerts_sent, " \
	"alerts_suppressed, " FWD_TOTALS_TEXT
#define PRESSURE_TEXT \
	"tw_total, tw_ephemeral, port_range_lo, port_range_hi, ephemeral_ports, tw_reuse, " \
	"max_tw_buckets"

/* What SAMPLE (and SAMPLE_PORTS) lacks of the totals and pressure; SAMPLE_PORTS of ports. */
#define SAMPLE_LACKS_JSON \
	"\"totals\":[" OTHER_TOTALS_JSON "],\"pressure\":[" PRESSURE_JSON "]"
#define SAMPLE_LACKS_TEXT	"totals: " OTHER_TOTALS_TEXT "; pressure: " PRESSURE_TEXT
#define SAMPLE_PORTS_LACKS_JSON \
	"\"ports\":[\"rst_in_refused\",\"rst_in_reset\",\"rst_in_other\",\"rst_out_refused\"," \
	"\"rst_out_abort\",\"rst_out_other\",\"open_fail_passive\",\"open_fail_passive_reset\"," \
	"\"open_fail_passive_timeout\",\"open_fail_passive_listen_drop\",\"listen_backlog\"," \
	"\"listen_max\"]"
#define SAMPLE_PORTS_LACKS_TEXT \
	"ports: rst_in_refused, rst_in_reset, rst_in_other, rst_out_refused, rst_out_abort, " \
	"rst_out_other, open_fail_passive, open_fail_passive_reset, open_fail_passive_timeout, " \
	"open_fail_passive_listen_drop, listen_backlog, listen_max"

/* The values NO_TRACEPOINTS lacks, as the tool lists them: JSON, text. */
#define NO_TRACEPOINTS_LACKS_JSON \
	"\"unavailable\":{\"totals\":[\"rst_in_reset\",\"rst_in_other\",\"open_fail_active\"," \
	"\"open_fail_active_timeout\",\"open_fail_active_other\",\"open_fail_passive\"," \
	"\"open_fail_passive_reset\",\"open_fail_passive_timeout\",\"open_fail_passive_listen_drop\"," \
	"\"estab_reset\",\"eaddrnotavail\"," FWD_TOTALS_JSON "],\"ports\":[\"rst_in_reset\",\"rst_in_other\"," \
	"\"open_fail_passive\",\"open_fail_passive_reset\",\"open_fail_passive_timeout\"," \
	"\"open_fail_passive_listen_drop\"],\"peers\":[\"open_fail_active\",\"open_fail_passive\"," \
	"\"estab_reset\",\"open_fail_fwd\"],\"destinations\":[\"open_fail_active\",\"open_fail_active_timeout\"," \
	"\"open_fail_active_other\",\"rst_in_reset\",\"eaddrnotavail\"]}"
#define NO_TRACEPOINTS_LACKS_TEXT \
	"unavailable on this kernel: totals: rst_in_reset, rst_in_other, open_fail_active, " \
	"open_fail_active_timeout, open_fail_active_other, open_fail_passive, " \
	"open_fail_passive_reset, open_fail_passive_timeout, open_fail_passive_listen_drop, " \
	"estab_reset, eaddrnotavail, " FWD_TOTALS_TEXT "; ports: rst_in_reset, rst_in_other, open_fail_passive, " \
	"open_fail_passive_reset, open_fail_passive_timeout, " \
	"open_fail_passive_listen_drop; peers: open_fail_active, open_fail_passive, " \
	"estab_reset, open_fail_fwd; destinations: open_fail_active, open_fail_active_timeout, " \
	"open_fail_active_other, rst_in_reset, eaddrnotavail"

/* trs_proc_parse() of a file; -1 if it cannot be opened. */
int test_parse_file(const char *path, struct trs_snapshot *s, struct trs_error *err);
/* @s read from /proc text @body (after the version line); 0, or -1 said why. */
int test_snapshot(struct trs_snapshot *s, const char *body);
/* Cell (@r, @c) of @t as printed (until the next call), or NULL. */
const char *test_cell(const struct trs_table *t, size_t r, size_t c);

#define CHECK(cond)							\
	do {								\
		if (!(cond)) {						\
			test_fail(__FILE__, __LINE__, "%s", #cond);	\
			return;						\
		}							\
	} while (0)

#define CHECK_INT(got, want)						\
	do {								\
		long long got_ = (got), want_ = (want);			\
		if (got_ != want_) {					\
			test_fail(__FILE__, __LINE__, "%s is %lld, want %lld", \
				  #got, got_, want_);			\
			return;						\
		}							\
	} while (0)

#define CHECK_STR(got, want)						\
	do {								\
		const char *got_ = (got), *want_ = (want);		\
		if (!got_ || strcmp(got_, want_)) {			\
			test_fail(__FILE__, __LINE__, "%s is\n[%s]\nwant\n[%s]", \
				  #got, got_ ? got_ : "(null)", want_);	\
			return;						\
		}							\
	} while (0)

/* Text written to the memory stream of struct capture, NUL-terminated. */
struct capture {
	FILE *f;
	char *buf;
	size_t len;
};

static inline FILE *capture_begin(struct capture *c)
{
	c->f = open_memstream(&c->buf, &c->len);
	return c->f;
}

static inline const char *capture_end(struct capture *c)
{
	fclose(c->f);
	return c->buf;
}

#endif /* TRS_TEST_H */
