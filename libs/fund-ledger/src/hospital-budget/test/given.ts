import { specification } from '../../test/decider-specification';
import { hospitalBudgetDecider } from '../hospital-budget.decider';
import type { HospitalBudgetEvent } from '../hospital-budget.events';

/** given(history).when(command, context).then(events) / .thenThrows(code) over the hospital-budget stream. */
export const given = (history: readonly HospitalBudgetEvent[]) => specification(hospitalBudgetDecider).given(history);
