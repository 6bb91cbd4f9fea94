import { build, type Plugin } from 'esbuild';

/**
 * Bundles a TypeScript entry and the workspace packages it imports (`@parley/*`, which are
 * TypeScript sources) into one ES module that plain Node runs. npm packages stay imports, of the
 * very files installed here (absolute paths, so the bundle may live anywhere): their native
 * bindings and run-time lookups work as they do unbundled.
 *
 * Why: a process started with `--import tsx` resolves and compiles hundreds of modules on each
 * start (about 2.3 s for the test host against 0.9 s bundled), and the e2e run starts two hosts
 * per spec file.
 */
export async function bundleNodeEntry(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'inline',
    logLevel: 'warning',
    plugins: [installedPackagesStayExternal],
  });
  return outfile;
}

const OWN_RESOLVE = 'parley-own-resolve';

const installedPackagesStayExternal: Plugin = {
  name: 'installed-packages-stay-external',
  setup(bundler) {
    bundler.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (args.pluginData === OWN_RESOLVE) return undefined;
      if (args.path.startsWith('@parley/') || args.path.startsWith('node:')) return undefined;
      const found = await bundler.resolve(args.path, {
        kind: args.kind,
        importer: args.importer,
        resolveDir: args.resolveDir,
        pluginData: OWN_RESOLVE,
      });
      // A Node built-in named without `node:` (or anything esbuild cannot place) stays as written.
      if (found.errors.length > 0 || found.external || !found.path) return { external: true };
      return { path: found.path, external: true };
    });
  },
};
