import {
  getMetadataStorage,
  ValidationTypes,
  type ValidationArguments,
  type ValidatorConstraintInterface,
} from 'class-validator';

/** True when every validation decorator of the object's class passes. */
export type QuickCheck = (object: object) => boolean;

interface Rule {
  property: string;
  constraints: unknown[];
  constraint: ValidatorConstraintInterface;
}

/**
 * A yes/no check derived, once, from a class's class-validator decorators: it calls each
 * decorator's own `validate` as `validateSync` does, without building errors, groups and
 * messages per call (the readings' hot path, where nearly every reading is valid). It says
 * nothing about why an object fails: ask `validateSync` for that. The decorators stay the one
 * definition of a reading; a class using a feature this does not follow (conditions, nesting,
 * groups, `each`, async) is refused here, at start, rather than checked differently.
 */
export function compileQuickCheck(type: new () => object): QuickCheck {
  const storage = getMetadataStorage();
  const rules: Rule[] = [];
  for (const metadata of storage.getTargetValidationMetadatas(type, '', true, false)) {
    const unsupported =
      metadata.type !== ValidationTypes.CUSTOM_VALIDATION ||
      metadata.each ||
      metadata.validateIf !== undefined ||
      (metadata.groups?.length ?? 0) > 0;
    if (unsupported) {
      throw new Error(
        `${type.name}.${metadata.propertyName}: a ${metadata.type}${metadata.each ? ' (each)' : ''} ` +
          'rule is not followed by compileQuickCheck; use validateSync for this class',
      );
    }
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (constraint.async) {
        throw new Error(`${type.name}.${metadata.propertyName}: async rules are not followed`);
      }
      rules.push({
        property: metadata.propertyName,
        constraints: metadata.constraints,
        constraint: constraint.instance,
      });
    }
  }
  if (rules.length === 0) throw new Error(`${type.name} has no validation decorators`);
  const targetName = type.name;
  return (object) => {
    for (const rule of rules) {
      const value: unknown = (object as Record<string, unknown>)[rule.property];
      const args: ValidationArguments = {
        targetName,
        property: rule.property,
        object,
        value,
        constraints: rule.constraints,
      };
      if (rule.constraint.validate(value, args) !== true) return false;
    }
    return true;
  };
}
