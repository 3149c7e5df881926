/**
 * The label a host gives its device in `device:activity` (the user's own device list shows it):
 * the operating system's everyday name, since Beacon cannot know a model name without asking
 * for more than it needs. The web page is "Web" whatever the browser's OS.
 */
export function deviceLabel(platform: string): string {
  switch (platform) {
    case 'win32':
      return 'Windows';
    case 'darwin':
      return 'Mac';
    case 'linux':
      return 'Linux';
    case 'web':
      return 'Web';
    default:
      return 'Desktop';
  }
}
