// A setting's name is an environment variable name: the spec states that rule on the path parameter.
import { breaks, paramRuleFor, ruleFor } from '../../../lib/api/rules';
import type { Problems } from '../../../lib/forms';

const NAME_RULE = paramRuleFor('/api/v1/deployments/{id}/settings/{name}', 'name');

export function validateSetting(name: string, value: string): Problems {
  const problems: Problems = {};
  const badName = breaks(NAME_RULE, name);
  if (badName) problems.name = name.startsWith('ROLF_') ? 'must not start with ROLF_' : badName;
  const badValue = breaks(ruleFor('SettingInput', 'value'), value);
  if (badValue) problems.value = badValue;
  return problems;
}

export function validateSettingValue(value: string): Problems {
  const badValue = breaks(ruleFor('SettingInput', 'value'), value);
  return badValue ? { value: badValue } : {};
}
