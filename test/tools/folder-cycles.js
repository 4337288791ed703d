#!/usr/bin/env node
/**
 * Folder-level import cycles of a source tree, from madge's file graph (madge finds only file cycles).
 * Each top-level folder under the root madge was given is one area (root files are "(root)"); an edge
 * a -> b means a file of area a imports a file of area b. Specs and test fixtures are left out unless
 * --with-specs is given. Exit 1 when there is a cycle. The graph goes through a file: madge exits before a
 * pipe has taken all of a large JSON graph.
 *
 *   npx --yes madge --json --extensions ts --ts-config tsconfig.json libs/fund-ledger/src > /tmp/graph.json
 *   node test/tools/folder-cycles.js /tmp/graph.json [--with-specs]
 */
const { readFileSync } = require('node:fs');

const withSpecs = process.argv.includes('--with-specs');
const file = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
if (file === undefined) {
  console.error('usage: node test/tools/folder-cycles.js <madge-graph.json> [--with-specs]');
  process.exit(2);
}
{
  const graph = JSON.parse(readFileSync(file, 'utf8'));
  const areaOf = (file) => (file.includes('/') ? file.split('/')[0] : '(root)');
  const isTest = (file) => /\.spec\.ts$/.test(file) || /(^|\/)test\//.test(file);
  const edges = new Map();
  for (const [file, deps] of Object.entries(graph)) {
    if (!withSpecs && isTest(file)) continue;
    for (const dep of deps) {
      if (dep.startsWith('..') || (!withSpecs && isTest(dep))) continue; // outside the tree, or a fixture
      const [from, to] = [areaOf(file), areaOf(dep)];
      if (from === to) continue;
      if (!edges.has(from)) edges.set(from, new Map());
      if (!edges.get(from).has(to)) edges.get(from).set(to, `${file} -> ${dep}`);
    }
  }
  const cycles = new Set();
  const visit = (area, path) => {
    for (const next of edges.get(area)?.keys() ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) {
        const cycle = path.slice(at);
        const start = cycle.indexOf([...cycle].sort()[0]); // one spelling per cycle
        cycles.add([...cycle.slice(start), ...cycle.slice(0, start), cycle[start]].join(' -> '));
      } else if (path.length < 12) visit(next, [...path, next]);
    }
  };
  for (const area of edges.keys()) visit(area, [area]);
  for (const [from, tos] of [...edges].sort()) console.log(`${from} -> ${[...tos.keys()].sort().join(', ')}`);
  if (cycles.size === 0) {
    console.log(`no folder-level import cycle${withSpecs ? ' (specs included)' : ''}`);
    return;
  }
  for (const cycle of cycles) {
    const hops = cycle.split(' -> ');
    console.log(`CYCLE ${cycle}`);
    for (let i = 0; i + 1 < hops.length; i += 1) console.log(`  e.g. ${edges.get(hops[i]).get(hops[i + 1])}`);
  }
  process.exitCode = 1;
}
