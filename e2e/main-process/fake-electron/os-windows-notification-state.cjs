// The fake OS's stand-in for the native module 'windows-notification-state' (see os-modules.ts).
module.exports = globalThis[Symbol.for('beacon.fake-os')]['windows-notification-state'];
