/**
 * Issue 20.7: the Kubernetes limits follow the measured figures, not guesses. deploy/measured-figures.json
 * holds what was measured (deploy/README.md's sizing table shows the same numbers, checked here too) and
 * the sizing target; every overlay, rendered with kubectl kustomize or kustomize when one is on PATH (the
 * base as written otherwise), must then give the target's figures their headroom:
 *   memory limit       >= cold-start peak RSS x headroom.memory (and the steady peak);
 *   memory request     >= the steady peak RSS;
 *   V8 heap ceiling    >= the cold-start peak and leaves room under the limit for native memory;
 *   startup window     (failureThreshold x periodSeconds + initialDelaySeconds) >= cold start x headroom.startup;
 *   snapshot volume    >= snapshot file x headroom.volume; the SQLite PVC also holds the store and a backup copy.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseAllDocuments } from 'yaml';

type Obj = Record<string, unknown>;

interface Run {
  events: number;
  catchUpEventsPerSecond: number;
  peakRssMiB: number;
  coldStartPeakRssMiB?: number;
  coldStartSeconds?: number;
  snapshotFileMiB: number;
  storeFileMiB?: number;
}
interface Figures {
  runs: Run[];
  sizingTarget: { events: number };
  headroom: { memory: number; startup: number; volume: number };
}

const ROOT = resolve(__dirname, '..', '..');
const K8S = join(ROOT, 'deploy', 'k8s');
const OVERLAYS = ['postgres', 'kurrentdb', 'sqlite'] as const;
const figures = JSON.parse(readFileSync(join(ROOT, 'deploy', 'measured-figures.json'), 'utf8')) as Figures;
const readme = readFileSync(join(ROOT, 'deploy', 'README.md'), 'utf8');
/** Native memory (SQLite page caches, buffers, code) the V8 heap ceiling must leave under the limit. */
const NATIVE_MIB = 256;

const obj = (value: unknown): Obj => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Obj) : {});
const arr = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** A Kubernetes quantity in MiB: 2560Mi, 2Gi, 1G, 500M, 1048576. */
function mebibytes(quantity: unknown): number {
  const match = /^([0-9.]+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(quantity ?? ''));
  if (!match) throw new Error(`not a quantity: ${String(quantity)}`);
  const factor: Record<string, number> = { Ki: 1 / 1024, Mi: 1, Gi: 1024, Ti: 1024 * 1024, k: 1e3 / 2 ** 20, M: 1e6 / 2 ** 20, G: 1e9 / 2 ** 20, T: 1e12 / 2 ** 20 };
  return Number(match[1]) * (match[2] ? factor[match[2]]! : 1 / 2 ** 20);
}

function render(dir: string): Obj[] | undefined {
  for (const [command, args] of [
    ['kubectl', ['kustomize', dir]],
    ['kustomize', ['build', dir]],
  ] as const) {
    const result = spawnSync(command, args, { encoding: 'utf8', timeout: 60_000 });
    if (result.status === 0) return parseAllDocuments(result.stdout).map((d) => obj(d.toJS()));
  }
  return undefined;
}

const target = figures.runs.find((r) => r.events === figures.sizingTarget.events);

describe('measured figures (deploy/measured-figures.json) and the README table agree', () => {
  it('has a run at the sizing target with every figure the limits need', () => {
    expect(target).toMatchObject({
      coldStartPeakRssMiB: expect.any(Number),
      coldStartSeconds: expect.any(Number),
      snapshotFileMiB: expect.any(Number),
      storeFileMiB: expect.any(Number),
    });
  });

  it.each(figures.runs.map((r) => [r.events, r]))('the README sizing table shows every figure of the %d-event run', (_events, run) => {
    const table = readme.slice(readme.indexOf('| Measured'), readme.indexOf('\n\n', readme.indexOf('| Measured')));
    const shown = (n: number) => table.includes(n.toLocaleString('en-US'));
    for (const value of Object.values(run)) if (typeof value === 'number') expect({ value, shown: shown(value) }).toEqual({ value, shown: true });
  });
});

const rendered = Object.fromEntries(OVERLAYS.map((o) => [o, render(join(K8S, 'overlays', o))]));
const asWritten = parseAllDocuments(readFileSync(join(K8S, 'base', 'deployment.yaml'), 'utf8')).map((d) => obj(d.toJS()));
if (Object.values(rendered).some((r) => r === undefined)) process.stderr.write('[deploy tests] kubectl/kustomize not on PATH: sizing checks run on the base as written\n');
const cases: Array<[string, Obj[]]> = OVERLAYS.map((o) => [o, rendered[o] ?? asWritten]);

describe.each(cases)(`%s: limits derived from the measured figures (sizing target: ${figures.sizingTarget.events} events)`, (overlay, objects) => {
  const deployment = objects.find((o) => o['kind'] === 'Deployment') ?? {};
  const pod = obj(obj(obj(deployment['spec'])['template'])['spec']);
  const container = obj(arr(pod['containers'])[0]);
  const resources = obj(container['resources']);
  const run = target!;

  it('memory: limit and request cover the peaks, the heap ceiling covers the cold start and fits under the limit', () => {
    const limitMiB = mebibytes(obj(resources['limits'])['memory']);
    const requestMiB = mebibytes(obj(resources['requests'])['memory']);
    expect(limitMiB).toBeGreaterThanOrEqual(run.coldStartPeakRssMiB! * figures.headroom.memory);
    expect(requestMiB).toBeGreaterThanOrEqual(run.peakRssMiB);
    const config = objects.find((o) => o['kind'] === 'ConfigMap');
    const nodeOptions = String(obj(config?.['data'])['NODE_OPTIONS'] ?? baseNodeOptions());
    const heapMiB = Number(/--max-old-space-size=([0-9]+)/.exec(nodeOptions)?.[1]);
    expect(heapMiB).toBeGreaterThanOrEqual(run.coldStartPeakRssMiB!);
    expect(heapMiB).toBeLessThanOrEqual(limitMiB - NATIVE_MIB);
  });

  it('startup probe: its window covers a cold start (a new pod catches up from the first event)', () => {
    const probe = obj(container['startupProbe']);
    const windowSeconds = Number(probe['failureThreshold']) * Number(probe['periodSeconds']) + Number(probe['initialDelaySeconds'] ?? 0);
    expect(windowSeconds).toBeGreaterThanOrEqual(run.coldStartSeconds! * figures.headroom.startup);
  });

  it('volumes: the data volume holds the snapshot file (and, on SQLite, the store and a backup copy of it)', () => {
    const data = arr(pod['volumes']).map(obj).find((v) => v['name'] === 'data') ?? {};
    const claim = obj(data['persistentVolumeClaim'])['claimName'];
    if (claim === undefined) {
      const sizeMiB = mebibytes(obj(data['emptyDir'])['sizeLimit']);
      expect(sizeMiB).toBeGreaterThanOrEqual(run.snapshotFileMiB * figures.headroom.volume);
      return;
    }
    expect(overlay).toBe('sqlite');
    const pvc = objects.find((o) => o['kind'] === 'PersistentVolumeClaim' && obj(o['metadata'])['name'] === claim);
    const sizeMiB = mebibytes(obj(obj(obj(pvc?.['spec'])['resources'])['requests'])['storage']);
    const needMiB = (run.snapshotFileMiB + 2 * run.storeFileMiB!) * figures.headroom.volume; // the runbook's backup lands on the volume first
    expect(sizeMiB).toBeGreaterThanOrEqual(needMiB);
  });
});

/** The base kustomization's NODE_OPTIONS literal (for the base as written, which has no ConfigMap object). */
function baseNodeOptions(): string {
  const text = readFileSync(join(K8S, 'base', 'kustomization.yaml'), 'utf8');
  return /NODE_OPTIONS=([^\n]+)/.exec(text)?.[1] ?? '';
}

