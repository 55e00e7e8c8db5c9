export { generateKey, type Key, KeyError, type KeyRing, parseKeyRing } from './keys.js';
export { signUrl, verifySignedUrl } from './sign.js';
export { type SealTextOptions, sealText, sealTextImage } from './text.js';
export {
  badToken,
  MAX_TOKEN_LENGTH,
  openPayload,
  type SealOptions,
  sealPayload,
  tokenExpiry,
} from './token.js';
