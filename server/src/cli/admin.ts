import { runAdmin } from '../accounts/admin-cli';
import { promptHidden } from '../accounts/hidden-prompt';

// `npm run admin -- <command>`: see ADMIN_USAGE in accounts/admin-cli.ts.
const code = await runAdmin(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  stdinIsTTY: process.stdin.isTTY === true,
  promptHidden: (question) => promptHidden(question),
});
process.exitCode = code;
