import {
  ValidationPipe,
  type ArgumentMetadata,
  type Type,
  type ValidationError,
} from '@nestjs/common';
import { compileQuickCheck, type QuickCheck } from '@healthcare/contracts';
import { plainToInstance } from 'class-transformer';
import { getMetadataStorage } from 'class-validator';
import { InvalidRequestError } from './api-errors.js';

/** A query class's quick check and the properties its rules name (the only ones allowed). */
interface QuickQuery {
  check: QuickCheck;
  properties: ReadonlySet<string>;
}

/**
 * Query parameters and bodies through their class-validator rules: converted to the declared
 * types, unknown ones refused, every problem named by its field. A query string is converted as
 * the pipe converts it and, when its names are all known and the class's quick check (derived
 * from the same decorators) passes, is taken without building class-validator's errors: nearly
 * every query of the hot routes is valid. Anything else goes through the whole pipe, which
 * decides and words the refusal.
 */
class ApiValidationPipe extends ValidationPipe {
  private readonly quick = new Map<Type, QuickQuery | null>();

  override transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    const entity =
      metadata.type === 'query' ? this.quickQuery(value, metadata.metatype) : undefined;
    return entity ? Promise.resolve(entity) : super.transform(value, metadata);
  }

  private quickQuery(value: unknown, metatype: Type | undefined): object | undefined {
    if (!metatype || typeof value !== 'object' || value === null || Array.isArray(value)) {
      return undefined;
    }
    const quick = this.quickOf(metatype);
    if (!quick) return undefined;
    for (const name of Object.keys(value)) if (!quick.properties.has(name)) return undefined;
    const entity = plainToInstance(metatype, value, this.transformOptions) as object;
    return entity instanceof metatype && quick.check(entity) ? entity : undefined;
  }

  private quickOf(metatype: Type): QuickQuery | null {
    let quick = this.quick.get(metatype);
    if (quick === undefined) {
      quick = compileQuickQuery(metatype);
      this.quick.set(metatype, quick);
    }
    return quick;
  }
}

/** Null for a type whose rules the quick check does not follow (or that has none). */
function compileQuickQuery(metatype: Type): QuickQuery | null {
  let check: QuickCheck;
  try {
    check = compileQuickCheck(metatype as new () => object);
  } catch {
    return null;
  }
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(metatype, '', true, false);
  return { check, properties: new Set(metadatas.map((m) => m.propertyName)) };
}

export function validationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    exceptionFactory: (errors: ValidationError[]) => {
      const problems = errors.map((e) => ({
        field: e.property,
        messages: Object.values(e.constraints ?? { invalid: `${e.property} is not valid` }),
      }));
      return new InvalidRequestError(
        `invalid request: ${problems.map((p) => p.messages.join('; ')).join('; ')}`,
        problems,
      );
    },
  });
}
