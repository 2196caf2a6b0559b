import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FrameShare {
  frame: string;
  selfMs: number;
  /** Of the profile's busy time (idle excluded). */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** Whether only the samples of the measured window were counted. */
  windowed: boolean;
  busyMs: number;
  topFrames: FrameShare[];
  /** Self time grouped by package (node_modules), app/lib folder, or node internals. */
  byPackage: FrameShare[];
}

/**
 * The summaries of every .cpuprofile in `dir`, counting only the samples inside `window`
 * (monotonic µs, the profiles' clock) when given: start-up and shutdown left out.
 */
export function summariseProfiles(
  dir: string,
  window?: [number, number],
  top = 15,
): ProfileSummary[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith('.cpuprofile'))
    .map((file) => summariseProfile(join(dir, file), window, top));
}

/** Self time per function (from the sample deltas) and per package, highest first. */
export function summariseProfile(
  file: string,
  window?: [number, number],
  top = 15,
): ProfileSummary {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const frames = new Map<string, number>();
  const packages = new Map<string, number>();
  let busy = 0;
  let at = profile.startTime;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const delta = profile.timeDeltas[i] ?? 0;
    at += delta;
    const ms = delta / 1000;
    if (window && (at < window[0] || at > window[1])) return;
    if (!node || node.callFrame.functionName === '(idle)') return;
    busy += ms;
    const frame = describeFrame(node);
    frames.set(frame, (frames.get(frame) ?? 0) + ms);
    const pkg = packageOf(node);
    packages.set(pkg, (packages.get(pkg) ?? 0) + ms);
  });
  const shares = (map: Map<string, number>) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([frame, ms]) => ({
        frame,
        selfMs: Math.round(ms),
        percent: busy > 0 ? Math.round((ms / busy) * 1000) / 10 : 0,
      }));
  return {
    file,
    windowed: window !== undefined,
    busyMs: Math.round(busy),
    topFrames: shares(frames),
    byPackage: shares(packages),
  };
}

function describeFrame({ callFrame }: ProfileNode): string {
  const name = callFrame.functionName || '(anonymous)';
  if (!callFrame.url) return name;
  return `${name} ${shortUrl(callFrame.url)}:${callFrame.lineNumber + 1}`;
}

function shortUrl(url: string): string {
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) return url.slice(modules + '/node_modules/'.length);
  const workspace = /\/((?:apps|libs|tools)\/.*)$/.exec(url);
  return workspace ? workspace[1] : url.replace(/^file:\/\//, '');
}

export function packageOf({ callFrame }: ProfileNode): string {
  const { url, functionName } = callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const parts = url.slice(modules + '/node_modules/'.length).split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  const workspace = /\/((?:apps|libs|tools)\/[^/]+)\//.exec(url);
  return workspace ? workspace[1] : url;
}
