import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogThrottle } from './log-throttle';

describe('LogThrottle', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('lets the first line through, then at most one trailing event per interval', async () => {
    const throttle = new LogThrottle(250);
    const later = vi.fn(() => Promise.resolve());
    expect(throttle.take('t1', later)).toBe(true);
    for (let i = 0; i < 10; i++) expect(throttle.take('t1', later)).toBe(false);
    expect(later).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(250);
    // The suppressed lines are announced once, when the interval ends.
    expect(later).toHaveBeenCalledTimes(1);
    // Right after the trailing event, the next line waits for the next interval again.
    expect(throttle.take('t1', later)).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    expect(later).toHaveBeenCalledTimes(2);
    await vi.advanceTimersByTimeAsync(1000);
    expect(throttle.take('t1', later)).toBe(true);
  });

  it('throttles each task on its own', () => {
    const throttle = new LogThrottle(250);
    const later = () => Promise.resolve();
    expect(throttle.take('a', later)).toBe(true);
    expect(throttle.take('b', later)).toBe(true);
    expect(throttle.take('a', later)).toBe(false);
  });

  it('drops a pending trailing event on cancel and clear', async () => {
    const throttle = new LogThrottle(250);
    const later = vi.fn(() => Promise.resolve());
    throttle.take('a', later);
    throttle.take('a', later);
    throttle.take('b', later);
    throttle.take('b', later);
    throttle.cancel('a');
    throttle.clear();
    await vi.advanceTimersByTimeAsync(1000);
    expect(later).not.toHaveBeenCalled();
  });
});
