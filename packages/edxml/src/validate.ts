// One entry point for either kind of package.
import type { ValidationIssue } from './issues';
import type { ParsedEdxml } from './types';
import { validateEdoc, type ValidateOptions } from './validate-edoc';
import { validateStatus } from './validate-status';

export function validateEdxml(parsed: ParsedEdxml, options: ValidateOptions = {}): ValidationIssue[] {
  return parsed.kind === 'edoc' ? validateEdoc(parsed, options) : validateStatus(parsed, options);
}
