export { bearerToken, newToken, tokenDigest, TOKEN_PATTERN } from './token.js';
export { isValidAt, type ValidityWindow } from './validity.js';
export { certificateDeviceId, deviceSubject, escapeName } from './certificate.js';
