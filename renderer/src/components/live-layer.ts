/**
 * Live regions (toasts, announcements) render outside the app root, into `document.body`, marked
 * with this attribute (`data-live-layer=""` in JSX), so that a modal dialog that makes the page behind it inert does not also
 * silence them: a toast raised while a dialog is open is still read out.
 */
export const LIVE_LAYER_ATTRIBUTE = 'data-live-layer';

/**
 * Makes everything in `document.body` except `keep` and the live layers inert (unfocusable,
 * hidden from assistive technology) until the returned function is called. Elements that were
 * already inert (behind an outer dialog) are left alone, so nested dialogs restore in order.
 */
export function makeBackgroundInert(keep: Element): () => void {
  const made: HTMLElement[] = [];
  for (const element of Array.from(document.body.children)) {
    if (element === keep || !(element instanceof HTMLElement)) continue;
    // The attribute, not the property: it is what browsers honour and what every DOM reflects.
    if (element.hasAttribute(LIVE_LAYER_ATTRIBUTE) || element.hasAttribute('inert')) continue;
    element.setAttribute('inert', '');
    made.push(element);
  }
  return () => {
    for (const element of made) element.removeAttribute('inert');
  };
}
