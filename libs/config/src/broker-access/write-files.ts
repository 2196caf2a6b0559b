import { chmodSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  brokerUsers,
  mosquittoAclFile,
  mosquittoPasswordFile,
  type BrokerAccessSettings,
} from './broker-access.js';

export interface MosquittoAccessFiles {
  passwordFile: string;
  aclFile: string;
}

/**
 * Writes Mosquitto's `passwd` and `acl` into `dir` (each replaced whole, never half-written).
 * Readable by all: Mosquitto may read them after dropping to its own user; the password file
 * holds only salted PBKDF2 hashes.
 */
export function writeMosquittoAccess(
  dir: string,
  settings: BrokerAccessSettings,
): MosquittoAccessFiles {
  const users = brokerUsers(settings);
  mkdirSync(dir, { recursive: true });
  const files = { passwordFile: join(dir, 'passwd'), aclFile: join(dir, 'acl') };
  const write = (path: string, text: string) => {
    writeFileSync(`${path}.new`, text);
    chmodSync(`${path}.new`, 0o644);
    renameSync(`${path}.new`, path);
  };
  write(files.passwordFile, mosquittoPasswordFile(users));
  write(files.aclFile, mosquittoAclFile(users));
  return files;
}
