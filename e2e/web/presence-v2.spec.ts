import { expect, test } from '@playwright/test';
import { contactRow, DEMO, openSession, type Session, unique } from './support/app';

/** A local date as `<input type="date">` wants it. */
function dateInput(offsetDays: number): string {
  const date = new Date(Date.now() + offsetDays * 86_400_000);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

test.describe('presence v2: until and out of office', () => {
  let alice: Session;
  let bob: Session;

  test.beforeAll(async ({ browser }) => {
    alice = await openSession(browser, DEMO.alice);
    bob = await openSession(browser, DEMO.bob);
  });

  test.afterAll(async () => {
    // Presence is persisted on the server: leave Bob as the other specs expect him.
    if (bob) {
      const clear = bob.page.getByRole('button', { name: 'Clear out of office' });
      if (await clear.isVisible().catch(() => false)) await clear.click();
      await bob.page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Available' });
    }
    await alice?.context.close();
    await bob?.context.close();
  });

  test('Bob sets "Busy for 1 hour"; Alice sees "Busy until HH:MM" and why', async () => {
    const status = bob.page.getByRole('combobox', { name: 'Status' });
    await status.selectOption({ label: 'Busy' });
    await bob.page.getByRole('combobox', { name: 'For how long' }).selectOption({ label: 'For 1 hour' });
    await expect(bob.page.getByText(/^Until \d{1,2}[:.]\d{2}/)).toBeVisible();

    const row = contactRow(alice.page, 'Bob Baker');
    await expect(row).toHaveAccessibleName(/^Bob Baker, Busy until (\d{1,2}[:.]\d{2}|end of day)/);
    await expect(row.getByText(/^Busy until /)).toBeVisible();
    await expect(row.locator('.person')).toHaveAttribute('title', /Busy: chosen, until /);
  });

  test('Bob is out of office; Alice sees Away with his note and until when', async () => {
    const note = unique('Back on Monday');
    await bob.page.getByRole('combobox', { name: 'Status' }).selectOption({ label: 'Available' });
    await bob.page.getByRole('button', { name: 'Out of office…' }).click();
    await bob.page.getByLabel('First day').fill(dateInput(0));
    await bob.page.getByLabel('Last day').fill(dateInput(2));
    await bob.page.getByLabel('Out-of-office note').fill(note);
    await bob.page.getByRole('button', { name: 'Save out of office' }).click();
    await expect(bob.page.getByRole('region', { name: 'Out of office' })).toContainText(note);

    const row = contactRow(alice.page, 'Bob Baker');
    await expect(row).toHaveAccessibleName(new RegExp(`^Bob Baker, Away · ${note} until end of `));
    await expect(row.locator('.person')).toHaveAttribute('title', new RegExp(`Away: ${note}`));

    await bob.page.getByRole('button', { name: 'Clear out of office' }).click();
    await expect(row).toHaveAccessibleName(/^Bob Baker, Available/);
  });
});
