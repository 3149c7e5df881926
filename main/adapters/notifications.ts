import { Notification } from 'electron';
import type { NotificationPort } from '../notifications/notification-center';
import { appIconPath } from './assets';

export const electronNotifications: NotificationPort = {
  isSupported: () => Notification.isSupported(),
  show(_tag, content, events) {
    const notification = new Notification({
      title: content.title,
      body: content.body,
      silent: content.silent,
      icon: process.platform === 'darwin' ? undefined : appIconPath(),
    });
    notification.on('click', () => events.onClick());
    notification.on('close', () => events.onClose());
    notification.show();
    return { close: () => notification.close() };
  },
};
