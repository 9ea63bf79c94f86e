/*
 * vardsim/vardsim.h: umbrella header of libvardsim.  Include this, or only
 * the module headers you need.
 */
#ifndef VARDSIM_VARDSIM_H
#define VARDSIM_VARDSIM_H

#include "vardsim/core.h"
#include "vardsim/csv.h"
#include "vardsim/region.h"
#include "vardsim/erlang.h"
#include "vardsim/beds.h"
#include "vardsim/need.h"
#include "vardsim/listing.h"
#include "vardsim/rng.h"
#include "vardsim/stats.h"
#include "vardsim/sim.h"
#include "vardsim/scenario.h"
#include "vardsim/store.h"
#include "vardsim/report.h"
#include "vardsim/run.h"
#include "vardsim/flow.h"
#include "vardsim/screening.h"
#include "vardsim/workforce.h"
#include "vardsim/maternity.h"
#include "vardsim/stockpile.h"
#include "vardsim/forecast.h"
#include "vardsim/validate.h"
#include "vardsim/units.h"
#include "vardsim/sweep.h"

#endif
