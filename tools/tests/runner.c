// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdbool.h>

#include "test.h"

static bool failed, skipped;

void test_fail(const char *file, int line, const char *fmt, ...)
{
	va_list ap;

	failed = true;
	printf("%s:%d: ", file, line);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

void test_skip(const char *reason)
{
	skipped = true;
	printf("skipped: %s\n", reason);
}

/* runner [PREFIX]: each result is named PREFIX then the test's name. */
int main(int argc, char *argv[])
{
	static const struct test *const suites[] = {
		proc_tests, output_tests, args_tests, rate_tests, prom_tests, cli_tests, docs_tests,
		netlink_tests, snmp_tests,
	};
	const char *prefix = argc > 1 ? argv[1] : "";
	unsigned int npass = 0, nfail = 0, nskip = 0;
	const struct test *t;
	size_t i;

	/* Tests run other programs: keep this output in order with theirs. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	for (i = 0; i < sizeof(suites) / sizeof(suites[0]); i++) {
		for (t = suites[i]; t->name; t++) {
			failed = skipped = false;
			t->fn(t->arg);
			if (failed)
				nfail++;
			else if (skipped)
				nskip++;
			else
				npass++;
			printf("%s: %s%s\n", failed ? "FAIL" : skipped ? "SKIP" : "PASS", prefix,
			       t->name);
		}
	}
	printf("%u passed, %u failed, %u skipped\n", npass, nfail, nskip);
	return nfail ? 1 : 0;
}
