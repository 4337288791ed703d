import type { ProjectionReader } from '@ledger/read-store';
import { applyCarry, carryForwardProjection, type CarryForwardState, type HospitalCarry } from '../carry-forward.projection';
import type { ReadPoint } from '../read-side.port';
import { rowsAt } from './hospital-rows';
import { bodyOf, partitionedReadModel, SparseMap, type PartitionKind } from './sparse-state';

/**
 * carry-forward, durable: the same fold (applyCarry) over one partition per hospital and fund: its
 * credits (one per settled year) and settled years, encoded as today's snapshot JSON of that hospital.
 * Keyed payee first, so a hospital's carry-forward (every fund) is one prefix read.
 */
type HospitalJson = { hospitals: unknown[] };

const hospitals: PartitionKind<CarryForwardState, HospitalCarry> = {
  kind: 'hospital',
  table: { name: 'hospitals', key: ['payee_id', 'fund_id'] },
  mapOf: (state) => state.hospitals as SparseMap<HospitalCarry>,
  keyOf(id) {
    const [fundId, payeeId] = id.split('|') as [string, string];
    return { payee_id: payeeId, fund_id: fundId };
  },
  encode(hospital) {
    const json = carryForwardProjection.toJson({ hospitals: new Map([['h', hospital]]) }) as unknown as HospitalJson;
    return JSON.stringify(json.hospitals[0]);
  },
  decode(text) {
    const state = carryForwardProjection.fromJson({ hospitals: [JSON.parse(text)] } as never);
    return [...state.hospitals.values()][0]!;
  },
};

const CARRY_EVENTS = new Set(['YearEndSettled', 'BalanceCarriedIn', 'QuotaAdjusted']);

export const carryForwardReadModel = partitionedReadModel<CarryForwardState>({
  name: 'carry_forward',
  version: 1,
  kinds: [hospitals],
  relevant: (event) => CARRY_EVENTS.has(event.type),
  sparse: () => ({ hospitals: new SparseMap('hospital') }),
  apply: applyCarry,
  hints(event) {
    const data = event.data as { fundId?: unknown; payeeId?: unknown };
    return typeof data.fundId === 'string' && typeof data.payeeId === 'string' ? [['hospital', `${data.fundId}|${data.payeeId}`] as const] : [];
  },
});

/** One hospital's partitions (every fund, or one) as of the point, as the in-memory state holds them. */
export async function carryForwardAt(reader: ProjectionReader, point: ReadPoint, payeeId: string, fundId?: string): Promise<CarryForwardState> {
  const state: CarryForwardState = { hospitals: new Map() };
  const prefix: Record<string, string> = fundId === undefined ? { payee_id: payeeId } : { payee_id: payeeId, fund_id: fundId };
  for await (const row of rowsAt(reader, 'hospitals', point, prefix)) {
    const hospital = bodyOf(hospitals, row.values);
    if (hospital) state.hospitals.set(`${hospital.fundId}|${hospital.payeeId}`, hospital);
  }
  return state;
}

/** A stored hospital's carry-forward (undefined: absent). */
export const decodeHospital = (values: Readonly<Record<string, unknown>>): HospitalCarry | undefined => bodyOf(hospitals, values);
