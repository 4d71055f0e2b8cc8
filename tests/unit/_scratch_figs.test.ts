import { writeFileSync } from 'node:fs';
import { parseHTML } from 'linkedom';
import { it } from 'vitest';
import { renderPanel } from '../../src/figures';
import * as f from '../fixtures/panels';

it('scratch', () => {
  const { document } = parseHTML('<!doctype html><html><body></body></html>');
  const out = [
    renderPanel(f.curves, { document }),
    renderPanel(f.curves, { document, compare: f.curvesRerun }),
    renderPanel(f.distribution, { document }),
    renderPanel(f.distribution, { document, compare: f.distributionRerun }),
    renderPanel(f.histograms, { document }),
    renderPanel(f.histograms, { document, compare: f.histogramsRerun }),
  ];
  writeFileSync(
    '/tmp/scratch/figs.html',
    `<!doctype html><html><body>${out.map((o) => o.outerHTML).join('<hr>')}</body></html>`,
  );
});
