import { describe, expect, it } from 'vitest';
import { HourlyAllowance } from './group-limits';

describe('HourlyAllowance', () => {
  it("allows the hour's allowance at once, then one more every hour / perHour, per user", () => {
    let now = 0;
    const allowance = new HourlyAllowance(20, 'new groups', () => now);
    allowance.take('u1', 20);
    expect(() => allowance.take('u1')).toThrow(/at most 20 per hour per user; retry in 180 s/);
    allowance.take('u2');
    now += 180_000;
    allowance.take('u1');
    expect(() => allowance.take('u1')).toThrow(expect.objectContaining({ code: 'rate_limited' }));
  });

  it('refuses more than the hourly allowance in one go, spending nothing', () => {
    const allowance = new HourlyAllowance(3, 'members added to groups', () => 0);
    expect(() => allowance.take('u1', 4)).toThrow(/never in one go/);
    allowance.take('u1', 3);
  });
});
