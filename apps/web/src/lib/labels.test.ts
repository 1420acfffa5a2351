import { describe, expect, it } from 'vitest';
import { homePath, visibleMenu } from './labels';

describe('menu', () => {
  it('shows exactly the server keys, in contract order, ignoring unknown keys', () => {
    expect(visibleMenu(['admin', 'reports', 'incoming', 'future']).map((m) => m.label)).toEqual([
      'Văn bản đến',
      'Báo cáo',
      'Quản trị',
    ]);
  });

  it('sends a user to the first entry of the menu', () => {
    expect(homePath(['outgoing', 'incoming'])).toBe('/incoming');
    expect(homePath(['admin'])).toBe('/admin/users');
    expect(homePath([])).toBe('/no-access');
  });
});
