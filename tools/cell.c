// SPDX-License-Identifier: GPL-2.0
/* How the cells of a snapshot's tables print: the renderers' one way. */
#include <inttypes.h>
#include <stdio.h>

#include <arpa/inet.h>

#include "output.h"
#include "tcpresetstat.h"

const char *trs_cell_text(const struct trs_table *t, size_t r, size_t c, char *buf,
			  size_t len)
{
	const union trs_keyval *k;

	if (c >= t->nkeys) {
		if (t->scale > 1)
			trs_format_decimal(buf, len,
					   (double)trs_table_value(t, r, c) / t->scale);
		else
			snprintf(buf, len, "%" PRIu64, trs_table_value(t, r, c));
		return buf;
	}
	k = trs_table_key(t, r, c);
	if (t->key_type[c] == TRS_KEY_NAME)
		return k->text;
	if (t->kind[r] == TRS_ROW_OTHER)
		return "other";
	if (t->kind[r] == TRS_ROW_EPHEMERAL)
		return "ephemeral";
	if (t->key_type[c] == TRS_KEY_PORT)
		snprintf(buf, len, "%u", k->port);
	else if (IN6_IS_ADDR_V4MAPPED(&k->addr))
		inet_ntop(AF_INET, &k->addr.s6_addr[12], buf, len);
	else
		inet_ntop(AF_INET6, &k->addr, buf, len);
	return buf;
}
