/**
 * The layer rules of ARCHITECTURE.md that a compiler does not check: no import circle in `src/`,
 * `workers/` or `bench/` (type-only imports included: a circle of types still ties the modules'
 * meaning together).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const FOLDERS = ['src', 'workers', 'bench'];

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'build' ? [] : sources(path);
    return /\.(ts|astro)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The relative imports and re-exports of one file, resolved to files. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^;'"]*?from\s+['"](\.[^'"]+)['"]/g)) {
    const base = resolve(dirname(file), m[1]);
    const candidate = [base, `${base}.ts`, join(base, 'index.ts')].find(
      (p) => existsSync(p) && statSync(p).isFile(),
    );
    if (candidate) found.push(candidate);
  }
  return found;
}

/** Every import circle, each as the list of files around it, found by depth-first search. */
function circles(files: string[]): string[][] {
  const graph = new Map(files.map((f) => [f, importsOf(f)]));
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string) => {
    state.set(f, 'open');
    stack.push(f);
    for (const g of graph.get(f) ?? []) {
      if (state.get(g) === 'open') found.push(stack.slice(stack.indexOf(g)));
      else if (!state.has(g) && graph.has(g)) visit(g);
    }
    stack.pop();
    state.set(f, 'done');
  };
  for (const f of files) if (!state.has(f)) visit(f);
  return found;
}

describe('import graph', () => {
  it('finds a circle when there is one (the search itself)', () => {
    const dir = join(ROOT, 'tests/fixtures/circle');
    expect(circles(sources(dir)).length).toBeGreaterThan(0);
  });

  it('has no import circle in src/, workers/ or bench/', () => {
    const files = FOLDERS.flatMap((f) => sources(join(ROOT, f)));
    const named = circles(files).map((c) => c.map((f) => relative(ROOT, f)).join(' -> '));
    expect(named).toEqual([]);
  });
});
