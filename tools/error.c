// SPDX-License-Identifier: GPL-2.0
#include <stdarg.h>
#include <stdio.h>

#include "error.h"

int trs_error_set(struct trs_error *err, int code, const char *what,
		  const char *fmt, ...)
{
	va_list ap;

	err->code = code;
	snprintf(err->what, sizeof(err->what), "%s", what);
	va_start(ap, fmt);
	vsnprintf(err->reason, sizeof(err->reason), fmt, ap);
	va_end(ap);
	return code;
}
