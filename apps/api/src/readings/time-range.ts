import { applyDecorators } from '@nestjs/common';
import { ApiPropertyOptional } from '@nestjs/swagger';
import type { Bound, TimeRange } from '@healthcare/database';
import { IsISO8601, IsOptional, MaxLength } from 'class-validator';

/**
 * An optional instant of a query or body (`from`, `to`, `at`): ISO 8601, without an offset UTC,
 * refused by its name when it is not one or longer than any instant is.
 */
export function OptionalInstant(description: string): PropertyDecorator {
  return applyDecorators(
    ApiPropertyOptional({ description }),
    IsOptional(),
    MaxLength(40),
    IsISO8601(
      { strict: true },
      { message: ({ property }) => `${property} must be an ISO 8601 date-time` },
    ),
  );
}

/** The tighter of two lower (or two upper) bounds; both are kept for PostgreSQL to compare. */
export function withBound(range: TimeRange, side: 'lower' | 'upper', bound: Bound): TimeRange {
  const current = range[side];
  if (!current) return { ...range, [side]: bound };
  const a = Date.parse(current.at);
  const b = Date.parse(bound.at);
  const tighter =
    side === 'lower'
      ? b > a || (b === a && !bound.inclusive)
      : b < a || (b === a && !bound.inclusive);
  return tighter ? { ...range, [side]: bound } : range;
}
