/**
 * The report's text (content/report/index.mdx) names figures, panels, series and claims by string.
 * MDX is not type-checked, so this test holds every such reference to the catalog
 * (src/lib/figures.ts) and the claims, as the compiler does for TypeScript callers; the build
 * fails on the same mistakes (assertInCatalog), this says which line.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLAIMS, HYPOTHESES } from '../../src/lib/claims';
import { FIGURES } from '../../src/lib/figures';

const text = readFileSync('content/report/index.mdx', 'utf8');
const usages = [
  ...text.matchAll(/<(Stat|Auc|Median|Figure|FigRef|Verdict|RunInfo|Extra)\b([^>]*)\/>/g),
];
const attribute = (attrs: string, name: string) =>
  attrs.match(new RegExp(`\\b${name}="([^"]*)"`))?.[1];
const minusOf = (attrs: string) => {
  const inner = attrs.match(/minus=\{\{([^}]*)\}\}/)?.[1];
  if (inner === undefined) return null;
  const field = (name: string) => inner.match(new RegExp(`${name}:\\s*'([^']*)'`))?.[1];
  return { figure: field('figure'), panel: field('panel'), series: field('series') };
};

function problem(figure: string, panel: string | undefined, series?: string): string | null {
  const spec = FIGURES.find((f) => f.id === figure);
  if (!spec) return `no figure ${figure}`;
  if (panel === undefined) return null;
  const p = spec.panels.find((q) => q.id === panel);
  if (!p) return `${figure} has no panel ${panel}`;
  if (series !== undefined && !p.series.some((s) => s.key === series)) {
    return `${figure}(${panel}) has no series ${series}`;
  }
  return null;
}

describe('references in the report text', () => {
  it('finds the components it checks', () => {
    expect(usages.length).toBeGreaterThan(40);
  });

  it.each(usages.map((m) => [m[0], m[1], m[2]] as const))('%s', (_, component, attrs) => {
    if (component === 'Verdict') {
      expect([...CLAIMS, ...HYPOTHESES].map((c) => c.id)).toContain(attribute(attrs, 'id'));
      return;
    }
    if (component === 'Figure' || component === 'FigRef') {
      expect(problem(attribute(attrs, 'id') ?? '', attribute(attrs, 'panel'))).toBeNull();
      return;
    }
    const figure = attribute(attrs, 'figure') ?? '';
    if (component === 'Extra') {
      const spec = FIGURES.find((f) => f.id === figure);
      expect(spec?.extras as readonly string[] | undefined).toContain(attribute(attrs, 'key'));
      return;
    }
    if (component === 'RunInfo') {
      expect(problem(figure, undefined)).toBeNull();
      return;
    }
    const panel = attribute(attrs, 'panel') ?? (component === 'Auc' ? 'a' : undefined);
    const series = attribute(attrs, 'series');
    expect(problem(figure, panel, series)).toBeNull();
    const minus = minusOf(attrs);
    if (minus) {
      expect(
        problem(minus.figure ?? figure, minus.panel ?? panel, minus.series ?? series),
      ).toBeNull();
    }
  });
});
