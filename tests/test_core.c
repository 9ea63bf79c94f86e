/* Unit tests of the context, status machinery and the CSV reader. */
#include "vardsim/vardsim.h"
#include "vt.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static vs_status open_str(vs_ctx *ctx, const char *text, vs_csv **csv)
{
    return vs_csv_open_buffer(ctx, "t.csv", text, strlen(text), csv);
}

static void test_ctx(void)
{
    vs_ctx *ctx;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    VT_EQ_STR(vs_ctx_message(ctx), "");
    VT_EQ_INT(vs_ctx_status(ctx), VS_OK);
    VT_EQ_INT(vs_ctx_fail(ctx, VS_EUSAGE, "bad %d", 7), VS_EUSAGE);
    VT_EQ_STR(vs_ctx_message(ctx), "bad 7");
    VT_EQ_INT(vs_ctx_status(ctx), VS_EUSAGE);
    VT_EQ_INT(vs_ctx_fail_at(ctx, "a.csv", 3, "pop_0_4", "negative"), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "a.csv:3: field pop_0_4: negative");
    vs_ctx_fail_at(ctx, "a.csv", 0, NULL, "empty");
    VT_EQ_STR(vs_ctx_message(ctx), "a.csv: empty");
    vs_ctx_clear(ctx);
    VT_EQ_STR(vs_ctx_message(ctx), "");
    VT_EQ_INT(vs_status_exit_code(VS_OK), 0);
    VT_EQ_INT(vs_status_exit_code(VS_EINPUT), 2);
    VT_EQ_INT(vs_status_exit_code(VS_EUSAGE), 2);
    VT_EQ_INT(vs_status_exit_code(VS_EIO), 1);
    VT_EQ_INT(vs_status_exit_code(VS_ENUMERIC), 1);
    VT_CHECK(strlen(vs_status_name(VS_EINFEASIBLE)) > 0);
    vs_ctx_destroy(ctx);
    vs_ctx_destroy(NULL);
}

/* 1 when s is whole UTF-8 characters of at most 2 bytes (the test's texts). */
static int whole_chars(const char *s)
{
    for (size_t i = 0; s[i]; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c >= 0xC0 && ((unsigned char)s[i + 1] & 0xC0) != 0x80)
            return 0;
        if (c >= 0xC0)
            i++;
        else if (c >= 0x80)
            return 0; /* a continuation byte without its lead byte */
    }
    return 1;
}

/* Messages are bounded (1,023 bytes): a long one is cut before a character,
 * never inside one, and a long file name leaves room for the rest. */
static void test_ctx_long(void)
{
    vs_ctx *ctx;
    VT_EQ_INT(vs_ctx_create(&ctx), VS_OK);
    char *oe = malloc(1201), *file = malloc(2001);
    for (int i = 0; i < 600; i++)
        memcpy(oe + 2 * i, "\xc3\xb6", 2); /* "ö": 1,200 bytes */
    oe[1200] = '\0';
    memset(file, 'a', 2000);
    file[2000] = '\0';
    vs_ctx_fail(ctx, VS_EUSAGE, "%s", oe);
    VT_EQ_INT((int)strlen(vs_ctx_message(ctx)), 1022);
    VT_CHECK(whole_chars(vs_ctx_message(ctx)));
    vs_ctx_fail_at(ctx, "x.csv", 2, "f", "%s", oe);
    VT_CHECK(strlen(vs_ctx_message(ctx)) <= 1023 && strlen(vs_ctx_message(ctx)) >= 1022);
    VT_CHECK(strncmp(vs_ctx_message(ctx), "x.csv:2: field f: \xc3\xb6", 20) == 0);
    VT_CHECK(whole_chars(vs_ctx_message(ctx)));
    vs_ctx_fail_at(ctx, file, 12, "pop", "negative");
    VT_CHECK(strstr(vs_ctx_message(ctx), ":12: field pop: negative") != NULL);
    VT_CHECK(strlen(vs_ctx_message(ctx)) < 600);
    vs_ctx_fail_at(ctx, oe, 0, NULL, "short"); /* a long file name cut before a character */
    VT_CHECK(whole_chars(vs_ctx_message(ctx)));
    VT_CHECK(strstr(vs_ctx_message(ctx), ": short") != NULL);
    free(oe);
    free(file);
    vs_ctx_destroy(ctx);
}

static void test_csv_ok(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_csv *csv;
    VT_EQ_INT(open_str(ctx, "id,name,n\na,\"x, \"\"y\"\"\",3\n\nb,z,-4", &csv), VS_OK);
    VT_EQ_INT(vs_csv_ncols(csv), 3);
    VT_EQ_INT(vs_csv_find(csv, "n"), 2);
    VT_EQ_INT(vs_csv_find(csv, "missing"), -1);
    int has;
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(has, 1);
    VT_EQ_INT(vs_csv_line(csv), 2);
    VT_EQ_STR(vs_csv_field(csv, 1), "x, \"y\"");
    int64_t v;
    VT_EQ_INT(vs_csv_int64(ctx, csv, 2, 0, 10, &v), VS_OK);
    VT_EQ_INT(v, 3);
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(vs_csv_line(csv), 4);
    VT_EQ_INT(vs_csv_int64(ctx, csv, 2, 0, 10, &v), VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), "t.csv:4: field n: negative value -4, expected a count >= 0");
    double d;
    VT_EQ_INT(vs_csv_double(ctx, csv, 2, -5, 5, &d), VS_OK);
    VT_NEAR(d, -4.0, 0);
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(has, 0);
    vs_csv_close(csv);
    vs_ctx_destroy(ctx);
}

/* Each bad buffer must fail at open or at the first record with this message. */
static void expect_bad(const char *text, const char *message)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    vs_csv *csv = NULL;
    vs_status st = open_str(ctx, text, &csv);
    if (!st) {
        int has;
        st = vs_csv_next(ctx, csv, &has);
        if (!st && has) {
            int64_t v;
            st = vs_csv_int64(ctx, csv, 1, 0, 1000, &v);
        }
    }
    VT_EQ_INT(st, VS_EINPUT);
    VT_EQ_STR(vs_ctx_message(ctx), message);
    vs_csv_close(csv);
    vs_ctx_destroy(ctx);
}

static void test_csv_bad(void)
{
    expect_bad("", "t.csv:1: file is empty (expected a header line)");
    expect_bad("\n\n", "t.csv:1: file is empty (expected a header line)");
    expect_bad("id,n\na,1\rb,2\n", "t.csv:2: carriage return not followed by a line feed (old "
                                   "Mac line endings?); save the file with LF or CRLF line endings");
    expect_bad("id,n;x\na,1\n", "t.csv:1: the header line has both ',' and ';' between its "
                                 "column names, so the separator cannot be told; use ',' "
                                 "throughout (numbers with a decimal point) or ';' throughout "
                                 "(the Swedish spreadsheet format, numbers with a decimal comma)");
    expect_bad("id\tn\na\t1\n", "t.csv:1: the header line is separated by tabs; save the file "
                                 "as CSV (',' or ';' between columns)");
    expect_bad("id;n;m\nb,1,2\n",
               "t.csv:2: field n: record has 1 fields but the header has 3; this line has ',' "
               "between its columns but the header ';' (mixed separators)");
    expect_bad("id,n,m\na;1;2\n",
               "t.csv:2: field n: record has 1 fields but the header has 3; this line has ';' "
               "between its columns but the header ',' (mixed separators)");
    expect_bad("id,n\na,\"1,5\"\n",
               "t.csv:2: field n: '1,5' is not an integer (a decimal comma needs the Swedish "
               "spreadsheet format, ';' between columns; with ',' between columns write a "
               "decimal point)");
    expect_bad("id;n\na;1,5\n", "t.csv:2: field n: '1,5' is not a whole number");
    expect_bad("id;n\na;1 50\n", "t.csv:2: field n: '1 50' is not an integer");
    expect_bad("id,n\na\n", "t.csv:2: field n: record has 1 fields but the header has 2 (truncated line?)");
    expect_bad("id,n\na,1,2\n", "t.csv:2: record has 3 fields but the header has 2");
    expect_bad("id,n\na,\"1\n", "t.csv:2: field n: unterminated quoted field (truncated line?)");
    expect_bad("id,n\na,x\n", "t.csv:2: field n: 'x' is not an integer");
    expect_bad("id,n\na,1.5\n", "t.csv:2: field n: '1.5' is not a whole number");
    expect_bad("id,n\na,99999999999999999999\n",
               "t.csv:2: field n: '99999999999999999999' overflows a 64-bit integer");
    expect_bad("id,n\na,1001\n", "t.csv:2: field n: value 1001 is out of range [0, 1000]");
    expect_bad("id,n\na,\n", "t.csv:2: field n: empty value, expected an integer");
    expect_bad("id,id\na,1\n", "t.csv:1: field id: column appears twice in the header");
    expect_bad("id,\na,1\n", "t.csv:1: header column 2 has no name");
}

static void note_cb(void *user, const char *note) { snprintf(user, 256, "%s", note); }

/* The spreadsheet dialects: BOM, CRLF, quoted fields with separators, quotes
 * and line breaks, ';' with decimal commas and digit groups, "122.0". */
static void test_csv_dialects(void)
{
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char note[256] = "";
    vs_ctx_set_note(ctx, note_cb, note);
    const char *excel = "\xEF\xBB\xBFid;name;n;x\r\n"
                        "a;\"S\xC3\xB6" "dert\xC3\xA4lje; \"\"syd\"\"\r\nrad 2\";122,0;89,9\r\n"
                        "\r\n"
                        "b;B;2\xC2\xA0" "440\xC2\xA0" "027;-1 234,5\r\n"
                        "c;C;7;1.25\r\n";
    vs_csv *csv;
    VT_EQ_INT(open_str(ctx, excel, &csv), VS_OK);
    VT_EQ_INT(vs_csv_separator(csv), ';');
    VT_EQ_STR(note, "t.csv: read as the Swedish spreadsheet format (';' between columns, decimal "
                    "comma)");
    VT_EQ_STR(vs_csv_colname(csv, 0), "id");
    int has;
    int64_t n;
    double x;
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_STR(vs_csv_field(csv, 1), "S\xC3\xB6" "dert\xC3\xA4lje; \"syd\"\nrad 2");
    VT_EQ_INT(vs_csv_int64(ctx, csv, 2, 0, 1000, &n), VS_OK);
    VT_EQ_INT((int)n, 122);
    VT_EQ_INT(vs_csv_double(ctx, csv, 3, 0, 100, &x), VS_OK);
    VT_NEAR(x, 89.9, 1e-12);
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(vs_csv_line(csv), 5);
    VT_EQ_INT(vs_csv_int64(ctx, csv, 2, 0, 10000000, &n), VS_OK);
    VT_EQ_INT((int)n, 2440027);
    VT_EQ_INT(vs_csv_double(ctx, csv, 3, -1e6, 1e6, &x), VS_OK);
    VT_NEAR(x, -1234.5, 0);
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(vs_csv_double(ctx, csv, 3, -1e6, 1e6, &x), VS_OK);
    VT_NEAR(x, 1.25, 0);
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_INT(has, 0);
    vs_csv_close(csv);
    /* the same in the comma format (Python's csv module: CRLF, quoting) */
    note[0] = '\0';
    VT_EQ_INT(open_str(ctx, "id,name,n\r\na,\"x, \"\"y\"\"\",122.00\r\n", &csv), VS_OK);
    VT_EQ_INT(vs_csv_separator(csv), ',');
    VT_EQ_STR(note, "");
    VT_EQ_INT(vs_csv_next(ctx, csv, &has), VS_OK);
    VT_EQ_STR(vs_csv_field(csv, 1), "x, \"y\"");
    VT_EQ_INT(vs_csv_int64(ctx, csv, 2, 0, 1000, &n), VS_OK);
    VT_EQ_INT((int)n, 122);
    vs_csv_close(csv);
    vs_ctx_destroy(ctx);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

/* A region's parameter overrides: a parameter named there replaces every row
 * of it in the shipped file, where the first stood; other rows are added;
 * each record tells the file and line it came from. */
static void test_param_overrides(void)
{
    char dir[] = "/tmp/vs_test_ovr_XXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    char base[300], odir[300], opath[400];
    snprintf(base, sizeof base, "%s/p.csv", dir);
    snprintf(odir, sizeof odir, "%s/region", dir);
    snprintf(opath, sizeof opath, "%s/p.csv", odir);
    mkdir(odir, 0700);
    write_file(base, "parameter,value,unit,year\na,1.5,x,2022\nb,2,y,2022\na,1.6,x,2023\n");
    write_file(opath, "\xEF\xBB\xBFparameter;year;value\r\nc;2024;7\r\na;2024;\"3,25\"\r\n");
    vs_ctx *ctx;
    vs_ctx_create(&ctx);
    char note[256] = "";
    vs_ctx_set_note(ctx, note_cb, note);
    VT_EQ_INT(vs_ctx_set_param_overrides(ctx, odir), VS_OK);
    vs_csv *csv;
    VT_EQ_INT(vs_csv_open(ctx, base, &csv), VS_OK);
    const char *want_par[] = {"a", "b", "c"}, *want_file[] = {opath, base, opath};
    long want_line[] = {3, 3, 2};
    double want_val[] = {3.25, 2, 7};
    int has, k = 0;
    while (vs_csv_next(ctx, csv, &has) == VS_OK && has && k < 3) {
        double v;
        VT_EQ_STR(vs_csv_field(csv, 0), want_par[k]);
        VT_EQ_STR(vs_csv_name(csv), want_file[k]);
        VT_EQ_INT(vs_csv_line(csv), want_line[k]);
        VT_EQ_INT(vs_csv_double(ctx, csv, 1, 0, 10, &v), VS_OK);
        VT_NEAR(v, want_val[k], 0);
        k++;
    }
    VT_EQ_INT(k, 3);
    VT_EQ_INT(has, 0);
    /* an error on an overriding row names the region's file and line */
    vs_csv_close(csv);
    VT_EQ_INT(vs_csv_open(ctx, base, &csv), VS_OK);
    vs_csv_next(ctx, csv, &has);
    double v;
    VT_EQ_INT(vs_csv_double(ctx, csv, 1, 0, 1, &v), VS_EINPUT);
    char want[1200];
    snprintf(want, sizeof want, "%s:3: field value: value 3.25 is out of range [0, 1]", opath);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    vs_csv_close(csv);
    char want_note[1200];
    snprintf(want_note, sizeof want_note,
             "%s: read with the region's own rows of %s (1 shipped parameter(s) replaced)", base,
             opath);
    VT_EQ_STR(note, want_note);
    /* the region's file itself is read as it is */
    VT_EQ_INT(vs_csv_open(ctx, opath, &csv), VS_OK);
    vs_csv_next(ctx, csv, &has);
    VT_EQ_STR(vs_csv_field(csv, 0), "c");
    vs_csv_close(csv);
    /* an override file without a value column is refused at its header */
    write_file(opath, "parameter,amount\na,1\n");
    VT_EQ_INT(vs_csv_open(ctx, base, &csv), VS_EINPUT);
    snprintf(want, sizeof want, "%s:1: field value: required column is missing from the header",
             opath);
    VT_EQ_STR(vs_ctx_message(ctx), want);
    vs_ctx_destroy(ctx);
    remove(opath);
    remove(base);
    rmdir(odir);
    rmdir(dir);
}

static void test_read_params(void)
{
    char dir[] = "/tmp/vs_test_params_XXXXXX";
    if (!mkdtemp(dir)) {
        VT_CHECK(0);
        return;
    }
    char path[256];
    snprintf(path, sizeof path, "%s/p.csv", dir);
    const char *cases[][2] = {
        {"parameter,value,unit\na,1.5,x\nb,2,y\nc,9,z\n", ""},
        {"parameter,value\na,1.5\n", ":0: field parameter: no row for parameter 'b'"},
        {"parameter,value\na,1\nb,2\na,3\n", ":4: field parameter: parameter 'a' appears twice"},
        {"parameter,value\na,1\nb,20\n", ":3: field value: value 20 is out of range [0, 10]"},
        {"name,value\na,1\n", ":1: field parameter: required column is missing from the header"},
    };
    for (size_t k = 0; k < sizeof cases / sizeof cases[0]; k++) {
        FILE *f = fopen(path, "w");
        fputs(cases[k][0], f);
        fclose(f);
        vs_ctx *ctx;
        vs_ctx_create(&ctx);
        double a = 0, b = 0;
        vs_csv_param w[] = {{"a", 0, 10, &a, 0}, {"b", 0, 10, &b, 0}};
        vs_status st = vs_csv_read_params(ctx, path, w, 2);
        if (!cases[k][1][0]) {
            VT_EQ_INT(st, VS_OK);
            VT_NEAR(a, 1.5, 0);
            VT_NEAR(b, 2.0, 0);
        } else {
            char want[512];
            if (strcmp(cases[k][1], ":0: field parameter: no row for parameter 'b'") == 0)
                snprintf(want, sizeof want, "%s: field parameter: no row for parameter 'b'", path);
            else
                snprintf(want, sizeof want, "%s%s", path, cases[k][1]);
            VT_EQ_INT(st, VS_EINPUT);
            VT_EQ_STR(vs_ctx_message(ctx), want);
        }
        vs_ctx_destroy(ctx);
    }
    remove(path);
    rmdir(dir);
}

int main(void)
{
    test_read_params();
    test_ctx();
    test_ctx_long();
    test_csv_ok();
    test_csv_bad();
    test_csv_dialects();
    test_param_overrides();
    return vt_done();
}
