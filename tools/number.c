// SPDX-License-Identifier: GPL-2.0
/* Decimal numbers as the printers and the Prometheus renderer write them. */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "number.h"

bool trs_is_number(const char *s)
{
	const char *p = s;

	while (*p >= '0' && *p <= '9')
		p++;
	if (p == s || (s[0] == '0' && p - s > 1))
		return false;
	if (*p == '.') {
		const char *frac = ++p;

		while (*p >= '0' && *p <= '9')
			p++;
		if (p == frac)
			return false;
	}
	return !*p;
}

static void format_fixed(char *buf, size_t len, int decimals, double v)
{
	char *end;

	snprintf(buf, len, "%.*f", decimals, v < 0 || isnan(v) ? 0.0 : v);
	end = buf + strlen(buf);
	while (end > buf && end[-1] == '0')
		*--end = '\0';
	if (end > buf && end[-1] == '.')
		*--end = '\0';
}

void trs_format_decimal(char *buf, size_t len, double v)
{
	format_fixed(buf, len, 2, v);
}

void trs_format_seconds(char *buf, size_t len, double v)
{
	int decimals = 2;
	double d;

	for (d = 0.1; decimals < 6 && v > 0 && v < d; d /= 10)
		decimals++;
	format_fixed(buf, len, decimals, v);
}
