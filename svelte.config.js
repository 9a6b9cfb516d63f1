// SvelteKit configuration: client-only SPA, static adapter, hash router so that one build works
// from any sub-folder (no server-side fallback rules needed). Routes live in web/.
import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    router: { type: 'hash' },
    paths: { relative: true },
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
