// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit suite tcpresetstat_config: the limits shared by the module
 * parameters and the netlink config command.
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

static struct kunit_case config_cases[] = {
	KUNIT_CASE(defaults_valid_test),
	KUNIT_CASE_PARAM(bounds_test, bound_gen_params),
	KUNIT_CASE(message_names_setting_test),
	{}
};

static struct kunit_suite config_suite = {
	.name = "tcpresetstat_config",
	.test_cases = config_cases,
};

kunit_test_suite(config_suite);
