// ESM loader hook (module.register): `import … from 'electron'` gets the fake's module.
const FAKE = new URL('./electron-esm.mjs', import.meta.url).href;

export async function resolve(specifier, context, nextResolve) {
  if (specifier === 'electron') return { url: FAKE, shortCircuit: true };
  return nextResolve(specifier, context);
}
