// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_schema: the tables' schemas and what the module
 * keeps beside them agree, and derived columns read as their definition.
 */
#include <kunit/test.h>

#include "tcpresetstat.h"

static const struct trs_schema *schema_at(unsigned int i)
{
	if (i < TRS_TBL_MAX)
		return trs_table_descs[i].schema;
	return i == TRS_TBL_MAX ? trs_totals : i == TRS_TBL_MAX + 1 ? trs_pressure : trs_reasons;
}

/* A derived column is made of other non-derived columns of its schema. */
static void derived_well_formed_test(struct kunit *test)
{
	const struct trs_schema *s;
	const struct trs_col *col;
	unsigned int i, c, d;

	for (i = 0; i < TRS_TBL_MAX + 3; i++) {
		s = schema_at(i);
		KUNIT_EXPECT_LE(test, s->ncols, 64U);
		for (d = 0; d < s->ncols; d++) {
			col = &s->cols[d];
			KUNIT_EXPECT_LE(test, col->kind, (unsigned char)TRS_COL_DERIVED);
			if (col->kind != TRS_COL_DERIVED)
				continue;
			KUNIT_EXPECT_LT(test, col->of, s->ncols);
			KUNIT_EXPECT_NE(test, col->of, d);
			KUNIT_EXPECT_EQ(test, col->less >> s->ncols, 0ULL);
			KUNIT_EXPECT_FALSE(test, col->less & BIT_ULL(d));
			for (c = 0; c < s->ncols; c++)
				if (col->less & BIT_ULL(c) || c == col->of)
					KUNIT_EXPECT_NE_MSG(test, s->cols[c].kind,
							    (unsigned char)TRS_COL_DERIVED,
							    "%s.%s", s->name, col->name);
		}
	}
}

/* The tables the module sizes and dumps are the ones the schema names. */
static void descs_test(struct kunit *test)
{
	static const unsigned int ncols[TRS_TBL_MAX] = {
		[TRS_TBL_PORTS] = TRS_PORT_MAX,
		[TRS_TBL_PEERS] = TRS_PEER_MAX,
		[TRS_TBL_DESTS] = TRS_DEST_MAX,
		[TRS_TBL_FWD] = TRS_FWD_MAX,
	};
	unsigned int id;

	for (id = 0; id < TRS_TBL_MAX; id++) {
		const struct trs_table_desc *d = &trs_table_descs[id];

		KUNIT_EXPECT_EQ(test, d->schema->ncols, ncols[id]);
		KUNIT_EXPECT_LE(test, d->schema->ncols, (unsigned int)TRS_COLS_MAX);
		KUNIT_EXPECT_GT(test, d->schema->nkeys, 0U);
		KUNIT_EXPECT_LT(test, d->size_cfg, (unsigned int)TRS_CFG_MAX);
	}
	KUNIT_EXPECT_EQ(test, trs_totals->ncols, (unsigned int)TRS_CTR_MAX);
	KUNIT_EXPECT_EQ(test, trs_pressure->ncols, (unsigned int)TRS_PR_MAX);
	KUNIT_EXPECT_EQ(test, trs_reasons->ncols, (unsigned int)TRS_REASON_MAX);
}

/* rst_in_other: rst_in less refused and reset, clamped at 0. */
static void derive_test(struct kunit *test)
{
	u64 v[TRS_CTR_MAX] = {}, p[TRS_PORT_MAX] = {};

	v[TRS_CTR_RST_IN] = 10;
	v[TRS_CTR_RST_IN_REFUSED] = 3;
	v[TRS_CTR_RST_IN_RESET] = 4;
	v[TRS_CTR_RST_IN_OTHER] = 99;
	trs_derive(trs_totals, v);
	KUNIT_EXPECT_EQ(test, v[TRS_CTR_RST_IN_OTHER], 3ULL);
	KUNIT_EXPECT_EQ(test, v[TRS_CTR_RST_IN], 10ULL);

	/* A class seen before its total: 0, not a wrap. */
	p[TRS_PORT_RST_IN] = 1;
	p[TRS_PORT_RST_IN_REFUSED] = 1;
	p[TRS_PORT_RST_IN_RESET] = 1;
	p[TRS_PORT_RST_OUT_OTHER] = 5;
	trs_derive(trs_table_descs[TRS_TBL_PORTS].schema, p);
	KUNIT_EXPECT_EQ(test, p[TRS_PORT_RST_IN_OTHER], 0ULL);
	KUNIT_EXPECT_EQ(test, p[TRS_PORT_RST_OUT_OTHER], 5ULL);
}

/*
 * What each kind of probe, and conntrack, alone counts: counters only (gauges are
 * sampled), columns the sets have, and a derived column goes whenever a
 * column it is made of goes (else it would read as the rest, wrongly).
 */
static void unavail_test(struct kunit *test)
{
	const u64 *needs[] = { trs_needs_tracepoints, trs_needs_kretprobes,
			       trs_needs_conntrack };
	const struct trs_schema *s;
	const struct trs_col *col;
	unsigned int n, i, c;
	u64 m;

	for (n = 0; n < ARRAY_SIZE(needs); n++) {
		for (i = 0; i < TRS_UNAVAIL_MAX; i++) {
			s = i == TRS_UNAVAIL_TOTALS ? trs_totals :
			    trs_table_descs[i - TRS_UNAVAIL_TABLE0].schema;
			m = needs[n][i];
			KUNIT_EXPECT_EQ(test, m >> s->ncols, 0ULL);
			for (c = 0; c < s->ncols; c++) {
				col = &s->cols[c];
				if (m & BIT_ULL(c))
					KUNIT_EXPECT_NE_MSG(test, col->kind,
							    (unsigned char)TRS_COL_GAUGE,
							    "%s.%s", s->name, col->name);
				if (col->kind == TRS_COL_DERIVED &&
				    (m & (col->less | BIT_ULL(col->of))))
					KUNIT_EXPECT_TRUE_MSG(test, m & BIT_ULL(c),
							      "%s.%s", s->name, col->name);
			}
		}
	}
	/* What this kernel (KUnit's) lacks, and only that, is left out. */
	for (i = 0; i < TRS_UNAVAIL_MAX; i++)
		KUNIT_EXPECT_EQ(test, trs_unavail[i],
				(TRS_HAVE_TRACEPOINTS ? 0 : trs_needs_tracepoints[i]) |
				(TRS_HAVE_KRETPROBES ? 0 : trs_needs_kretprobes[i]) |
				(TRS_HAVE_CONNTRACK ? 0 : trs_needs_conntrack[i]));
}

static struct kunit_case schema_cases[] = {
	KUNIT_CASE(derived_well_formed_test),
	KUNIT_CASE(descs_test),
	KUNIT_CASE(derive_test),
	KUNIT_CASE(unavail_test),
	{}
};

static struct kunit_suite schema_suite = {
	.name = "tcpresetstat_schema",
	.test_cases = schema_cases,
};

kunit_test_suite(schema_suite);
