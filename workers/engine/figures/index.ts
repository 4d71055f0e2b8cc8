/**
 * The experiment families, registered by figure id. The record's type asks for one producer per
 * figure of the catalog (src/lib/figures.ts) returning exactly that figure's panels and series, so a
 * figure the engine does not produce, or a misspelt series, is a compile error.
 */
import type { Activation } from '../../../src/lib/figure-data';
import {
  type FigureId,
  figureSpec,
  fineTunes,
  isComposite,
  type SeedFigureId,
} from '../../../src/lib/figures';

export { fineTunes };

import { biasBalancing } from './bias-balancing';
import { hybridPruning } from './hybrid-pruning';
import { layerWise } from './layer-wise';
import { libraryCriteria } from './library-criteria';
import { measureDistributions } from './measure-distributions';
import { outputHistograms, reluMeasuresAndHistograms } from './output-histograms';
import { pairSynergy } from './pair-synergy';
import { pruningAgainstMerging } from './pruning-against-merging';
import { redundancyAware } from './redundancy-aware';
import { resolution } from './resolution';
import { retraining } from './retraining';
import type { AnySeedResult, SeedContext, SeedResult } from './shared';
import { specificInformation } from './specific-information';
import { wholeNetwork } from './whole-network';

export { assemble } from './assemble';
export type { Analyses, AnySeedResult, SeedContext, SeedResult } from './shared';

/** Computes one seed's contribution to figure F from its context (analysed networks and more). */
export type FigureProducer<F extends FigureId> = (
  context: SeedContext<F>,
) => Promise<SeedResult<F>>;

export const PRODUCERS: { [F in SeedFigureId]: FigureProducer<F> } = {
  fig1: biasBalancing,
  fig2: measureDistributions,
  fig3: wholeNetwork,
  fig4: layerWise,
  fig5: hybridPruning,
  fig6: resolution,
  fig7: outputHistograms,
  fig8: reluMeasuresAndHistograms,
  fig9: biasBalancing,
  fig10: pruningAgainstMerging,
  fig11: specificInformation,
  fig12: redundancyAware,
  fig13: pairSynergy,
  fig14: libraryCriteria,
  fig15: retraining,
};

/** The activations a figure needs: both where the catalog says so, else the reader's choice. */
export function figureActivations(figure: FigureId, chosen: Activation): Activation[] {
  return figureSpec(figure).activation === 'both' ? ['sigmoid', 'relu'] : [chosen];
}

/** One seed's contribution to any figure, untyped for transport and assembly. */
export function seedContribution(
  figure: FigureId,
  context: SeedContext<FigureId>,
): Promise<AnySeedResult> {
  if (fineTunes(figure) && !context.fineTuning) {
    throw new Error(
      `Figure ${figureSpec(figure).number} needs the training images to fine-tune on`,
    );
  }
  if (isComposite(figure)) {
    throw new Error(
      `Figure ${figureSpec(figure).number} is computed from other figures, not per network`,
    );
  }
  const produce = PRODUCERS[figure] as (c: SeedContext<FigureId>) => Promise<SeedResult<FigureId>>;
  return produce(context) as Promise<AnySeedResult>;
}
