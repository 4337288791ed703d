import { HttpException } from '@nestjs/common';
import { DomainError } from '@ledger/kernel';
import { problemBody, toProblem } from './problem-details.filter';
import { codeOfSlug, problemDoc, registerProblemCodes } from './problem-catalog';
import { problemType } from './problem';

describe('problem types: a page of this service for a catalogued code, about:blank otherwise', () => {
  it("links a catalogued code to /problems/<slug> and an unknown one to about:blank", () => {
    expect(problemType('VALIDATION_FAILED')).toBe('/problems/validation-failed');
    expect(problemType('NO_SUCH_CODE_ANYWHERE')).toBe('about:blank');
    expect(problemBody(toProblem(new DomainError('business_rule', 'NO_SUCH_CODE_ANYWHERE', 'x'))).type).toBe('about:blank');
  });

  it('takes the domain codes registered at start, and refuses a malformed one', () => {
    registerProblemCodes({ SPEC_ONLY_CODE: { status: 422, meaning: 'for this spec' } });
    expect(problemType('SPEC_ONLY_CODE')).toBe('/problems/spec-only-code');
    expect(codeOfSlug('spec-only-code')).toBe('SPEC_ONLY_CODE');
    expect(problemDoc('SPEC_ONLY_CODE')).toEqual({ status: 422, meaning: 'for this spec' });
    expect(codeOfSlug('../etc')).toBeUndefined();
    expect(() => registerProblemCodes({ 'bad code': { status: 400, meaning: 'x' } })).toThrow(/UPPER_SNAKE/);
  });

  it("keeps /health's failing checks in a 503 NOT_READY problem", () => {
    const down = { status: 'error', info: {}, error: { store: { status: 'down', message: 'unreachable' } }, details: { store: { status: 'down' } } };
    const problem = toProblem(new HttpException(down, 503));
    expect(problem).toMatchObject({ status: 503, code: 'NOT_READY', extensions: { checks: { store: { status: 'down' } } }, headers: { 'retry-after': '5' } });
    expect(problem.message).toContain('store');
  });
});
