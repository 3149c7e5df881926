// The fake OS's stand-in for the native module 'windows-focus-assist' (see os-modules.ts).
module.exports = globalThis[Symbol.for('beacon.fake-os')]['windows-focus-assist'];
