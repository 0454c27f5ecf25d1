// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_config: the limits shared by the module
 * parameters and the netlink config command, and what the root of a user
 * namespace may not set.
 */
#include <kunit/test.h>

#include "tcpresetstat.h"

/* Every default is a value the config command would accept. */
static void defaults_valid_test(struct kunit *test)
{
	unsigned int id;

	for (id = 0; id < TRS_CFG_MAX; id++)
		KUNIT_EXPECT_NULL_MSG(test, trs_config_check(id, trs_cfg_default[id]),
				      "setting %u", id);
}

struct bound_case {
	unsigned int id;
	u32 val;
	bool ok;
};

static const struct bound_case bound_cases[] = {
	{ TRS_CFG_PORTS_MAX, 0, true },
	{ TRS_CFG_PORTS_MAX, 1U << 20, true },
	{ TRS_CFG_PORTS_MAX, (1U << 20) + 1, false },
	{ TRS_CFG_SAMPLE_INTERVAL_MS, 0, true },
	{ TRS_CFG_SAMPLE_INTERVAL_MS, 99, false },
	{ TRS_CFG_SAMPLE_INTERVAL_MS, 100, true },
	{ TRS_CFG_SAMPLE_INTERVAL_MS, 3600000, true },
	{ TRS_CFG_SAMPLE_INTERVAL_MS, 3600001, false },
	{ TRS_CFG_EXHAUSTION_PCT, 0, false },
	{ TRS_CFG_EXHAUSTION_PCT, 1, true },
	{ TRS_CFG_EXHAUSTION_PCT, 100, true },
	{ TRS_CFG_EXHAUSTION_PCT, 101, false },
	{ TRS_CFG_PRESSURE_TOP, TRS_SAMPLE_DESTS, true },
	{ TRS_CFG_PRESSURE_TOP, TRS_SAMPLE_DESTS + 1, false },
	{ TRS_CFG_ALERT_PEER_RST, 0, true },
	{ TRS_CFG_ALERT_PEER_RST, U32_MAX, false },
	{ TRS_CFG_ALERT_MAX_PER_SEC, 10000, true },
	{ TRS_CFG_ALERT_MAX_PER_SEC, 10001, false },
	{ TRS_CFG_IDLE_TIMEOUT, 30 * 24 * 3600 + 1, false },
	{ TRS_CFG_FORWARDED_MAX, 1U << 20, true },
	{ TRS_CFG_FORWARDED_MAX, (1U << 20) + 1, false },
	{ TRS_CFG_FORWARDED_PENDING, 0, true },
	{ TRS_CFG_FORWARDED_PENDING, (1U << 20) + 1, false },
};

static void bound_desc(const struct bound_case *c, char *desc)
{
	snprintf(desc, KUNIT_PARAM_DESC_SIZE, "setting %u = %u", c->id, c->val);
}

KUNIT_ARRAY_PARAM(bound, bound_cases, bound_desc);

static void bounds_test(struct kunit *test)
{
	const struct bound_case *c = test->param_value;
	const char *msg = trs_config_check(c->id, c->val);

	KUNIT_EXPECT_EQ(test, !msg, c->ok);
}

/* A refusal names the setting, as the user typed it. */
static void message_names_setting_test(struct kunit *test)
{
	KUNIT_EXPECT_STREQ(test, trs_config_check(TRS_CFG_DESTS_MAX, U32_MAX),
			   "destinations_max: rows, 0 to 1048576");
}

/* The module parameters are the defaults here: 256 rows, 1000 ms. */
struct cost_case {
	const char *desc;
	unsigned int id;
	u32 val, cur;
	bool host_admin, ok;
};

static const struct cost_case cost_cases[] = {
	{ "rows up to the parameter", TRS_CFG_PORTS_MAX, 256, 10, false, true },
	{ "rows above it", TRS_CFG_PORTS_MAX, 257, 10, false, false },
	{ "rows above it, host admin", TRS_CFG_PORTS_MAX, 1048576, 10, true, true },
	{ "rows down from a host's 4096", TRS_CFG_PEERS_MAX, 4000, 4096, false, true },
	{ "rows back up to the host's 4096", TRS_CFG_PEERS_MAX, 4096, 4000, false, false },
	{ "no rows", TRS_CFG_DESTS_MAX, 0, 256, false, true },
	{ "interval down to the parameter", TRS_CFG_SAMPLE_INTERVAL_MS, 1000, 5000, false, true },
	{ "interval below it", TRS_CFG_SAMPLE_INTERVAL_MS, 999, 5000, false, false },
	{ "interval below it, host admin", TRS_CFG_SAMPLE_INTERVAL_MS, 100, 5000, true, true },
	{ "interval up from a host's 100", TRS_CFG_SAMPLE_INTERVAL_MS, 200, 100, false, true },
	{ "interval off", TRS_CFG_SAMPLE_INTERVAL_MS, 0, 100, false, true },
	{ "interval on from off, below", TRS_CFG_SAMPLE_INTERVAL_MS, 500, 0, false, false },
	{ "interval on from off", TRS_CFG_SAMPLE_INTERVAL_MS, 1000, 0, false, true },
	{ "other settings", TRS_CFG_PRESSURE_TOP, 1024, 16, false, true },
};

static void cost_desc(const struct cost_case *c, char *desc)
{
	strscpy(desc, c->desc, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(cost, cost_cases, cost_desc);

/* What the root of a user namespace may not set. */
static void cost_test(struct kunit *test)
{
	const struct cost_case *c = test->param_value;
	const char *msg = trs_config_check_cost(c->id, c->val, c->cur,
						c->host_admin);

	KUNIT_EXPECT_EQ(test, !msg, c->ok);
	if (msg)
		KUNIT_EXPECT_NOT_ERR_OR_NULL(test, strstr(msg, "initial user namespace"));
}

static struct kunit_case config_cases[] = {
	KUNIT_CASE(defaults_valid_test),
	KUNIT_CASE_PARAM(bounds_test, bound_gen_params),
	KUNIT_CASE(message_names_setting_test),
	KUNIT_CASE_PARAM(cost_test, cost_gen_params),
	{}
};

static struct kunit_suite config_suite = {
	.name = "tcpresetstat_config",
	.test_cases = config_cases,
};

kunit_test_suite(config_suite);
