import type { EventStore } from '@ledger/event-store';

/**
 * An EventStore wrapper that can hold one call of findCommand or append (the first that matches) until
 * the test opens the gate: a way to put two requests into a chosen interleaving, deterministically,
 * against the real store and the real app. Every other call passes straight through.
 */
export class GatedStore {
  private gate:
    | {
        method: 'findCommand' | 'append';
        matches: (args: unknown[]) => boolean;
        reached: () => void;
        opened: Promise<void>;
      }
    | undefined;

  readonly store: EventStore;

  constructor(inner: EventStore) {
    const hold = async (method: 'findCommand' | 'append', args: unknown[]): Promise<void> => {
      const gate = this.gate;
      if (!gate || gate.method !== method || !gate.matches(args)) return;
      this.gate = undefined; // one call only
      gate.reached();
      await gate.opened;
    };
    this.store = new Proxy(inner, {
      get(target, property, receiver) {
        const value = Reflect.get(target, property, receiver) as unknown;
        if (property === 'findCommand') {
          // The look-up happens now; its (stale) answer is returned only once the gate opens.
          return async (...args: unknown[]) => {
            const answer = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
            await hold('findCommand', args);
            return answer;
          };
        }
        if (property === 'append') {
          return async (...args: unknown[]) => {
            await hold('append', args);
            return (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          };
        }
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Arms the gate; resolves `reached` when a matching call arrives and holds it until `open()`. */
  arm(
    method: 'findCommand' | 'append',
    matches: (args: unknown[]) => boolean,
  ): { reached: Promise<void>; open: () => void } {
    let reached!: () => void;
    let open!: () => void;
    const reachedPromise = new Promise<void>((resolve) => (reached = resolve));
    const opened = new Promise<void>((resolve) => (open = resolve));
    this.gate = { method, matches, reached, opened };
    return { reached: reachedPromise, open };
  }
}
