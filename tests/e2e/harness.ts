// Serves the app with vite on localhost (a secure context) and drives Debian's Chromium with
// the flags that give a full WebGPU adapter on SwiftShader and a canvas that presents.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page, chromium } from 'playwright-core';
import { type ViteDevServer, createServer } from 'vite';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--enable-features=Vulkan',
  '--use-vulkan=swiftshader',
  '--use-angle=swiftshader',
  '--no-sandbox',
  '--disable-gpu-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export interface Harness {
  baseUrl: string;
  context: BrowserContext;
  newPage(path?: string): Promise<{ page: Page; problems: string[] }>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { viewport?: { width: number; height: number } } = {},
): Promise<Harness> {
  const server: ViteDevServer = await createServer({
    configFile: join(import.meta.dirname, '../../vite.config.ts'),
    logLevel: 'silent',
    // No hot reload: an edited file must not reload a page in the middle of a test.
    server: { port: 0, strictPort: false, host: 'localhost', hmr: false },
  });
  await server.listen();
  const baseUrl = server.resolvedUrls?.local[0]?.replace(/\/$/, '');
  if (!baseUrl) throw new Error('vite did not report a local URL');

  const userDataDir = mkdtempSync(join(tmpdir(), 'ganflow-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 800 },
  });
  const browser: Browser | null = context.browser();

  return {
    baseUrl,
    context,
    async newPage(path = '/') {
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') {
          problems.push(`${message.type()}: ${message.text()}`);
        }
      });
      page.on('pageerror', (error) => problems.push(`pageerror: ${error.message}`));
      await page.goto(baseUrl + path);
      return { page, problems };
    },
    async close() {
      await context.close();
      await browser?.close();
      await server.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
