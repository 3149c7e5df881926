import type { ScryptParams } from './passwords';

/** Cheap scrypt parameters so tests stay fast; production uses DEFAULT_SCRYPT_PARAMS. */
export const FAST_SCRYPT_PARAMS: ScryptParams = { N: 2 ** 10, r: 8, p: 1 };
