/*
 * cmd_erlang.c: "vardsim erlang", the Erlang loss and delay models for one
 * number of servers, or the least number of servers that meets a target.
 */
#include <float.h>
#include <limits.h>
#include <math.h>
#include <string.h>

#include "cli.h"
#include "vardsim/erlang.h"

static const char usage[] =
    "usage: vardsim erlang --servers C --load A [--wait T] [--json]\n"
    "       vardsim erlang --load A (--target-blocking P | --target-delay P |\n"
    "                                --target-occupancy X) [--json]\n"
    "\n"
    "Evaluate the Erlang loss model (M/M/c/c, Erlang B) and delay model (M/M/c,\n"
    "Erlang C) exactly, for up to 100,000,000 servers and non-integer loads.\n"
    "\n"
    "  --servers C            number of servers (beds), an integer >= 1\n"
    "  --load A               offered load in erlangs (arrival rate x mean service\n"
    "                         time; for beds: admissions per day x mean stay in days)\n"
    "  --wait T               also print P(wait > T), T in mean service times\n"
    "  --target-blocking P    print the least number of servers with Erlang B <= P\n"
    "  --target-delay P       ... with P(wait > 0) = Erlang C <= P\n"
    "  --target-occupancy X   ... with loss-system occupancy A(1-B)/c <= X\n"
    "  --json                 print JSON\n"
    "\n"
    "Output: erlang_b (probability that an arrival finds every server busy and is\n"
    "lost), erlang_c (probability of waiting in M/M/c; 1 when A >= C), occupancy (of\n"
    "the loss system: carried load A(1-B)/C), mean_wait (M/M/c FIFO mean wait in\n"
    "units of the mean service time, C(C,A)/(C-A); infinite when A >= C, printed as\n"
    "JSON null), carried_load, utilisation (A/C), stable (A < C); with a target,\n"
    "servers and the same measures at that number of servers.\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static json_t *to_json(const vs_erlang_result *r, const char *target, double target_value,
                       int has_wait, double wait_t, double p_wait)
{
    json_t *o = json_object();
    json_object_set_new(o, "servers", json_integer(r->servers));
    json_object_set_new(o, "load", json_real(r->load));
    if (target) {
        json_object_set_new(o, "target", json_string(target));
        json_object_set_new(o, "target_value", json_real(target_value));
    }
    json_object_set_new(o, "erlang_b", json_real(r->erlang_b));
    json_object_set_new(o, "erlang_c", json_real(r->erlang_c));
    json_object_set_new(o, "occupancy", json_real(r->occupancy));
    json_object_set_new(o, "mean_wait", cli_json_num(r->mean_wait));
    json_object_set_new(o, "carried_load", json_real(r->carried_load));
    json_object_set_new(o, "utilisation", json_real(r->utilisation));
    json_object_set_new(o, "stable", json_boolean(r->stable));
    if (has_wait) {
        json_object_set_new(o, "wait_time", json_real(wait_t));
        json_object_set_new(o, "p_wait_exceeds", json_real(p_wait));
    }
    return o;
}

static void print_text(const vs_erlang_result *r, const char *target, double target_value,
                       int has_wait, double wait_t, double p_wait)
{
    if (target)
        printf("least number of servers with %s <= %.10g: %lld\n\n", target, target_value,
               (long long)r->servers);
    printf("servers                                  %lld\n", (long long)r->servers);
    printf("offered load (erlangs)                   %.10g\n", r->load);
    printf("Erlang B, blocking (loss system)         %.10g\n", r->erlang_b);
    printf("Erlang C, P(wait > 0) (delay system)     %.10g\n", r->erlang_c);
    printf("carried load A(1-B) (erlangs)            %.10g\n", r->carried_load);
    printf("occupancy A(1-B)/C (loss system)         %.10g\n", r->occupancy);
    printf("utilisation A/C (delay system)           %.10g\n", r->utilisation);
    if (r->stable)
        printf("mean wait C/(C-A) (mean service times)   %.10g\n", r->mean_wait);
    else
        printf("mean wait                                infinite: the offered load is not "
               "below the number of servers,\n"
               "                                         so the M/M/c queue has no steady "
               "state\n");
    if (has_wait)
        printf("P(wait > %g) (delay system)%*s%.10g\n", wait_t,
               (int)(16 - (int)snprintf(NULL, 0, "%g", wait_t)), "", p_wait);
}

static int run(int argc, char **argv)
{
    const char *s_servers = NULL, *s_load = NULL, *s_tb = NULL, *s_td = NULL, *s_to = NULL,
               *s_wait = NULL;
    int json = 0, npos;
    const cli_opt opts[] = {{"--servers", 1, &s_servers, NULL},
                            {"--load", 1, &s_load, NULL},
                            {"--target-blocking", 1, &s_tb, NULL},
                            {"--target-delay", 1, &s_td, NULL},
                            {"--target-occupancy", 1, &s_to, NULL},
                            {"--wait", 1, &s_wait, NULL},
                            {"--json", 0, NULL, &json},
                            {0}};
    if (cli_parse("erlang", argc, argv, opts, NULL, 0, &npos))
        return 2;
    int ntargets = (s_tb != NULL) + (s_td != NULL) + (s_to != NULL);
    if (!s_load) {
        fprintf(stderr, "vardsim erlang: option --load is required (see 'vardsim help erlang')\n");
        return 2;
    }
    if (ntargets > 1) {
        fprintf(stderr, "vardsim erlang: give at most one of --target-blocking, --target-delay "
                        "and --target-occupancy\n");
        return 2;
    }
    if (ntargets == 1 && s_servers) {
        fprintf(stderr, "vardsim erlang: --servers cannot be combined with a target (the target "
                        "gives the number of servers)\n");
        return 2;
    }
    if (ntargets == 0 && !s_servers) {
        fprintf(stderr, "vardsim erlang: give --servers C, or a target (--target-blocking, "
                        "--target-delay, --target-occupancy)\n");
        return 2;
    }
    double load, tv = 0, wait_t = 0, p_wait = 0;
    long servers = 0;
    if (cli_double("erlang", "--load", s_load, -DBL_MAX, DBL_MAX, &load))
        return 2;
    if (s_servers && cli_long("erlang", "--servers", s_servers, LONG_MIN, LONG_MAX, &servers))
        return 2;
    const char *tname = NULL, *tstr = s_tb ? s_tb : s_td ? s_td : s_to;
    if (tstr) {
        tname = s_tb ? "blocking" : s_td ? "delay" : "occupancy";
        if (cli_double("erlang", s_tb ? "--target-blocking" : s_td ? "--target-delay"
                                                                   : "--target-occupancy",
                       tstr, -DBL_MAX, DBL_MAX, &tv))
            return 2;
    }
    if (s_wait && cli_double("erlang", "--wait", s_wait, -DBL_MAX, DBL_MAX, &wait_t))
        return 2;

    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_status st = VS_OK;
    int64_t c = servers;
    if (s_tb)
        st = vs_erlang_servers_for_blocking(ctx, load, tv, &c);
    else if (s_td)
        st = vs_erlang_servers_for_delay(ctx, load, tv, &c);
    else if (s_to)
        st = vs_erlang_servers_for_occupancy(ctx, load, tv, &c);
    vs_erlang_result r;
    if (!st)
        st = vs_erlang_eval(ctx, c, load, &r);
    if (!st && s_wait)
        st = vs_erlang_wait_prob(ctx, c, load, wait_t, &p_wait);
    if (st) {
        int rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    vs_ctx_destroy(ctx);
    if (json)
        return cli_print_json(to_json(&r, tname, tv, s_wait != NULL, wait_t, p_wait));
    print_text(&r, tname, tv, s_wait != NULL, wait_t, p_wait);
    return 0;
}

const cli_command cli_cmd_erlang = {"erlang", "Erlang B/C for beds or servers, and their inverses",
                                    usage, run};
