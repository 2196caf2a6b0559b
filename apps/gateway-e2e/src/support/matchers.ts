/** jest's asymmetric matchers are typed `any`; these give them a type for use inside objects. */
export const textMatching = (pattern: RegExp) => expect.stringMatching(pattern) as unknown;
export const anyText = () => expect.any(String) as unknown;
