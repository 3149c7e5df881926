import { describe, expect, it } from 'vitest';
import { RecordedNotifications } from '../testing/e2e-hooks';
import { NotificationCenter } from './notification-center';

const content = (body: string) => ({ title: 'Bob', body, silent: false });

function setup() {
  const port = new RecordedNotifications();
  const opened: string[] = [];
  const center = new NotificationCenter(port, (id) => opened.push(id));
  return { port, center, opened };
}

describe('NotificationCenter', () => {
  it('keeps one notification per conversation, replaced by the newest', () => {
    const { port, center } = setup();
    center.show('c1', content('one'));
    center.show('c2', content('other'));
    center.show('c1', content('two'));
    expect(port.list()).toEqual({ c1: content('two'), c2: content('other') });
    expect(center.conversations.sort()).toEqual(['c1', 'c2']);
  });

  it('reports a click with its conversation and forgets it', () => {
    const { port, center, opened } = setup();
    center.show('c1', content('hi'));
    port.click('c1');
    expect(opened).toEqual(['c1']);
    expect(center.conversations).toEqual([]);
  });

  it('a replaced notification closing late does not drop the new one', () => {
    const events: (() => void)[] = [];
    const center = new NotificationCenter(
      {
        isSupported: () => true,
        show: (_tag, _content, handlers) => {
          events.push(handlers.onClose);
          return { close: () => undefined };
        },
      },
      () => undefined,
    );
    center.show('c1', content('one'));
    center.show('c1', content('two'));
    events[0]?.();
    expect(center.conversations).toEqual(['c1']);
  });

  it('dismisses one or all', () => {
    const { port, center } = setup();
    center.show('c1', content('a'));
    center.show('c2', content('b'));
    center.dismiss('c1');
    expect(Object.keys(port.list())).toEqual(['c2']);
    center.dismissAll();
    expect(port.list()).toEqual({});
  });

  it('does nothing where notifications are unsupported', () => {
    const center = new NotificationCenter(
      {
        isSupported: () => false,
        show: () => {
          throw new Error('must not be called');
        },
      },
      () => undefined,
    );
    expect(center.show('c1', content('x'))).toBe(false);
  });
});
