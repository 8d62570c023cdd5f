// Loads a built addon (native/<name>/build/Release/<file>.node). Compiled JS runs from dist/native/...,
// so the binary is found relative to the repository root (the folder holding package.json), not to
// this file.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export class NativeLoadError extends Error {
  readonly code = 'NATIVE_ADDON_MISSING';
}

function repoRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir)
      throw new NativeLoadError(`package.json not found above ${fileURLToPath(import.meta.url)}`);
    dir = up;
  }
  return dir;
}

const requireNative = createRequire(import.meta.url);

export function loadAddon<T>(addon: string, file: string): T {
  const binary = path.join(repoRoot(), 'native', addon, 'build', 'Release', `${file}.node`);
  if (!existsSync(binary)) {
    throw new NativeLoadError(`native addon ${binary} is not built: run native/build.sh (or ./run test)`);
  }
  return requireNative(binary) as T;
}
