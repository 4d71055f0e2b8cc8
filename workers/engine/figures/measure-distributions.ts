/** Figs. 2 and 8(a-c): the one-bit entropy, MI and KL selectivity of every neuron, per layer. */
import type { NetworkAnalysis } from '../analysis';
import { only, type SeedContext, type SeedResult } from './shared';

/** Panels a-c of Figs. 2 and 8: one value per neuron of each layer (eqs. 3-5). */
export function measureValues(a: NetworkAnalysis): SeedResult<'fig2' | 'fig8'>['values'] {
  const [first, second] = a.measures;
  return {
    a: { 'layer1-entropy': [...first.entropy], 'layer2-entropy': [...second.entropy] },
    b: { 'layer1-mi': [...first.mutualInformation], 'layer2-mi': [...second.mutualInformation] },
    c: { 'layer1-klsel': [...first.klSelectivity], 'layer2-klsel': [...second.klSelectivity] },
  };
}

export async function measureDistributions({
  analyses,
}: SeedContext<'fig2'>): Promise<SeedResult<'fig2'>> {
  return { curves: {}, values: measureValues(only(analyses)), histograms: {}, extras: {} };
}
