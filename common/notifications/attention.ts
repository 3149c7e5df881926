import type { ViewState } from '../bridge';

/** What a host knows about its window (the desktop's BrowserWindow, the web page's tab). */
export interface WindowAttention {
  focused: boolean;
  visible: boolean;
  minimized: boolean;
}

/** Whether the user has the app in front of them: focused, visible, not minimized. */
export function isLookingAtApp(window: WindowAttention): boolean {
  return window.focused && window.visible && !window.minimized;
}

/**
 * The one answer to "is the user looking at this conversation", for both hosts: the app is in
 * front of them and shows that very conversation.
 */
export function isLookingAtConversation(
  conversationId: string,
  view: Pick<ViewState, 'conversationId'> | null,
  window: WindowAttention,
): boolean {
  return isLookingAtApp(window) && view?.conversationId === conversationId;
}
