/**
 * Fig. 13, the paper's Section 7 Example 3 (docs/method.md §9): what two neurons say about the
 * class together, I(T_i,T_j;Y), split into redundant, unique and synergistic parts by the
 * Williams-Beer decomposition with I_min (src/lib/synergy.ts), for all 4,950 pairs of a layer.
 * The drawn distributions are a fixed random sample of pairs per network; the extras, which the
 * hypotheses read, use every pair: share = sum of the part / sum of I(T_i,T_j;Y) over the layer.
 */
import type { Activation } from '../../../src/lib/figure-data';
import { randomOrder } from '../../../src/lib/ranking';
import { pairwiseCounts } from '../../../src/lib/redundancy';
import { layerPartialInformation } from '../../../src/lib/synergy';
import type { NetworkAnalysis } from '../analysis';
import { ablationRandomSeed, CLASSES, HIDDEN } from '../model';
import { oneBit, type SeedContext, type SeedResult } from './shared';

/** Pairs drawn per network and layer. */
const SAMPLED_PAIRS = 200;
/**
 * Pairs drawn only where I(T_i,T_j;Y) is at least this (bits): five times the plug-in bias of a
 * 10 x 4 table on 10,000 samples (about 0.002 bits), so a share is not a ratio of two noises.
 */
const MIN_JOINT = 0.01;

/** Neurons whose one-bit output is the same on every validation sample (ReLU's dead ones). */
function constantNeurons(bits: Uint8Array, samples: number): Uint8Array {
  const constant = new Uint8Array(HIDDEN).fill(1);
  for (let l = 1; l < samples; l++) {
    for (let j = 0; j < HIDDEN; j++) {
      if (bits[l * HIDDEN + j] !== bits[j]) constant[j] = 0;
    }
  }
  return constant;
}

function layerParts(a: NetworkAnalysis, layer: 1 | 2) {
  const samples = a.validationLabels.length;
  const bits = oneBit(a, layer);
  const pid = layerPartialInformation(
    pairwiseCounts(bits, a.validationLabels, samples, HIDDEN, CLASSES),
  );
  const constant = constantNeurons(bits, samples);
  const pairs = pid.joint.length;
  let red = 0;
  let syn = 0;
  let joint = 0;
  let interaction = 0;
  // the same share over the pairs of two neurons that vary: a constant neuron says nothing, so its
  // pairs add I(T_other; Y) to the denominator and nothing to the redundancy (docs/method.md §9)
  let redActive = 0;
  let jointActive = 0;
  // I_MMI (Barrett 2015): the redundancy of a pair as the smaller of the two neurons' I(T; Y), a
  // second published measure beside I_min; I(T_i; Y) = redundancy + unique_i in the decomposition
  let mmi = 0;
  for (let k = 0; k < pairs; k++) {
    red += pid.redundancy[k];
    syn += pid.synergy[k];
    joint += pid.joint[k];
    interaction += pid.interaction[k];
    mmi += pid.redundancy[k] + Math.min(pid.uniqueI[k], pid.uniqueJ[k]);
    if (!constant[pid.first[k]] && !constant[pid.second[k]]) {
      redActive += pid.redundancy[k];
      jointActive += pid.joint[k];
    }
  }
  const redShares: number[] = [];
  const synShares: number[] = [];
  for (const k of randomOrder(pairs, ablationRandomSeed(a.seed) * 5 + layer)) {
    if (redShares.length === SAMPLED_PAIRS) break;
    if (pid.joint[k] < MIN_JOINT) continue;
    redShares.push(pid.redundancy[k] / pid.joint[k]);
    synShares.push(pid.synergy[k] / pid.joint[k]);
  }
  return {
    redShares,
    synShares,
    redShare: red / joint,
    synShare: syn / joint,
    interaction: interaction / pairs,
    redShareActive: redActive / jointActive,
    mmiShare: mmi / joint,
    constant: constant.reduce((n, c) => n + c, 0),
  };
}

function activationParts(a: NetworkAnalysis) {
  return [layerParts(a, 1), layerParts(a, 2)] as const;
}

const extrasOf = (activation: Activation, parts: ReturnType<typeof activationParts>) => {
  const [first, second] = parts;
  return {
    [`redShare-${activation}-layer1`]: first.redShare,
    [`redShare-${activation}-layer2`]: second.redShare,
    [`synShare-${activation}-layer1`]: first.synShare,
    [`synShare-${activation}-layer2`]: second.synShare,
    [`interaction-${activation}-layer1`]: first.interaction,
    [`interaction-${activation}-layer2`]: second.interaction,
    [`redShareActive-${activation}-layer1`]: first.redShareActive,
    [`redShareActive-${activation}-layer2`]: second.redShareActive,
    [`mmiShare-${activation}-layer1`]: first.mmiShare,
    [`mmiShare-${activation}-layer2`]: second.mmiShare,
    [`constant-${activation}-layer1`]: first.constant,
    [`constant-${activation}-layer2`]: second.constant,
  };
};

export async function pairSynergy({
  analyses,
}: SeedContext<'fig13'>): Promise<SeedResult<'fig13'>> {
  const { sigmoid, relu } = analyses;
  if (!sigmoid || !relu) throw new Error('Figure 13 needs a sigmoid and a ReLU network');
  const s = activationParts(sigmoid);
  const r = activationParts(relu);
  return {
    curves: {},
    values: {
      a: { 'layer1-red': s[0].redShares, 'layer2-red': s[1].redShares },
      b: { 'layer1-red': r[0].redShares, 'layer2-red': r[1].redShares },
      c: { 'layer1-syn': s[0].synShares, 'layer2-syn': s[1].synShares },
      d: { 'layer1-syn': r[0].synShares, 'layer2-syn': r[1].synShares },
    },
    histograms: {},
    extras: { ...extrasOf('sigmoid', s), ...extrasOf('relu', r) },
  };
}
