/**
 * The networks a "published" figure rerun of `npm run bench` starts from (bench.bench.ts): the
 * published ones, or stand-ins the bench trains briefly while the published run covers too few
 * seeds.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import type { Activation } from '../../src/lib/figure-data';
import { FIGURES } from '../../src/lib/figures';
import { PRESETS, type PresetName } from '../../src/lib/run-options';
import type { NetworkManifest } from '../../workers/api';
import { SITE } from '../options';
import type { FigureRun } from '../results';
import { type BenchWindow, log, openBench } from './pages';

/** Where stand-in networks are served when the published ones cover too few seeds. */
const STAND_IN = 'bench-networks';

/** The activations a figure's run trains or loads networks for (workers/engine/figures.ts). */
export function activationsOf(id: string): Activation[] {
  const spec = FIGURES.find((f) => f.id === id)!;
  if (id === 'fig10') return ['sigmoid', 'relu'];
  return [spec.activation === 'both' ? 'sigmoid' : spec.activation];
}

export interface ServedNetworks {
  /** undefined: the site's own /networks/; else the stand-in site root. */
  baseUrl?: string;
  standIn: Activation[];
  trainedAs: NonNullable<FigureRun['trainedAs']>;
}

/**
 * The networks a "published" rerun of `preset` starts from. The engine takes the published ones
 * when they hold enough seeds (whatever preset trained them) and trains otherwise, which would
 * make this a from-scratch run. While the published run is incomplete, the bench serves
 * stand-ins instead: the published networks where they suffice, and networks it trains briefly
 * (one smoke epoch) where they do not, under /bench-networks/ with the data linked beside them.
 */
export async function networksFor(
  page: Page,
  preset: PresetName,
  figures: readonly { id: string }[],
): Promise<ServedNetworks> {
  const seeds = PRESETS[preset].seeds;
  const needed = [...new Set(figures.flatMap((f) => activationsOf(f.id)))];
  const published = (activation: Activation): NetworkManifest | null => {
    const file = join(SITE, 'networks', activation, 'manifest.json');
    return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as NetworkManifest) : null;
  };
  const fits = (m: NetworkManifest | null) => m !== null && m.format === 1 && m.seeds >= seeds;
  const trainedAs = {} as ServedNetworks['trainedAs'];
  const trainingOf = (m: NetworkManifest) => ({
    seeds: m.seeds,
    epochs: m.epochs,
    trainSamples: m.trainSamples,
  });
  if (needed.every((a) => fits(published(a)))) {
    for (const a of needed) trainedAs[a] = trainingOf(published(a)!);
    return { standIn: [], trainedAs };
  }
  const root = join(SITE, STAND_IN);
  mkdirSync(root, { recursive: true });
  if (!existsSync(join(root, 'data'))) symlinkSync('../data', join(root, 'data'));
  const standIn: Activation[] = [];
  for (const activation of needed) {
    const dir = join(root, 'networks', activation);
    const manifestFile = join(dir, 'manifest.json');
    const current = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, 'utf8')) as NetworkManifest)
      : null;
    const own = published(activation);
    if (fits(own)) {
      mkdirSync(dir, { recursive: true });
      for (const file of [...own!.files, 'manifest.json']) {
        copyFileSync(join(SITE, 'networks', activation, file), join(dir, file));
      }
      trainedAs[activation] = trainingOf(own!);
      continue;
    }
    standIn.push(activation);
    if (!fits(current)) {
      log(
        `training ${seeds} stand-in ${activation} networks (published: ${own?.seeds ?? 0} seeds)`,
      );
      await openBench(page);
      const { manifest, files } = await page.evaluate(
        ({ activation, seeds }) =>
          (window as unknown as BenchWindow).bench.standInNetworks(activation, seeds),
        { activation, seeds },
      );
      mkdirSync(dir, { recursive: true });
      manifest.files.forEach((name, i) => {
        writeFileSync(join(dir, name), Buffer.from(files[i], 'base64'));
      });
      writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
      trainedAs[activation] = trainingOf(manifest);
    } else {
      trainedAs[activation] = trainingOf(current!);
    }
  }
  return { baseUrl: `/${STAND_IN}/`, standIn, trainedAs };
}
