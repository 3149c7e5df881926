import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import { rendererPlugins } from './renderer/vite.config';

const root = import.meta.dirname;

export default defineConfig({
  main: {
    build: {
      outDir: resolve(root, 'out/main'),
      // Everything (the protocol package, zod, electron-log, electron-updater, winreg, plist) is
      // bundled: the packaged app ships only the three optional native OS-focus modules.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'main/index.ts') },
        // The OS focus native modules are required at run time (main/adapters/os-focus.ts) and
        // shipped beside the bundle (electron-builder.yml `files`), never bundled.
        external: ['windows-focus-assist', 'windows-notification-state', 'macos-notification-state'],
      },
      sourcemap: true,
    },
  },
  preload: {
    build: {
      outDir: resolve(root, 'out/preload'),
      // A sandboxed preload can require only 'electron': everything else is bundled, as CommonJS.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    // The same plugins as the web build (React, the page's CSP meta tag); main adds the CSP header.
    root: resolve(root, 'renderer'),
    plugins: rendererPlugins(),
    build: {
      outDir: resolve(root, 'out/renderer'),
      emptyOutDir: true,
      minify: true,
      rolldownOptions: {
        input: { index: resolve(root, 'renderer/index.html') },
      },
    },
  },
});
