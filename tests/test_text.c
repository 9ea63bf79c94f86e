/* test_text: the UTF-8 gate of every text input (src/core/text.h), the
 * escaping of messages (vs_ctx_fail), and the CSV number grammar (issue 12). */
#include "core/text.h"
#include "vardsim/vardsim.h"
#include "vt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Expect buf (len bytes) to be refused at line:column with this byte. */
static void expect_invalid(const char *buf, size_t len, long line, long column, int byte)
{
    vsi_text_error e;
    memset(&e, 0, sizeof e);
    VT_EQ_INT(vsi_utf8_check(buf, len, &e), 0);
    VT_EQ_INT((int)e.line, (int)line);
    VT_EQ_INT((int)e.column, (int)column);
    VT_EQ_INT(e.byte, byte);
    VT_CHECK(e.why != NULL && e.why[0] != '\0');
}

static void test_utf8(void)
{
    const char ok[] = "name: G\xc3\xb6teborg \xe2\x82\xac \xf0\x9f\x98\x80\r\n\tx\n";
    VT_EQ_INT(vsi_utf8_check(ok, sizeof ok - 1, NULL), 1);
    VT_EQ_INT(vsi_utf8_check("", 0, NULL), 1);
    /* the largest code point and the last before the surrogates are fine */
    VT_EQ_INT(vsi_utf8_check("\xf4\x8f\xbf\xbf\xed\x9f\xbf", 7, NULL), 1);
    /* Latin-1 o-umlaut in a comment; the column counts characters */
    expect_invalid("a: 1\n# \xc3\xa5 G\xf6teborg\n", 20, 2, 6, 0xF6);
    expect_invalid("\xc0\xaf", 2, 1, 1, 0xC0);             /* overlong '/' */
    expect_invalid("\xe0\x80\xaf", 3, 1, 1, 0xE0);         /* overlong, 3 bytes */
    expect_invalid("\xf0\x80\x80\xaf", 4, 1, 1, 0xF0);     /* overlong, 4 bytes */
    expect_invalid("x\xed\xa0\x80", 4, 1, 2, 0xED);        /* surrogate U+D800 */
    expect_invalid("\xf4\x90\x80\x80", 4, 1, 1, 0xF4);     /* U+110000 */
    expect_invalid("\xf5\x80\x80\x80", 4, 1, 1, 0xF5);     /* no such lead byte */
    expect_invalid("ab\x80", 3, 1, 3, 0x80);               /* lone continuation */
    expect_invalid("ab\xe2\x82", 4, 1, 3, 0xE2);           /* truncated at the end */
    expect_invalid("a\n\nb\0c", 6, 3, 2, 0x00);            /* NUL */
    expect_invalid("a\x1b[31m", 6, 1, 2, 0x1B);            /* escape sequence */
    expect_invalid("a\x7f", 2, 1, 2, 0x7F);                /* DEL */
    expect_invalid("%\xff\n", 3, 1, 2, 0xFF);              /* the YAML parser's hang */

    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    VT_EQ_INT(vsi_text_check(ctx, "s.yaml", "seed: 5\n# G\xf6teborg\n", 19), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "s.yaml:2:4: invalid UTF-8 byte 0xF6 (not a UTF-8 lead byte; "
                                   "is the file Latin-1 or Windows-1252?); save the file as UTF-8");
    VT_EQ_INT(vsi_text_check(ctx, "s.yaml", "a\0", 2), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "s.yaml:1:2: NUL byte in a text file");
    vs_ctx_destroy(ctx);
}

static void test_read_file(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char *text;
    size_t len;
    /* missing: an input error (exit 2) naming the file */
    VT_EQ_INT(vsi_read_text_file(ctx, "no/such/file.csv", 0, &text, &len), VS_EINPUT);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "no/such/file.csv: cannot open", 29) == 0);
    VT_CHECK(text == NULL);
    /* a directory */
    VT_EQ_INT(vsi_read_text_file(ctx, ".", 0, &text, &len), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), ".: cannot open: is a directory, expected a file");
    const char *path = "test_text_tmp.txt";
    FILE *f = fopen(path, "wb");
    fputs("abc\n", f);
    fclose(f);
    VT_EQ_INT(vsi_read_text_file(ctx, path, 0, &text, &len), VS_OK);
    VT_EQ_INT((int)len, 4);
    VT_EQ_STR(text, "abc\n");
    free(text);
    VT_EQ_INT(vsi_read_text_file(ctx, path, 3, &text, &len), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "test_text_tmp.txt: file is larger than 3 bytes");
    f = fopen(path, "wb");
    fputs("a,b\n1,\xe9t\xe9\n", f);
    fclose(f);
    VT_EQ_INT(vsi_read_text_file(ctx, path, 0, &text, &len), VS_EINPUT);
    VT_CHECK(text == NULL);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "test_text_tmp.txt:2:3: invalid UTF-8 byte 0xE9", 46)
             == 0);
    /* the CSV reader goes through the same gate */
    vs_csv *csv = NULL;
    VT_EQ_INT(vs_csv_open(ctx, path, &csv), VS_EINPUT);
    VT_CHECK(csv == NULL);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "test_text_tmp.txt:2:3: invalid UTF-8 byte 0xE9", 46)
             == 0);
    VT_EQ_INT(vs_csv_open(ctx, "no/such/file.csv", &csv), VS_EINPUT);
    remove(path);
    vs_ctx_destroy(ctx);
}

static void test_escape(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_ctx_fail(ctx, VS_EINPUT, "a.csv:2: field id: '%s' is bad", "x\ny\tz\r\x1b[2J\x7f");
    VT_EQ_STR(vs_ctx_message(ctx), "a.csv:2: field id: 'x\\ny\\tz\\r\\x1B[2J\\x7F' is bad");
    vs_ctx_fail_at(ctx, "a\nb.csv", 3, "n\xc2\x9b", "'%s'", "\xff\xc3\xb6");
    VT_EQ_STR(vs_ctx_message(ctx), "a\\nb.csv:3: field n\\u009B: '\\xFF\xc3\xb6'");
    VT_EQ_INT(vs_ctx_status(ctx), VS_EINPUT);
    /* a long message is cut whole, never in the middle of an escape */
    char big[2000];
    memset(big, '\n', sizeof big - 1);
    big[sizeof big - 1] = '\0';
    vs_ctx_fail(ctx, VS_EINPUT, "%s", big);
    size_t n = strlen(vs_ctx_message(ctx));
    VT_CHECK(n > 1000 && n < 1024 && n % 2 == 0);
    vs_ctx_destroy(ctx);
}

/* Parse the single field of "v\n<text>\n" as a double and as an integer. */
static void number(const char *text, int double_ok, int int_ok)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char buf[128];
    snprintf(buf, sizeof buf, "v\n%s\n", text);
    vs_csv *csv;
    VT_EQ_INT(vs_csv_open_buffer(ctx, "n.csv", buf, strlen(buf), &csv), VS_OK);
    int has;
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    double d;
    int64_t i;
    vs_status sd = vs_csv_double(ctx, csv, 0, -1e300, 1e300, &d);
    if (sd != (double_ok ? VS_OK : VS_EINPUT))
        fprintf(stderr, "double '%s'\n", text);
    VT_EQ_INT(sd, double_ok ? VS_OK : VS_EINPUT);
    if (!double_ok)
        VT_CHECK(strncmp(vs_ctx_message(ctx), "n.csv:2: field v: ", 18) == 0);
    vs_status si = vs_csv_int64(ctx, csv, 0, INT64_MIN, INT64_MAX, &i);
    if (si != (int_ok ? VS_OK : VS_EINPUT))
        fprintf(stderr, "int '%s'\n", text);
    VT_EQ_INT(si, int_ok ? VS_OK : VS_EINPUT);
    vs_csv_close(csv);
    vs_ctx_destroy(ctx);
}

static void test_csv_numbers(void)
{
    number("12", 1, 1);
    number("-12", 1, 1);
    number("0", 1, 1);
    number("1.5", 1, 0);
    number("-0.25", 1, 0);
    number(".5", 1, 0);
    number("5.", 1, 1); /* an integral decimal is an integer (a spreadsheet's count) */
    number("122.0", 1, 1);
    number("122.000", 1, 1);
    number("122.50", 1, 0);
    number("-0.0", 1, 1);
    number("1e3", 1, 0);
    number("2.5E-3", 1, 0);
    number("0x1A", 0, 0);
    number("0X1a", 0, 0);
    number("0x1p3", 0, 0);
    number("inf", 0, 0);
    number("-Infinity", 0, 0);
    number("nan", 0, 0);
    number("NAN(1)", 0, 0);
    number("1e999", 0, 0);
    number("-1e999", 0, 0);
    number("+1", 0, 0);
    number(" 1", 0, 0);
    number("1 ", 0, 0);
    number("1e", 0, 0);
    number("e5", 0, 0);
    number(".", 0, 0);
    number("-", 0, 0);
}

int main(void)
{
    test_utf8();
    test_read_file();
    test_escape();
    test_csv_numbers();
    return vt_done();
}
