// SvelteKit configuration: client-only SPA, static adapter, hash router so that one build works
// from any sub-folder (no server-side fallback rules needed). Routes live in web/.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';
import { execSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// One version name for the client and the server build of a `vite build`: Kit's default is a
// timestamp taken per config import, and builds whose two halves got different timestamps did
// not boot (seen 1 build in 4). The commit hash, else the package version, is stable.
function versionName() {
  try {
    return execSync('git rev-parse --short HEAD', { stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8')).version;
  }
}

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    router: { type: 'hash' },
    paths: { relative: true },
    version: { name: versionName() },
    files: {
      src: 'web',
      routes: 'web/routes',
      lib: 'web/lib',
      appTemplate: 'web/app.html',
      errorTemplate: 'web/error.html',
      assets: 'static',
      hooks: { client: 'web/hooks.client', server: 'web/hooks.server', universal: 'web/hooks' },
      params: 'web/params',
      serviceWorker: 'web/service-worker'
    },
    alias: {
      $engine: 'workers/engine/index.ts',
      '$engine/*': 'workers/engine/*',
      $workers: 'workers',
      '$workers/*': 'workers/*'
    }
  }
};

export default config;
