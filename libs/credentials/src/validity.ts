/** When a credential may be used: from `notBefore`, until `notAfter` (open-ended when null). */
export interface ValidityWindow {
  notBefore: Date;
  notAfter: Date | null;
}

export function isValidAt(window: ValidityWindow, at: Date): boolean {
  const t = at.getTime();
  return (
    window.notBefore.getTime() <= t && (window.notAfter === null || t < window.notAfter.getTime())
  );
}
