// The true values the hospital simulator draws from, on MCMCglmm's latent scales, and their
// names in each of the example's models (mcglmm's names, which are MCMCglmm's).
//
// Each outcome has a latent value per patient, l = X beta + doctor effect + hospital effect + e:
//   remission  (categorical, logit):  P(remission) = logistic(l), e ~ N(0, 1) (R fixed at 1);
//   ntumors    (poisson, log):        ntumors ~ Poisson(exp(l)), e ~ N(0, 0.25) (overdispersion);
//   mobility   (threshold, probit):   mobility = 1 + #{cutpoints below l}, e ~ N(0, 1);
// doctor effects of the three outcomes are correlated (DOCTOR_COVARIANCE), hospital effects
// independent (HOSPITAL_VARIANCE). ntumors_zi is ntumors with structural zeros added: a patient
// is tumour-free with probability logistic(ZI_INTERCEPT + e), e ~ N(0, 1), MCMCglmm's zipoisson.

export const OUTCOMES = ["remission", "ntumors", "mobility"] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Fixed effects per outcome: intercept first, then covariate -> coefficient. */
export const FIXED: Record<Outcome, Record<string, number>> = {
  remission: { "(Intercept)": -1.5, IL6: -0.06, CRP: -0.04, LengthofStay: -0.2, Experience: 0.12 },
  ntumors: { "(Intercept)": -0.5, Age: 0.02, Married: -0.15, IL6: 0.05, CRP: 0.03, Experience: -0.02 },
  mobility: { "(Intercept)": 3.0, Age: -0.02, IL6: -0.04, CRP: -0.03, LengthofStay: -0.1 },
};

/** Between-doctor standard deviations and correlations of the three latent outcomes. */
export const DOCTOR_SD: Record<Outcome, number> = { remission: Math.sqrt(1.5), ntumors: Math.sqrt(0.3), mobility: Math.sqrt(0.5) };
export const DOCTOR_CORRELATION: Record<string, number> = {
  "remission:ntumors": -0.4,
  "remission:mobility": 0.5,
  "ntumors:mobility": -0.3,
};
export const HOSPITAL_VARIANCE: Record<Outcome, number> = { remission: 0.2, ntumors: 0.1, mobility: 0.15 };
export const RESIDUAL_VARIANCE: Record<Outcome, number> = { remission: 1, ntumors: 0.25, mobility: 1 };
/** Mobility's cutpoints on the latent scale (the first is 0, as MCMCglmm fixes it). */
export const MOBILITY_CUTPOINTS = [0, 1.0, 2.0];
/** Structural zeros of ntumors_zi: logit of the probability, before its N(0, 1) residual. */
export const ZI_INTERCEPT = -1.4;

export function doctorCorrelation(a: Outcome, b: Outcome): number {
  if (a === b) return 1;
  return DOCTOR_CORRELATION[`${a}:${b}`] ?? DOCTOR_CORRELATION[`${b}:${a}`];
}

export function doctorCovariance(a: Outcome, b: Outcome): number {
  return doctorCorrelation(a, b) * DOCTOR_SD[a] * DOCTOR_SD[b];
}

/** The 3 x 3 between-doctor covariance in OUTCOMES order. */
export function doctorCovarianceMatrix(): number[][] {
  return OUTCOMES.map((a) => OUTCOMES.map((b) => doctorCovariance(a, b)));
}

/** Latent trait names in the joint model (a binary categorical response's trait is `remission.1`). */
export const TRAIT: Record<Outcome, string> = { remission: "remission.1", ntumors: "ntumors", mobility: "mobility" };
/** The joint model's trait order: the free residual variance (ntumors) first, the fixed block trailing. */
export const JOINT_ORDER: readonly Outcome[] = ["ntumors", "remission", "mobility"];

/** True values by parameter name, one table per model of the example. */
export function modelTruths(): Record<string, Record<string, number>> {
  const single = (o: Outcome, random: Record<string, number>) => ({ ...FIXED[o], ...random });
  // A model without hospital effects reads a doctor's effect as doctor + hospital: its
  // variance is the sum (the two are independent).
  const remission = single("remission", { DID: DOCTOR_SD.remission ** 2 + HOSPITAL_VARIANCE.remission });
  const ntumors = single("ntumors", { DID: DOCTOR_SD.ntumors ** 2, HID: HOSPITAL_VARIANCE.ntumors, units: RESIDUAL_VARIANCE.ntumors });
  const mobility = single("mobility", { DID: DOCTOR_SD.mobility ** 2 + HOSPITAL_VARIANCE.mobility, "cutpoint.traitmobility.1": MOBILITY_CUTPOINTS[1], "cutpoint.traitmobility.2": MOBILITY_CUTPOINTS[2] });

  const zi: Record<string, number> = { traitntumors_zi: FIXED.ntumors["(Intercept)"], traitzi_ntumors_zi: ZI_INTERCEPT };
  for (const [x, b] of Object.entries(FIXED.ntumors)) if (x !== "(Intercept)") zi[`at.level(trait, 1):${x}`] = b;
  Object.assign(zi, {
    "at.level(trait, 1).DID": DOCTOR_SD.ntumors ** 2,
    "at.level(trait, 1).HID": HOSPITAL_VARIANCE.ntumors,
    "traitntumors_zi.units": RESIDUAL_VARIANCE.ntumors,
  });

  const joint: Record<string, number> = {};
  JOINT_ORDER.forEach((o) => (joint[`trait${TRAIT[o]}`] = FIXED[o]["(Intercept)"]));
  // R names an interaction after its variables in order of first appearance in the formula:
  // a covariate already used by an earlier trait's block comes before at.level(trait, k).
  const seen = new Set<string>();
  JOINT_ORDER.forEach((o, k) => {
    const level = `at.level(trait, ${k + 1})`;
    for (const [x, b] of Object.entries(FIXED[o])) {
      if (x === "(Intercept)") continue;
      joint[seen.has(x) ? `${x}:${level}` : `${level}:${x}`] = b;
    }
    for (const x of Object.keys(FIXED[o])) seen.add(x);
  });
  JOINT_ORDER.forEach((a, i) => {
    JOINT_ORDER.forEach((b, j) => {
      if (j < i) return;
      joint[`trait${TRAIT[b]}:trait${TRAIT[a]}.DID`] = doctorCovariance(a, b);
    });
  });
  for (const o of JOINT_ORDER) joint[`trait${TRAIT[o]}.HID`] = HOSPITAL_VARIANCE[o];
  joint[`trait${TRAIT.ntumors}.units`] = RESIDUAL_VARIANCE.ntumors;
  joint["cutpoint.traitmobility.1"] = MOBILITY_CUTPOINTS[1];
  joint["cutpoint.traitmobility.2"] = MOBILITY_CUTPOINTS[2];
  // the doctor-level correlations (mcglmm derives cor.<term>.<trait>.<trait> for every us term)
  JOINT_ORDER.forEach((a, i) => JOINT_ORDER.slice(i + 1).forEach((b) => (joint[`cor.DID.${TRAIT[a]}.${TRAIT[b]}`] = doctorCorrelation(a, b))));
  // the doctors' share of each outcome's latent variance (fit option `derived`, see specs.ts)
  for (const o of OUTCOMES) joint[`icc.DID.${o}`] = doctorShare(o);

  return { remission, ntumors, "ntumors-zi": zi, mobility, joint };
}

/**
 * The doctors' share of an outcome's latent variance: doctor / (doctor + hospital + residual +
 * the link's own variance), the link adding pi^2/3 for the logit (the logistic distribution)
 * and nothing for the probit threshold (its residual is the normal) or the log link.
 */
export const LINK_VARIANCE: Record<Outcome, number> = { remission: Math.PI ** 2 / 3, ntumors: 0, mobility: 0 };

export function doctorShare(o: Outcome): number {
  const d = DOCTOR_SD[o] ** 2;
  return d / (d + HOSPITAL_VARIANCE[o] + RESIDUAL_VARIANCE[o] + LINK_VARIANCE[o]);
}
