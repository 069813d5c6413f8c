#!/usr/bin/env node
// Makes a fresh clone usable with only Node and npm: installs the pinned pnpm
// (globally when allowed, else through npx) and the workspace's dependencies.
// Usage: node scripts/bootstrap.mjs [--build]
import { execFileSync, spawnSync } from 'node:child_process';

const PNPM_VERSION = '12.4.2';

function pnpmCommand() {
  const probe = spawnSync('pnpm', ['--version'], { encoding: 'utf8' });
  if (probe.status === 0 && probe.stdout.trim() === PNPM_VERSION) return ['pnpm'];
  const install = spawnSync('npm', ['install', '--global', '--save-exact', `pnpm@${PNPM_VERSION}`], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  if (install.status === 0) return ['pnpm'];
  return ['npx', '--yes', `pnpm@${PNPM_VERSION}`];
}

const [cmd, ...prefix] = pnpmCommand();
const run = (...args) => execFileSync(cmd, [...prefix, ...args], { stdio: 'inherit' });
run('install', '--frozen-lockfile');
if (process.argv.includes('--build')) run('run', 'build');
