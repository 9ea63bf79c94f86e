/*
 * cmd_simulate.c: "vardsim simulate", a region's year of patient flow
 * (primary care, emergency departments, beds, ASIH, elective list) under a
 * queue discipline, with replications and 95 % confidence intervals.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "shard.h"
#include "vardsim/flow.h"

static const char usage[] =
    "usage: vardsim simulate [--region DIR] [--discipline need|fifo|insurance]\n"
    "                        [--replications N] [--seed S] [--threads T] [--days D]\n"
    "                        [--json] [--out DIR] [--task K --tasks N] [more below]\n"
    "\n"
    "Simulate a region's year of patient flow: primary-care requests by urgency class at\n"
    "the listed care centre, emergency departments, admissions, beds, overflow to other\n"
    "wards or corridors (utlokalisering), ASIH and the elective waiting list, with the\n"
    "care-guarantee limits (HSL 9 kap. 1 §, HSF 6 kap. 1 §).  Parameters and sources:\n"
    "data/parameters/flow.csv and docs/flow.md.  The default region has no list of care\n"
    "centres: primary care runs on a designed network sized by the GP supply.\n"
    "\n"
    "  --region DIR            region directory (default: the embedded Stockholm region)\n"
    "  --params DIR            parameter directory (default: data/parameters)\n"
    "  --reference FILE|none   national reference for CNI (default data/national/deso_2022.csv)\n"
    "  --discipline NAME       need (default: urgency class, then arrival), fifo, or\n"
    "                          insurance (insured patients first within their class)\n"
    "  --replications N        independent replications (default 1; N >= 2 gives 95 % CIs)\n"
    "  --seed S                random seed (default 1); replication r uses stream r\n"
    "  --threads T             worker threads (default 1); results identical for any T\n"
    "  --days D                observed days after the warm-up (default 365)\n"
    "  --warmup D              warm-up days (default 7 mean stays, 31)\n"
    "  --residents-per-gp N    GP supply: residents per GP FTE (default 2000 = today,\n"
    "                          'above 2,000'; 1100 = Socialstyrelsen's guideline)\n"
    "  --care-centres N        centres the network is sized by (default 200)\n"
    "  --network NAME          auto (default: the region's own care centres when its\n"
    "                          directory has centres.csv, else the listing engine's\n"
    "                          design), centres, listing or fallback\n"
    "  --admin-hours H         GP administration hours per working day (default 4)\n"
    "  --named-gp-share P      share of patients with a named GP (default 0.30)\n"
    "  --max-boarding-hours H  ED boarding before outplacement (default 4)\n"
    "  --asih-share P          share of admissions cared for by ASIH (default 0)\n"
    "  --bed-closure-share P   share of staffed beds closed (default 0)\n"
    "  --extra-beds-share P    extra staffed beds as a share (default 0)\n"
    "  --elasticity E          need elasticity of demand (default: parameter file)\n"
    "  --booking-horizon D     days ahead the centres' appointment books are open; a request\n"
    "                          not seen within D days goes elsewhere (default: none, the\n"
    "                          figure is NOT FOUND in flow.csv)\n"
    "  --json                  print JSON (metrics with _ci95 half-widths, and the seed)\n"
    "  --out DIR               also write that JSON to DIR/simulate.json (DIR: a new\n"
    "                          directory, created atomically)\n"
    "  --force                 replace an --out DIR that simulate wrote\n"
    CLI_SHARD_USAGE
    "\n"
    "Progress with the time left goes to stderr when stderr is a terminal.\n"
    "Exit status: 0 success, 1 runtime failure, 2 bad usage or bad input.\n";

static void put(json_t *o, const char *name, const vs_flow_est *e)
{
    char k[96];
    json_object_set_new(o, name, cli_json_num(e->mean));
    snprintf(k, sizeof k, "%s_ci95", name);
    json_object_set_new(o, k, cli_json_num(e->ci95));
}

static const char *net_name(int m)
{
    return m == VS_NETWORK_CENTRES  ? "region's own care centres (centres.csv)"
           : m == VS_NETWORK_LISTING ? "listing engine (greenfield design)"
                                     : "internal fallback (population bisection per municipality)";
}

static json_t *to_json(const vs_region *r, const vs_flow_result *res)
{
    const vs_flow_params *p = &res->params;
    json_t *o = json_object();
    json_object_set_new(o, "region", json_string(r->name));
    json_object_set_new(o, "population", json_integer(r->population));
    json_object_set_new(o, "discipline", json_string(vs_flow_discipline_name(p->discipline)));
    json_object_set_new(o, "seed", json_integer((json_int_t)p->seed));
    json_object_set_new(o, "replications", json_integer(p->replications));
    json_object_set_new(o, "threads", json_integer(p->threads));
    json_object_set_new(o, "days", json_real(p->days));
    json_object_set_new(o, "warmup_days", json_real(p->warmup_days));
    json_t *pc = json_object();
    int own = res->network_method == VS_NETWORK_CENTRES;
    json_object_set_new(pc, "network", json_string(vs_flow_network_name(res->network_method)));
    json_object_set_new(pc, "network_note",
                        json_string(own ? "primary care runs on the region's own care centres "
                                          "(centres.csv: their GP FTE; residents listed at the "
                                          "nearest centres with room)"
                                        : "the region has no list of care centres: primary care "
                                          "runs on a designed network sized by the GP supply"));
    json_object_set_new(pc, "residents_per_gp", json_real(p->residents_per_gp));
    json_object_set_new(pc, "care_centres", json_integer(res->n_centres));
    json_object_set_new(pc, "gp_fte", json_real(res->gp_fte_total));
    json_object_set_new(pc, "clinical_hours_per_weekday", json_real(res->clinical_hours_per_weekday));
    json_object_set_new(pc, "visits_per_clinical_hour", json_real(res->visits_per_clinical_hour));
    json_object_set_new(pc, "capacity_per_year", json_real(res->pc_capacity_per_year));
    json_object_set_new(pc, "demand_per_year", json_real(res->pc_demand_per_year));
    json_object_set_new(pc, "class_shares_note",
                        json_string("own requests are acute (same day) or routine "
                                    "(pc_acute_share, fitted); planned_followup holds the "
                                    "GP-booked return visits; within_3_days has no requests "
                                    "(the 2016 shares were a wait distribution, docs/flow.md)"));
    put(pc, "requests", &res->pc_requests);
    put(pc, "visits", &res->pc_visits);
    put(pc, "wait_days", &res->pc_wait_days_all);
    put(pc, "within_guarantee", &res->pc_within_guarantee);
    json_object_set_new(pc, "guarantee_days", json_real(p->cg_primary_care_days));
    json_object_set_new(pc, "guarantee_source",
                        json_string("HSL (2017:30) 9 kap. 1 §; HSF (2017:80) 6 kap. 1 §"));
    put(pc, "within_7_days", &res->pc_within_7_days);
    put(pc, "continuity", &res->continuity);
    put(pc, "need_inversions", &res->pc_inversions);
    put(pc, "seen_within_0_days", &res->pc_seen_within_0_days);
    put(pc, "seen_within_3_days", &res->pc_seen_within_3_days);
    put(pc, "seen_within_5_days", &res->pc_seen_within_5_days);
    put(pc, "seen_within_7_days", &res->pc_seen_within_7_days);
    put(pc, "return_visits", &res->pc_return_visits);
    put(pc, "elsewhere", &res->pc_elsewhere);
    json_object_set_new(pc, "acute_share", json_real(p->pc_acute_share));
    json_object_set_new(pc, "return_visit_share", json_real(p->pc_return_share));
    json_object_set_new(pc, "return_interval_days", json_real(p->pc_return_interval_days));
    json_object_set_new(pc, "booking_horizon_days", cli_json_num(p->pc_booking_horizon_days));
    json_object_set_new(pc, "gp_vacation_days", json_real(p->gp_vacation_days));
    json_object_set_new(pc, "gp_summer_vacation_days", json_real(p->gp_summer_vacation_days));
    json_object_set_new(pc, "seasonal_amplitude", json_real(p->pc_seasonal_amplitude));
    put(pc, "wait_days_mean", &res->pc_wait_days_mean);
    put(pc, "wait_days_median", &res->pc_wait_days_median);
    json_object_set_new(pc, "seen_within_note",
                        json_string("patients' own requests for a doctor visit (GP-booked return "
                                    "visits excluded), whole calendar days from request to "
                                    "visit, as vantetider.se counts them"));
    json_t *cls = json_array();
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        json_t *e = json_object();
        json_object_set_new(e, "class", json_string(vs_flow_pc_class_name(c)));
        json_object_set_new(e, "share", json_real(p->pc_class_share[c]));
        put(e, "wait_days", &res->pc_wait_days[c]);
        put(e, "within_limit", &res->pc_within_days[c]);
        put(e, "wait_days_insured", &res->pc_wait_insured[c]);
        put(e, "wait_days_uninsured", &res->pc_wait_uninsured[c]);
        json_array_append_new(cls, e);
    }
    json_object_set_new(pc, "classes", cls);
    json_t *dec = json_array();
    for (int d = 0; d < 10; d++) {
        json_t *e = json_object();
        json_object_set_new(e, "decile", json_integer(d + 1));
        put(e, "wait_days", &res->pc_wait_decile[d]);
        put(e, "within_limit", &res->pc_within_decile[d]);
        json_array_append_new(dec, e);
    }
    json_object_set_new(pc, "cni_deciles", dec);
    json_t *mun = json_array();
    for (int m = 0; m < res->n_municipalities; m++) {
        json_t *e = json_object();
        json_object_set_new(e, "municipality_id", json_string(r->municipalities[m].municipality_id));
        json_object_set_new(e, "name", json_string(r->municipalities[m].name));
        put(e, "wait_days", &res->pc_wait_municipality[m]);
        put(e, "within_limit", &res->pc_within_municipality[m]);
        json_array_append_new(mun, e);
    }
    json_object_set_new(pc, "municipalities", mun);
    json_object_set_new(o, "primary_care", pc);

    json_t *ed = json_object();
    put(ed, "arrivals", &res->ed_arrivals);
    put(ed, "admitted", &res->ed_admitted);
    put(ed, "boarding_hours", &res->ed_boarding_hours);
    put(ed, "boarding_share", &res->ed_boarding_share);
    put(ed, "boarding_patients_mean", &res->ed_boarding_mean_patients);
    json_object_set_new(ed, "max_boarding_hours", json_real(p->max_boarding_hours));
    put(ed, "length_of_stay_median_hours", &res->ed_los_median_hours);
    put(ed, "share_within_4_hours", &res->ed_share_within_4_hours);
    json_object_set_new(o, "emergency", ed);

    json_t *b = json_object();
    put(b, "occupancy", &res->occupancy);
    put(b, "overflow_patient_days", &res->overflow_days);
    put(b, "extra_care_injuries", &res->extra_injuries);
    put(b, "outplaced_per_100_beds", &res->outplaced_per_100_beds);
    put(b, "overcrowded_per_100_beds", &res->overcrowded_per_100_beds);
    json_object_set_new(b, "census_hour", json_real(p->bed_census_hour));
    json_object_set_new(b, "per_100_beds_note",
                        json_string("patients outplaced to another ward (utlokaliserade) and in "
                                    "corridor beds (överbeläggningar) at the daily census, per "
                                    "100 staffed beds, mean over days, as vantetider.se "
                                    "publishes them"));
    json_object_set_new(b, "injury_rate_per_admission", json_real(p->injury_rate_per_admission));
    json_object_set_new(b, "injury_relative_risk", json_real(p->injury_rr_outplaced));
    put(b, "need_inversions", &res->bed_inversions);
    put(b, "asih_episodes", &res->asih_episodes);
    json_t *hs = json_array();
    for (int h = 0; h < res->n_hospitals; h++) {
        const vs_flow_hospital *fh = &res->hospitals[h];
        json_t *e = json_object();
        json_object_set_new(e, "hospital_id", json_string(r->hospitals[h].hospital_id));
        json_object_set_new(e, "beds", json_integer(fh->beds));
        json_object_set_new(e, "offered_load", json_real(fh->offered_load));
        json_object_set_new(e, "erlang_b", cli_json_num(fh->erlang_b));
        put(e, "occupancy", &fh->occupancy);
        put(e, "admissions", &fh->admissions);
        put(e, "outplaced", &fh->outplaced);
        put(e, "overflow_patient_days", &fh->overflow_days);
        put(e, "boarding_hours", &fh->boarding_hours);
        put(e, "elective_wait_days", &fh->elective_wait_days);
        put(e, "to_other_ward", &fh->to_other_ward);
        put(e, "to_corridor", &fh->to_corridor);
        json_t *wb = json_array();
        for (int w = 0; w < fh->wards; w++) {
            json_t *we = json_object();
            json_object_set_new(we, "ward", json_string(fh->wards == 1 ? "all"
                                                                       : vs_flow_ward_name(w)));
            json_object_set_new(we, "beds", json_integer(fh->ward_beds[w]));
            json_array_append_new(wb, we);
        }
        json_object_set_new(e, "wards", wb);
        put(e, "outplaced_per_100_beds", &fh->outplaced_per_100_beds);
        put(e, "overcrowded_per_100_beds", &fh->overcrowded_per_100_beds);
        json_array_append_new(hs, e);
    }
    json_object_set_new(b, "hospitals", hs);
    json_object_set_new(o, "beds", b);

    json_t *el = json_object();
    put(el, "decisions", &res->elective_decisions);
    put(el, "wait_days", &res->elective_wait_days);
    put(el, "within_guarantee", &res->elective_within_guarantee);
    put(el, "care_elsewhere", &res->elective_elsewhere);
    json_object_set_new(el, "guarantee_days", json_real(p->cg_treatment_days));
    json_object_set_new(el, "first_visit_guarantee_days", json_real(p->cg_first_visit_days));
    json_object_set_new(o, "elective", el);

    json_t *c = json_object();
    put(c, "arrivals", &res->arrivals);
    put(c, "departures", &res->departures);
    put(c, "in_system", &res->in_system);
    json_object_set_new(c, "ok", json_boolean(res->conservation_ok));
    json_object_set_new(o, "conservation", c);
    json_object_set_new(o, "events", json_integer((json_int_t)res->events));
    json_object_set_new(o, "wall_seconds", json_real(res->wall_seconds));
    json_object_set_new(o, "network_seconds", json_real(res->network_seconds));
    return o;
}

static void pe(const char *name, const vs_flow_est *e, const char *unit, double scale)
{
    printf("  %-34s %12.4g", name, e->mean * scale);
    if (isfinite(e->ci95))
        printf(" +- %-10.3g", e->ci95 * scale);
    else
        printf("    %-10s", "");
    printf(" %s\n", unit);
}

static void print_text(const vs_region *r, const vs_flow_result *res)
{
    const vs_flow_params *p = &res->params;
    char b1[32];
    printf("Patient flow: %s, %s residents, discipline %s, %d replication(s), seed %llu\n",
           r->name, cli_thousands(r->population, b1, sizeof b1),
           vs_flow_discipline_name(p->discipline), p->replications,
           (unsigned long long)p->seed);
    printf("%g days after a warm-up of %g days; 95 %% CI half-widths after +-\n\n", p->days,
           p->warmup_days);
    printf("Primary care: %s %s:\n"
           "  %d centres, %.1f GP FTE (%g residents per GP), %.2f clinical h per FTE-weekday,\n"
           "  %.2f visits per clinical hour, capacity %.0f and expected requests %.0f a year\n",
           res->network_method == VS_NETWORK_CENTRES
               ? "the"
               : "the region has no list of care centres; network designed by the",
           net_name(res->network_method), res->n_centres, res->gp_fte_total, p->residents_per_gp,
           res->clinical_hours_per_weekday, res->visits_per_clinical_hour,
           res->pc_capacity_per_year, res->pc_demand_per_year);
    char hz[32];
    snprintf(hz, sizeof hz, isfinite(p->pc_booking_horizon_days) ? "%g days" : "none (NOT FOUND)",
             p->pc_booking_horizon_days);
    printf("  booking system: acute share %.3f of own requests, return visits %.2f of visits\n"
           "  (booked %g days ahead), GP vacation %g days (%g in June-August), seasonal\n"
           "  amplitude %.3f (peak day %g), booking horizon %s\n",
           p->pc_acute_share, p->pc_return_share, p->pc_return_interval_days,
           p->gp_vacation_days, p->gp_summer_vacation_days, p->pc_seasonal_amplitude,
           p->pc_seasonal_peak_day, hz);
    pe("requests (own)", &res->pc_requests, "", 1);
    pe("return visits booked", &res->pc_return_visits, "", 1);
    pe("care elsewhere (horizon)", &res->pc_elsewhere, "", 1);
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        char k[64];
        snprintf(k, sizeof k, "wait %s", vs_flow_pc_class_name(c));
        pe(k, &res->pc_wait_days[c], "days", 1);
    }
    pe("within guarantee (0-3 days)", &res->pc_within_guarantee, "share", 1);
    pe("within 7 days (old rule)", &res->pc_within_7_days, "share", 1);
    pe("continuity (own GP)", &res->continuity, "share of visits", 1);
    pe("need inversions", &res->pc_inversions, "", 1);
    pe("seen within 0 days (own requests)", &res->pc_seen_within_0_days, "share", 1);
    pe("seen within 3 days", &res->pc_seen_within_3_days, "share", 1);
    pe("seen within 5 days", &res->pc_seen_within_5_days, "share", 1);
    pe("seen within 7 days", &res->pc_seen_within_7_days, "share", 1);
    pe("wait mean", &res->pc_wait_days_mean, "days", 1);
    pe("wait median", &res->pc_wait_days_median, "days", 1);
    printf("  wait by CNI decile (days):");
    for (int d = 0; d < 10; d++)
        printf(" %.3g", res->pc_wait_decile[d].mean);
    printf("\n\nEmergency departments and beds:\n");
    pe("ED arrivals", &res->ed_arrivals, "", 1);
    pe("ED admitted", &res->ed_admitted, "", 1);
    pe("ED boarding (admitted)", &res->ed_boarding_hours, "hours", 1);
    pe("ED length of stay, median", &res->ed_los_median_hours, "hours", 1);
    pe("ED stays within 4 hours", &res->ed_share_within_4_hours, "share", 1);
    pe("occupancy", &res->occupancy, "", 1);
    pe("overflow patient-days", &res->overflow_days, "", 1);
    pe("outplaced per 100 beds (06:00)", &res->outplaced_per_100_beds, "a day", 1);
    pe("overcrowded per 100 beds (06:00)", &res->overcrowded_per_100_beds, "a day", 1);
    pe("extra care injuries (RR 1.6)", &res->extra_injuries, "", 1);
    pe("elective wait", &res->elective_wait_days, "days", 1);
    pe("elective within 90 days", &res->elective_within_guarantee, "share", 1);
    pe("elective to care elsewhere", &res->elective_elsewhere, "", 1);
    pe("bed need inversions", &res->bed_inversions, "", 1);
    printf("  %-6s %6s %8s %9s %9s %9s %9s %9s\n", "hosp", "beds", "load", "ErlangB", "occ",
           "to ward", "corridor", "board h");
    for (int h = 0; h < res->n_hospitals; h++) {
        const vs_flow_hospital *fh = &res->hospitals[h];
        printf("  %-6s %6d %8.1f %9.4f %9.4f %9.0f %9.0f %9.2f\n", r->hospitals[h].hospital_id,
               fh->beds, fh->offered_load, fh->erlang_b, fh->occupancy.mean,
               fh->to_other_ward.mean, fh->to_corridor.mean, fh->boarding_hours.mean);
    }
    printf("\nConservation: arrivals %.0f = departures %.0f + in system %.0f: %s\n",
           res->arrivals.mean, res->departures.mean, res->in_system.mean,
           res->conservation_ok ? "ok in every replication" : "VIOLATED");
    printf("%llu events, %.2f s wall (of which %.2f s designing the network)\n",
           (unsigned long long)res->events, res->wall_seconds, res->network_seconds);
}

static const char *const own_files[] = {"simulate.json", NULL};

static int run(int argc, char **argv)
{
    cli_shard sh;
    cli_shard_init(&sh, "simulate", argc, argv);
    const char *out = NULL;
    int force = 0;
    const char *region_dir = NULL, *params_dir = NULL, *ref = NULL, *disc = NULL, *reps = NULL,
               *seed = NULL, *threads = NULL, *days = NULL, *warm = NULL, *rpg = NULL,
               *centres = NULL, *net = NULL, *admin = NULL, *named = NULL, *board = NULL,
               *asih = NULL, *closure = NULL, *extra = NULL, *elast = NULL, *horizon = NULL;
    int json = 0;
    cli_opt opts[] = {{"--region", 1, &region_dir, NULL},
                      {"--params", 1, &params_dir, NULL},
                      {"--reference", 1, &ref, NULL},
                      {"--discipline", 1, &disc, NULL},
                      {"--replications", 1, &reps, NULL},
                      {"--seed", 1, &seed, NULL},
                      {"--threads", 1, &threads, NULL},
                      {"--days", 1, &days, NULL},
                      {"--warmup", 1, &warm, NULL},
                      {"--residents-per-gp", 1, &rpg, NULL},
                      {"--care-centres", 1, &centres, NULL},
                      {"--network", 1, &net, NULL},
                      {"--admin-hours", 1, &admin, NULL},
                      {"--named-gp-share", 1, &named, NULL},
                      {"--max-boarding-hours", 1, &board, NULL},
                      {"--asih-share", 1, &asih, NULL},
                      {"--bed-closure-share", 1, &closure, NULL},
                      {"--extra-beds-share", 1, &extra, NULL},
                      {"--elasticity", 1, &elast, NULL},
                      {"--booking-horizon", 1, &horizon, NULL},
                      {"--json", 0, NULL, &json},
                      {"--out", 1, &out, NULL},
                      {"--force", 0, NULL, &force},
                      CLI_SHARD_OPTS(&sh),
                      {0}};
    int npos = 0;
    if (cli_parse("simulate", argc, argv, opts, NULL, 0, &npos) || cli_shard_setup(&sh, out, force))
        return 2;
    if (out && !cli_shard_is_task(&sh) && cli_outdir_check("simulate", out, force, own_files))
        return 2;
    vs_flow_params p;
    vs_ctx *ctx;
    if (cli_ctx_create(&ctx))
        return 1;
    cli_region_params(ctx, region_dir);
    char pbuf[1200];
    if (!params_dir) {
        snprintf(pbuf, sizeof pbuf, "%s/parameters", cli_data_dir());
        params_dir = pbuf;
    }
    vs_status st = vs_flow_params_init(ctx, params_dir, &p);
    if (st) {
        int rc = cli_fail(ctx, st);
        vs_ctx_destroy(ctx);
        return rc;
    }
    long l;
    double d;
    int rc = 0;
    if (disc) {
        int k = vs_flow_discipline_parse(disc);
        if (k < 0) {
            fprintf(stderr, "vardsim simulate: option --discipline: unknown discipline '%s' "
                            "(need, fifo or insurance)\n", disc);
            rc = 2;
        } else
            p.discipline = (vs_flow_discipline)k;
    }
    if (!rc && reps && !(rc = cli_long("simulate", "--replications", reps, 1, 100000, &l)))
        p.replications = (int)l;
    if (!rc && seed && !(rc = cli_long("simulate", "--seed", seed, 0, 2147483647L, &l)))
        p.seed = (uint64_t)l;
    if (!rc && threads && !(rc = cli_long("simulate", "--threads", threads, 1, 1024, &l)))
        p.threads = (int)l;
    if (!rc && days && !(rc = cli_double("simulate", "--days", days, 1e-6, 3650, &d)))
        p.days = d;
    if (!rc && warm && !(rc = cli_double("simulate", "--warmup", warm, 0, 3650, &d)))
        p.warmup_days = d;
    if (!rc && rpg && !(rc = cli_double("simulate", "--residents-per-gp", rpg, 1, 1e9, &d)))
        p.residents_per_gp = d;
    if (!rc && centres && !(rc = cli_double("simulate", "--care-centres", centres, 1, 1e7, &d)))
        p.care_centres = d;
    if (!rc && net) {
        int m = vs_flow_network_parse(net);
        if (m < 0) {
            fprintf(stderr, "vardsim simulate: option --network: unknown method '%s' "
                            "(auto, centres, listing or fallback)\n", net);
            rc = 2;
        } else {
            p.network = (vs_flow_network)m;
        }
    }
    if (!rc && admin && !(rc = cli_double("simulate", "--admin-hours", admin, 0, 24, &d)))
        p.gp_admin_hours_per_day = d;
    if (!rc && named && !(rc = cli_double("simulate", "--named-gp-share", named, 0, 1, &d)))
        p.named_gp_share = d;
    if (!rc && board &&
        !(rc = cli_double("simulate", "--max-boarding-hours", board, 0, 720, &d)))
        p.max_boarding_hours = d;
    if (!rc && asih && !(rc = cli_double("simulate", "--asih-share", asih, 0, 1, &d)))
        p.asih_share = d;
    if (!rc && closure &&
        !(rc = cli_double("simulate", "--bed-closure-share", closure, 0, 0.999, &d)))
        p.bed_closure_share = d;
    if (!rc && extra && !(rc = cli_double("simulate", "--extra-beds-share", extra, 0, 10, &d)))
        p.extra_beds_share = d;
    if (!rc && elast && !(rc = cli_double("simulate", "--elasticity", elast, -10, 10, &d)))
        p.need_elasticity = d;
    if (!rc && horizon &&
        !(rc = cli_double("simulate", "--booking-horizon", horizon, 1e-6, 3650, &d)))
        p.pc_booking_horizon_days = d;
    if (!rc && ref) {
        if (!strcmp(ref, "none"))
            p.reference_path[0] = 0;
        else if (strlen(ref) >= sizeof p.reference_path) {
            fprintf(stderr, "vardsim simulate: option --reference: path too long\n");
            rc = 2;
        } else
            snprintf(p.reference_path, sizeof p.reference_path, "%s", ref);
    }
    if (rc) {
        vs_ctx_destroy(ctx);
        return rc;
    }
    vs_region *region = NULL;
    st = vs_region_load(ctx, region_dir ? region_dir : cli_default_region(), &region);
    vs_flow_result *res = NULL;
    cli_shard_attach(&sh, ctx);
    if (!st)
        st = vs_flow_run_progress(ctx, region, &p, NULL, NULL, &res);
    if (st) {
        rc = cli_fail(ctx, st);
    } else if ((rc = cli_shard_finish(&sh, ctx, json)) < 0) {
        /* a whole run or a merge: the file first, so that a failure prints nothing */
        rc = json || out ? cli_emit_json("simulate", to_json(region, res), json, out, force,
                                         "simulate.json")
                         : 0;
        if (!rc && !json)
            print_text(region, res);
    }
    cli_shard_free(&sh);
    vs_flow_result_destroy(res);
    vs_region_destroy(region);
    vs_ctx_destroy(ctx);
    return rc;
}

const cli_command cli_cmd_simulate = {
    "simulate", "a region's year of patient flow under a queue discipline (DES)", usage, run};
