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
  /** `{ each: true }`: the rule holds for every item of an array, Set or Map. */
  each: boolean;
}

/** `@IsOptional()` and the like: the property's rules apply only when this holds. */
type Condition = (object: object, value: unknown) => boolean;

/**
 * A yes/no check derived, once, from a class's class-validator decorators: it calls each
 * decorator's own `validate` as `validateSync` does, without building errors, groups and
 * messages per call (the hot paths, where nearly every input is valid). It says nothing about
 * why an object fails: ask `validateSync` for that. The decorators stay the one definition of
 * the rules; a class using a feature this does not follow (nesting, groups, `validateIf`, async
 * rules) is refused here, at start, rather than checked differently. Conditions
 * (`@IsOptional()`) and `{ each: true }` are followed as `validateSync` follows them.
 */
export function compileQuickCheck(type: new () => object): QuickCheck {
  const storage = getMetadataStorage();
  const rules: Rule[] = [];
  const conditions = new Map<string, Condition[]>();
  for (const metadata of storage.getTargetValidationMetadatas(type, '', true, false)) {
    const where = `${type.name}.${metadata.propertyName}`;
    if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION && !metadata.each) {
      const list = conditions.get(metadata.propertyName) ?? [];
      list.push(metadata.constraints[0] as Condition);
      conditions.set(metadata.propertyName, list);
      continue;
    }
    const unsupported =
      metadata.type !== ValidationTypes.CUSTOM_VALIDATION ||
      metadata.validateIf !== undefined ||
      (metadata.groups?.length ?? 0) > 0;
    if (unsupported) {
      throw new Error(
        `${where}: a ${metadata.type} rule is not followed by compileQuickCheck; use validateSync for this class`,
      );
    }
    for (const constraint of storage.getTargetValidatorConstraints(metadata.constraintCls)) {
      if (constraint.async) throw new Error(`${where}: async rules are not followed`);
      rules.push({
        property: metadata.propertyName,
        constraints: metadata.constraints,
        constraint: constraint.instance,
        each: metadata.each === true,
      });
    }
  }
  if (rules.length === 0) throw new Error(`${type.name} has no validation decorators`);
  const targetName = type.name;
  const conditional = [...conditions];
  return (object) => {
    const record = object as Record<string, unknown>;
    // most classes have no conditions: no set for them on every call
    let skipped: Set<string> | undefined;
    for (const [property, list] of conditional) {
      if (!list.every((holds) => holds(object, record[property]))) {
        (skipped ??= new Set()).add(property);
      }
    }
    for (const rule of rules) {
      if (skipped?.has(rule.property)) continue;
      const value = record[rule.property];
      const args: ValidationArguments = {
        targetName,
        property: rule.property,
        object,
        value,
        constraints: rule.constraints,
      };
      const valid =
        rule.each && (Array.isArray(value) || value instanceof Set || value instanceof Map)
          ? [...(value instanceof Map ? value.values() : value)].every(
              (item) => rule.constraint.validate(item, args) === true,
            )
          : rule.constraint.validate(value, args) === true;
      if (!valid) return false;
    }
    return true;
  };
}
