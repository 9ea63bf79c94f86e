/*
 * scenario_link.c: the forecast's own scenario fields (forecast.*), read in
 * one place so that the driver never names a scenario field twice.
 */
#include "forecast/forecast_int.h"

void vsi_fc_pop_scale(const vs_scenario *sc, vs_pop_scale *k)
{
    k->fertility = sc->forecast.fertility_scale;
    k->mortality = sc->forecast.mortality_scale;
    k->migration = sc->forecast.migration_scale;
}

const char *vsi_fc_projection_path(const vs_scenario *sc)
{
    return sc->forecast.population_projection;
}
