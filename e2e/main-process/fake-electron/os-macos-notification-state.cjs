// The fake OS's stand-in for the native module 'macos-notification-state' (see os-modules.ts).
module.exports = globalThis[Symbol.for('beacon.fake-os')]['macos-notification-state'];
