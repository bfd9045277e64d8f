#!/usr/bin/env node
// Parses every Flux query in grafana/dashboards/*.json (panel targets and
// template variables on the InfluxDB datasource) with InfluxData's own parser,
// the Rust one compiled to WebAssembly in @influxdata/flux-lsp-node.
// Exit code 1 on any parse error, 2 when no query was found (a broken walk
// must not pass silently).
//
//   npm --prefix scripts install && node scripts/check-flux.mjs
//
// Then, as a second, semantic stage, each query is type-checked with the
// variables Grafana injects (v.timeRangeStart, v.defaultBucket, ...) declared
// in a prelude, so an unknown function or a wrong argument is caught as well.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const flux = require('@influxdata/flux-lsp-node');

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const dashboardsDir = process.argv[2] ?? join(root, 'grafana', 'dashboards');

// What Grafana defines for every Flux query; values only need the right types.
const PRELUDE = [
  'v = {',
  '  timeRangeStart: 2024-01-01T00:00:00Z,',
  '  timeRangeStop: 2024-01-01T01:00:00Z,',
  '  windowPeriod: 1m,',
  '  defaultBucket: "bucket",',
  '  organization: "org",',
  '}',
  '',
].join('\n');

// Grafana replaces its variables as text before the query reaches InfluxDB.
// ${x:regex} only appears inside regex literals (/^${x:regex}$/), so it becomes
// ".*" (what "All" sends); any other ${x} / $x becomes a plain word.
function interpolate(query) {
  return query
    .replace(/\$\{(\w+):regex\}/g, '.*')
    .replace(/\$\{(\w+)(?::\w+)?\}/g, 'grafana_var_$1')
    .replace(/\$(\w+)/g, 'grafana_var_$1');
}

// The parser always returns an AST; syntax errors are recorded on the nodes
// (an `errors` list, or nodes of type Bad*), so the whole tree is walked.
function syntaxErrors(node, out = []) {
  if (Array.isArray(node)) {
    node.forEach((n) => syntaxErrors(n, out));
  } else if (node && typeof node === 'object') {
    if (Array.isArray(node.errors)) {
      for (const e of node.errors) out.push(typeof e === 'string' ? e : e.msg ?? JSON.stringify(e));
    }
    if (typeof node.type === 'string' && node.type.startsWith('Bad')) {
      const at = node.location?.start;
      out.push(`${node.type}${at ? ` at ${at.line}:${at.column}` : ''}`);
    }
    for (const value of Object.values(node)) syntaxErrors(value, out);
  }
  return out;
}

function fluxQueries(file) {
  const dashboard = JSON.parse(readFileSync(file, 'utf8'));
  const isFlux = (ds) => ds && (ds.type === 'influxdb' || ds.uid === 'influxdb');
  const found = [];
  for (const v of dashboard.templating?.list ?? []) {
    if (isFlux(v.datasource) && typeof v.query === 'string') found.push({ where: `variable ${v.name}`, query: v.query });
  }
  const panels = (dashboard.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);
  for (const panel of panels) {
    for (const t of panel.targets ?? []) {
      if (isFlux(t.datasource ?? panel.datasource) && t.query) {
        found.push({ where: `panel "${panel.title}" ref ${t.refId}`, query: t.query });
      }
    }
  }
  return found;
}

// Imports must come first in a Flux file, so the prelude goes after them.
function withPrelude(query) {
  const lines = query.split('\n');
  let i = 0;
  while (i < lines.length && (/^\s*import\s/.test(lines[i]) || lines[i].trim() === '')) i++;
  return [...lines.slice(0, i), PRELUDE, ...lines.slice(i)].join('\n');
}

let checked = 0;
let failed = 0;
const files = readdirSync(dashboardsDir).filter((f) => f.endsWith('.json')).sort();
for (const name of files) {
  const file = join(dashboardsDir, name);
  for (const { where, query } of fluxQueries(file)) {
    checked++;
    const source = interpolate(query);
    const errors = syntaxErrors(flux.parse(source));
    let semantic = true;
    if (errors.length === 0) {
      const script = new flux.Flux(withPrelude(source));
      try {
        semantic = script.is_valid();
      } finally {
        script.free();
      }
    }
    if (errors.length > 0 || !semantic) {
      failed++;
      const why = errors.length > 0 ? [...new Set(errors)].join('; ') : 'semantic check failed (unknown function, wrong argument or type)';
      console.error(`FAIL ${relative(root, file)} ${where}: ${why}\n${source}\n`);
    } else {
      console.log(`ok   ${relative(root, file)} ${where}`);
    }
  }
}
console.log(`${checked - failed} passed, ${failed} failed`);
if (checked === 0) {
  console.error(`no Flux query found under ${dashboardsDir}`);
  process.exit(2);
}
process.exit(failed > 0 ? 1 : 0);
