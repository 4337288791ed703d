import { specification } from '../../test/decider-specification';
import { hospitalBudgetDecider } from '../hospital-budget.decider';
import type { HospitalBudgetEvent } from '../hospital-budget.events';

/** given(history).when(command, context).then(events) / .thenThrows(code) over the hospital-budget stream. */
export const given = (history: readonly HospitalBudgetEvent[]) => specification(hospitalBudgetDecider).given(history);

/**
 * The area's central decider, for specs that script several commands in a row (a scenario needs the union);
 * use-case code hands its own decide to the pipeline and never imports it.
 */
export { hospitalBudgetDecider as scenarioDecider, type HospitalBudgetCommand } from '../hospital-budget.decider';
