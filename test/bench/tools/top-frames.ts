/**
 * Summarises a V8 .cpuprofile (node --cpu-prof): self time per function (name, file:line), the largest
 * first, and the same aggregated per file. CLI: node -r ts-node/register/transpile-only
 * test/bench/tools/top-frames.ts <file.cpuprofile> [count]
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

function shortUrl(url: string): string {
  const path = url.replace(/^file:\/\//, '');
  const index = path.indexOf('node_modules/');
  if (index >= 0) return path.slice(index + 'node_modules/'.length);
  return path.startsWith('/') ? relative(process.cwd(), path) : path;
}

export function topFrames(file: string, count = 20): string {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const totalUs = profile.endTime - profile.startTime;
  const byFrame = new Map<string, number>();
  const byFile = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const node = byId.get(id)!;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName || '(anonymous)'} ${where}`.trim();
    byFrame.set(key, (byFrame.get(key) ?? 0) + us);
    const fileKey = url ? shortUrl(url).replace(/:\d+$/, '') : `(${functionName})`;
    byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + us);
  }
  const pct = (us: number) => `${((100 * us) / totalUs).toFixed(1).padStart(5)}%`;
  const frames = [...byFrame.entries()].sort((a, b) => b[1] - a[1]).slice(0, count);
  const files = [...byFile.entries()].sort((a, b) => b[1] - a[1]).slice(0, Math.ceil(count / 2));
  return [
    `  total ${(totalUs / 1e6).toFixed(1)} s; self time by function:`,
    ...frames.map(([key, us]) => `  ${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`),
    '  self time by file:',
    ...files.map(([key, us]) => `  ${pct(us)} ${(us / 1000).toFixed(0).padStart(7)} ms  ${key}`),
  ].join('\n');
}

if (require.main === module) {
  const [file, count] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: top-frames <file.cpuprofile> [count]\n');
    process.exit(2);
  }
  process.stdout.write(`${topFrames(file, Number(count ?? 25))}\n`);
}
