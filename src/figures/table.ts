/**
 * Table panels (src/lib/panels/table.ts): an HTML table, one row per label in its group, one column
 * per variant, in a scroller of its own that the keyboard can reach. Each cell says its verdict in
 * words and is coloured by it (never colour alone); its note (the measured values with their SE and
 * threshold, or why the cell is empty) is the cell's title, hence its description for assistive
 * technology, and is shown under the words while the cell has the focus (each such cell is
 * focusable).
 *
 * With a rerun: a rerun of the same columns shows its words, and a cell it changed also says what
 * the published run said; a rerun of other columns (Fig. 16's "your run") is added beside the
 * published columns, marked as the reader's.
 */
import type { TableCell } from '../lib/panels';
import { comparePanel, documentOf, type PanelOf, type RenderOptions } from './style';

export type TablePanel = PanelOf<'table'>;

/** The class of a cell by its words: the verdicts' colours of the scoreboard. */
function verdictClass(text: string): string | null {
  const t = text.replace(/ \(.*$/, '');
  if (t === 'reproduced' || t === 'holds' || t === 'robust') return 'verdict-reproduced';
  if (t === 'not reproduced' || t === 'does not hold' || t === 'fragile')
    return 'verdict-not-reproduced';
  if (t === 'inconclusive') return 'verdict-inconclusive';
  if (t.startsWith('not evaluated') || t === 'unevaluated') return 'cell-not-evaluated';
  return null;
}

/**
 * What a table shows beside a rerun, for the page and the SVG download alike: the rerun's words
 * where it has the same columns (`shown`), or the published table with the rerun's other columns
 * added (`added`, Fig. 16's "your run") and each row's cells in them (`addedCells`).
 */
export function tableLayout(panel: TablePanel, rerun: TablePanel | undefined) {
  const added = rerun && !rerun.columns.some((c) => panel.columns.includes(c)) ? rerun : undefined;
  const shown = rerun && !added ? rerun : panel;
  const addedCells = (label: string): TableCell[] => {
    const mine = added?.rows.find((r) => r.label === label);
    return (added?.columns ?? []).map(
      (_, c) => mine?.cells[c] ?? { text: 'not evaluated', note: 'not in your run' },
    );
  };
  return { shown, added, addedCells, columns: [...shown.columns, ...(added?.columns ?? [])] };
}

export function render(panel: TablePanel, options: RenderOptions = {}): HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('table', options.compare);
  const { shown, added, addedCells } = tableLayout(panel, rerun);
  const extra = added?.columns ?? [];
  const figure = doc.createElement('figure');
  figure.className = 'panel-table';
  figure.setAttribute('aria-label', panel.title);
  const scroller = doc.createElement('div');
  scroller.className = 'table-scroller';
  // a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable)
  scroller.setAttribute('tabindex', '0');
  scroller.setAttribute('role', 'region');
  scroller.setAttribute('aria-label', `${panel.title} (scrolls sideways)`);
  const tableEl = doc.createElement('table');
  const caption = doc.createElement('caption');
  caption.textContent = rerun && !added ? `${panel.title} (your run)` : panel.title;
  tableEl.appendChild(caption);
  const head = doc.createElement('thead');
  const headRow = doc.createElement('tr');
  const headings = ['', ...shown.columns, ...extra];
  for (const [i, name] of headings.entries()) {
    const th = doc.createElement('th');
    th.setAttribute('scope', 'col');
    th.textContent = name;
    if (i > shown.columns.length) th.className = 'column-rerun';
    headRow.appendChild(th);
  }
  head.appendChild(headRow);
  tableEl.appendChild(head);
  let body: HTMLElement | undefined;
  let group: string | undefined;
  for (const row of shown.rows) {
    if (!body || row.group !== group) {
      group = row.group;
      body = doc.createElement('tbody');
      if (group) {
        const tr = doc.createElement('tr');
        const th = doc.createElement('th');
        th.setAttribute('scope', 'rowgroup');
        th.setAttribute('colspan', String(headings.length));
        th.textContent = group;
        tr.appendChild(th);
        body.appendChild(tr);
      }
      tableEl.appendChild(body);
    }
    const tr = doc.createElement('tr');
    const th = doc.createElement('th');
    th.setAttribute('scope', 'row');
    th.textContent = row.label;
    tr.appendChild(th);
    const before = rerun && !added ? panel.rows.find((r) => r.label === row.label) : undefined;
    row.cells.forEach((cell, c) => {
      const was = before?.cells[panel.columns.indexOf(shown.columns[c])]?.text;
      const text =
        was !== undefined && was !== cell.text ? `${cell.text} (published: ${was})` : cell.text;
      tr.appendChild(cellElement(doc, cell, text, `${row.label}, ${shown.columns[c]}`));
    });
    addedCells(row.label).forEach((cell, c) => {
      const td = cellElement(doc, cell, cell.text, `${row.label}, ${extra[c]}`);
      td.classList.add('column-rerun');
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  scroller.appendChild(tableEl);
  figure.appendChild(scroller);
  return figure;
}

function cellElement(doc: Document, cell: TableCell, text: string, where: string): HTMLElement {
  const td = doc.createElement('td');
  td.dataset.text = cell.text;
  const words = doc.createElement('span');
  words.className = ['cell-words', verdictClass(cell.text)].filter(Boolean).join(' ');
  words.textContent = text;
  td.appendChild(words);
  if (cell.note) {
    // the note written once, as the title: a tooltip on hover, the cell's accessible description
    // (its name is the aria-label), and shown under the words while the cell has the focus (CSS,
    // attr(title)); Fig. 16 has some 600 notes, so three copies of each weighed on the page
    td.title = cell.note;
    td.setAttribute('tabindex', '0');
    td.setAttribute('aria-label', `${where}: ${text}`);
  }
  return td;
}
