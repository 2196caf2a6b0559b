import type { OperationOutcome, OperationOutcomeIssue } from '@medplum/fhirtypes';
import type { ApiErrorCode, ApiProblem } from '../errors/api-errors.js';

export const FHIR_CONTENT_TYPE = 'application/fhir+json; charset=utf-8';

export function isFhirPath(url: string): boolean {
  return url === '/fhir' || url.startsWith('/fhir/') || url.startsWith('/fhir?');
}

/** FHIR's issue type (http://hl7.org/fhir/issue-type) for each of our errors. */
const ISSUE_CODE: Record<ApiErrorCode, OperationOutcomeIssue['code']> = {
  unauthorized: 'login',
  forbidden: 'forbidden',
  not_found: 'not-found',
  invalid_request: 'invalid',
  too_large: 'too-long',
  conflict: 'conflict',
  unavailable: 'transient',
  internal: 'exception',
};

export function operationOutcome(problem: ApiProblem): OperationOutcome {
  const issues: OperationOutcomeIssue[] = problem.problems?.length
    ? problem.problems.map((p) => ({
        severity: 'error',
        code: ISSUE_CODE[problem.code],
        diagnostics: p.messages.join('; '),
        expression: [p.field],
      }))
    : [{ severity: 'error', code: ISSUE_CODE[problem.code], diagnostics: problem.message }];
  return { resourceType: 'OperationOutcome', issue: issues };
}
