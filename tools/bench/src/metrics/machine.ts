import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { WORKSPACE_ROOT } from '../workspace.js';

export interface Machine {
  cores: number;
  cpuModel: string;
  memoryGb: number;
  os: string;
  /** 1, 5 and 15 minute load averages when the bench started: others' work shows here. */
  loadAverage: number[];
}

export function describeMachine(): Machine {
  const cpus = os.cpus();
  return {
    cores: os.availableParallelism(),
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    memoryGb: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    loadAverage: os.loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

const PACKAGES = [
  'mqtt',
  'pg',
  'ws',
  '@grpc/grpc-js',
  'fastify',
  '@nestjs/core',
  '@nestjs/microservices',
  '@nestjs/platform-fastify',
  'typeorm',
];

/** Node, Mosquitto, the git commit and the resolved versions of the packages on the hot path. */
export function describeVersions(postgres: string): Record<string, string> {
  const versions: Record<string, string> = {
    node: process.version,
    mosquitto: run('mosquitto', ['-h'])
      .split('\n')[0]
      .replace(/^mosquitto version /, ''),
    postgres,
    commit: `${run('git', ['rev-parse', '--short', 'HEAD']).trim()}${run('git', ['status', '--porcelain']).trim() ? ' (uncommitted changes)' : ''}`,
  };
  for (const name of PACKAGES) {
    try {
      // read directly: some packages' `exports` hide their package.json from require.resolve
      const file = join(WORKSPACE_ROOT, 'node_modules', name, 'package.json');
      versions[name] = (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    } catch {
      versions[name] = 'unknown';
    }
  }
  return versions;
}

function run(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { cwd: WORKSPACE_ROOT, encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    // mosquitto -h exits non-zero after printing its usage
    return (err as { stdout?: string }).stdout ?? 'unknown';
  }
}
