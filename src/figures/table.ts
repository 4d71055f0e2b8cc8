/**
 * Table panels (src/lib/panels/table.ts): an HTML table, one row per label in its group, one column
 * per variant. Each cell says its verdict in words; its note (value, SE, threshold, or why it is
 * empty) is its title and, for assistive technology, its description. With a rerun, the rerun's
 * words are shown and a cell the rerun changed also says what the published run said.
 */
import { comparePanel, documentOf, type PanelOf, type RenderOptions } from './style';

export type TablePanel = PanelOf<'table'>;

export function render(panel: TablePanel, options: RenderOptions = {}): HTMLElement {
  const doc = documentOf(options);
  const rerun = comparePanel('table', options.compare);
  const shown = rerun ?? panel;
  const figure = doc.createElement('figure');
  figure.className = 'panel-table';
  const tableEl = doc.createElement('table');
  const caption = doc.createElement('caption');
  caption.textContent = rerun ? `${panel.title} (your run)` : panel.title;
  tableEl.appendChild(caption);
  const head = doc.createElement('thead');
  const headRow = doc.createElement('tr');
  for (const name of ['', ...shown.columns]) {
    const th = doc.createElement('th');
    th.setAttribute('scope', 'col');
    th.textContent = name;
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
        th.setAttribute('colspan', String(shown.columns.length + 1));
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
    const before = rerun ? panel.rows.find((r) => r.label === row.label) : undefined;
    row.cells.forEach((cell, c) => {
      const td = doc.createElement('td');
      td.dataset.text = cell.text;
      const was = before?.cells[panel.columns.indexOf(shown.columns[c])]?.text;
      td.textContent =
        was !== undefined && was !== cell.text ? `${cell.text} (published: ${was})` : cell.text;
      if (cell.note) {
        td.title = cell.note;
        td.setAttribute('aria-description', cell.note);
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  }
  figure.appendChild(tableEl);
  return figure;
}
