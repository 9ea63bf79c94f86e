/*
 * cmd_sim.c: "vardsim sim", runs of the simulation kernel.  For now one
 * model: "sim mmc", the M/M/c validation queue, compared with exact values.
 */
#include <math.h>
#include <string.h>

#include "cli.h"
#include "vardsim/sim.h"

static const char usage[] =
    "usage: vardsim sim mmc --servers C --arrival-rate L --service-rate M --patients N\n"
    "                       --seed S [--capacity K] [--priority-share P] [--preemptive]\n"
    "                       [--replications R] [--threads T] [--warmup DAYS]\n"
    "                       [--event-list heap4|pairing] [--json]\n"
    "\n"
    "Simulate an M/M/C queue with the discrete-event kernel and compare with the exact\n"
    "values (Erlang C, Erlang B, the M/M/C/K chain, Cobham's priority formula).\n"
    "Rates are per day; times in the output are in days.\n"
    "\n"
    "  --servers C          servers (beds, clinicians), >= 1\n"
    "  --arrival-rate L     arrivals per day, > 0\n"
    "  --service-rate M     patients per server per day, > 0 (mean service 1/M days)\n"
    "  --capacity K         places in the system, servers plus queue (K >= C); K = C is\n"
    "                       the Erlang loss system; default unlimited (needs L < C M)\n"
    "  --priority-share P   share P in [0, 1) of arrivals is urgent and served first,\n"
    "                       non-preemptively (with --preemptive: preemptive-resume)\n"
    "  --patients N         arrivals counted per replication, after the warm-up\n"
    "  --seed S             random seed (replication r uses stream r of the seed)\n"
    "  --replications R     independent replications, default 1 (R >= 2 gives 95 % CIs)\n"
    "  --threads T          worker threads, default 1; results are identical for any T\n"
    "  --warmup DAYS        warm-up before counting, default 0.1 N / L days\n"
    "  --event-list NAME    heap4 (default) or pairing\n"
    "  --json               print JSON: patients, p_block, mean_wait, p_wait,\n"
    "                       mean_wait_urgent, mean_wait_routine (priority case),\n"
    "                       mean_occupancy, wall_seconds, patients_per_second, seed;\n"
    "                       each estimate X also has X_ci95 (half-width, null with one\n"
    "                       replication) and X_exact (null when no closed form applies)\n"
    "\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static void put_est(json_t *o, const char *name, const vs_estimate *e)
{
    char k[64];
    json_object_set_new(o, name, cli_json_num(e->mean));
    snprintf(k, sizeof k, "%s_ci95", name);
    json_object_set_new(o, k, cli_json_num(e->ci95));
    snprintf(k, sizeof k, "%s_exact", name);
    json_object_set_new(o, k, cli_json_num(e->exact));
}

static void print_est(const char *name, const char *unit, const vs_estimate *e)
{
    printf("%-22s %14.6g", name, e->mean);
    if (isfinite(e->ci95))
        printf(" +- %-11.3g", e->ci95);
    else
        printf("    %-11s", "");
    if (isfinite(e->exact))
        printf(" %14.6g", e->exact);
    else
        printf(" %14s", "-");
    printf("  %s\n", unit);
}

static int run_mmc(int argc, char **argv)
{
    const char *servers = NULL, *lam = NULL, *mu = NULL, *cap = NULL, *share = NULL,
               *patients = NULL, *seed = NULL, *reps = NULL, *threads = NULL, *warm = NULL,
               *evl = NULL;
    int json = 0, preempt = 0, npos;
    const cli_opt opts[] = {{"--servers", 1, &servers, NULL},
                            {"--arrival-rate", 1, &lam, NULL},
                            {"--service-rate", 1, &mu, NULL},
                            {"--capacity", 1, &cap, NULL},
                            {"--priority-share", 1, &share, NULL},
                            {"--preemptive", 0, NULL, &preempt},
                            {"--patients", 1, &patients, NULL},
                            {"--seed", 1, &seed, NULL},
                            {"--replications", 1, &reps, NULL},
                            {"--threads", 1, &threads, NULL},
                            {"--warmup", 1, &warm, NULL},
                            {"--event-list", 1, &evl, NULL},
                            {"--json", 0, NULL, &json},
                            {0}};
    if (cli_parse("sim mmc", argc, argv, opts, NULL, 0, &npos))
        return 2;
    const char *missing = !servers ? "--servers" : !lam ? "--arrival-rate" : !mu ? "--service-rate"
                          : !patients ? "--patients" : !seed ? "--seed" : NULL;
    if (missing) {
        fprintf(stderr, "vardsim sim mmc: option %s is required (see 'vardsim help sim')\n",
                missing);
        return 2;
    }
    vs_mmc_spec s = {.capacity = -1, .replications = 1, .threads = 1, .warmup_days = -1};
    long v, sd;
    if (cli_long("sim mmc", "--servers", servers, 1, 10000000, &v))
        return 2;
    s.servers = (int)v;
    if (cli_double("sim mmc", "--arrival-rate", lam, 1e-300, 1e300, &s.arrival_rate) ||
        cli_double("sim mmc", "--service-rate", mu, 1e-300, 1e300, &s.service_rate) ||
        cli_long("sim mmc", "--patients", patients, 1, 2000000000L, &s.patients) ||
        cli_long("sim mmc", "--seed", seed, 0, 0x7fffffffffffffffL, &sd))
        return 2;
    s.seed = (uint64_t)sd;
    if (cap && cli_long("sim mmc", "--capacity", cap, s.servers, 2000000000L, &s.capacity))
        return 2;
    if (share && cli_double("sim mmc", "--priority-share", share, 0, 0.999999999,
                            &s.priority_share))
        return 2;
    if (preempt && !(s.priority_share > 0)) {
        fprintf(stderr, "vardsim sim mmc: --preemptive needs --priority-share P > 0\n");
        return 2;
    }
    s.preemptive = preempt;
    if (reps && cli_long("sim mmc", "--replications", reps, 1, 100000, &v))
        return 2;
    if (reps)
        s.replications = (int)v;
    if (threads && cli_long("sim mmc", "--threads", threads, 1, 1024, &v))
        return 2;
    if (threads)
        s.threads = (int)v;
    if (warm && cli_double("sim mmc", "--warmup", warm, 0, 1e12, &s.warmup_days))
        return 2;
    if (evl) {
        if (strcmp(evl, "heap4") == 0)
            s.event_list = VS_EVENTS_HEAP4;
        else if (strcmp(evl, "pairing") == 0)
            s.event_list = VS_EVENTS_PAIRING;
        else {
            fprintf(stderr, "vardsim sim mmc: option --event-list: '%s' is not heap4 or "
                            "pairing\n", evl);
            return 2;
        }
    }
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    vs_mmc_result r;
    vs_status st = vs_sim_mmc(ctx, &s, &r);
    if (st) {
        int rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    vs_ctx_destroy(ctx);
    double total = (double)r.patients * r.replications;
    double pps = r.wall_seconds > 0 ? total / r.wall_seconds : NAN;
    double eps = r.wall_seconds > 0 ? (double)r.events / r.wall_seconds : NAN;
    int two = s.priority_share > 0;
    if (json) {
        json_t *o = json_object();
        json_object_set_new(o, "model", json_string("mmc"));
        json_object_set_new(o, "servers", json_integer(s.servers));
        json_object_set_new(o, "arrival_rate", json_real(s.arrival_rate));
        json_object_set_new(o, "service_rate", json_real(s.service_rate));
        json_object_set_new(o, "capacity", s.capacity >= 0 ? json_integer(s.capacity)
                                                           : json_null());
        json_object_set_new(o, "priority_share", json_real(s.priority_share));
        json_object_set_new(o, "preemptive", json_boolean(s.preemptive));
        json_object_set_new(o, "patients", json_integer(r.patients));
        json_object_set_new(o, "replications", json_integer(r.replications));
        json_object_set_new(o, "threads", json_integer(s.threads));
        json_object_set_new(o, "seed", json_integer((json_int_t)s.seed));
        json_object_set_new(o, "warmup_days", json_real(r.warmup_days));
        put_est(o, "p_block", &r.p_block);
        put_est(o, "mean_wait", &r.mean_wait);
        put_est(o, "p_wait", &r.p_wait);
        put_est(o, "wait_p90", &r.wait_p90);
        if (two) {
            put_est(o, "mean_wait_urgent", &r.mean_wait_urgent);
            put_est(o, "mean_wait_routine", &r.mean_wait_routine);
            put_est(o, "mean_time_urgent", &r.mean_time_urgent);
            put_est(o, "mean_time_routine", &r.mean_time_routine);
        }
        put_est(o, "mean_occupancy", &r.mean_occupancy);
        put_est(o, "mean_queue", &r.mean_queue);
        json_object_set_new(o, "little_max_rel_gap", json_real(r.little_max_rel_gap));
        json_object_set_new(o, "events", json_integer((json_int_t)r.events));
        json_object_set_new(o, "wall_seconds", json_real(r.wall_seconds));
        json_object_set_new(o, "patients_per_second", cli_json_num(pps));
        json_object_set_new(o, "events_per_second", cli_json_num(eps));
        return cli_print_json(o);
    }
    printf("M/M/%d%s%s: arrival rate %g/day, service rate %g/day, %ld patients x %d "
           "replication(s), seed %llu\n",
           s.servers, s.capacity >= 0 ? "/" : "", s.capacity >= 0 ? cap : "", s.arrival_rate,
           s.service_rate, r.patients, r.replications, (unsigned long long)s.seed);
    if (two)
        printf("two classes: %.4g urgent, %s priority\n", s.priority_share,
               s.preemptive ? "preemptive-resume" : "non-preemptive");
    printf("\n%-22s %14s    %-11s %14s\n", "quantity", "simulated", "95% CI", "exact");
    print_est("p_block", "", &r.p_block);
    print_est("mean_wait", "days", &r.mean_wait);
    print_est("p_wait", "", &r.p_wait);
    print_est("wait_p90", "days", &r.wait_p90);
    if (two) {
        print_est("mean_wait_urgent", "days", &r.mean_wait_urgent);
        print_est("mean_wait_routine", "days", &r.mean_wait_routine);
        print_est("mean_time_urgent", "days", &r.mean_time_urgent);
        print_est("mean_time_routine", "days", &r.mean_time_routine);
    }
    print_est("mean_occupancy", "", &r.mean_occupancy);
    print_est("mean_queue", "patients", &r.mean_queue);
    printf("\nLittle's law: max relative gap |L - lambda W| / L = %.2e\n", r.little_max_rel_gap);
    printf("%.3f s wall, %.3g patients/s, %.3g events/s on %d thread(s)\n", r.wall_seconds, pps,
           eps, s.threads);
    return 0;
}

static int run(int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
        fprintf(stderr, "%s", usage);
        return 2;
    }
    if (strcmp(argv[1], "mmc") == 0)
        return run_mmc(argc - 1, argv + 1);
    fprintf(stderr, "vardsim sim: unknown model '%s' (see 'vardsim help sim')\n", argv[1]);
    return 2;
}

const cli_command cli_cmd_sim = {"sim", "discrete-event simulation (sim mmc: M/M/c validation)",
                                 usage, run};
