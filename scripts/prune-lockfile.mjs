#!/usr/bin/env node
// The npm registry this project's machines use serves only the linux-x64 builds of platform packages
// (@rollup/rollup-*, @esbuild/*, msgpackr-extract binaries), so npm writes a lockfile without the other
// platforms' optional packages and then `npm ci` refuses that very lockfile (npm/cli#4828). This drops the
// optional edges that point at packages absent from the lockfile, so that `npm ci` installs exactly what the
// lockfile holds. Run it after any `npm install` that changes package-lock.json: `npm run lock:prune`.
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const present = new Set(Object.keys(lock.packages));
let dropped = 0;

function resolves(from, name) {
  // Node resolution inside the lockfile: nearest node_modules up the path, then the root.
  let base = from;
  for (;;) {
    if (present.has(`${base ? `${base}/` : ''}node_modules/${name}`)) return true;
    if (!base) return false;
    const i = base.lastIndexOf('/node_modules/');
    base = i >= 0 ? base.slice(0, i) : '';
  }
}

for (const [path, pkg] of Object.entries(lock.packages)) {
  if (!pkg.optionalDependencies) continue;
  for (const name of Object.keys(pkg.optionalDependencies)) {
    if (!resolves(path, name)) {
      delete pkg.optionalDependencies[name];
      dropped += 1;
    }
  }
  if (Object.keys(pkg.optionalDependencies).length === 0) delete pkg.optionalDependencies;
}
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
process.stdout.write(`pruned ${dropped} optional edges to packages this registry does not serve\n`);
