// Guards base-path agnosticism: the same build served from /sub/ loads and uploads a file.
import { describe, expect, it } from 'vitest';
import path from 'node:path';
import { datasetsDir, useApp } from './harness';
import { openApp, shape, upload } from './app';

const app = useApp({ base: '/sub/' });

describe('served from a sub-folder', () => {
  it('loads under /sub/ and uploads a file', async () => {
    const page = app.page;
    expect(app.url).toMatch(/\/sub\/$/);
    await openApp(page, app.url);
    const { state } = await upload(page, path.join(datasetsDir, 'penguins.csv'));
    expect(state).toBe('ready');
    expect(new URL(page.url()).pathname).toBe('/sub/');
    expect(await shape(page)).toEqual({ rows: 344, cols: 8 });
    expect(app.failedResponses).toEqual([]);
  });
});
