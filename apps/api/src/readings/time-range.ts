/** One end of a time range: an instant PostgreSQL reads as timestamptz, in or out of the range. */
export interface Bound {
  at: string;
  inclusive: boolean;
}

export interface TimeRange {
  lower?: Bound;
  upper?: Bound;
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
