/* test_strbuf: the growing text buffer of src/core (strbuf.h). */
#include "core/strbuf.h"
#include "vt.h"

#include <stdlib.h>
#include <string.h>

static void test_append(void)
{
    vsi_buf b = VSI_BUF_INIT;
    VT_EQ_STR(vsi_buf_str(&b), "");
    VT_EQ_INT((int)vsi_buf_len(&b), 0);
    vsi_buf_printf(&b, "%s:%d", "areas.csv", 12);
    vsi_buf_puts(&b, ": field ");
    vsi_buf_append(&b, "population!", 10);
    VT_EQ_STR(vsi_buf_str(&b), "areas.csv:12: field population");
    VT_EQ_INT((int)vsi_buf_len(&b), 30);
    vsi_buf_truncate(&b, 9);
    VT_EQ_STR(vsi_buf_str(&b), "areas.csv");
    /* long text grows the buffer, never truncates */
    for (int i = 0; i < 1000; i++)
        vsi_buf_printf(&b, "%04d", i);
    VT_EQ_INT((int)vsi_buf_len(&b), 9 + 4000);
    VT_CHECK(memcmp(vsi_buf_str(&b) + 9 + 4 * 999, "0999", 5) == 0);
    VT_CHECK(!vsi_buf_failed(&b));
    char *s = vsi_buf_take(&b);
    VT_CHECK(s && strlen(s) == 4009);
    free(s);
    VT_EQ_STR(vsi_buf_str(&b), "");
    vsi_buf_free(&b);
    s = vsi_strdup_printf("%d-%s", 2035, "x");
    VT_EQ_STR(s, "2035-x");
    free(s);
}

static void test_failed(void)
{
    vsi_buf b = VSI_BUF_INIT;
    vsi_buf_puts(&b, "abc");
    /* an append that cannot fit marks the buffer failed; later appends are
     * ignored and the text reads as empty */
    vsi_buf_append(&b, "x", (size_t)-1 / 2);
    VT_CHECK(vsi_buf_failed(&b));
    vsi_buf_puts(&b, "def");
    VT_EQ_STR(vsi_buf_str(&b), "");
    VT_EQ_INT((int)vsi_buf_len(&b), 0);
    VT_CHECK(vsi_buf_take(&b) == NULL);
    VT_CHECK(!vsi_buf_failed(&b));
    vsi_buf_free(&b);
}

int main(void)
{
    test_append();
    test_failed();
    return vt_done();
}
