import { collectGarbage } from './measure';

/** One thing being measured: a slice runs it for about `ms` (or `maxOps` operations) and reports. */
export interface Contender {
  name: string;
  slice(ms: number, maxOps: number): Promise<{ ops: number; seconds: number }>;
}

export interface ContenderResult {
  /** Set when a slice threw: the contender is dropped from later rounds and its row is n/a. */
  error?: string;
  rate: number;
  ops: number;
  seconds: number;
  /** Rate of each round: the spread shows how noisy the machine was. */
  perRound: number[];
}

/**
 * Runs every contender for `rounds` rounds of one slice each, in the same order every round (A B C A B C
 * ...), so slow phases of a shared disk hit every contender alike instead of whichever ran at that moment.
 * The first slice of each contender is a warm-up and is not counted.
 */
export async function interleaved(
  contenders: readonly Contender[],
  rounds: number,
  sliceMs: number,
  maxOpsPerSlice: number,
  log: (line: string) => void,
): Promise<Map<string, ContenderResult>> {
  const results = new Map<string, ContenderResult>(
    contenders.map((c) => [c.name, { rate: 0, ops: 0, seconds: 0, perRound: [] }]),
  );
  const attempt = async (
    contender: Contender,
    ms: number,
    maxOps: number,
  ): Promise<{ ops: number; seconds: number } | undefined> => {
    const result = results.get(contender.name)!;
    if (result.error) return undefined;
    try {
      return await contender.slice(ms, maxOps);
    } catch (error) {
      result.error = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.slice(0, 160);
      log(`${contender.name}: failed, dropped from later rounds: ${result.error}`);
      return undefined;
    }
  };
  for (const contender of contenders) await attempt(contender, Math.min(400, sliceMs), 2_000);
  for (let round = 0; round < rounds; round += 1) {
    for (const contender of contenders) {
      collectGarbage();
      const slice = await attempt(contender, sliceMs, maxOpsPerSlice);
      if (!slice) continue;
      const result = results.get(contender.name)!;
      result.ops += slice.ops;
      result.seconds += slice.seconds;
      result.perRound.push(Math.round(slice.ops / slice.seconds));
    }
  }
  for (const [name, result] of results) {
    if (result.error) continue;
    result.rate = result.ops / result.seconds;
    log(
      `${name}: ${result.ops} ops in ${result.seconds.toFixed(1)} s = ${result.rate.toFixed(0)}/s (rounds ${result.perRound.join(', ')})`,
    );
  }
  return results;
}

export const roundsFor = (full: boolean): { rounds: number; sliceMs: number; maxOps: number } =>
  full ? { rounds: 5, sliceMs: 2_000, maxOps: 100_000 } : { rounds: 3, sliceMs: 800, maxOps: 20_000 };
