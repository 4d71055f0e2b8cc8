/**
 * How a variant's figures are kept in content/robustness/<variant>/ (docs/method.md §11): one
 * brotli-compressed JSON per figure, `figN.json.br`, its numbers rounded to 7 significant digits
 * (about float32's precision, which the engine computes in). Sixteen variants of fourteen figures
 * as plain JSON would be about 29 MB, and the tracked files must leave room for the GPU pack
 * (docs/bench.md, at most 60 MiB together); kept this way they are about 6 MB. The table (Fig. 16)
 * is assembled from these files as they are kept, so every cell is the verdict on the published data.
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, constants } from 'node:zlib';
import type { FigureSet } from '../src/lib/claims';
import type { FigureData, FigureId } from '../src/lib/figure-data';
import { choiceOfParam } from '../src/lib/open-choices';
import { VARIANT_FIGURES } from '../src/lib/robustness';

export const VARIANT_FIGURE_SUFFIX = '.json.br';

/** A number as kept: integers as they are, others to 7 significant digits. */
function rounded(value: unknown): unknown {
  if (typeof value === 'number') {
    return Number.isInteger(value) || !Number.isFinite(value)
      ? value
      : Number(value.toPrecision(7));
  }
  if (Array.isArray(value)) return value.map(rounded);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, rounded(v)]));
  }
  return value;
}

export const variantFigureFile = (dir: string, id: FigureId): string =>
  join(dir, `${id}${VARIANT_FIGURE_SUFFIX}`);

export function writeVariantFigure(dir: string, data: FigureData): void {
  const text = JSON.stringify(rounded(data));
  const packed = brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 11,
      [constants.BROTLI_PARAM_SIZE_HINT]: text.length,
    },
  });
  // written whole, then renamed: a stopped generator never leaves a truncated figure behind
  const file = variantFigureFile(dir, data.figure);
  writeFileSync(`${file}.part`, packed);
  renameSync(`${file}.part`, file);
}

export function readVariantFigure(dir: string, id: FigureId): FigureData | undefined {
  const file = variantFigureFile(dir, id);
  if (!existsSync(file)) return undefined;
  return JSON.parse(brotliDecompressSync(readFileSync(file)).toString('utf8')) as FigureData;
}

/** A variant's figures as kept: those of `ids` (VARIANT_FIGURES) that are there. Fashion-MNIST's
 * published run (content/fashion/) is kept the same way, with all fifteen. */
export function readVariantFigures(
  dir: string,
  ids: readonly FigureId[] = VARIANT_FIGURES,
): FigureSet {
  return Object.fromEntries(
    ids.flatMap((id) => {
      const data = readVariantFigure(dir, id);
      return data ? [[id, data]] : [];
    }),
  );
}

/**
 * Whether a kept figure was made as the variant says: its seeds, and each of the variant's options
 * as its metadata records it (a figure of another run is computed again, never mixed in).
 */
export function madeAs(
  data: FigureData,
  seeds: number,
  options: Readonly<Record<string, unknown>>,
): boolean {
  if (data.meta.seeds !== seeds) return false;
  const meta = data.meta as unknown as Record<string, unknown>;
  return Object.entries(options).every(([param, value]) => {
    const key = param === 'epochs' ? 'epochs' : choiceOfParam(param);
    return key !== undefined && meta[key] === value;
  });
}
