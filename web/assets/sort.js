// Sortable tables: each sortable column header holds a <button> (reachable with Tab, pressed with Enter or Space);
// a click sorts by that column, a second click reverses the order. The header's aria-sort says the order to screen
// readers, an arrow shows it to everyone.
import { el } from './ui.js';

/**
 * A sort state for a table whose rows the page redraws itself. columns: {key: {label, num?, value(item)}};
 * initial: {key, dir: 1 | -1}; onChange() redraws. header(key) gives the <th>, apply(items) a sorted copy.
 */
export class TableSort {
  constructor(columns, initial, onChange) {
    this.columns = columns;
    this.key = initial.key;
    this.dir = initial.dir || 1;
    this.onChange = onChange;
    this.headers = new Map();
  }

  /** The <th> of a column: a sort button, or the plain label when the column has no value to sort by. */
  header(key, attrs = {}) {
    const c = this.columns[key];
    const th = el('th', { ...attrs, class: [attrs.class, c.num ? 'num' : null].filter(Boolean).join(' ') || null, scope: 'col' });
    if (!c.value) {
      th.textContent = c.label;
      return th;
    }
    th.dataset.sortKey = key;
    th.append(el('button', { type: 'button', class: 'sort', onclick: () => this.sortBy(key) },
      c.label, el('span', { class: 'sort-arrow', 'aria-hidden': 'true' })));
    this.headers.set(key, th);
    this.mark();
    return th;
  }

  sortBy(key) {
    if (this.key === key) this.dir = -this.dir;
    else {
      this.key = key;
      // numbers start with the largest (the busiest mapping first), text from A
      this.dir = this.columns[key].num ? -1 : 1;
    }
    this.mark();
    this.onChange();
  }

  mark() {
    for (const [key, th] of this.headers) {
      const active = key === this.key;
      th.setAttribute('aria-sort', active ? (this.dir > 0 ? 'ascending' : 'descending') : 'none');
      th.querySelector('.sort-arrow').textContent = active ? (this.dir > 0 ? ' ▲' : ' ▼') : '';
    }
  }

  /** A sorted copy of items; ties keep their order. */
  apply(items) {
    const value = this.columns[this.key]?.value;
    if (!value) return items.slice();
    return items.map((item, i) => ({ item, i, v: value(item) }))
      .sort((a, b) => compare(a.v, b.v) * this.dir || a.i - b.i)
      .map((x) => x.item);
  }
}

/**
 * Makes a drawn table sortable in place: every header cell gets a sort button; a cell's data-sort (else its text)
 * is the value, compared as a number when both sides are numbers.
 */
export function makeSortable(table) {
  const heads = [...table.querySelectorAll('thead th')];
  const body = table.tBodies[0];
  if (!body) return;
  const columns = {};
  heads.forEach((th, i) => {
    columns[i] = { label: th.textContent, value: (row) => cellValue(row.cells[i]) };
  });
  const sort = new TableSort(columns, { key: null, dir: 1 }, () => {
    body.append(...sort.apply([...body.rows]));
  });
  heads.forEach((th, i) => th.replaceWith(sort.header(i, { class: th.className || undefined })));
}

function cellValue(cell) {
  if (!cell) return '';
  const raw = cell.dataset.sort ?? cell.textContent.trim();
  const n = Number(raw);
  return raw !== '' && Number.isFinite(n) ? n : raw.toLowerCase();
}

function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  return String(a).localeCompare(String(b), 'en', { numeric: true });
}
