import '../test/setup';
import { act, render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { LiveAnnouncerProvider, useAnnounce } from './LiveAnnouncer';

let announce: (text: string) => void = () => {};

function Announcer() {
  announce = useAnnounce();
  return null;
}

describe('LiveAnnouncer', () => {
  it('puts each announcement into one polite status region, a new node even for the same words', () => {
    render(
      <LiveAnnouncerProvider>
        <Announcer />
      </LiveAnnouncerProvider>,
    );
    const region = screen.getByRole('status');
    expect(region).toHaveAttribute('aria-live', 'polite');
    expect(region).toBeEmptyDOMElement();
    act(() => announce('Bob Baker is now Away'));
    const first = region.firstElementChild;
    expect(region).toHaveTextContent('Bob Baker is now Away');
    act(() => announce('Bob Baker is now Away'));
    expect(region.childElementCount).toBe(1);
    expect(region.firstElementChild).not.toBe(first);
  });

  it('announces nothing, and does not fail, outside a provider', () => {
    render(<Announcer />);
    expect(() => act(() => announce('nobody hears this'))).not.toThrow();
    expect(screen.queryByRole('status')).toBeNull();
  });
});
