/**
 * Table panels: rows of labelled cells, each a short text (a verdict, say) with the number behind
 * it. Made for the robustness table (one row per claim, one column per variant of the paper's open
 * choices); drawn from seed 0 alone, since a table summarises whole runs rather than one network.
 */
import type { PanelKind } from './types';

export interface TableCell {
  /** What the cell says, in words (never colour alone). */
  text: string;
  /** The number behind the words, where there is one. */
  value?: number;
  /** A longer explanation: the value, its SE and threshold, or why the cell is empty. */
  note?: string;
}

export interface TableRow {
  label: string;
  /** Rows are shown in groups, in order of first appearance (e.g. claims, then hypotheses). */
  group?: string;
  cells: TableCell[];
}

/** One seed's contribution: the column names and the rows. */
export interface TableRows {
  columns: string[];
  rows: TableRow[];
}

export interface TablePanel {
  kind: 'table';
  id: string;
  title: string;
  columns: string[];
  rows: TableRow[];
}

export const table: PanelKind<TablePanel, TableRows | undefined> = {
  seedField: 'tables',
  assemble: (spec, seeds) => ({
    kind: 'table',
    id: spec.id,
    title: spec.title,
    columns: seeds[0]?.columns ?? [...(spec.columns ?? [])],
    rows: seeds[0]?.rows ?? [],
  }),
  slim: (panel, round) => ({
    ...panel,
    rows: panel.rows.map((r) => ({
      ...r,
      cells: r.cells.map((c) => (c.value === undefined ? c : { ...c, value: round(c.value) })),
    })),
  }),
  csv: (panel, row) => {
    for (const r of panel.rows) {
      r.cells.forEach((cell, c) => {
        row(r.label, r.group ?? '', panel.columns[c], cell.text, cell.value ?? '');
      });
    }
  },
  // Rows matched by label and cells by column name: the share of cells that say something else.
  deviation: (rerun, published) => {
    let cells = 0;
    let differ = 0;
    let where = '';
    for (const row of rerun.rows) {
      const r = published.rows.find((t) => t.label === row.label);
      if (!r) return { missing: row.label };
      row.cells.forEach((cell, c) => {
        const other = r.cells[published.columns.indexOf(rerun.columns[c])];
        if (!other) return;
        cells++;
        if (other.text !== cell.text) {
          differ++;
          where ||= `${row.label}/${rerun.columns[c]}`;
        }
      });
    }
    return { value: cells === 0 ? null : differ / cells, where };
  },
};
