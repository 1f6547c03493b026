import type { Connection, Credential } from '@credgate/sdk';
import { COLUMNS, loadVisibleColumns } from './columns.js';

/**
 * The table's first rows, drawn with plain DOM from the entry script as soon as the first page
 * arrives, while React (most of the page's JavaScript) is still loading. It is a picture of the
 * table, not the table: inert and hidden from assistive technology; the React page replaces it
 * in the same frame in which it shows its own rows (dismissFirstPaint in a layout effect). Cells
 * are the same text as the table's (columns.ts), set with textContent.
 */

const ID = 'first-paint';
let reactShown = false;

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function showFirstPaint(page: Connection<Credential>): void {
  if (reactShown || document.getElementById(ID)) return;
  const shown = COLUMNS.filter((column) => loadVisibleColumns().includes(column.id));
  const layout = element('div', 'layout');
  layout.id = ID;
  layout.setAttribute('aria-hidden', 'true');
  layout.inert = true;
  const header = element('header', 'top');
  header.append(element('div', 'brand', 'credgate'));
  const content = element('div', 'content');
  const table = element('table', 'credentials');
  const headRow = element('tr');
  for (const column of shown) headRow.append(element('th', undefined, column.title));
  table.append(element('thead'));
  table.tHead!.append(headRow);
  const body = element('tbody');
  for (const { node } of page.edges) {
    const row = element('tr');
    for (const column of shown) {
      const cell = element('td');
      cell.dataset.column = column.id;
      if (column.id === 'STATUS') {
        cell.append(element('span', `status status-${node.status.phase.toLowerCase().replaceAll('_', '-')}`, column.text(node)));
      } else {
        cell.textContent = column.text(node);
      }
      row.append(cell);
    }
    body.append(row);
  }
  table.append(body);
  const scroll = element('div', 'table-scroll');
  scroll.append(table);
  content.append(element('h1', undefined, 'Credentials'), element('div', 'toolbar-placeholder'), scroll);
  layout.append(header, content);
  document.body.prepend(layout);
}

/** The React page is showing (its table, or the sign-in): the picture goes, and is not drawn later. */
export function dismissFirstPaint(): void {
  reactShown = true;
  document.getElementById(ID)?.remove();
}

export function firstPaintShown(): boolean {
  return document.getElementById(ID) !== null;
}
