// What `require('electron')` returns under the fake (Module._resolveFilename points here).
const electron = globalThis[Symbol.for('beacon.fake-electron')];
if (!electron) throw new Error('the fake Electron runtime is not installed');
module.exports = electron;
