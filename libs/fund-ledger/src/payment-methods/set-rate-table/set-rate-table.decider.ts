import type { DecisionContext } from '../../shared/decider';
import { invalidField } from '../../shared/domain-error';
import { requireFundId, requireYear } from '../../registry/field-rules';
import { dateInput, optionalText, yuanInput } from '../../hospital-budget/hospital-budget.inputs';
import { PaymentMethodErrorCodes, rejectMethodRule } from '../payment-methods.errors';
import type {
  DiseaseRate,
  DrgGroupRate,
  DrgRates,
  PerCaseCapRates,
  PerDiemRates,
  RateTableContent,
  RateTableSet,
} from '../rate-table.events';
import type { RateTableState } from '../rate-table.state';
import {
  codeInput,
  MAX_DISEASES,
  MAX_DRG_GROUPS,
  MAX_RATE_TABLE_VERSIONS,
  uniqueLines,
  weightInput,
  yuanText,
} from '../rate-table.inputs';

/** A whole new version of the fund-year's rate table; the sections left out (null) are not priced by it. */
export interface SetRateTable {
  readonly type: 'SetRateTable';
  readonly fundId: string;
  readonly year: number;
  readonly effectiveFrom: string;
  readonly drg?: unknown;
  readonly singleDisease?: unknown;
  readonly perDiem?: unknown;
  readonly perCaseCap?: unknown;
  readonly note?: string;
}

export function decideSetRateTable(command: SetRateTable, state: RateTableState, _context: DecisionContext): RateTableSet[] {
  const fundId = requireFundId(command.fundId, 'fundId');
  const year = requireYear(command.year, 'year');
  const effectiveFrom = dateInput(command.effectiveFrom, 'effectiveFrom');
  if (effectiveFrom < `${year - 1}-01-01` || effectiveFrom > `${year}-12-31`) {
    throw invalidField('effectiveFrom', `must be between ${year - 1}-01-01 and ${year}-12-31 for the ${year} table`);
  }
  const content = contentInput(command);
  const last = state.versions.at(-1);
  if (last !== undefined && effectiveFrom < last.effectiveFrom) {
    throw invalidField('effectiveFrom', `must not be before ${last.effectiveFrom}, when version ${last.version} took effect`);
  }
  if (state.versions.length >= MAX_RATE_TABLE_VERSIONS) {
    throw rejectMethodRule(
      PaymentMethodErrorCodes.RATE_TABLE_VERSION_LIMIT,
      `the ${year} rate table of ${fundId} has ${MAX_RATE_TABLE_VERSIONS} versions already`,
    );
  }
  const note = optionalText(command.note, 'note');
  return [{ type: 'RateTableSet', data: { fundId, year, version: state.versions.length + 1, effectiveFrom, ...content, note } }];
}

function contentInput(command: SetRateTable): RateTableContent {
  const content: RateTableContent = {
    drg: optional(command.drg, drgInput),
    singleDisease: optional(command.singleDisease, (v) =>
      uniqueLines<DiseaseRate>(v, 'singleDisease', MAX_DISEASES, (raw, at) => ({
        code: codeInput(raw['code'], `${at}.code`),
        standardYuan: yuanText(raw['standardYuan'], `${at}.standardYuan`),
      })),
    ),
    perDiem: optional(command.perDiem, perDiemInput),
    perCaseCap: optional(command.perCaseCap, (v): PerCaseCapRates => ({
      standardYuan: yuanText(objectInput(v, 'perCaseCap')['standardYuan'], 'perCaseCap.standardYuan'),
    })),
  };
  if (Object.values(content).every((section) => section === null)) {
    throw invalidField('drg', 'a rate table needs at least one of drg, singleDisease, perDiem, perCaseCap');
  }
  return content;
}

function drgInput(value: unknown): DrgRates {
  const drg = objectInput(value, 'drg');
  const groups = uniqueLines<DrgGroupRate>(drg['groups'], 'drg.groups', MAX_DRG_GROUPS, (raw, at) => ({
    code: codeInput(raw['code'], `${at}.code`),
    weight: weightInput(raw['weight'], `${at}.weight`).toString(),
  }));
  if (groups.length === 0) throw invalidField('drg.groups', 'must name at least one group');
  return { baseRateYuan: yuanText(drg['baseRateYuan'], 'drg.baseRateYuan'), groups };
}

function perDiemInput(value: unknown): PerDiemRates {
  const perDiem = objectInput(value, 'perDiem');
  const rate = yuanInput(perDiem['rateYuan'], 'perDiem.rateYuan');
  const shares = objectInput(perDiem['patientSharePerDay'], 'perDiem.patientSharePerDay');
  const share = (name: 'inServiceYuan' | 'retiredYuan'): string => {
    const field = `perDiem.patientSharePerDay.${name}`;
    const amount = yuanInput(shares[name], field, 'non_negative');
    if (amount.gt(rate)) throw invalidField(field, 'must not exceed the rate per bed-day');
    return yuanText(shares[name], field, 'non_negative');
  };
  return {
    rateYuan: yuanText(perDiem['rateYuan'], 'perDiem.rateYuan'),
    patientSharePerDay: { inServiceYuan: share('inServiceYuan'), retiredYuan: share('retiredYuan') },
  };
}

function optional<T>(value: unknown, parse: (value: unknown) => T): T | null {
  return value === undefined || value === null ? null : parse(value);
}

function objectInput(value: unknown, field: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidField(field, 'must be an object');
  return value as Record<string, unknown>;
}
