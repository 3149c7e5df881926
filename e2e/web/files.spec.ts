import { readFileSync } from 'node:fs';
import { expect, type Locator, type Page, test } from '@playwright/test';
import { clamdInstalled, EICAR, startTestClamd, type TestClamd } from '../../server/test/helpers/clamd';
import { DEMO, openChatWith, openSession, type Session, transcript, unique } from './support/app';
import { ServerProcess } from './support/server-process';

// This spec runs its own server and clamd, so it can stop the scanner half-way.
test.skip(!clamdInstalled, 'clamd is not installed (apt-get install clamav-daemon): file scans cannot run');

let clamd: TestClamd;
let server: ServerProcess;
test.beforeAll(async () => {
  clamd = await startTestClamd();
  server = await ServerProcess.start({ extraArgs: ['--clamd-socket', clamd.socket] });
});
test.afterAll(async () => {
  await server?.stop();
  await clamd?.dispose();
});

/** A 2×2 red PNG: enough for the server to sniff `image/png` and make a thumbnail. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAFklEQVR4nGP8z8DAwMDAxMDAwMDAAAANHQEDasKb6QAAAABJRU5ErkJggg==',
  'base64',
);

function attachment(page: Page, name: string): Locator {
  return transcript(page).locator('.attachment', { hasText: name }).last();
}

/** Picks files with the composer's attach button and sends them once they are uploaded. */
async function shareFiles(page: Page, files: { name: string; mimeType: string; buffer: Buffer }[]) {
  await page.locator('.composer input[type="file"]').setInputFiles(files);
  const sendButton = page.getByRole('button', { name: 'Send' });
  await expect(sendButton).toBeEnabled();
  await sendButton.click();
}

test('two people share files; the EICAR file is blocked and never downloadable', async ({ browser }) => {
  const people: Session[] = [];
  try {
    const alice = await openSession(browser, DEMO.alice, { url: server.url });
    const bob = await openSession(browser, DEMO.bob, { url: server.url });
    people.push(alice, bob);
    const report = `${unique('budget-notes').replace(/[^a-z0-9-]/gi, '-')}.txt`;
    const chart = `${unique('chart').replace(/[^a-z0-9-]/gi, '-')}.png`;
    const virus = `${unique('invoice').replace(/[^a-z0-9-]/gi, '-')}.txt`;
    const reportText = `Budget notes for ${report}\n`;

    await test.step('Alice shares a text file and an image with Bob', async () => {
      await openChatWith(alice.page, DEMO.bob.name);
      await shareFiles(alice.page, [
        { name: report, mimeType: 'text/plain', buffer: Buffer.from(reportText) },
        { name: chart, mimeType: 'image/png', buffer: PNG },
      ]);
    });

    await test.step('Bob sees both once scanned clean, with a preview of the image, and downloads the text', async () => {
      await openChatWith(bob.page, DEMO.alice.name);
      const download = attachment(bob.page, report).getByRole('button', { name: `Download ${report}` });
      await expect(download).toBeVisible({ timeout: 30_000 });
      await expect(attachment(bob.page, chart).getByRole('img', { name: chart })).toBeVisible();
      const [file] = await Promise.all([bob.page.waitForEvent('download'), download.click()]);
      expect(file.suggestedFilename()).toBe(report);
      const path = await file.path();
      expect(readFileSync(path, 'utf8')).toBe(reportText);
    });

    await test.step('an infected file in the composer is flagged and never sent', async () => {
      await alice.page
        .locator('.composer input[type="file"]')
        .setInputFiles([{ name: virus, mimeType: 'text/plain', buffer: Buffer.from(EICAR) }]);
      const tray = alice.page.getByRole('list', { name: 'Files to send' });
      await expect(tray.getByRole('alert')).toHaveText(/virus was found/, { timeout: 30_000 });
      await expect(alice.page.getByRole('button', { name: 'Send' })).toBeDisabled();
      await tray.getByRole('button', { name: `Remove ${virus}` }).click();
      await expect(tray).toBeHidden();
    });

    await test.step('shared while clamd is down: waiting for the scan, then blocked for both once it is back', async () => {
      await clamd.stop();
      await shareFiles(alice.page, [{ name: virus, mimeType: 'text/plain', buffer: Buffer.from(EICAR) }]);
      for (const page of [alice.page, bob.page]) {
        await expect(attachment(page, virus).getByText('Waiting for virus scan…')).toBeVisible();
      }
      await clamd.start();
      for (const page of [alice.page, bob.page]) {
        const chip = attachment(page, virus);
        await expect(chip.getByText('Blocked: infected')).toBeVisible({ timeout: 60_000 });
        await expect(chip.getByRole('button', { name: /^Download/ })).toHaveCount(0);
      }
      // Not through the API either: the server refuses the bytes of an infected file (403 policy).
      const fileId = await attachment(bob.page, virus).getAttribute('data-file-id');
      expect(fileId).toBeTruthy();
      const status = await bob.page.evaluate(async (id) => {
        // Runs in the page: its localStorage (typed here by hand, e2e compiles without the DOM library).
        const storage = (globalThis as unknown as { localStorage: { getItem(key: string): string | null } })
          .localStorage;
        const session = JSON.parse(storage.getItem('beacon.session') ?? '{}') as { token?: string };
        const response = await fetch(`/api/v1/files/${encodeURIComponent(id ?? '')}`, {
          headers: { authorization: `Bearer ${session.token ?? ''}` },
        });
        return response.status;
      }, fileId);
      expect(status).toBe(403);
    });
  } finally {
    for (const person of people) await person.context.close();
  }
});
