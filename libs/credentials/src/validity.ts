/** When a credential may be used: from `notBefore`, until `notAfter` (open-ended when null). */
export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date | null;
}

/** `at` as a Date or as milliseconds since the epoch (Date.now(), which allocates nothing). */
export function isValidAt(window: ValidityWindow, at: Date | number): boolean {
  const t = typeof at === 'number' ? at : at.getTime();
  return (
    window.notBefore.getTime() <= t && (window.notAfter === null || t < window.notAfter.getTime())
  );
}
