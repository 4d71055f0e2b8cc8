/**
 * SVG snapshots of every catalog panel, drawn from its published run exactly as the page draws it
 * at build time (src/components/Figure.astro: `renderPanel(panel, { document })` with linkedom, on
 * the full published data of content/figures/<id>.json), compared with the committed file
 * tests/plots/output/<figId>-<panelId>.svg (or .html when Plot returns a <figure> with a legend).
 * A drawing change then shows up as a diff of those files, reviewed like code. The workflow follows
 * Observable Plot's own test/plot.test.ts:
 *
 * - no committed snapshot: it is written, and the test fails so that nothing passes unreviewed;
 * - a mismatch: the new drawing is written next to the snapshot as <name>-changed.<ext> (ignored by
 *   git) and the test fails, naming the first lines that differ;
 * - UPDATE_SNAPSHOTS=1: every snapshot is rewritten from the current drawing and the test passes.
 *
 * See docs/testing.md, "Figure snapshots".
 */
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseHTML } from 'linkedom';
import { describe, expect, it } from 'vitest';
import { renderPanel } from '../../src/figures/index';
import { publishedFigure } from '../../src/figures/published';
import type { FigureId } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';

const OUTPUT = join(dirname(fileURLToPath(import.meta.url)), 'output');
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const SVG_NS = 'http://www.w3.org/2000/svg';

// One test per catalog panel, in catalog order; a figure with no published run yet has nothing to
// draw (the page shows a placeholder), so its panels are skipped rather than failed.
const cases = FIGURES.flatMap((figure) =>
  figure.panels.map((spec) => {
    const data = publishedFigure(figure.id as FigureId);
    // the same lookup as Figure.astro, so a panel the page would not draw is not drawn here either
    const panel = data?.panels.find((p) => p.id === spec.id && p.kind === spec.kind);
    return { name: `${figure.id}-${spec.id}`, panel };
  }),
);

describe('published panels match their SVG snapshots', () => {
  mkdirSync(OUTPUT, { recursive: true });

  for (const { name, panel } of cases) {
    it.skipIf(!panel)(name, () => {
      const { document } = parseHTML('<!doctype html><html><body></body></html>');
      const root = renderPanel(panel!, { document });
      const ext = root.tagName.toLowerCase() === 'svg' ? 'svg' : 'html';
      checkSnapshot(name, ext, serialize(root));
    });
  }

  it('has no snapshot left over from a panel that is no longer drawn', () => {
    const drawn = new Set(cases.filter((c) => c.panel).map((c) => c.name));
    const files = readdirSync(OUTPUT).filter((file) => !file.includes('-changed.'));
    const names = files.map((file) => file.replace(/\.(svg|html)$/, ''));
    // a panel that gained or lost its legend changed extension: the old file is left over too
    const orphans = files.filter(
      (_, i) => !drawn.has(names[i]) || names.indexOf(names[i]) !== names.lastIndexOf(names[i]),
    );
    expect(
      orphans,
      'snapshots of no drawn panel, or two for one panel: delete the stale ones',
    ).toEqual([]);
  });
});

function checkSnapshot(name: string, ext: string, actual: string): void {
  const file = join(OUTPUT, `${name}.${ext}`);
  const changed = join(OUTPUT, `${name}-changed.${ext}`);
  const shown = relative(process.cwd(), file);
  if (UPDATE || !existsSync(file)) {
    writeFileSync(file, actual, 'utf8');
    if (existsSync(changed)) unlinkSync(changed);
    if (UPDATE) return;
    // a first snapshot is written but not accepted in the same run: it has to be looked at first
    expect.fail(
      `${shown} did not exist; it has been written from the current drawing. Review it, commit it, and rerun.`,
    );
  }
  // a checkout that turned line endings into CRLF must not count as a drawing change
  const expected = readFileSync(file, 'utf8').replaceAll('\r\n', '\n');
  if (actual === expected) {
    if (existsSync(changed)) unlinkSync(changed);
    return;
  }
  writeFileSync(changed, actual, 'utf8');
  expect.fail(
    [
      `${name} is drawn differently from ${shown}.`,
      `The new drawing is in ${relative(process.cwd(), changed)}; compare them with`,
      `  git diff --no-index ${shown} ${relative(process.cwd(), changed)}`,
      'If the change is intended, accept it with UPDATE_SNAPSHOTS=1 (docs/testing.md).',
      ...firstDifferences(expected, actual),
    ].join('\n'),
  );
}

// The first few differing lines, shortened: enough to see what changed without a 100 KB diff.
function firstDifferences(expected: string, actual: string, count = 3): string[] {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const out: string[] = [];
  const cut = (s: string | undefined) =>
    s === undefined ? '(no line)' : s.length > 160 ? `${s.slice(0, 160)}…` : s;
  for (let i = 0; i < Math.max(a.length, b.length) && out.length < count * 3; i++) {
    if (a[i] === b[i]) continue;
    out.push(`line ${i + 1}:`, `  - ${cut(a[i]?.trim())}`, `  + ${cut(b[i]?.trim())}`);
  }
  if (a.length !== b.length) out.push(`(${a.length} lines before, ${b.length} now)`);
  return out;
}

/**
 * The markup, one element per line and indented, so that a change is a readable line diff (the
 * page's outerHTML is one line of up to 120 KB). Plot's ids that count up over a process (clip
 * paths, patterns, markers) are renumbered per snapshot in order of appearance, and its generated
 * class name (plot-d6a7b5, which may change with Plot's version) is written as "plot", as in Plot's
 * own tests, so that neither the test order nor a Plot upgrade alone changes a snapshot.
 */
function serialize(root: Element): string {
  if (root.tagName.toLowerCase() === 'svg') {
    // a standalone .svg file needs its namespace to open as an image in a browser or on GitHub
    root.setAttribute('xmlns', SVG_NS);
  }
  const lines: string[] = [];
  write(root, 0, false, lines);
  return `${normalizeIds(lines.join('\n'))}\n`;
}

const VOID = new Set(['br', 'hr', 'img', 'input', 'meta', 'link', 'source', 'wbr']);
const RAW_TEXT = new Set(['style', 'script']);

function write(node: Element, depth: number, inSvg: boolean, lines: string[]): void {
  const tag = node.tagName.toLowerCase();
  const svg = inSvg || tag === 'svg';
  const indent = '  '.repeat(depth);
  const attrs = [...node.attributes]
    .map((a) => ` ${a.name}="${escapeAttribute(a.value)}"`)
    .join('');
  const children = [...node.childNodes].filter(
    (c) => c.nodeType === 1 || (c.nodeType === 3 && c.textContent !== ''),
  );
  if (children.length === 0) {
    if (svg) lines.push(`${indent}<${tag}${attrs} />`);
    else lines.push(`${indent}<${tag}${attrs}>${VOID.has(tag) ? '' : `</${tag}>`}`);
    return;
  }
  // text only (a label, a title, a stylesheet): kept on the line of its element, as drawn
  if (children.every((c) => c.nodeType === 3)) {
    const text = node.textContent ?? '';
    lines.push(`${indent}<${tag}${attrs}>${RAW_TEXT.has(tag) ? text : escapeText(text)}</${tag}>`);
    return;
  }
  lines.push(`${indent}<${tag}${attrs}>`);
  for (const child of children) {
    if (child.nodeType === 1) write(child as Element, depth + 1, svg, lines);
    else lines.push(`${indent}  ${escapeText(child.textContent ?? '')}`);
  }
  lines.push(`${indent}</${tag}>`);
}

function normalizeIds(markup: string): string {
  const renumbered = new Map<string, string>();
  const counts = new Map<string, number>();
  return markup
    .replace(/\bplot-(clip|pattern|marker)-\d+\b/g, (id, kind: string) => {
      let fixed = renumbered.get(id);
      if (!fixed) {
        const n = (counts.get(kind) ?? 0) + 1;
        counts.set(kind, n);
        fixed = `plot-${kind}-${n}`;
        renumbered.set(id, fixed);
      }
      return fixed;
    })
    .replace(/\bplot-[0-9a-f]{6}\b/g, 'plot');
}

function escapeAttribute(value: string): string {
  return escapeText(value).replaceAll('"', '&quot;');
}

function escapeText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}
