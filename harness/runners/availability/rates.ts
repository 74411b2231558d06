// The documented default failure rates per component kind (issue 15). Each value cites the line of
// /work/shared/DOMAIN.md "Failure rates for availability estimates" it comes from, or says
// `unverified` and why that number. Field rates exceed datasheet rates by 2–10× and failures cluster
// in time (same section), so these defaults are a starting point: a rates file (ratesFile.ts)
// overrides them per kind and per component, and `commonCause` adds correlated failures.
import type { RatesTable } from './types.js';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

const DOMAIN = 'DOMAIN.md "Failure rates for availability estimates"';

export const DEFAULT_RATES: RatesTable = {
  kinds: {
    host: {
      perYear: 0.03,
      // A median of 2 h and σ 1.2 put the middle 90 % of repairs between 17 min and 14 h, inside the
      // published range; the two parameters are our choice within it.
      repair: { shape: 'lognormal', medianMs: 2 * HOUR_MS, sigma: 1.2 },
      source: `${DOMAIN}: hard failures 2–4 % of machines per year (Dean, LADIS 2009); repair lognormal, mean from < 1 h to > 1 day (Schroeder & Gibson, DSN 2006): median 2 h, σ 1.2 chosen within that range. Transient reboots (Dean: ~1 000 failures per ~1 800 machine-years including transient ones) are not included: set host perYear ≈ 0.5 with a short repair in a rates file to count them`,
    },
    psu: {
      perYear: 0.03,
      repair: { shape: 'lognormal', medianMs: 4 * HOUR_MS, sigma: 1 },
      source: `unverified: ${DOMAIN} finds no field figure; vendor datasheet MTBF 100 k–1 M h gives 0.009–0.09 per year, 0.03 (MTBF ≈ 300 k h) taken in the middle; replacing a hot-swap supply: median 4 h (a spare to fetch), σ 1, chosen`,
      unverified: true,
    },
    nic: {
      perYear: 0.02,
      repair: { shape: 'lognormal', medianMs: 2 * HOUR_MS, sigma: 1.2 },
      source: `unverified: no published per-NIC field rate in ${DOMAIN}; 0.02 per year for the NIC and its cable to the switch (one component: both cut the carrier) chosen below a whole host's 2–4 %; repair as a host's`,
      unverified: true,
    },
    'bond-member': {
      perYear: 0.02,
      repair: { shape: 'lognormal', medianMs: 2 * HOUR_MS, sigma: 1.2 },
      source: `unverified: as a NIC (a NIC in a bond with its cable); its own kind so a rates file can set bonds apart`,
      unverified: true,
    },
    switch: {
      perYear: 0.05,
      // Median 2.5 h with σ 0.5 puts the middle 90 % of repairs between 1.1 h and 5.7 h.
      repair: { shape: 'lognormal', medianMs: 2.5 * HOUR_MS, sigma: 0.5 },
      source: `${DOMAIN}: ToR switch < 5 % per year (Gill et al., SIGCOMM 2011), the bound taken; repair: rack 1–6 h (Dean), median 2.5 h and σ 0.5 chosen to cover it`,
    },
    link: {
      perYear: 1,
      repair: { shape: 'lognormal', medianMs: 2.5 * HOUR_MS, sigma: 1.4 },
      source: `${DOMAIN}: links ~0.3 days downtime per year (Gill et al., SIGCOMM 2011); the split into 1 failure per year × mean repair 6.7 h (median 2.5 h, σ 1.4: mostly short, a long tail) is unverified. Applies to links between devices (switch–switch, crossover); a NIC's own cable is part of the NIC`,
      unverified: true,
    },
    'storage-power-cycle': {
      perYear: 0.046,
      repair: { shape: 'fixed', ms: 0 },
      source: `${DOMAIN}: storage subsystem AFR ≈ 4.6 % (Jiang et al., FAST 2008); outage 0 here because the simulated world brings the node back by itself after storageRebootMs`,
    },
    'storage-restart': {
      perYear: 1,
      repair: { shape: 'lognormal', medianMs: 15 * MINUTE_MS, sigma: 0.5 },
      source: `unverified: an orderly stop and start of a storage node (firmware update, maintenance), once a year chosen; stopped for a median 15 min, σ 0.5, chosen`,
      unverified: true,
    },
    'storage-path': {
      perYear: 0.02,
      repair: { shape: 'lognormal', medianMs: 4 * HOUR_MS, sigma: 1 },
      source: `${DOMAIN}: physical interconnect (cables, HBAs, shelves) 27–68 % of the 4.6 % subsystem AFR (Jiang et al., FAST 2008), ≈ 0.02 per path per year at the middle share; repair (a cable or HBA replaced) median 4 h, σ 1, unverified`,
      unverified: true,
    },
    'host-hang': {
      perYear: 0.1,
      repair: { shape: 'lognormal', medianMs: 30_000, sigma: 1 },
      source: `unverified: ${DOMAIN} finds no published host hang/slowdown rate; 0.1 per host per year chosen, a stall of median 30 s (σ 1: most under 3 min)`,
      unverified: true,
    },
    'app-crash': {
      perYear: 0.5,
      repair: { shape: 'fixed', ms: 0 },
      source: `unverified: no per-application rate in ${DOMAIN} (software is the largest cause of outages: 62 % of Tandem's, Gray 1990); one crash per two years per protected service chosen; instantaneous: the design restarts it`,
      unverified: true,
    },
    'operator-step': {
      perYear: 0.25,
      // σ 0.5: 90 % of drifts are noticed within 13–68 days (at the latest at a periodic review); a
      // wider σ would put years-long windows in the tail that no review cycle allows.
      repair: { shape: 'lognormal', medianMs: 30 * DAY_MS, sigma: 0.5 },
      source: `unverified: operator/configuration error is the largest cause of outages in 2 of 3 internet services (Oppenheimer et al., USITS 2003, ${DOMAIN}) but no per-step rate is published; once in four years per drift or step chosen; a drifted setting stays until someone notices: median 30 days, σ 0.5 (90 % within 13–68 days), chosen`,
      unverified: true,
    },
    'fence-device': {
      perYear: 0.05,
      repair: { shape: 'lognormal', medianMs: 24 * HOUR_MS, sigma: 1 },
      source: `unverified: no published BMC/PDU failure rate in ${DOMAIN}; 0.05 per year chosen (as a switch); noticed and repaired in a median 1 day, σ 1, chosen`,
      unverified: true,
    },
  },
  components: {},
  commonCause: null,
  operatorRestore: {
    shape: 'lognormal',
    medianMs: HOUR_MS,
    sigma: 1,
    source: `unverified: how long an operator takes to restore a service the design left down; median 1 h, σ 1, chosen (${DOMAIN} gives repair times for hardware, not for this)`,
    unverified: true,
  },
  file: null,
};
