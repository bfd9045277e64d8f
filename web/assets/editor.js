// The contract editor: CodeMirror 5 over the page's textarea (line numbers, JSON highlighting, bracket matching) and
// errors marked at their line: a JSON syntax error where the parser stopped, the server's compile error at the part
// of the schema it names. CodeMirror is vendored at build time (pom.xml unpacks the org.webjars.npm:codemirror webjar
// into web/assets/vendor/codemirror); nothing is fetched from elsewhere. When it is missing or fails to load, the
// plain textarea stays and everything works as before, errors naming their line in the message below it.

const BASE = '/assets/vendor/codemirror/';

let loading = null;

function load(tag, attrs) {
  return new Promise((resolve, reject) => {
    const n = document.createElement(tag);
    Object.assign(n, attrs);
    n.addEventListener('load', resolve);
    n.addEventListener('error', () => reject(new Error(`${attrs.src || attrs.href} did not load`)));
    document.head.append(n);
  });
}

/** Loads CodeMirror once; resolves to it, or to null when it is not there (the textarea then stays). */
export function loadCodeMirror() {
  if (!loading) {
    loading = (async () => {
      try {
        await Promise.all([
          load('link', { rel: 'stylesheet', href: `${BASE}lib/codemirror.css` }),
          load('script', { src: `${BASE}lib/codemirror.js` }),
        ]);
        await Promise.all([
          load('script', { src: `${BASE}mode/javascript/javascript.js` }),
          load('script', { src: `${BASE}addon/edit/matchbrackets.js` }),
        ]);
        return window.CodeMirror || null;
      } catch (e) {
        console.warn(`Contract editor: ${e.message}; using the plain text area.`);
        return null;
      }
    })();
  }
  return loading;
}

/** 1-based line and column of a character offset. */
function lineColumn(text, offset) {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split('\n').length;
  return { line, column: before.length - before.lastIndexOf('\n') };
}

/**
 * Where a JSON.parse error points: {line, column} (1-based), or null. Chromium says "... at position 34 (line 3
 * column 5)", Firefox "... at line 3 column 5 of the JSON data"; an unexpected end is the last line.
 */
export function jsonErrorAt(text, error) {
  const msg = String(error && error.message);
  const lc = /line (\d+) column (\d+)/.exec(msg);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(msg);
  if (pos) return lineColumn(text, Number(pos[1]));
  if (/end of (JSON|data)|unexpected end/i.test(msg)) return lineColumn(text, text.trimEnd().length);
  return lineColumn(text, firstBadOffset(text));
}

/**
 * Where parsing goes wrong when the parser's message gives no position (V8's "Unexpected token 'x', ... is not valid
 * JSON"): the longest prefix that still reads as an unfinished JSON text ends there. Binary search, a few parses.
 */
function firstBadOffset(text) {
  const unfinished = (p) => {
    try {
      JSON.parse(text.slice(0, p));
      return true;
    } catch (e) {
      const pos = /position (\d+)/.exec(e.message);
      return /end of (JSON|data)|unexpected end/i.test(e.message) || (pos !== null && Number(pos[1]) >= p);
    }
  };
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (unfinished(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * The JSON pointer or JSONPath a compile error names ("/properties/level/minimum: ..." or
 * "$.properties.level.minimum: ..."), as a list of keys, or null.
 */
export function pathInMessage(message) {
  const msg = String(message || '');
  const pointer = /(?:^|[\s:'"(])(\/(?!\/)(?:[^\s:'",)]+)?)(?=[\s:'",)]|$)/.exec(msg);
  if (pointer && pointer[1].length > 1) {
    return pointer[1].slice(1).split('/').map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
  }
  const path = /\$((?:\.[A-Za-z0-9_$-]+|\[\d+\]|\['[^']*'\])+)/.exec(msg);
  if (path) {
    return [...path[1].matchAll(/\.([A-Za-z0-9_$-]+)|\[(\d+)\]|\['([^']*)'\]/g)].map((m) => m[1] ?? m[2] ?? m[3]);
  }
  return null;
}

/**
 * The 1-based line where the member named by keys starts in a JSON text (its key, or its element for arrays); as deep
 * as the keys lead. Null when the text is not JSON.
 */
export function lineOfPath(text, keys) {
  let i = 0;
  const ws = () => { while (i < text.length && /\s/.test(text[i])) i++; };
  const string = () => {
    let j = i + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    const s = JSON.parse(text.slice(i, j + 1));
    i = j + 1;
    return s;
  };
  const skip = () => {
    ws();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      ws();
      if (text[i] === close) { i++; return; }
      for (;;) {
        ws();
        if (c === '{') { string(); ws(); i++; }
        skip();
        ws();
        if (text[i] === ',') { i++; continue; }
        i++;
        return;
      }
    }
    if (c === '"') { string(); return; }
    while (i < text.length && !/[,\]}\s]/.test(text[i])) i++;
  };
  try {
    JSON.parse(text);
    ws();
    let at = i;
    for (const key of keys || []) {
      ws();
      let found = false;
      if (text[i] === '{') {
        i++;
        ws();
        while (text[i] !== '}') {
          ws();
          const keyAt = i;
          const k = string();
          ws();
          i++; // ':'
          if (k === key) { at = keyAt; found = true; break; }
          skip();
          ws();
          if (text[i] === ',') i++;
        }
      } else if (text[i] === '[') {
        i++;
        for (let n = 0; ; n++) {
          ws();
          if (text[i] === ']') break;
          if (String(n) === String(key)) { at = i; found = true; break; }
          skip();
          ws();
          if (text[i] === ',') i++;
        }
      }
      if (!found) break;
    }
    return lineColumn(text, at).line;
  } catch {
    return null;
  }
}

/**
 * Wraps the textarea in an editor. Returns {kind, get(), set(text), markError(line, message), clearError(),
 * ready}: kind is 'textarea' until CodeMirror is in place ('codemirror'); ready resolves once that is decided. The
 * form gets data-editor="codemirror" or "textarea" then, and data-error-line while an error is marked.
 * onChange runs after every edit, typed or set.
 */
export function jsonEditor(area, { readOnly = false, onChange = () => {} } = {}) {
  const form = area.closest('form') || area.parentElement;
  const marks = { widget: null, line: null };
  const view = {
    kind: 'textarea',
    cm: null,
    get: () => area.value,
    set(text) {
      area.value = text;
      onChange();
    },
    markError(line, message) {
      view.clearError();
      if (!line) return;
      form.dataset.errorLine = String(line);
      if (!view.cm) return;
      const cm = view.cm;
      const n = Math.min(Math.max(line - 1, 0), cm.lineCount() - 1);
      const box = document.createElement('div');
      box.className = 'cg-line-error';
      box.setAttribute('role', 'alert');
      box.textContent = message;
      marks.widget = cm.addLineWidget(n, box, { coverGutter: false, noHScroll: true });
      marks.line = cm.getLineHandle(n);
      cm.addLineClass(marks.line, 'background', 'cg-error-line');
      const dot = document.createElement('span');
      dot.className = 'cg-error-marker';
      dot.title = message;
      dot.textContent = '●';
      cm.setGutterMarker(marks.line, 'cg-errors', dot);
    },
    clearError() {
      delete form.dataset.errorLine;
      if (!view.cm) return;
      if (marks.widget) marks.widget.clear();
      if (marks.line) {
        view.cm.removeLineClass(marks.line, 'background', 'cg-error-line');
        view.cm.setGutterMarker(marks.line, 'cg-errors', null);
      }
      marks.widget = null;
      marks.line = null;
    },
  };
  area.addEventListener('input', () => onChange());
  view.ready = loadCodeMirror().then((CM) => {
    if (!CM || !area.isConnected) {
      form.dataset.editor = 'textarea';
      return view;
    }
    const cm = CM.fromTextArea(area, {
      mode: { name: 'javascript', json: true },
      lineNumbers: true,
      matchBrackets: true,
      readOnly,
      tabSize: 2,
      indentUnit: 2,
      lineWrapping: false,
      viewportMargin: Infinity, // contracts are small: render every line (the editor grows with its text)
      gutters: ['cg-errors', 'CodeMirror-linenumbers'],
      extraKeys: { Tab: (c) => c.replaceSelection('  ') },
      screenReaderLabel: area.getAttribute('aria-label') || 'JSON Schema',
    });
    cm.on('change', () => {
      cm.save(); // the textarea keeps the text: forms and tests read it there
      onChange();
    });
    view.kind = 'codemirror';
    view.cm = cm;
    view.get = () => cm.getValue();
    view.set = (text) => cm.setValue(text);
    form.dataset.editor = 'codemirror';
    return view;
  });
  return view;
}
