// SPDX-License-Identifier: GPL-2.0
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "output.h"
#include "proc.h"
#include "rate.h"

FILE *fuzz_null(void)
{
	static FILE *f;

	if (!f)
		f = fopen("/dev/null", "w");
	FUZZ_ASSERT(f);
	return f;
}

/* Documentation/counters.rst's example, with every kind of row. */
static const char sample_text[] =
	"version 1\n"
	"rst_in 8\n"
	"rst_in_refused 8\n"
	"rst_out 9\n"
	"sampler_ns_total 1500000\n"
	"tw_total 12\n"
	"tw_ephemeral 10\n"
	"ephemeral_ports 28232\n"
	"table ports 3\n"
	"port rst_in rst_in_refused open_fail_passive listen_backlog\n"
	"7211 0 0 2 3\n"
	"ephemeral 8 8 0 0\n"
	"other 0 0 0 0\n"
	"table peers 2\n"
	"addr rst_in rst_out\n"
	"127.0.0.1 5 5\n"
	"other 0 0\n"
	"table destinations 2\n"
	"local_addr addr remote_port open_fail_active tw port_use_pct\n"
	"127.0.0.1 127.0.0.1 7211 5 9 82\n"
	"other other other 0 0 0\n"
	"table reasons 2\n"
	"reason rst_out_refused rst_out_abort rst_out_other\n"
	"no_socket 8 0 0\n"
	"tcp_state 0 3 0\n";

const struct trs_snapshot *fuzz_sample(void)
{
	static struct trs_snapshot s;
	static int parsed;
	struct trs_error err;
	FILE *f;

	if (!parsed) {
		f = fmemopen((void *)sample_text, sizeof(sample_text) - 1, "r");
		FUZZ_ASSERT(f && !trs_proc_parse(f, "sample", &s, &err));
		fclose(f);
		parsed = 1;
	}
	return &s;
}

/* As watch prints it (watch.c), without the clock. */
static void print_rates(const struct trs_snapshot *prev, const struct trs_snapshot *cur,
			const struct trs_view *v)
{
	struct trs_rates r;
	struct trs_out out;

	if (trs_rates(prev, cur, 1.5, &r))
		return;
	trs_out_begin(&out, fuzz_null(), v);
	trs_out_note(&out, "elapsed", "1.5", "per second over 1.5 s");
	trs_out_section(&out, "rates");
	trs_out_group(&out, "totals", r.totals, r.ntotals);
	trs_out_tables(&out, &r.tables, NULL);
	trs_out_section_end(&out);
	trs_out_end(&out);
	trs_rates_free(&r);
}

static const struct trs_view views[] = {
	{ .fmt = TRS_FMT_TEXT, .top = 10 },
	{ .fmt = TRS_FMT_TEXT, .zeros = true, .sort = "rst_in", .top = 1 },
	{ .fmt = TRS_FMT_JSON_PRETTY, .sort = "port" },
	{ .fmt = TRS_FMT_PROMETHEUS, .netns = "n\"s\\1\n" },
};

void fuzz_print(const struct trs_snapshot *s)
{
	size_t i;

	for (i = 0; i < sizeof(views) / sizeof(views[0]); i++)
		trs_print_snapshot(fuzz_null(), s, &views[i], NULL);
}

void fuzz_use_snapshot(const struct trs_snapshot *s)
{
	static const struct trs_view json = { .fmt = TRS_FMT_JSON };
	size_t t;

	fuzz_print(s);
	for (t = 0; t < s->ntables; t++) {
		trs_print_snapshot(fuzz_null(), s, &views[t % 4], s->tables[t].name);
		if (s->tables[t].nrows) {
			trs_out_record(fuzz_null(), &views[0], &s->tables[t], 0);
			trs_out_record(fuzz_null(), &json, &s->tables[t], s->tables[t].nrows - 1);
		}
	}
	print_rates(fuzz_sample(), s, &views[0]);
	print_rates(s, fuzz_sample(), &json);
}
