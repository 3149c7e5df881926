import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, test } from '@playwright/test';
import {
  composer,
  DEMO,
  DEMO_PASSWORD,
  openChatWith,
  openSession,
  type Session,
  send,
  serverUrl,
  transcript,
  unique,
} from './support/app';
import { expectVisibleFocus } from './support/focus-ring';

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21aa'];
const BLOCKING = new Set(['serious', 'critical']);

/** The serious and critical axe-core violations on the page as it is now, one readable line each. */
async function blockingViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_TAGS);
  if (include) builder = builder.include(include);
  const { violations } = await builder.analyze();
  return violations
    .filter((violation) => BLOCKING.has(violation.impact ?? ''))
    .map(
      (violation) =>
        `${violation.impact} ${violation.id}: ${violation.help} — ${violation.nodes
          .map((node) => node.target.join(' '))
          .join(', ')}`,
    );
}

async function expectAccessible(page: Page, include?: string): Promise<void> {
  // Soft: one run reports every screen's violations, not only the first screen's.
  expect.soft(await blockingViolations(page, include)).toEqual([]);
}

for (const colorScheme of ['light', 'dark'] as const) {
  test(`the main screens have no serious or critical axe violations (${colorScheme})`, async ({
    browser,
  }) => {
    const people: Session[] = [];
    try {
      await test.step('sign-in', async () => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme });
        const page = await context.newPage();
        await page.goto(serverUrl());
        await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
        await expectAccessible(page);
        await context.close();
      });

      const bob = await openSession(browser, DEMO.bob, { colorScheme });
      people.push(bob);
      const alice = await openSession(browser, DEMO.alice, { colorScheme });
      people.push(alice);
      const { page } = alice;
      const text = unique('Accessible budget review');

      await test.step('main screen with contacts and a conversation open', async () => {
        await openChatWith(page, DEMO.bob.name);
        await send(page, text);
        await send(page, unique('@bob please have a look'));
        await expect(transcript(page).getByText(text)).toBeVisible();
        await expectAccessible(page);
      });

      await test.step("a status change of Bob's is announced politely", async () => {
        const status = bob.page.getByRole('combobox', { name: 'Status' });
        await status.selectOption({ label: 'Busy' });
        const region = page.locator('.live-announcer[aria-live="polite"]');
        await expect(region).toHaveText('Bob Baker is now Busy');
        await status.selectOption({ label: 'Available' });
        await expect(region).toHaveText('Bob Baker is now Available');
      });

      await test.step("a message's action menu", async () => {
        const row = transcript(page).locator('.message', { hasText: text }).last();
        await row.hover();
        await row.getByRole('button', { name: 'More actions' }).click();
        await expect(page.getByRole('menu')).toBeVisible();
        await expectAccessible(page);
        await page.keyboard.press('Escape');
        await expect(page.getByRole('menu')).toBeHidden();
      });

      await test.step('the message search panel', async () => {
        await composer(page).click();
        await page.keyboard.press('Control+f');
        const dialog = page.getByRole('dialog', { name: /^Search in / });
        await dialog.getByRole('combobox').fill(text.split('#')[1] ?? 'budget');
        await expect(dialog.getByRole('option').first()).toBeVisible();
        await expectAccessible(page);
        await page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
      });

      await test.step('the settings dialog', async () => {
        await page.getByRole('button', { name: 'Settings' }).click();
        await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
        await expectAccessible(page);
        await page.keyboard.press('Escape');
      });

      await test.step('the quick switcher', async () => {
        await composer(page).click();
        await page.keyboard.press('Control+k');
        const dialog = page.getByRole('dialog').filter({ has: page.getByRole('combobox') });
        await expect(dialog).toBeVisible();
        await page.keyboard.type('Car');
        await expectAccessible(page);
        await page.keyboard.press('Escape');
        await expect(dialog).toBeHidden();
      });

      await test.step('directory search results', async () => {
        await page.getByPlaceholder('Search people').fill('a');
        await expect(page.getByText(DEMO.carol.name).first()).toBeVisible();
        await expectAccessible(page);
        await page.getByPlaceholder('Search people').fill('');
      });

      await test.step('the new-group dialog', async () => {
        await page.getByRole('button', { name: 'New group' }).click();
        const dialog = page.getByRole('dialog', { name: 'New group' });
        await expect(dialog).toBeVisible();
        await dialog.getByLabel('Title').fill(unique('Accessibility review'));
        await dialog.getByRole('checkbox', { name: DEMO.bob.name }).check();
        await dialog.getByRole('checkbox', { name: DEMO.carol.name }).check();
        await expectAccessible(page);
        await dialog.getByRole('button', { name: 'Create' }).click();
        await expect(dialog).toBeHidden();
      });

      await test.step('a group conversation with its member panel open', async () => {
        await page.locator('.conversation-header__members > summary').click();
        await expect(page.getByRole('list', { name: 'Members' })).toBeVisible();
        await expectAccessible(page);
      });
    } finally {
      for (const person of people) await person.context.close();
    }
  });
}

test('every Tab stop of the main screens shows its focus', async ({ browser }) => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const alice = await openSession(browser, DEMO.alice);
  try {
    await test.step('sign-in', async () => {
      const page = await context.newPage();
      await page.goto(serverUrl());
      await expect(page.getByRole('button', { name: 'Sign in' })).toBeVisible();
      await expectVisibleFocus(page, 8);
    });

    const { page } = alice;
    const text = unique('Focus ring check');
    await test.step('main screen', async () => {
      await openChatWith(page, DEMO.bob.name);
      await send(page, text);
      await page.locator('body').click({ position: { x: 1, y: 1 } });
      await expectVisibleFocus(page, 30);
    });

    await test.step("a message's action menu", async () => {
      const row = transcript(page).locator('.message', { hasText: text }).last();
      await row.hover();
      await row.getByRole('button', { name: 'More actions' }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectVisibleFocus(page, 6, 'ArrowDown');
      await page.keyboard.press('Escape');
    });

    await test.step('the message search panel', async () => {
      await composer(page).click();
      await page.keyboard.press('Control+f');
      const dialog = page.getByRole('dialog', { name: /^Search in / });
      await dialog.getByRole('combobox').fill(text.split('#')[1] ?? 'Focus');
      await expect(dialog.getByRole('option').first()).toBeVisible();
      await expectVisibleFocus(page, 8);
      await page.keyboard.press('Escape');
    });

    await test.step('the settings dialog', async () => {
      await page.getByRole('button', { name: 'Settings' }).click();
      await expect(page.getByRole('dialog', { name: 'Settings' })).toBeVisible();
      await expectVisibleFocus(page, 20);
      await page.keyboard.press('Escape');
    });

    await test.step('the new-group dialog', async () => {
      await page.getByRole('button', { name: 'New group' }).click();
      await expect(page.getByRole('dialog', { name: 'New group' })).toBeVisible();
      await expectVisibleFocus(page, 20);
      await page.keyboard.press('Escape');
    });
  } finally {
    await context.close();
    await alice.context.close();
  }
});

test('the main screens in German have no serious or critical axe violations', async ({ browser }) => {
  // The web renderer follows the browser's languages: a German browser gets the German UI.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-DE' });
  const bob = await openSession(browser, DEMO.bob);
  try {
    const page = await context.newPage();
    await test.step('Anmeldung', async () => {
      await page.goto(serverUrl());
      await expect(page.locator('html')).toHaveAttribute('lang', 'de');
      await expect(page.getByRole('button', { name: 'Anmelden' })).toBeVisible();
      await expectAccessible(page);
      await page.getByLabel('E-Mail').fill(DEMO.alice.email);
      await page.getByLabel('Passwort').fill(DEMO_PASSWORD);
      await page.getByRole('button', { name: 'Anmelden' }).click();
      await expect(page.getByRole('list', { name: 'Kontakte' })).toBeVisible();
    });

    const text = unique('Barrierefreie Budgetrunde');
    const message = page.getByRole('textbox', { name: 'Nachricht' });
    await test.step('Hauptansicht mit offener Unterhaltung', async () => {
      await page
        .getByRole('list', { name: 'Kontakte' })
        .getByRole('listitem', { name: new RegExp(`^${DEMO.bob.name},`) })
        .click();
      await expect(page.getByRole('heading', { level: 1, name: DEMO.bob.name })).toBeVisible();
      await message.fill(text);
      await message.press('Enter');
      await expect(transcript(page).getByText(text)).toBeVisible();
      await expectAccessible(page);
    });

    await test.step('Aktionsmenü einer Nachricht', async () => {
      const row = transcript(page).locator('.message', { hasText: text }).last();
      await row.hover();
      await row.getByRole('button', { name: 'Weitere Aktionen' }).click();
      await expect(page.getByRole('menu')).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
    });

    await test.step('Einstellungen', async () => {
      await page.getByRole('button', { name: 'Einstellungen' }).click();
      await expect(page.getByRole('dialog', { name: 'Einstellungen' })).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
    });

    await test.step('Neue Gruppe', async () => {
      await page.getByRole('button', { name: 'Neue Gruppe' }).click();
      await expect(page.getByRole('dialog', { name: 'Neue Gruppe' })).toBeVisible();
      await expectAccessible(page);
      await page.keyboard.press('Escape');
    });
  } finally {
    await context.close();
    await bob.context.close();
  }
});
