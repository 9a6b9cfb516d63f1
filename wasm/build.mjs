// Builds every WASM kernel: wasm/<kernel>/assembly/index.ts → wasm/<kernel>/build/<kernel>.wasm
// (git-ignored), with AssemblyScript (-O3, stub runtime: the kernels allocate nothing).
// Run by `npm run prepare` / `npm run build`. Without AssemblyScript (a production install
// that omits dev dependencies) it warns and exits 0: the engine's TypeScript kernels still work.
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(fileURLToPath(import.meta.url));

/** Kernel folders holding assembly/index.ts. */
export function listKernels() {
  return readdirSync(root, { withFileTypes: true })
    .filter((d) => d.isDirectory() && existsSync(join(root, d.name, 'assembly', 'index.ts')))
    .map((d) => d.name);
}

/** Compiles one kernel; throws with asc's diagnostics on failure. */
export async function buildKernel(asc, name) {
  const dir = join(root, name);
  mkdirSync(join(dir, 'build'), { recursive: true });
  const args = [
    join(dir, 'assembly', 'index.ts'),
    '--outFile',
    join(dir, 'build', `${name}.wasm`),
    '--textFile',
    join(dir, 'build', `${name}.wat`),
    '-O3',
    '--runtime',
    'stub',
    '--noAssert',
    '--enable',
    'simd'
  ];
  let stderr = '';
  const { error } = await asc.main(args, {
    stdout: { write: () => true },
    stderr: { write: (s) => ((stderr += s), true) }
  });
  if (error) throw new Error(`asc failed for wasm/${name}: ${error.message}\n${stderr}`);
}

async function main() {
  let asc;
  try {
    asc = (await import('assemblyscript/asc')).default;
  } catch {
    console.warn('wasm/build.mjs: assemblyscript is not installed; WASM kernels not built');
    return;
  }
  for (const name of listKernels()) {
    const t0 = performance.now();
    await buildKernel(asc, name);
    console.log(`wasm/${name}/build/${name}.wasm (${Math.round(performance.now() - t0)} ms)`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().catch((e) => {
    console.error(e.message);
    process.exit(1);
  });
}
