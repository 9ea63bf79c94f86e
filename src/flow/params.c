/*
 * params.c: the flow simulation's parameters.  Defaults come from the cited
 * rows of data/parameters/flow.csv, inpatient_care.csv, hospital_beds.csv
 * (through the bed plan's loader) and the care guarantee; every derived value
 * is computed here with its formula in the comment (and in docs/flow.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/strbuf.h"
#include "vardsim/beds.h"
#include "vardsim/csv.h"
#include "vardsim/flow.h"

/* Weekdays a year: 365.25 x 5 / 7. */
#define WEEKDAYS_PER_YEAR (365.25 * 5.0 / 7.0)

const char *vs_flow_discipline_name(int d)
{
    switch (d) {
    case VS_FLOW_NEED: return "need";
    case VS_FLOW_FIFO: return "fifo";
    case VS_FLOW_INSURANCE: return "insurance";
    default: return "?";
    }
}

int vs_flow_discipline_parse(const char *name)
{
    for (int d = 0; d < 3; d++)
        if (name && strcmp(name, vs_flow_discipline_name(d)) == 0)
            return d;
    return -1;
}

const char *vs_flow_network_name(int m)
{
    switch (m) {
    case VS_NETWORK_AUTO: return "auto";
    case VS_NETWORK_LISTING: return "listing";
    case VS_NETWORK_FALLBACK: return "fallback";
    case VS_NETWORK_CENTRES: return "centres";
    default: return "?";
    }
}

int vs_flow_network_parse(const char *name)
{
    for (int m = VS_NETWORK_AUTO; m <= VS_NETWORK_CENTRES; m++)
        if (name && strcmp(name, vs_flow_network_name(m)) == 0)
            return m;
    return -1;
}

const char *vs_flow_pc_class_name(int c)
{
    static const char *n[] = {"same_day", "within_3_days", "routine", "planned_followup"};
    return c >= 0 && c < VS_PC_CLASSES ? n[c] : "?";
}

const char *vs_flow_ward_name(int w)
{
    static const char *n[] = {"medicine", "surgery", "orthopaedics", "other"};
    return w >= 0 && w < VS_FLOW_WARDS ? n[w] : "?";
}

const char *vs_flow_bed_class_name(int c)
{
    static const char *n[] = {"red", "orange", "yellow", "green", "blue", "elective"};
    return c >= 0 && c < VS_BED_CLASSES ? n[c] : "?";
}

/* Read the named rows of dir/file (see vs_csv_read_params). */
static vs_status read_params(vs_ctx *ctx, const char *dir, const char *file, vs_csv_param *w,
                             int n)
{
    char *path = vsi_strdup_printf("%s/%s", dir, file);
    if (!path)
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    vs_status st = vs_csv_read_params(ctx, path, w, n);
    free(path);
    return st;
}

/* Clinical hours per FTE and weekday with the given deductions. */
static double clinical_hours(double hours_week, double admin, double tshare, double tdays)
{
    return (hours_week / 5.0 - admin) * (1.0 - tshare - tdays / WEEKDAYS_PER_YEAR);
}

vs_status vs_flow_clinical_hours(vs_ctx *ctx, const vs_flow_params *p, double *hours)
{
    double h = clinical_hours(p->gp_hours_per_week, p->gp_admin_hours_per_day,
                              p->gp_training_share, p->gp_training_days);
    if (!(h > 0) || !isfinite(h))
        return vs_ctx_fail(ctx, VS_EUSAGE,
                           "no clinical time left: %g h a week, %g h administration a day, "
                           "training %g of the time plus %g days",
                           p->gp_hours_per_week, p->gp_admin_hours_per_day, p->gp_training_share,
                           p->gp_training_days);
    *hours = h;
    return VS_OK;
}

/* Shares of one partition read from a parameter file (the urgency classes,
 * the triage levels, the four arrival blocks) must add up to 1: the
 * simulation would otherwise silently rescale a mistyped row.  Tolerance
 * 0.01, for shares published rounded to two decimals. */
static vs_status check_partition(vs_ctx *ctx, const char *dir, const char *file,
                                 const vs_csv_param *w, int nw, const char *first_name, int n)
{
    int first = 0;
    while (first < nw && strcmp(w[first].name, first_name) != 0)
        first++;
    if (first + n > nw)
        return vs_ctx_fail(ctx, VS_ERUNTIME, "internal: no parameter %s", first_name);
    double s = 0;
    for (int i = first; i < first + n; i++)
        s += *w[i].dst;
    if (fabs(s - 1.0) <= 0.01)
        return VS_OK;
    char path[1200];
    snprintf(path, sizeof path, "%s/%s", dir, file);
    return vs_ctx_fail_at(ctx, path, 0, w[first].name,
                          "the %d shares %s ... %s add up to %g, expected 1 (within 0.01)", n,
                          w[first].name, w[first + n - 1].name, s);
}

vs_status vs_flow_params_init(vs_ctx *ctx, const char *param_dir, vs_flow_params *out)
{
    vs_flow_params p;
    memset(&p, 0, sizeof p);
    if (!param_dir || strlen(param_dir) >= sizeof p.param_dir)
        return vs_ctx_fail(ctx, VS_EUSAGE, "parameter directory missing or too long");
    snprintf(p.param_dir, sizeof p.param_dir, "%s", param_dir);
    vs_csv_param w[] = {
        {"gp_full_time_hours_per_week", 1, 168, &p.gp_hours_per_week, 0},
        {"gp_admin_hours_per_day", 0, 24, &p.gp_admin_hours_per_day, 0},
        {"gp_training_share", 0, 1, &p.gp_training_share, 0},
        {"gp_training_days_per_year", 0, 365, &p.gp_training_days, 0},
        {"gp_visits_per_fte_year", 1, 1e6, &p.gp_visits_per_fte_year, 0},
        {"residents_per_gp_today", 1, 1e9, &p.residents_per_gp, 0},
        {"pc_care_centres_region", 1, 1e7, &p.care_centres, 0},
        {"named_gp_share", 0, 1, &p.named_gp_share, 0},
        {"cg_medical_assessment_primary_care_days", 0, 3650, &p.cg_primary_care_days, 0},
        {"cg_specialist_first_visit_days", 0, 3650, &p.cg_first_visit_days, 0},
        {"cg_treatment_after_decision_days", 0, 3650, &p.cg_treatment_days, 0},
        {"insured_share_of_population", 0, 1, &p.insured_share, 0},
        {"ed_triage_share_red", 0, 1, &p.ed_triage_share[0], 0},
        {"ed_triage_share_orange", 0, 1, &p.ed_triage_share[1], 0},
        {"ed_triage_share_yellow", 0, 1, &p.ed_triage_share[2], 0},
        {"ed_triage_share_green", 0, 1, &p.ed_triage_share[3], 0},
        {"ed_triage_share_blue", 0, 1, &p.ed_triage_share[4], 0},
        {"ed_share_admitted", 0, 1, &p.ed_share_admitted, 0},
        {"ed_length_of_stay_median", 1, 10080, &p.ed_los_median_min, 0},
        {"ed_length_of_stay_p90", 1, 10080, &p.ed_los_p90_min, 0},
        {"ed_target_max_length_of_stay", 0, 720, &p.max_boarding_hours, 0},
        {"ed_arrival_share_00_06_england", 0, 1, &p.ed_hour_block_share[0], 0},
        {"ed_arrival_share_06_12_england", 0, 1, &p.ed_hour_block_share[1], 0},
        {"ed_arrival_share_12_18_england", 0, 1, &p.ed_hour_block_share[2], 0},
        {"ed_arrival_share_18_24_england", 0, 1, &p.ed_hour_block_share[3], 0},
        {"ed_arrival_share_monday_england", 0, 1, &p.ed_monday_share, 0},
        {"ip_los_cv", 0.01, 10, &p.los_cv, 0},
        {"vardskada_share_admissions", 0, 1, &p.injury_rate_per_admission, 0},
        {"rr_vardskada_misplaced_seed", 0, 100, &p.injury_rr_outplaced, 0},
        {"bed_census_hour", 0, 23.99, &p.bed_census_hour, 0},
        {"ward_bed_share_medicine", 0, 1, &p.ward_share[0], 0},
        {"ward_bed_share_surgery", 0, 1, &p.ward_share[1], 0},
        {"ward_bed_share_orthopaedics", 0, 1, &p.ward_share[2], 0},
        {"ward_bed_share_other", 0, 1, &p.ward_share[3], 0},
        {"pc_acute_share", 0, 1, &p.pc_acute_share, 0},
        {"pc_return_visit_share", 0, 0.95, &p.pc_return_share, 0},
        {"pc_return_interval_days", 0, 3650, &p.pc_return_interval_days, 0},
        {"pc_booking_horizon_days", 0, 3650, &p.pc_booking_horizon_days, 0},
        {"gp_vacation_days_per_year", 0, 200, &p.gp_vacation_days, 0},
        {"gp_summer_vacation_days", 0, 65, &p.gp_summer_vacation_days, 0},
        {"pc_seasonal_amplitude", 0, 0.9, &p.pc_seasonal_amplitude, 0},
        {"pc_seasonal_peak_day", 0, 365, &p.pc_seasonal_peak_day, 0},
    };
    vs_status st = read_params(ctx, param_dir, "flow.csv", w, (int)(sizeof w / sizeof w[0]));
    int nw = (int)(sizeof w / sizeof w[0]);
    if (!st)
        st = check_partition(ctx, param_dir, "flow.csv", w, nw, "ed_triage_share_red",
                             VS_TRIAGE_LEVELS);
    if (!st)
        st = check_partition(ctx, param_dir, "flow.csv", w, nw, "ed_arrival_share_00_06_england",
                             4);
    if (!st)
        st = check_partition(ctx, param_dir, "flow.csv", w, nw, "ward_bed_share_medicine",
                             VS_FLOW_WARDS);
    if (!st && !(p.ed_los_p90_min > p.ed_los_median_min)) {
        char path[1200];
        snprintf(path, sizeof path, "%s/flow.csv", param_dir);
        st = vs_ctx_fail_at(ctx, path, 0, "ed_length_of_stay_p90",
                            "the 90th percentile %g min is not above the median %g min",
                            p.ed_los_p90_min, p.ed_los_median_min);
    }
    if (st)
        return st;
    vs_beds_params bp;
    if ((st = vs_beds_params_load(ctx, param_dir, &bp)))
        return st;
    p.admissions_per_1000 = bp.admissions_per_1000;
    p.acute_share = bp.acute_share;
    p.mean_los_days = bp.mean_los_days;

    p.wards = VS_FLOW_WARDS;
    p.los_exponential = 0;
    p.discipline = VS_FLOW_NEED;
    p.replications = 1;
    p.threads = 1;
    p.seed = 1;
    p.days = 365;
    /* Warm-up (a method setting, not data): seven mean stays, by then an
     * empty hospital is within e^-7 of its steady-state occupancy. */
    p.warmup_days = ceil(7.0 * p.mean_los_days);
    /* Residents per centre: population / care_centres, at run time. */
    p.residents_per_centre = NAN;
    p.network = VS_NETWORK_AUTO;
    p.listing_time_limit_s = 0; /* heuristic design: a few seconds (docs/listing.md) */
    p.open_hour = 8;
    /* Visits per clinical hour: the cited visits per FTE-year over the
     * clinical hours per FTE-year at today's deductions. */
    double h = clinical_hours(p.gp_hours_per_week, p.gp_admin_hours_per_day, p.gp_training_share,
                              p.gp_training_days);
    if (!(h > 0))
        return vs_ctx_fail_at(ctx, param_dir, 0, "gp_admin_hours_per_day",
                              "the deductions leave no clinical time");
    if (!(p.gp_summer_vacation_days <= p.gp_vacation_days &&
          p.gp_vacation_days < WEEKDAYS_PER_YEAR - 1)) {
        char path[1200];
        snprintf(path, sizeof path, "%s/flow.csv", param_dir);
        return vs_ctx_fail_at(ctx, path, 0, "gp_summer_vacation_days",
                              "%g summer days of %g vacation days a year (need summer <= all "
                              "< weekdays)", p.gp_summer_vacation_days, p.gp_vacation_days);
    }
    /* The cited visits per FTE-year are visits made, on the days worked:
     * weekdays minus vacation. */
    p.visits_per_clinical_hour =
        p.gp_visits_per_fte_year / ((WEEKDAYS_PER_YEAR - p.gp_vacation_days) * h);
    /* own requests: acute (same day) or routine; class 3 = GP-booked returns */
    p.pc_class_share[VS_PC_SAME_DAY] = p.pc_acute_share;
    p.pc_class_share[VS_PC_WITHIN_3_DAYS] = 0;
    p.pc_class_share[VS_PC_ROUTINE] = 1.0 - p.pc_acute_share;
    p.pc_class_share[VS_PC_PLANNED] = 0;
    /* 0 in the file: the horizon is NOT FOUND, no horizon */
    if (!(p.pc_booking_horizon_days > 0))
        p.pc_booking_horizon_days = INFINITY;
    p.bed_closure_share = 0;
    p.extra_beds_share = 0;
    p.asih_share = 0;
    p.need_elasticity = NAN;
    /* the CNI reference beside the parameters, when it exists and its path fits */
    vsi_buf ref = VSI_BUF_INIT;
    vsi_buf_printf(&ref, "%s/../national/deso_2022.csv", param_dir);
    if (vsi_buf_failed(&ref)) {
        vsi_buf_free(&ref);
        return vs_ctx_fail(ctx, VS_ENOMEM, "out of memory");
    }
    struct stat sb;
    if (vsi_buf_len(&ref) < sizeof p.reference_path && stat(vsi_buf_str(&ref), &sb) == 0)
        memcpy(p.reference_path, vsi_buf_str(&ref), vsi_buf_len(&ref) + 1);
    vsi_buf_free(&ref);
    *out = p;
    return VS_OK;
}

#define CHECK(cond, field, ...)                                                    \
    do {                                                                           \
        if (!(cond))                                                               \
            return vs_ctx_fail(ctx, VS_EUSAGE, "parameter " field ": " __VA_ARGS__); \
    } while (0)

vs_status vs_flow_params_check(vs_ctx *ctx, const vs_flow_params *p)
{
    CHECK(p->discipline >= VS_FLOW_NEED && p->discipline <= VS_FLOW_INSURANCE, "discipline",
          "unknown discipline %d", (int)p->discipline);
    CHECK(p->replications >= 1 && p->replications <= 100000, "replications",
          "must be 1..100000, got %d", p->replications);
    CHECK(p->threads >= 1 && p->threads <= 1024, "threads", "must be 1..1024, got %d",
          p->threads);
    CHECK(p->days > 0 && p->days <= 3650, "days", "must be in (0, 3650], got %g", p->days);
    CHECK(p->warmup_days >= 0 && p->warmup_days <= 3650, "warmup_days",
          "must be in [0, 3650], got %g", p->warmup_days);
    CHECK(p->residents_per_gp > 0 && isfinite(p->residents_per_gp), "residents_per_gp",
          "must be > 0, got %g", p->residents_per_gp);
    CHECK(isnan(p->residents_per_centre) || p->residents_per_centre > 0, "residents_per_centre",
          "must be > 0 (or NaN: population / care_centres), got %g", p->residents_per_centre);
    CHECK(p->care_centres >= 1, "care_centres", "must be >= 1, got %g", p->care_centres);
    CHECK(p->network >= VS_NETWORK_AUTO && p->network <= VS_NETWORK_FALLBACK, "network",
          "unknown network method %d", (int)p->network);
    double s = 0;
    for (int c = 0; c < VS_PC_CLASSES; c++) {
        CHECK(p->pc_class_share[c] >= 0 && p->pc_class_share[c] <= 1, "pc_class_share",
              "class %d share %g outside [0, 1]", c, p->pc_class_share[c]);
        s += p->pc_class_share[c];
    }
    CHECK(s > 0, "pc_class_share", "shares sum to 0");
    s = 0;
    for (int c = 0; c < VS_TRIAGE_LEVELS; c++) {
        CHECK(p->ed_triage_share[c] >= 0 && p->ed_triage_share[c] <= 1, "ed_triage_share",
              "level %d share %g outside [0, 1]", c, p->ed_triage_share[c]);
        s += p->ed_triage_share[c];
    }
    CHECK(s > 0, "ed_triage_share", "shares sum to 0");
    s = 0;
    for (int b = 0; b < 4; b++) {
        CHECK(p->ed_hour_block_share[b] >= 0, "ed_hour_block_share", "negative share");
        s += p->ed_hour_block_share[b];
    }
    CHECK(s > 0, "ed_hour_block_share", "shares sum to 0");
    CHECK(p->ed_monday_share >= 0 && p->ed_monday_share <= 1, "ed_monday_share",
          "outside [0, 1]: %g", p->ed_monday_share);
    CHECK(p->gp_visits_per_fte_year > 0, "gp_visits_per_fte_year", "must be > 0");
    CHECK(p->visits_per_clinical_hour > 0 && isfinite(p->visits_per_clinical_hour),
          "visits_per_clinical_hour", "must be > 0, got %g", p->visits_per_clinical_hour);
    CHECK(p->open_hour >= 0 && p->open_hour + p->gp_hours_per_week / 5.0 <= 24, "open_hour",
          "the working day %g + %g h must end by 24:00", p->open_hour,
          p->gp_hours_per_week / 5.0);
    double h;
    vs_status st = vs_flow_clinical_hours(ctx, p, &h);
    if (st)
        return st;
    CHECK(p->named_gp_share >= 0 && p->named_gp_share <= 1, "named_gp_share",
          "outside [0, 1]: %g", p->named_gp_share);
    CHECK(p->cg_primary_care_days >= 0, "cg_primary_care_days", "negative");
    CHECK(p->cg_treatment_days >= 0, "cg_treatment_days", "negative");
    CHECK(p->insured_share >= 0 && p->insured_share <= 1, "insured_share", "outside [0, 1]");
    CHECK(p->ed_share_admitted >= 0 && p->ed_share_admitted <= 1, "ed_share_admitted",
          "outside [0, 1]");
    CHECK(p->ed_los_median_min > 0 && p->ed_los_p90_min > p->ed_los_median_min,
          "ed_length_of_stay", "need 0 < median < p90 (got %g, %g)", p->ed_los_median_min,
          p->ed_los_p90_min);
    CHECK(p->max_boarding_hours >= 0 && isfinite(p->max_boarding_hours), "max_boarding_hours",
          "must be >= 0");
    CHECK(p->bed_closure_share >= 0 && p->bed_closure_share < 1, "bed_closure_share",
          "outside [0, 1)");
    CHECK(p->extra_beds_share >= 0 && p->extra_beds_share <= 10, "extra_beds_share",
          "outside [0, 10]");
    CHECK(p->asih_share >= 0 && p->asih_share <= 1, "asih_share", "outside [0, 1]");
    CHECK(p->admissions_per_1000 >= 0 && p->acute_share >= 0 && p->acute_share <= 1,
          "admissions", "bad admissions rate or acute share");
    CHECK(p->mean_los_days > 0 && p->los_cv > 0, "mean_los_days", "must be > 0");
    CHECK(p->injury_rate_per_admission >= 0 && p->injury_rr_outplaced >= 0, "injury",
          "negative rate or relative risk");
    CHECK(p->pc_acute_share >= 0 && p->pc_acute_share <= 1, "pc_acute_share", "outside [0, 1]");
    CHECK(p->pc_return_share >= 0 && p->pc_return_share <= 0.95, "pc_return_share",
          "outside [0, 0.95]");
    CHECK(p->pc_return_interval_days >= 0 && isfinite(p->pc_return_interval_days),
          "pc_return_interval_days", "must be >= 0");
    CHECK(p->pc_booking_horizon_days > 0, "pc_booking_horizon_days",
          "must be > 0 (INFINITY: none)");
    CHECK(p->gp_vacation_days >= 0 && p->gp_summer_vacation_days >= 0 &&
              p->gp_summer_vacation_days <= p->gp_vacation_days &&
              p->gp_vacation_days < WEEKDAYS_PER_YEAR - 1,
          "gp_vacation_days", "need 0 <= summer days <= vacation days < weekdays a year");
    CHECK(p->pc_seasonal_amplitude >= 0 && p->pc_seasonal_amplitude < 1,
          "pc_seasonal_amplitude", "outside [0, 1)");
    CHECK(p->wards >= 1 && p->wards <= VS_FLOW_WARDS, "wards", "must be 1..%d, got %d",
          VS_FLOW_WARDS, p->wards);
    s = 0;
    for (int w = 0; w < p->wards; w++) {
        CHECK(p->ward_share[w] >= 0, "ward_share", "ward %d share %g negative", w,
              p->ward_share[w]);
        s += p->ward_share[w];
    }
    CHECK(s > 0, "ward_share", "the shares of the %d wards sum to 0", p->wards);
    CHECK(p->bed_census_hour >= 0 && p->bed_census_hour < 24, "bed_census_hour",
          "must be in [0, 24), got %g", p->bed_census_hour);
    CHECK(p->listing_time_limit_s >= 0, "listing_time_limit_s", "must be >= 0");
    return VS_OK;
}
