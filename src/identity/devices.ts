import { randomBytes } from 'node:crypto';

/** 128 random bits, hex: the id a browser or app keeps to be recognised. */
export function newDeviceId(): string {
  return randomBytes(16).toString('hex');
}

/** What a client may send back as a device id: long and plain enough to be one of ours. */
export const DEVICE_ID_PATTERN = '^[A-Za-z0-9_-]{16,64}$';
